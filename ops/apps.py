from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class OpsConfig(AppConfig):
    """The health endpoint and the heartbeat that proves the worker and the scheduler run."""

    name = "ops"

    def ready(self) -> None:
        # Every process (web, worker, scheduler, commands) starts here, so each finds them.
        folders = local_state_folders(
            broker_url=settings.CELERY_BROKER_URL,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            database=settings.DATABASES["default"],
        )
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
        checks.register(bench_switched_off_check, checks.Tags.security, deploy=True)


def bench_switched_off_check(**kwargs: Any) -> list[checks.CheckMessage]:
    """The benchmark's instruments belong to the servers `make bench` starts, nowhere else."""
    if getattr(settings, "CSE_HUB_BENCH", False):
        return [
            checks.Warning(
                "CSE_HUB_BENCH is on: the benchmark's baseline page is mounted at /bench/ and "
                "every response says how many SQL statements it took.",
                hint="Unset CSE_HUB_BENCH; only the benchmark's own servers need it.",
                id="ops.W001",
            )
        ]
    return []


def local_state_folders(
    *, broker_url: str, transport_options: Mapping[str, Any], database: Mapping[str, Any]
) -> list[Path]:
    """Folders the embedded defaults write to, which neither kombu nor SQLite will create."""
    folders: list[Path] = []
    if broker_url.startswith("filesystem://"):
        for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
            if key in transport_options:
                folders.append(Path(transport_options[key]))
    name = str(database.get("NAME") or "")
    if database.get("ENGINE") == "django.db.backends.sqlite3" and name and ":memory:" not in name:
        folders.append(Path(name).parent)
    return folders
