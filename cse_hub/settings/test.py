"""Settings for the test suite: the database and Redis named by the environment, or embedded."""

from cse_hub.settings.base import *  # noqa: F403
from cse_hub.settings.base import VAR_DIR, env

SECRET_KEY = "test-only-not-a-secret-" + "y" * 40  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CSE_HUB_MFA_REQUIRED = True
# Tests run each task in-process; the Celery tests that need a real worker start one.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "test-celerybeat-schedule")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
