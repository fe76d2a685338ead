"""Settings for Saqtandyru, read only from the environment.

Two modes (see docs/decisions/0001-embedded-default-and-production.md):

* Embedded (``DEBUG`` unset or true): PostgreSQL from a pip wheel with its data under
  ``var/postgres`` (unless ``DATABASE_URL`` is set), Celery tasks run eagerly in the web
  process, mail printed to the console. Nothing to install by hand.
* Production (``DEBUG=false``): PostgreSQL, Redis, a Celery worker and beat.
  Every value that matters must be set and safe, or start-up stops with
  ``ImproperlyConfigured`` naming the variable. ``.env.example`` lists them all.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when DEBUG is off (see .env.example).")
    return value


# --- Core -------------------------------------------------------------------

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="embedded-mode-only-not-a-secret-" + "x" * 32)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = _required("SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak: use at least 50 random characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must list the portal's host names when DEBUG is off.")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # must come before the admin
    "simple_history",
    "accounts.apps.StaffAdminConfig",  # django.contrib.admin, its default site asking staff for a second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portal",
    "accounts",
    "payments",
    "coverage",
    "providers",
    "appeals",
    "transparency",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "plumbing.middleware.ContentSecurityPolicyMiddleware",
    "plumbing.middleware.PrivateResponseMiddleware",
    "plumbing.retry_after.RetryAfterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "plumbing.middleware.SessionIdleMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "plumbing.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): a second factor passed in this session
    "accounts.second_factor.SecondFactorMiddleware",  # staff who have not passed it may only pass it or sign out
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.views.service_notice",
                "portal.languages.alternates",
            ],
            "libraries": {"kept": "plumbing.kept_parts"},  # {% kept_part %}: parts kept across visitors
        },
    },
]

# --- Database -----------------------------------------------------------------

# PostgreSQL only, everywhere: DATABASE_URL when set (CI, production), else in DEBUG the embedded server from a pip
# wheel with its data under var/postgres (plumbing.embedded; decision 0015).
if env.str("DATABASE_URL", default="") or not DEBUG:
    DATABASES = {"default": env.db_url_config(env.str("DATABASE_URL", default="") or _required("DATABASE_URL"))}
else:
    from plumbing import embedded

    DATABASES = {
        "default": embedded.database(Path(env.str("EMBEDDED_POSTGRES_DIR", default=str(BASE_DIR / "var" / "postgres"))))
    }
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://…): the portal runs on nothing else.")
DATABASES["default"]["ENGINE"] = "plumbing.postgresql"  # the stock backend, its health check without a query
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Server-side prepared statements for the queries that ask for them (the public check): after this many runs on a
# connection. Empty behind a pooler in transaction mode (PgBouncer), which cannot keep them.
_prepare = env.str("DB_PREPARE_THRESHOLD", default="5")
DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = int(_prepare) if _prepare else None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker ----------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="") if DEBUG else _required("REDIS_URL")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "saq",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # Rate limits and lock-outs count here: room for many keys, or a sweep would push its own counters out.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 100_000}}
    }

# The parts of the page layout that are the same for every visitor in a language (menu, footer), rendered once
# and kept in each process's memory: base.html's {% cache ... using="layout" %}. Nothing in them is personal or
# changes while the process runs; the embedded mode keeps none, as its templates are edited and reloaded.
_KEPT = "django.core.cache.backends." + ("dummy.DummyCache" if DEBUG else "locmem.LocMemCache")
CACHES["layout"] = {"BACKEND": _KEPT, "LOCATION": "layout"}
# Parts of a page rendered from the values passed to them alone and kept by those values ({% kept_part %},
# plumbing.kept_parts: the status page's reasons and month strip): two visitors share a part only when it would be
# rendered the same for both.
CACHES["fragments"] = {"BACKEND": _KEPT, "LOCATION": "fragments", "OPTIONS": {"MAX_ENTRIES": 5_000}}
# Where each process counts the rate limits while Redis is down (accounts.throttle): room for many windows.
CACHES["limits"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "limits",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = env.str("TIME_ZONE", default="Asia/Almaty")

# --- Auth, sessions, passwords ------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.ModelBackend"]  # Django's, the per-request user read prepared
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:cabinet"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_ENGINE = "plumbing.sessions"  # cached_db that falls back to the database while Redis is down
# Sign-in lock-out (accounts.lockout): after this many failed sign-ins for one account, or from one client
# address, within the window, sign-in pauses for that account or address for LOCKOUT_SECONDS. A password
# reset lifts an account's lock at once.
LOCKOUT_ACCOUNT_FAILURES = env.int("LOCKOUT_ACCOUNT_FAILURES", default=5)
LOCKOUT_CLIENT_FAILURES = env.int("LOCKOUT_CLIENT_FAILURES", default=20)
LOCKOUT_WINDOW_SECONDS = env.int("LOCKOUT_WINDOW_SECONDS", default=15 * 60)
LOCKOUT_SECONDS = env.int("LOCKOUT_SECONDS", default=15 * 60)
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)  # expires after inactivity
# Inactivity ends a session: plumbing.middleware.SessionIdleMiddleware saves a signed-in session at most once a
# minute, so the half hour runs from the last minute with activity.
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour
# Staff's second factor (accounts.second_factor, decision 0017): an authenticator app (TOTP) and recovery codes.
# Each wrong code in a row doubles the wait before that device takes another (1, 2, 4 … seconds: 10 wrong codes
# mean 8 minutes, 15 mean 4.5 hours); a right one resets it, and so does an administrator's reset of the factor.
OTP_TOTP_ISSUER = "Saqtandyru"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- Language and time --------------------------------------------------------

LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]  # Kazakh dates and times, which Django does not ship (24-hour, DD.MM.YYYY)
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Almaty")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
# Uploads live outside the web root and are served only through views that check access.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Mail ---------------------------------------------------------------------

_email = env.email_url("EMAIL_URL", default="consolemail://") if DEBUG else env.email_url_config(_required("EMAIL_URL"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
for _key in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "EMAIL_USE_SSL"):
    if _key in _email:
        globals()[_key] = _email[_key]
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Saqtandyru <noreply@saqtandyru.kz>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Text messages (plumbing.sms) ----------------------------------------------

SMS_BACKEND = env.str("SMS_BACKEND", default="plumbing.sms.ConsoleBackend")
# The portal's address as citizens type it: links in text messages, which have no request to build them from.
PUBLIC_URL = env.str("PUBLIC_URL", default="https://saqtandyru.kz").rstrip("/")

# --- Security headers ---------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy of every page (plumbing.middleware; the same shape as Django 6's SECURE_CSP): scripts,
# styles, fonts and images only from the portal itself, never inline. Documents and JSON get a stricter one.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
if env.str("CSP_REPORT_URI", default=""):
    SECURE_CSP["report-uri"] = [env.str("CSP_REPORT_URI")]
# Client addresses: how many reverse proxies in front of the portal append to X-Forwarded-For (0: none, use
# REMOTE_ADDR). Rate limits, lock-outs and the access log's "from where" depend on it (accounts.throttle).
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Forms and logging --------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Personal data never reaches the logs: every handler masks IINs and e-mails (plumbing.logfilters), and Django's
# own loggers lose the handlers Django gave them (which would print unmasked) and pass their records up to root.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "plumbing.logfilters.MaskPersonalData"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["mask_personal_data"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},  # its every pg_ctl call at INFO
    },
}

# Model-level translations (django-modeltranslation): Kazakh first, then Russian, then English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "kk"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("kk", "ru", "en"), "en": ("en", "ru", "kk")}

# Largest payment register staff may upload (bytes); the upload itself stops past it.
REGISTER_MAX_BYTES = env.int("REGISTER_MAX_BYTES", default=200_000_000)
FILE_UPLOAD_HANDLERS = [
    "plumbing.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=REGISTER_MAX_BYTES + 1_000_000)

# Anonymous look-ups of personal answers (the public status check, following an appeal with its code): besides
# the limits per client address and per IIN or appeal number, a limit per network (IPv4 /24, IPv6 /64) and a
# budget for everyone together, the only brake on a sweep spread over many addresses. Size the budget to normal
# traffic; when it is spent only anonymous look-ups wait (signed-in pages, clinics and 1414 keep working).
PUBLIC_LOOKUPS_PER_NETWORK_MINUTE = env.int("PUBLIC_LOOKUPS_PER_NETWORK_MINUTE", default=30)
PUBLIC_LOOKUPS_PER_NETWORK_DAY = env.int("PUBLIC_LOOKUPS_PER_NETWORK_DAY", default=300)
PUBLIC_LOOKUPS_PER_MINUTE = env.int("PUBLIC_LOOKUPS_PER_MINUTE", default=60)
PUBLIC_LOOKUPS_PER_HOUR = env.int("PUBLIC_LOOKUPS_PER_HOUR", default=1000)

# Status look-ups one medical organisation may make at the front desk (providers; checked at start-up).
PROVIDER_LOOKUPS_PER_MINUTE = env.int("PROVIDER_LOOKUPS_PER_MINUTE", default=30)
PROVIDER_LOOKUPS_PER_DAY = env.int("PROVIDER_LOOKUPS_PER_DAY", default=2000)

# --- JSON API (Django REST framework) -----------------------------------------
# Deny by default: each public endpoint says AllowAny itself. Throttles count in the default
# cache, which is Redis in production, so every process shares one count.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api_auth.TokenAuthentication",  # DRF's, refusing fund staff's tokens (they need a second factor)
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["plumbing.throttles.AnonThrottle", "plumbing.throttles.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="120/min"),
        "user": env.str("API_USER_RATE", default="600/min"),
    },
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "plumbing.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Saqtandyru API",
    "DESCRIPTION": "Compulsory social health insurance (OSMS): citizens, the fund's app and bot, clinics.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "payments.api.document_status_check",  # a plain Django view (the public check): documented by hand
    ],
}
