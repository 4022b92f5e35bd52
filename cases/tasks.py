"""Case tasks: thin, named, idempotent. The scheduled ones are in ops.tasks, from ops.jobs."""

from celery import shared_task

from cases.sharing import break_glass_notify
from cse_hub.celery import Task


@shared_task(name="cases.notify_break_glass", base=Task)
def notify_break_glass(*, break_glass_id: int) -> None:
    """Tell the owning hub's managers that an administrator opened one of their cases."""
    break_glass_notify(break_glass_id=break_glass_id)
