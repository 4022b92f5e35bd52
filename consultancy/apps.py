from django.apps import AppConfig


class ConsultancyConfig(AppConfig):
    """Consultancy requests and advice, training and awareness sessions, resources, challenges."""

    name = "consultancy"
