"""Settings for the test suite: the database and Redis named by the environment, or embedded."""

import os
from urllib.parse import urlsplit, urlunsplit

from cse_hub.settings.base import *  # noqa: F403
from cse_hub.settings.base import REDIS_URL, VAR_DIR, env

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

# A test-only model that exercises guardian's direct foreign-key permission tables.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.support.sharing_probe"]  # noqa: F405

# Each test starts from an empty cache (tests/conftest.py clears it), so parallel test workers
# (pytest -n) must not share one: each gets its own Redis database, or its own memory.
_worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
if REDIS_URL:
    _redis = urlsplit(REDIS_URL)
    _db = int(_redis.path.strip("/") or 0) + _worker
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": urlunsplit(_redis._replace(path=f"/{_db}")),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Each test starts from an empty cache (see tests/conftest.py); allauth's own request rate
# limits would otherwise carry over between tests that log in many times.
ACCOUNT_RATE_LIMITS = False
# Serve static files straight from the finders, so browser tests need no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
