from django.apps import AppConfig


class CasesConfig(AppConfig):
    """Young people, cases, casework, chronology, risk, plans, reviews, involvement and sharing."""

    name = "cases"
