"""The Celery application; settings come from Django's, prefixed CELERY_."""

from __future__ import annotations

import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cse_hub.settings.local")

app = Celery("cse_hub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _load_schedule(sender: Celery, **kwargs: Any) -> None:
    # Read once Django's settings are loaded, so intervals can come from them.
    from cse_hub.schedule import beat_schedule

    sender.conf.beat_schedule = beat_schedule()
