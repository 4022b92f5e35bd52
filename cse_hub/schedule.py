"""The Celery beat schedule: every periodic job, its task name and how often it runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery.schedules import crontab
from django.conf import settings


def beat_schedule() -> dict[str, dict[str, Any]]:
    """Every entry the scheduler sends, keyed by a stable name; intervals come from settings."""
    heartbeat = timedelta(seconds=settings.CSE_HUB_HEARTBEAT_SECONDS)
    return {
        # Proves the scheduler, the broker, a worker and the database all work together:
        # /health/ reports how long ago the last one landed.
        "ops-heartbeat": {
            "task": "ops.heartbeat",
            "schedule": heartbeat,
            # A heartbeat still queued when the next is due is worthless; let it expire.
            "options": {"expires": heartbeat.total_seconds()},
        },
        # Idle sessions are refused as soon as they expire; this only tidies the table.
        "accounts-clear-expired-sessions": {
            "task": "accounts.clear_expired_sessions",
            "schedule": crontab(hour=3, minute=17),
        },
        # Shares end on their end date: the daily run revokes them just after midnight; the
        # hourly one catches a missed night, so access never outlives a share by over an hour.
        "cases-expire-shares-daily": {
            "task": "cases.expire_shares",
            "schedule": crontab(hour=0, minute=2),
        },
        "cases-expire-shares-hourly": {
            "task": "cases.expire_shares",
            "schedule": crontab(minute=32),
        },
        # Dashboards read summary tables rebuilt from the records: hourly bounds how old a
        # figure can be (the pages say so). A run still queued when the next is due is stale.
        "dashboards-refresh-summaries": {
            "task": "dashboards.refresh_summaries",
            "schedule": crontab(minute=5),
            "options": {"expires": 55 * 60},
        },
    }
