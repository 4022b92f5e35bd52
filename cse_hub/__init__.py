"""CSE Hub project package: settings, URLs, the Celery app and WSGI."""

from cse_hub.celery import app as celery_app

__all__ = ["celery_app"]
