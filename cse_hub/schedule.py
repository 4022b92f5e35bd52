"""The Celery beat schedule: every periodic job, its task name and how often it runs."""

from datetime import timedelta
from typing import Any

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "ops-heartbeat": {
        "task": "ops.heartbeat",
        "schedule": timedelta(minutes=1),
        "options": {"expires": 50},
    },
}
