"""Notification tasks: thin, named, idempotent."""

from celery import shared_task
from celery.contrib.django.task import DjangoTask

from notifications.services import notification_email_send


@shared_task(name="notifications.send_email", base=DjangoTask, acks_late=True, ignore_result=True)
def send_email(*, notification_id: int) -> None:
    """Email a notification's link to its recipient; a repeat finds it sent and does nothing."""
    notification_email_send(notification_id=notification_id)
