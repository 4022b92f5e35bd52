from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """Read-only partnership reporting with small-number suppression and exports."""

    name = "dashboards"
