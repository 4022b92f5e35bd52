"""Production: everything secret comes from the environment, and nothing has a default."""

from django.core.exceptions import ImproperlyConfigured

from cse_hub.settings.base import *  # noqa: F403
from cse_hub.settings.base import DATABASES, REDIS_URL, env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Links in emails must point at the real service, never a default.
CSE_HUB_BASE_URL = env.str("BASE_URL")
if not env.str("DATABASE_URL", default=""):
    raise ImproperlyConfigured("Production needs DATABASE_URL (PostgreSQL).")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    raise ImproperlyConfigured("Production runs on PostgreSQL, not SQLite.")
if not REDIS_URL:
    raise ImproperlyConfigured("Production needs REDIS_URL for the broker and the cache.")
if not env.bool("MFA_REQUIRED", default=True):
    raise ImproperlyConfigured("Two-factor authentication cannot be switched off in production.")
CSE_HUB_MFA_REQUIRED = True
CSE_HUB_DEMO_DATA_ALLOWED = False

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
