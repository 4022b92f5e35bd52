"""Settings for the Celery worker the broker tests start: the embedded defaults (local), with
the slow test jobs installed and emails written to files the test reads."""

from cse_hub.settings.local import *  # noqa: F403
from cse_hub.settings.local import INSTALLED_APPS, env

INSTALLED_APPS = [*INSTALLED_APPS, "tests.support.slow_jobs"]
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH")
