"""Health: can we reach the database, the cache and the broker, and is the scheduler ticking."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from cse_hub.celery import app as celery_app
from ops.models import Heartbeat, JobStatus
from ops.services import SCHEDULER

# Seconds to wait for the broker; a load balancer's probe must not hang on a dead Redis.
BROKER_TIMEOUT = 2


@dataclass(frozen=True)
class Check:
    ok: bool
    # What is safe to show anyone: a backend name or an exception class, never an address.
    detail: str
    age_seconds: int | None = None


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - health reports any failure, it never raises
        return Check(False, type(exc).__name__)
    return Check(True, connection.vendor)


def check_cache() -> Check:
    key = f"health:{uuid.uuid4().hex}"
    cache = caches["default"]
    try:
        cache.set(key, "ok", timeout=10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001
        return Check(False, type(exc).__name__)
    return Check(ok, cache.__class__.__name__ if ok else "read back failed")


def check_broker() -> Check:
    try:
        with celery_app.connection_for_write() as conn:
            # No retries: one failed attempt is the answer.
            conn.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)
            driver = conn.transport.driver_name
            if driver == "filesystem":
                # Opening a filesystem "connection" touches nothing, so look at the folders.
                options = conn.transport_options or {}
                for key in ("data_folder_in", "data_folder_out", "control_folder"):
                    folder = options.get(key)
                    if folder and not os.access(folder, os.W_OK | os.X_OK):
                        return Check(False, f"{key} is missing or not writable")
    except Exception as exc:  # noqa: BLE001
        return Check(False, type(exc).__name__)
    return Check(True, driver)


def check_scheduler() -> Check:
    """How long ago a worker last ran the heartbeat that beat sends; stale means one stopped."""
    try:
        beat = Heartbeat.objects.filter(name=SCHEDULER).first()
    except Exception as exc:  # noqa: BLE001 - the database check already says why
        return Check(False, type(exc).__name__)
    if beat is None:
        return Check(False, "no heartbeat yet")
    age = max(0, int((timezone.now() - beat.beat_at).total_seconds()))
    stale = age > settings.CSE_HUB_HEARTBEAT_STALE_SECONDS
    return Check(not stale, f"last heartbeat {age}s ago", age_seconds=age)


def check_jobs() -> Check:
    """Whether every scheduled job's last run succeeded; names those whose last run failed."""
    try:
        failing = sorted(status.name for status in JobStatus.objects.all() if status.is_failing)
    except Exception as exc:  # noqa: BLE001 - the database check already says why
        return Check(False, type(exc).__name__)
    if failing:
        return Check(False, "last run failed: " + ", ".join(failing))
    return Check(True, "no job's last run failed")
