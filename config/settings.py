"""Settings for the IITE Platform, read from the environment.

One module for every deployment: the defaults run the embedded SQLite set-up that
`make run` serves; production sets DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and,
when it grows past one server, REDIS_URL. `.env.example` documents each variable.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("IITE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    key_file = os.environ.get("SECRET_KEY_FILE")
    if key_file:
        return Path(key_file).read_text().strip()
    if DEBUG:
        return "insecure-development-key-only-with-debug-on"
    raise ImproperlyConfigured(
        "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off; "
        "`make run` generates one into var/secret_key."
    )


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The name e-mails and pages give the platform; the Sites framework's row follows it.
SITE_NAME = os.environ.get("SITE_NAME", "UNESCO IITE Platform")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    # The platform's domains: one app each.
    "iite.core",
    "iite.reference",
    "iite.accounts",
    "iite.strategy",
    "iite.programme",
    "iite.partners",
    "iite.monitoring",
    "iite.credentials",
    "iite.events",
    "iite.learning",
    "iite.readiness",
    "iite.wellbeing",
    "iite.observatory",
    "iite.community",
    "iite.library",
    "iite.competitions",
    # The demo data set, loaded through the domains above.
    "iite.demo",
]

# How long a shared cache (nginx in front) may serve an anonymous page before asking again;
# 0 turns the Cache-Control header off.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "60"))
# Each app process also replays the anonymous pages it rendered until a write commits
# (iite.core.middleware.PublicCacheMiddleware).
PUBLIC_PAGES_KEPT = True

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "iite.core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files (already compressed at collectstatic) skip it;
    # pages are compressed with Django's BREACH mitigation (random gzip padding).
    "django.middleware.gzip.GZipMiddleware",
    "iite.core.middleware.RequestLogMiddleware",
    # A database connection error anywhere below becomes a 503 page, never a 500.
    "iite.core.resilience.DatabaseUnavailableMiddleware",
    # Before the session and CSRF middleware, so it sees every cookie they set.
    "iite.core.middleware.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body (CSRF reads POST): a body too large is never read.
    "iite.core.uploads.UploadLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "iite.accounts.middleware.StaffMfaMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
SITE_ID = 1

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
                "iite.core.context_processors.platform",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'iite.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# WAL and a busy timeout let the worker and several gunicorn workers share the file.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        "PRAGMA cache_size=-64000; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if DEBUG else 600
else:
    # A database that does not answer fails the request (a 503) in seconds, not at the
    # app server's timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # While Redis is unreachable the database cache answers (iite.core.resilience), and
    # sessions are read from the database: slower, never signed out.
    CACHES = {
        "default": {
            "BACKEND": "iite.core.resilience.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "iite",
            "OPTIONS": {"FALLBACK": "database"},
        },
        "database": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "iite_cache",
            "KEY_PREFIX": "iite",
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # The database, not each process's memory: login rate limits, TOTP codes already
    # used and the cache versions must be the same for every gunicorn worker. The table
    # is created after every `migrate` (iite.accounts.apps).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "iite_cache",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Background work --------------------------------------------------------------
# Immediate by default (tasks run inside the request); production sets
# TASKS_BACKEND=database and runs `manage.py task_worker`.
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {
    "default": {"BACKEND": _TASK_BACKENDS[os.environ.get("TASKS_BACKEND", "immediate")]},
}


# --- Email --------------------------------------------------------------------------
def _email_settings(url: str) -> dict[str, object]:
    """EMAIL_URL: console:// (default), locmem://, or smtp[s]://user:pass@host:port."""
    parts = urlsplit(url)
    if parts.scheme in {"", "console"}:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if parts.scheme in {"smtp", "smtps", "submission"}:
        query = parse_qs(parts.query)
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": parts.scheme == "smtps",
            "EMAIL_USE_TLS": parts.scheme != "smtps" and query.get("tls", ["1"])[0] == "1",
        }
    raise ImproperlyConfigured(f"EMAIL_URL scheme {parts.scheme!r} is not supported.")


globals().update(_email_settings(os.environ.get("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "IITE Platform <noreply@iite.example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Authentication -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "accounts:profile"
LOGIN_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "iite.accounts.forms.SignupProfileForm"
ACCOUNT_ADAPTER = "iite.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IITE] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Following the link in the confirmation e-mail signs the person in (same browser session).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Brute-force protection is allauth's own rate limiting, in the shared cache (the
# database, or Redis when REDIS_URL is set), so every worker counts the same attempts.
# Failed logins are counted per account AND address (AccountAdapter): one attacker behind
# a shared address locks only the accounts they try, from that address. The same
# "login_failed" budget, keyed per account only, limits wrong authenticator codes.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/key",
    "signup": "10/h/ip",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Behind a reverse proxy, the number of proxies whose X-Forwarded-For entry is trusted:
# the rate limits then count the visitor's address, not the proxy's.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "UNESCO IITE Platform"

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("zh-hans", _("Chinese")),
]
LANGUAGE_CODES = [code for code, _name in LANGUAGES]
LOCALE_PATHS = [BASE_DIR / "locale"]
# CLDR's formats where Django's own are wrong or missing (Arabic dates, Chinese digit groups).
FORMAT_MODULE_PATH = ["iite.core.locale_formats"]
# Form labels end with the language's punctuation once ("تتعلمه؟", not "تتعلمه؟:").
FORM_RENDERER = "iite.core.labels.FormRenderer"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Static and media files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [BASE_DIR / "static"]
if (BASE_DIR / "node_modules" / "htmx.org" / "dist").exists():
    STATICFILES_DIRS.append(("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("STATIC_PLAIN", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600
# Files over FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to disk, not held in memory; the
# fields of a form (not its files) are bounded by DATA_UPLOAD_MAX_MEMORY_SIZE; a whole
# request body by UPLOAD_MAX_BYTES (the largest file a form takes, a 200 MB course video,
# and the form around it), refused with a 413 before it is read. Each form checks its own
# smaller limit before parsing (uploaded tables: 20 MB, iite.core.tabular.MAX_BYTES).
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(210 * 1024 * 1024)))

# --- Security ----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# Only the platform's own files run or style a page: no inline script or style (the
# tests check every page for them), no third-party origin. The TOTP QR code and chart
# images may be data: URLs.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# No page needs the camera, microphone, location, payment or other device features.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
)

# --- Credentials (Open Badges 3.0 signing keys live outside the database) ---------------------
CREDENTIAL_KEY_DIR = Path(os.environ.get("CREDENTIAL_KEY_DIR", VAR_DIR / "keys"))

# --- Logging: one JSON line per request -------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "iite.core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {
        "iite.request": {
            "handlers": ["console"],
            "level": os.environ.get("REQUEST_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50
SILENCED_SYSTEM_CHECKS: list[str] = []


def generate_secret_key() -> str:
    return secrets.token_urlsafe(50)
