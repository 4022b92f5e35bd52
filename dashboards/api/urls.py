"""Routes of the dashboards API under /api/v1/dashboards/."""

from dashboards.api.views import urlpatterns

__all__ = ["urlpatterns"]
