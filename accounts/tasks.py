"""Account housekeeping tasks: thin, named, idempotent."""

from celery import shared_task
from celery.contrib.django.task import DjangoTask

from accounts.services import sessions_clear_expired


@shared_task(
    name="accounts.clear_expired_sessions", base=DjangoTask, acks_late=True, ignore_result=True
)
def clear_expired_sessions() -> None:
    """Expired sessions leave the database daily; running it twice removes nothing more."""
    sessions_clear_expired()
