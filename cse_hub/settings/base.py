"""Settings shared by every environment, read from the environment with django-environ."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("CSE_HUB_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "cse_hub.admin_site.CseHubAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Trigram lookups for duplicate matching (unused, and harmless, on SQLite).
    "django.contrib.postgres",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    # Ours, in dependency order.
    "audit",
    "accounts",
    "partners",
    "notifications",
    "cases",
    "referrals",
    "consultancy",
    "dashboards",
    "ops",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "audit.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "partners.middleware.CurrentMembershipMiddleware",
    # Last, so that it sees the outcome of authentication for lockouts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cse_hub.urls"
WSGI_APPLICATION = "cse_hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partners.context_processors.navigation",
            ],
        },
    },
]

# Database: no DATABASE_URL means an SQLite file, the zero-set-up default.
# An empty DATABASE_URL counts as unset.
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web, worker and scheduler share the file: WAL lets readers run beside a writer, and
    # IMMEDIATE transactions take the write lock at BEGIN so the audit chain never forks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's default costs assume spinning disks, so with a few thousand rows to fetch by
    # key it scans a whole table instead (a hub's case list: 150 ms scanning 300,000 cases
    # against 15 ms by index). On SSDs and a database that fits in memory, index reads cost
    # barely more than sequential ones. Set per connection, so no server setting is needed.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c random_page_cost={env.float('DATABASE_RANDOM_PAGE_COST', default=1.1)}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, when configured, is the cache and the broker; without it a file cache and kombu's
# filesystem transport let the web, worker and scheduler share state on one machine.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# Sessions: 30 minutes idle (renewed at most once a minute by SessionLimitsMiddleware) and
# 12 hours at most from login, whatever the activity.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# django-allauth: email login, no open sign-up (administrators invite), TOTP + recovery codes.
ACCOUNT_ADAPTER = "accounts.adapters.InviteOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
# Repeated failures are django-axes' job; two lockout mechanisms would give two messages.
ACCOUNT_RATE_LIMITS: dict[str, Any] | bool = {"login_failed": False}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "CSE Hub: "
MFA_ADAPTER = "accounts.adapters.MandatoryMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CSE Hub"
MFA_PASSKEY_LOGIN_ENABLED = False
# Accept the code of the period before or after, as RFC 6238 advises for clock drift and the
# seconds it takes to type; a used code is still refused for the rest of its period.
MFA_TOTP_TOLERANCE = 1
# Mandatory two-factor authentication; local settings may switch it off for the demo only.
CSE_HUB_MFA_REQUIRED = True

# django-axes: lock an account after repeated failures; an administrator unlocks it, or it
# unlocks itself after the cool-off.
AXES_ENABLED = True
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=60))
# By account, not by address: many professionals share one office address, and locking the
# address would lock out a whole police station for one colleague's typing.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "accounts.lockout.username_from_request"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# django-guardian: rows go to agency groups (and named professionals); global permissions
# never stand in for object permissions, and there is no anonymous user object.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

SILENCED_SYSTEM_CHECKS = [
    "axes.W006",  # by account on purpose, as above
    # Object permissions are read by our policies through subqueries on guardian's direct
    # tables, never through Django's permission backends (docs/decisions).
    "guardian.W001",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    ("moj", BASE_DIR / "node_modules" / "@ministryofjustice" / "frontend" / "moj"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
# Forms render as GOV.UK Frontend markup (labels, hints, error messages) with `{{ form }}`.
FORM_RENDERER = "cse_hub.forms.GovUKFormRenderer"
# Uploaded files (shared resources). Never served as static media: a view checks who may see
# each file and audits the download.
MEDIA_ROOT = Path(env.str("CSE_HUB_MEDIA_ROOT", default=str(VAR_DIR / "media")))
# The largest resource file a hub may upload, in bytes.
CSE_HUB_RESOURCE_MAX_BYTES = env.int("CSE_HUB_RESOURCE_MAX_BYTES", default=10 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="CSE Hub <no-reply@cse-hub.invalid>")

# Django REST framework: session auth for the browser, hashed expiring tokens for machines.
REST_FRAMEWORK = {
    # The token class first: its WWW-Authenticate header makes anonymous callers get 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.ExpiringTokenAuthentication",
        "accounts.api.authentication.TwoFactorSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "cse_hub.api.pagination.DefaultPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "cse_hub.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "cse_hub.api.errors.exception_handler",
    # JSON only: people read and try the API in Swagger UI at /api/docs/, and every error,
    # even one a browser meets, keeps the one JSON shape.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON in, as the schema documents; anything else is 415.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Per client address, on top of the per-account lockout: slows guessing across accounts.
    "DEFAULT_THROTTLE_RATES": {
        "api_token": env.str("API_TOKEN_THROTTLE_RATE", default="30/minute"),
    },
    # Trust X-Forwarded-For only as far as our own proxies, as the audit log does; otherwise
    # a client could dodge the throttle by sending a new header each time.
    "NUM_PROXIES": env.int("TRUSTED_PROXY_COUNT", default=0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=24)),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": 5,
    "USER_SERIALIZER": None,
    # Recognisable in logs and by secret scanners if a token leaks.
    "TOKEN_PREFIX": "csehub_",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CSE Hub API",
    "DESCRIPTION": (
        "Case management for multi-agency responses to child sexual exploitation. "
        "Records a caller may not see answer 404, exactly as records that do not exist. "
        "Every error has the same shape: "
        '`{"error": {"status", "code", "message", "fields"}}`, with `fields` only for '
        "validation errors. Machine clients get a token from `POST /api/v1/auth/token/` and "
        "send it as `Authorization: Token <token>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI from the drf-spectacular-sidecar package, served by us: the product runs on
    # closed networks with no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No validator badge: Swagger UI would send the schema to validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Models share field names with different choices: one enum name per choice set.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "cases.models.Case.Status",
        "AgreementStatusEnum": "partners.models.InformationSharingAgreement.Status",
        "EntryStatusEnum": "cases.models.CaseworkEntry.Status",
        "GoalStatusEnum": "cases.models.PlanGoal.Status",
        "AgencyKindEnum": "partners.models.Agency.Kind",
        "EntryKindEnum": "cases.models.CaseworkEntry.Kind",
        "AgreementLawfulBasisEnum": "partners.models.InformationSharingAgreement.LawfulBasis",
        "ShareLawfulBasisEnum": "cases.models.CaseShare.LawfulBasis",
        "RiskLevelEnum": "cases.models.RiskLevel",
        "ReferralStatusEnum": "referrals.models.Referral.Status",
        "TrainingStatusEnum": "consultancy.models.TrainingSession.Status",
        "ReferralUrgencyEnum": "referrals.models.Referral.Urgency",
        "GenderEnum": "cases.models.YoungPerson.Gender",
        "AttendanceEnum": "cases.models.CaseworkEntry.Attendance",
        "ConsultancyStatusEnum": "consultancy.models.ConsultancyRequest.Status",
        "ConsultancyUrgencyEnum": "consultancy.models.Urgency",
        "ConsultancyMessageKindEnum": "consultancy.models.ConsultancyMessage.Kind",
        "ChallengeStatusEnum": "consultancy.models.PracticeChallenge.Status",
        "ChallengeLevelEnum": "consultancy.models.PracticeChallenge.Level",
        "ResourceKindEnum": "consultancy.models.Resource.Kind",
        "DashboardScopeKindEnum": "dashboards.scopes.ScopeKind",
        "DashboardCellStateEnum": "dashboards.tables.CELL_STATES",
    },
}

# Celery: Redis when configured, otherwise kombu's filesystem transport under var/.
BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, Any] = {
        # How long a task a worker took but never acknowledged (the worker died) waits before
        # another worker is given it. Longer than any countdown or retry backoff we use (at most
        # ten minutes), so a delayed task is never delivered twice.
        "visibility_timeout": env.int("BROKER_VISIBILITY_TIMEOUT", default=6 * 60 * 60),
        # Short, so that a request never hangs on a Redis that is down (decision 0015).
        "socket_connect_timeout": 1,
        "socket_timeout": 2,
    }
    # Lets installations (or test runs) share one Redis without seeing each other's queues.
    if env.str("BROKER_KEY_PREFIX", default=""):
        CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = env.str("BROKER_KEY_PREFIX")
else:
    # The host means nothing to this transport; naming one stops kombu warning that it is missing.
    CELERY_BROKER_URL = "filesystem://localhost//"
    # One folder in and out: the web, worker and scheduler on one machine share the queue.
    # Kombu does not make these folders; the ops app does when Django starts.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
    }
# A web request must not wait on a broker that is down: one quick retry, then the task's
# sweep catches the work up (decision 0015). Connection timeouts are the transport options'.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.1,
}
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The scheduler sends ops.heartbeat this often; a heartbeat older than the stale age means the
# scheduler or the worker has stopped.
CSE_HUB_HEARTBEAT_SECONDS = env.int("HEARTBEAT_SECONDS", default=60)
CSE_HUB_HEARTBEAT_STALE_SECONDS = env.int("HEARTBEAT_STALE_SECONDS", default=5 * 60)

# Dashboards show a count from 1 to one less than this as "fewer than N" (and hide more counts
# so that none of those can be worked out from totals); rates and percentiles resting on so few
# are not shown either.
CSE_HUB_SUPPRESSION_THRESHOLD = env.int("CSE_HUB_SUPPRESSION_THRESHOLD", default=5)

# The service's public address, for links in emails sent by workers (no request to ask).
CSE_HUB_BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000")

# Demo data may be loaded; production refuses it.
CSE_HUB_DEMO_DATA_ALLOWED = True
# The benchmark's instruments (ops/bench): a baseline page and a per-request count of SQL
# statements and server time in the response headers. Only `make bench` switches them on, for
# the servers it starts; `check --deploy` warns if they are on anywhere else.
CSE_HUB_BENCH = env.bool("CSE_HUB_BENCH", default=False)
if CSE_HUB_BENCH:
    # Outermost, so that it counts what every other middleware asks of the database too.
    MIDDLEWARE = ["ops.bench.server.QueryCountMiddleware", *MIDDLEWARE]
# Trust X-Forwarded-For only behind a proxy we run (set in production behind the load balancer).
CSE_HUB_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
