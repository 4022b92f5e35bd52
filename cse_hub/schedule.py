"""The Celery beat schedule, built from the table of jobs in ops.jobs."""

from __future__ import annotations

from typing import Any


def beat_schedule() -> dict[str, dict[str, Any]]:
    """Every entry the scheduler sends, keyed by a stable name; each sends its job's task."""
    from ops.jobs import all_jobs

    schedule: dict[str, dict[str, Any]] = {}
    for job in all_jobs().values():
        for entry in job.entries:
            options = {"expires": entry.expires} if entry.expires else {}
            schedule[entry.key] = {"task": job.name, "schedule": entry.schedule, "options": options}
    return schedule
