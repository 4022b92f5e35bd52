"""The Celery application; settings come from Django's, prefixed CELERY_."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cse_hub.settings.local")

app = Celery("cse_hub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.beat_schedule = {}  # filled in from cse_hub.schedule once Django is ready
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _load_schedule(sender: Celery, **kwargs: object) -> None:
    from cse_hub.schedule import BEAT_SCHEDULE

    sender.conf.beat_schedule = BEAT_SCHEDULE
