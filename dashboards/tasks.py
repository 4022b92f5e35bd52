"""Dashboard tasks: thin, named, idempotent."""

from celery import shared_task
from celery.contrib.django.task import DjangoTask

from dashboards.services import summaries_refresh


@shared_task(
    name="dashboards.refresh_summaries", base=DjangoTask, acks_late=True, ignore_result=True
)
def refresh_summaries() -> None:
    """Rebuild the summary tables; running it twice leaves what running it once does."""
    summaries_refresh()
