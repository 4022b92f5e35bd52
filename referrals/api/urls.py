"""Routes of the referrals API under /api/v1/: referrals and their steps, and the form's
reference data (indicators, and the hubs for a local authority)."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from referrals.api import views

router = SimpleRouter()
router.register("referrals", views.ReferralViewSet, basename="referral")

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "referrals/indicators/",
        views.IndicatorViewSet.as_view({"get": "list"}),
        name="referral-indicators",
    ),
    path("referrals/hubs/", views.HubViewSet.as_view({"get": "list"}), name="referral-hubs"),
    *router.urls,
]
