"""The heartbeat, and how each scheduled job last went."""

from django.db import models


class Heartbeat(models.Model):
    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class JobStatus(models.Model):
    """The last run of one scheduled job, by beat or by an operator: one row per job."""

    name = models.CharField(max_length=100, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_succeeded_at = models.DateTimeField(null=True, blank=True)
    last_failed_at = models.DateTimeField(null=True, blank=True)
    # The exception's class only: never a message, which could carry data.
    last_error = models.CharField(max_length=200, blank=True)
    last_duration_ms = models.PositiveIntegerField(null=True, blank=True)
    # Counts of what the run did, such as {"reminders": 3}; ids and numbers only.
    last_result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "job statuses"

    def __str__(self) -> str:
        return self.name

    @property
    def is_failing(self) -> bool:
        """Whether the job's last run failed (a later success clears it)."""
        if self.last_failed_at is None:
            return False
        return self.last_succeeded_at is None or self.last_failed_at > self.last_succeeded_at
