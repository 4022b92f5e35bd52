"""Operational tasks: thin, named, idempotent."""

from celery import shared_task
from celery.contrib.django.task import DjangoTask

from ops.services import heartbeat_record


# DjangoTask (Celery's default under Django, named so type checkers know it) adds
# delay_on_commit: tasks are sent only once the transaction that asked for them commits.
@shared_task(name="ops.heartbeat", base=DjangoTask, acks_late=True, ignore_result=True)
def heartbeat() -> None:
    """Record the scheduler's heartbeat; beat sends it, so a worker running it proves both."""
    heartbeat_record()
