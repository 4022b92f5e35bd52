"""Operational writes: recording that the scheduled heartbeat ran."""

from django.utils import timezone

from ops.models import Heartbeat

# The one heartbeat the beat schedule sends; its age is the scheduler's health.
SCHEDULER = "scheduler"


def heartbeat_record(*, name: str = SCHEDULER) -> Heartbeat:
    """Record that a heartbeat arrived now; a retried or repeated beat updates the same row."""
    # Not audited: it is the system noting that it runs, not anyone's action on a record.
    beat, _ = Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})
    return beat
