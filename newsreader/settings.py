"""One settings module for every environment, driven by environment variables.

Development: DJANGO_DEBUG=1 (the Makefile sets it). Production: DJANGO_DEBUG unset,
and DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must be set or start-up fails.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import overload

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


@overload
def env(name: str) -> str | None: ...
@overload
def env(name: str, default: str) -> str: ...
def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def required(name: str) -> str:
    value = env(name)
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set when DJANGO_DEBUG is off (see README, 'Configuration')."
        )
    return value


DEBUG = env_bool("DJANGO_DEBUG")

if DEBUG:
    SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
else:
    SECRET_KEY = required("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or [required("DJANGO_ALLOWED_HOSTS")]

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "axes",
    "core",
    "articles",
    "accounts",
    "annotations",
    "newsroom",
    "search",
    "api",
    "assistant",
    "assistant.matching",
    "editorial",
    "reading",
    # The database task backend's tables (used when TASKS_BACKEND=database).
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body (the CSRF check does): refuse non-UTF-8 bodies.
    "core.middleware.RequestEncodingMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous pages kept in the cache are answered here, before sessions, URL
    # resolving and views; its answers still get the security and CSP headers above.
    "core.pagecache.SharedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.PrivateCacheMiddleware",
    "core.middleware.NumberOverflowMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsreader.urls"
WSGI_APPLICATION = "newsreader.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "articles.context_processors.site",
                "reading.context_processors.roles",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite is the embedded default; DATABASE_URL selects PostgreSQL
# (postgres://user:pass@host:5432/name).
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {
    # Persistent connections: opening a PostgreSQL connection per request more
    # than halves throughput. Health checks drop connections the server closed.
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run while one writer writes; IMMEDIATE takes the write
        # lock at BEGIN so concurrent writers wait (busy timeout) instead of
        # failing with "database is locked" half-way through a transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 5,
    }

# An optional read replica (PostgreSQL streaming replication): reads go to it through
# newsreader.routers.ReplicaRouter, writes and everything inside a transaction stay on
# the primary. Tests use the primary for both (the replica mirrors it as a test database).
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=600, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["newsreader.routers.ReplicaRouter"]

# --- Cache ---------------------------------------------------------------------
# Counts of long listings (articles, the claims queue) are cached for a minute and
# renewed by every write. The local-memory default is per process (`make run`, tests).
# Several app processes or machines need one shared cache: REDIS_URL
# (redis://127.0.0.1:6379/0) selects Django's own Redis backend, and sessions then live
# there too (DJANGO_SESSIONS_IN_CACHE=0 keeps them in the database). DJANGO_CACHE_DIR
# gives the workers of one machine a file-based cache instead.
REDIS_URL = env("REDIS_URL")
CACHE_DIR = env("DJANGO_CACHE_DIR")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, with one client per pool (core/cache.py).
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("DJANGO_CACHE_PREFIX", "newsreader"),
        }
    }
    if env_bool("DJANGO_SESSIONS_IN_CACHE", True):
        # Written through to the database, so a Redis restart signs nobody out.
        SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif CACHE_DIR:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out sign-in before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Background tasks -------------------------------------------------------
# Django's tasks framework. By default tasks run at once, in the request or
# command that enqueues them (nothing else to start: `make run` just works).
# TASKS_BACKEND=database queues them in the database (django-tasks-db); then run
# the worker: `python manage.py db_worker`.
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django.tasks.backends.dummy.DummyBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "immediate")
if _tasks_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_tasks_backend]}}

# --- Language and time ----------------------------------------------------
LANGUAGE_CODE = env("LANGUAGE_CODE", "ar")
LANGUAGES = [("ar", "العربية")]
TIME_ZONE = env("TIME_ZONE", "Africa/Cairo")
USE_I18N = True
USE_TZ = True
# The project's own catalogue (plurals, relative times, admin strings Django's ar
# catalogue lacks) comes first; newsreader/formats/ar gives Arabic-order dates.
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["newsreader.formats"]
# Dates and counts in Arabic-Indic digits (٠١٢) instead of Western digits.
NEWSREADER_ARABIC_INDIC_DIGITS = env_bool("NEWSREADER_ARABIC_INDIC_DIGITS")
NEWSREADER_SITE_NAME = env("NEWSREADER_SITE_NAME", "قارئ الأخبار")

# --- Static files -----------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# pytest-django turns settings.DEBUG off for tests, which would make whitenoise look
# for a collected STATIC_ROOT (and warn: an error under our strict warnings) when
# DJANGO_DEBUG=1 expects source files to be served.
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production; plain files in development and
        # tests, which serve the source files without running collectstatic.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# --- Accounts and e-mail ------------------------------------------------------
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# Django 6.1 configures e-mail through MAILERS (EMAIL_BACKEND is deprecated and
# the deprecation warning is an error under the strict pytest settings).
# Development prints mail (password resets) to the console; production sends
# through SMTP unless DJANGO_EMAIL_BACKEND names another backend.
MAILERS = {
    "default": {
        "BACKEND": env(
            "DJANGO_EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
        "OPTIONS": {}
        if DEBUG
        else {
            "host": env("DJANGO_EMAIL_HOST", "localhost"),
            "port": int(env("DJANGO_EMAIL_PORT", "587")),
            "username": env("DJANGO_EMAIL_USER", ""),
            "password": env("DJANGO_EMAIL_PASSWORD", ""),
            "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", True),
        },
    }
}
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "newsreader@localhost")

# --- Sign-in protection and throttling (README, "Security model") ---------------
# django-axes: after AXES_FAILURE_LIMIT wrong passwords for one user name from one
# address, sign-in for that pair is refused (429, an Arabic page) for the cool-off
# time; a success resets the count. Unlock at once: `manage.py axes_reset_username NAME`
# (or `axes_reset` for everyone). Pairing the name with the address keeps one
# attacker from locking a user out everywhere and keeps users behind one NAT apart.
AXES_FAILURE_LIMIT = int(env("NEWSREADER_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("NEWSREADER_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_HTTP_RESPONSE_CODE = 429
# django-ratelimit: requests per address (and per e-mail address for resets), counted
# in the default cache: per worker without DJANGO_CACHE_DIR, approximate with it.
NEWSREADER_RATE_PASSWORD_RESET_IP = env("NEWSREADER_RATE_PASSWORD_RESET_IP", "10/h")
NEWSREADER_RATE_PASSWORD_RESET_EMAIL = env("NEWSREADER_RATE_PASSWORD_RESET_EMAIL", "3/h")
NEWSREADER_RATE_SIGNUP_IP = env("NEWSREADER_RATE_SIGNUP_IP", "5/h")
# Confirmation links for a new e-mail address: how many a user may ask for, and how
# long a link stays valid (seconds).
NEWSREADER_RATE_EMAIL_VERIFY_USER = env("NEWSREADER_RATE_EMAIL_VERIFY_USER", "5/h")
NEWSREADER_EMAIL_VERIFY_MAX_AGE = int(env("NEWSREADER_EMAIL_VERIFY_MAX_AGE", str(3 * 24 * 3600)))
RATELIMIT_USE_CACHE = "default"
# Where the client's address is: REMOTE_ADDR, or behind a proxy the header it sets.
NEWSREADER_CLIENT_IP_HEADER = env("NEWSREADER_CLIENT_IP_HEADER", "REMOTE_ADDR")
RATELIMIT_IP_META_KEY = "accounts.views.client_ip"
AXES_CLIENT_IP_CALLABLE = "accounts.views.client_ip"

# --- Security -------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}
