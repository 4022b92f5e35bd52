"""Operational writes: the scheduled heartbeat, and how each job's last run went.

Neither is audited: they are the system noting that it runs, not anyone's action on a record.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.utils import timezone

from ops.models import Heartbeat, JobStatus

# The one heartbeat the beat schedule sends; its age is the scheduler's health.
SCHEDULER = "scheduler"


def heartbeat_record(*, name: str = SCHEDULER) -> Heartbeat:
    """Record that a heartbeat arrived now; a retried or repeated beat updates the same row."""
    beat, _ = Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})
    return beat


def job_started(*, name: str, at: datetime.datetime) -> None:
    JobStatus.objects.update_or_create(name=name, defaults={"last_started_at": at})


def job_succeeded(*, name: str, duration_ms: int, result: Mapping[str, int]) -> None:
    JobStatus.objects.update_or_create(
        name=name,
        defaults={
            "last_succeeded_at": timezone.now(),
            "last_duration_ms": duration_ms,
            "last_result": dict(result),
        },
    )


def job_failed(*, name: str, error: BaseException) -> None:
    JobStatus.objects.update_or_create(
        name=name,
        defaults={"last_failed_at": timezone.now(), "last_error": type(error).__name__},
    )
