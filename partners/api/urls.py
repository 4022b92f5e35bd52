"""Partnership routes under /api/v1/."""

from rest_framework.routers import SimpleRouter

from partners.api import views

router = SimpleRouter()
router.register("local-authorities", views.LocalAuthorityViewSet, basename="local-authority")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("placements", views.PlacementViewSet, basename="placement")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("reminder-settings", views.ReminderSettingsViewSet, basename="reminder-settings")

urlpatterns = router.urls
