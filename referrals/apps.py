from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate

from cse_hub.seeds import restore_seed


def restore_seeded_name_variants(*, using: str, apps: Any = global_apps, **kwargs: Any) -> None:
    """Put the seeded name forms back after `flush` has emptied the table (see cse_hub.seeds)."""
    restore_seed(
        using=using,
        model=("referrals", "NameVariant"),
        migration=("referrals", "0003_seed_name_variants"),
        insert="insert_variants",
        apps=apps,
    )


class ReferralsConfig(AppConfig):
    """Referral intake, CSE screening, duplicate matching, triage and allocation."""

    name = "referrals"

    def ready(self) -> None:
        post_migrate.connect(
            restore_seeded_name_variants, sender=self, dispatch_uid="referrals.restore_names"
        )
