"""Case tasks: thin, named, idempotent."""

from celery import shared_task
from celery.contrib.django.task import DjangoTask

from cases.sharing import break_glass_notify, case_shares_expire


@shared_task(name="cases.expire_shares", base=DjangoTask, acks_late=True, ignore_result=True)
def expire_shares() -> None:
    """Revoke shares past their end date; beat sends it daily and hourly, so a repeat is a no-op."""
    case_shares_expire()


@shared_task(name="cases.notify_break_glass", base=DjangoTask, acks_late=True, ignore_result=True)
def notify_break_glass(*, break_glass_id: int) -> None:
    """Tell the owning hub's managers that an administrator opened one of their cases."""
    break_glass_notify(break_glass_id=break_glass_id)
