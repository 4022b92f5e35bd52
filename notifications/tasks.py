"""Notification tasks: thin, named, idempotent. The scheduled ones are in ops.tasks."""

from celery import shared_task

from cse_hub.celery import Task
from notifications.services import notification_email_send


@shared_task(name="notifications.send_email", base=Task)
def send_email(*, notification_id: int) -> None:
    """Email a notification's link to its recipient; a repeat finds it sent and does nothing."""
    notification_email_send(notification_id=notification_id)


@shared_task(name="notifications.send_emails", base=Task)
def send_emails(*, notification_ids: list[int]) -> None:
    """Email several notifications (one sweep's batch): one message on the broker, not one each.
    Each is sent once, as by `send_email`, so a repeat after a crash sends only what is left."""
    for notification_id in notification_ids:
        notification_email_send(notification_id=notification_id)
