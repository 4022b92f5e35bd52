"""Reference data seeded by data migrations, put back after `flush` empties its table.

`flush` (run by `manage.py flush` and after every transactional test) empties every table but
leaves the migrations recorded as applied, then sends `post_migrate`, as it does for Django's
content types. Without this, a seeded list (the CSE indicators, the name forms matching uses)
would be gone for good while records and the demo still rely on it. Administrators never
delete these rows, so an empty table with the seed applied only ever follows a flush.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps as global_apps
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder


def restore_seed(
    *,
    using: str,
    model: tuple[str, str],
    migration: tuple[str, str],
    insert: str,
    apps: Any = global_apps,
) -> None:
    """Run the seed migration's `insert(Model, using)` again if its table is empty."""
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table() or migration not in recorder.applied_migrations():
        return
    try:
        seeded = apps.get_model(*model)
    except LookupError:
        return
    if seeded.objects.using(using).exists():
        return
    module = import_module(f"{migration[0]}.migrations.{migration[1]}")
    getattr(module, insert)(seeded, using)
