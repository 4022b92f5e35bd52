"""Dashboard pages under /dashboards/."""

from dashboards.views import routes

app_name = "dashboards"
urlpatterns = routes()
