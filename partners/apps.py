from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """Local authorities, agencies, memberships and roles, spoke placements, sharing agreements."""

    name = "partners"
    verbose_name = "Partners"
