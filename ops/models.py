"""The heartbeat: when the scheduler last had a job run by a worker."""

from django.db import models


class Heartbeat(models.Model):
    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
