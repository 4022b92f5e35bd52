"""Notification tasks: thin, named, idempotent. The scheduled ones are in ops.tasks."""

from celery import shared_task

from cse_hub.celery import Task
from notifications.services import notification_email_send


@shared_task(name="notifications.send_email", base=Task)
def send_email(*, notification_id: int) -> None:
    """Email a notification's link to its recipient; a repeat finds it sent and does nothing."""
    notification_email_send(notification_id=notification_id)
