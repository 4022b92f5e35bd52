"""Operational tasks: thin, named, idempotent."""

from celery import shared_task

from ops.services import heartbeat_record


@shared_task(name="ops.heartbeat", acks_late=True, ignore_result=True)
def heartbeat() -> None:
    """Beat sends this every minute; a worker running it proves both are alive."""
    heartbeat_record()
