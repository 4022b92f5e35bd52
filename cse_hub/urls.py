"""The URL map: pages, the API under /api/v1/, its schema and docs, health and administration."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from cse_hub import views
from ops.views import health

urlpatterns = [
    path("", views.home, name="home"),
    path("home/switch/", views.switch_membership, name="switch_membership"),
    path("home/<slug:role>/", views.role_home, name="role_home"),
    path("accounts/", include("allauth.urls")),
    path("partners/", include("partners.urls")),
    path("cases/", include("cases.urls")),
    path("referrals/", include("referrals.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("consultancy.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("cse_hub.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("health/", health, name="health"),
]
if settings.CSE_HUB_BENCH:
    # The benchmark's baseline page, mounted only for the servers `make bench` starts.
    urlpatterns.append(path("bench/", include("ops.bench.urls")))

handler400 = "cse_hub.views.bad_request"
handler403 = "cse_hub.views.permission_denied"
handler404 = "cse_hub.views.page_not_found"
handler500 = "cse_hub.views.server_error"
