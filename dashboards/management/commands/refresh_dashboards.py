"""`manage.py refresh_dashboards`: rebuild the dashboards' summary tables now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dashboards.services import summaries_refresh


class Command(BaseCommand):
    help = "Rebuild the dashboards' summary tables from the records (the scheduler does it hourly)."

    def handle(self, *args: Any, **options: Any) -> None:
        state = summaries_refresh()
        self.stdout.write(
            f"Dashboard summaries refreshed (version {state.version}) in {state.duration_ms} ms."
        )
