"""Version 1 of the API: each app's routes under one prefix and the `api` namespace."""

from django.urls import include, path

app_name = "api"

urlpatterns = [
    path("", include("accounts.api.urls")),
    path("", include("partners.api.urls")),
    path("", include("cases.api.urls")),
    path("", include("referrals.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("consultancy.api.urls")),
    path("", include("dashboards.api.urls")),
]
