from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate

from cse_hub.seeds import restore_seed

# The data migration that seeds the CSE indicators.
INDICATOR_SEED_MIGRATION = ("cases", "0003_seed_indicators")


def restore_seeded_indicators(*, using: str, apps: Any = global_apps, **kwargs: Any) -> None:
    """Put the seeded indicators back after `flush` has emptied the table (see cse_hub.seeds)."""
    restore_seed(
        using=using,
        model=("cases", "Indicator"),
        migration=INDICATOR_SEED_MIGRATION,
        insert="insert_indicators",
        apps=apps,
    )


class CasesConfig(AppConfig):
    """Young people, cases, casework, chronology, risk, plans, reviews, involvement and sharing."""

    name = "cases"

    def ready(self) -> None:
        post_migrate.connect(
            restore_seeded_indicators, sender=self, dispatch_uid="cases.restore_indicators"
        )
