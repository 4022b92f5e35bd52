"""Read-only partnership reporting with small-number suppression and exports."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class DashboardsConfig(AppConfig):
    """Read-only partnership reporting with small-number suppression and exports."""

    name = "dashboards"

    def ready(self) -> None:
        checks.register(suppression_threshold_check)


def suppression_threshold_check(**kwargs: Any) -> list[checks.CheckMessage]:
    """The threshold is a whole number of at least 1 (1 hides nothing: never in production)."""
    threshold = getattr(settings, "CSE_HUB_SUPPRESSION_THRESHOLD", None)
    if not isinstance(threshold, int) or threshold < 1:
        return [
            checks.Error(
                "CSE_HUB_SUPPRESSION_THRESHOLD must be a whole number of at least 1.",
                id="dashboards.E001",
            )
        ]
    if threshold < 5 and not settings.DEBUG:
        return [
            checks.Warning(
                f"CSE_HUB_SUPPRESSION_THRESHOLD is {threshold}: dashboards show counts from "
                f"{threshold} up, below the usual 5.",
                id="dashboards.W001",
            )
        ]
    return []
