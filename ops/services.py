"""Operational writes: recording that the scheduled heartbeat ran."""

from django.utils import timezone

from ops.models import Heartbeat

SCHEDULER = "scheduler"


def heartbeat_record(*, name: str = SCHEDULER) -> Heartbeat:
    beat, _ = Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})
    return beat
