"""Health: can we reach the database, the cache and the broker, and is the scheduler ticking."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from ops.models import Heartbeat
from ops.services import SCHEDULER


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


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
    try:
        cache.set(key, "ok", timeout=10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001
        return Check(False, type(exc).__name__)
    return Check(ok, cache.__class__.__name__ if ok else "read back failed")


def check_broker() -> Check:
    from cse_hub.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
    except Exception as exc:  # noqa: BLE001
        return Check(False, type(exc).__name__)
    return Check(True, str(transport))


def check_scheduler() -> Check:
    beat = Heartbeat.objects.filter(name=SCHEDULER).first()
    if beat is None:
        return Check(False, "no heartbeat yet")
    age = int((timezone.now() - beat.beat_at).total_seconds())
    return Check(age <= settings.CSE_HUB_HEARTBEAT_STALE_SECONDS, f"last tick {age}s ago")
