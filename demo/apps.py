from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic demo data and accounts for trying the product; refused in production."""

    name = "demo"
