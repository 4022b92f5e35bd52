"""The embedded default for trying the product: SQLite, a filesystem broker, demo accounts."""

from cse_hub.settings.base import *  # noqa: F403
from cse_hub.settings.base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="local-only-not-a-secret-" + "x" * 40)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# The demo may skip two-factor set-up so that every demo account logs in with a password alone.
CSE_HUB_MFA_REQUIRED = env.bool("MFA_REQUIRED", default=False)
