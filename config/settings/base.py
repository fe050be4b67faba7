"""Settings shared by every environment. Everything that differs per machine comes from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("BUURTPREVENTIE_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def development_secret_key() -> str:
    """A key generated once into an ignored file under var/; never committed."""
    key_file = VAR_DIR / "secret_key.txt"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "axes",
    "buurtpreventie.core",
    "buurtpreventie.notifications",
    "buurtpreventie.accounts",
    "buurtpreventie.areas",
    "buurtpreventie.initiatives",
    "buurtpreventie.patrols",
    "buurtpreventie.feedback",
    "buurtpreventie.alerts",
    "buurtpreventie.surveys",
    "buurtpreventie.engagement",
    "buurtpreventie.insights",
    "buurtpreventie.public",
    "buurtpreventie.signals",
    "buurtpreventie.groups",
    "buurtpreventie.api",
    "buurtpreventie.demo",
]

MIDDLEWARE = [
    "buurtpreventie.core.events.DeferredEventsMiddleware",  # outermost: sees every commit
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "buurtpreventie.core.middleware.DutchByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "buurtpreventie.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "buurtpreventie" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "buurtpreventie.core.context_processors.site",
            ],
        },
    },
]


def deployment_prefix(database_name: object) -> str:
    """A Redis key prefix unique per deployment, from its database name (a path for SQLite)."""
    import hashlib

    name = str(database_name)
    if "/" in name or "\\" in name:
        return f"{Path(name).stem}-{hashlib.sha1(name.encode()).hexdigest()[:8]}"  # noqa: S324
    return name


_default_db = f"sqlite:///{VAR_DIR / 'buurtpreventie.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db), conn_max_age=60),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "buurtpreventie.core.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "buurtpreventie_cache",
        }
    }

# Real-time events between app processes: "redis" when REDIS_URL is set, in-process otherwise.
EVENT_BUS = os.environ.get("EVENT_BUS", "redis" if REDIS_URL else "memory")
# Several deployments may share one Redis server, and pub/sub ignores the database number: every
# channel, stream and cache key carries this prefix. Default: the database name (unique per deployment).
EVENT_PREFIX = os.environ.get("EVENT_PREFIX", "") or deployment_prefix(DATABASES["default"]["NAME"])
CACHES["default"].setdefault("KEY_PREFIX", EVENT_PREFIX)
# With Redis, sessions are read from the cache and written through to the database: every signed-in
# request (the report API of a busy evening) skips one database query; the table stays the record.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login throttling first (docs/security.md)
    "buurtpreventie.accounts.backends.UsernameOrEmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "buurtpreventie" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/utrecht", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/voorbeeld", NODE_MODULES / "@nl-design-system-unstable" / "voorbeeld-design-tokens" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/source-sans-3", NODE_MODULES / "@fontsource" / "source-sans-3"),
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Buurtpreventie <noreply@buurtpreventie.local>")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "buurtpreventie.core.errors.csrf_failure"  # in the site layout, with a way back
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

OTP_TOTP_ISSUER = "Buurtpreventie"

# Product settings
BUURTPREVENTIE = {
    # Location traces of rounds are purged after this many days (issue: privacy by design).
    "POSITION_RETENTION_DAYS": int(os.environ.get("POSITION_RETENTION_DAYS", "30")),
    # Retention per category in days (core/retention.py has the defaults; 0 keeps forever).
    "RETENTION_DAYS": {k[len("RETENTION_DAYS_"):].lower(): int(v) for k, v in os.environ.items()
                       if k.startswith("RETENTION_DAYS_")},
    # Demo accounts may only exist outside production.
    "ALLOW_DEMO_USERS": True,
    # Roles that must log in with a second factor.
    "TWO_FACTOR_ROLES": ["wijkagent", "boa", "safety_officer", "dispatcher", "administrator"],
    "TWO_FACTOR_ENFORCED": env_bool("TWO_FACTOR_ENFORCED", True),
    # Empty in development: links then use the host and port `make run` serves (notifications.links).
    "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "").rstrip("/"),
    # Optional background tiles for maps (e.g. a PDOK BRT URL); without it maps draw our own shapes.
    # Default: PDOK BRT-Achtergrondkaart (WMTS, web mercator); MAP_TILE_URL="" gives the vector-only map.
    "MAP_TILE_URL": os.environ.get(
        "MAP_TILE_URL", "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"),
    "MAP_TILE_ATTRIBUTION": os.environ.get(
        "MAP_TILE_ATTRIBUTION", "Kaartgegevens © Kadaster (BRT-Achtergrondkaart, CC BY 4.0)"),
    # Address search and geocoding (PDOK Locatieserver v3.1); point it at a mirror or a stand-in.
    "PDOK_LOCATIESERVER_URL": os.environ.get(
        "PDOK_LOCATIESERVER_URL", "https://api.pdok.nl/bzk/locatieserver/search/v3_1"),
    # Periodic jobs are registered by the apps (core.scheduling); list extra management commands here.
    "PERIODIC_COMMANDS": [],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}


# --- Security (docs/security.md) -------------------------------------------------------------
from csp.constants import NONCE, NONE, SELF  # noqa: E402


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "a"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# Content-Security-Policy: no inline scripts (a page that needs one gives it {{ request.csp_nonce }}),
# no script from another host; the API docs' Swagger UI is served from our own static files.
_tile_origin = _origin(str(BUURTPREVENTIE["MAP_TILE_URL"]))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],  # Leaflet and htmx position elements with inline styles
        "img-src": [SELF, "data:", "blob:", *([_tile_origin.replace("://a.", "://*.")] if _tile_origin else [])],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF, *env_list("CSP_CONNECT_SRC")],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "geolocation": ["self"],  # patrol mode shares the walker's position (opt-in)
    "camera": [], "microphone": [], "payment": [], "usb": [], "serial": [], "bluetooth": [],
    "midi": [], "magnetometer": [], "gyroscope": [], "accelerometer": [], "display-capture": [],
    "browsing-topics": [],
}

# Reverse proxies whose X-Forwarded-For we believe (IP addresses or networks, comma separated).
# Empty: the connecting address is the client, whatever headers say (buurtpreventie.core.net).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Login throttling (django-axes): per account and per address, a cool-off with a clear message.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "buurtpreventie.core.net.client_ip_or_none"
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in our audit log; keep no second copy
AXES_LOCKOUT_CALLABLE = "buurtpreventie.accounts.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_USERNAME_FORM_FIELD = "username"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
PASSWORD_RESET_PER_EMAIL_PER_HOUR = int(os.environ.get("PASSWORD_RESET_PER_EMAIL_PER_HOUR", "3"))
PASSWORD_RESET_PER_IP_PER_HOUR = int(os.environ.get("PASSWORD_RESET_PER_IP_PER_HOUR", "20"))

# Sessions: members stay logged in for weeks; professionals (two-factor roles) are logged out after a
# working day without activity (buurtpreventie.accounts.middleware).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_MEMBER_SECONDS", str(30 * 86400)))
PROFESSIONAL_SESSION_SECONDS = int(os.environ.get("SESSION_PROFESSIONAL_SECONDS", str(9 * 3600)))

# Uploads: private files (receipts, …) live outside MEDIA_ROOT and are served only by permission-checked
# views; PRIVATE_MEDIA_SERVER "x-accel" (nginx) or "x-sendfile" (Apache) lets the web server send them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
PRIVATE_MEDIA_SERVER = os.environ.get("PRIVATE_MEDIA_SERVER", "django")
PRIVATE_MEDIA_INTERNAL_URL = os.environ.get("PRIVATE_MEDIA_INTERNAL_URL", "/protected/")
_private_storage: dict[str, Any] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
}
STORAGES["private"] = _private_storage
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # bodies without files (the JSON API): 2 MB
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Where residents and staff reach this installation (links in e-mails, unsubscribe headers, forwarded
# photo links). Required in production (config/settings/prod.py).
PUBLIC_BASE_URL = BUURTPREVENTIE["PUBLIC_BASE_URL"]


# Staff single sign-on through the municipality's/police's OpenID Connect provider (docs/oidc.md).
# Off unless OIDC_ENABLED=1; volunteers keep local accounts (password + TOTP where required).
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
OIDC_OP_LOGOUT_URL_METHOD = "buurtpreventie.accounts.oidc.provider_logout_url"
OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "")
OIDC_VERIFY_KID = env_bool("OIDC_VERIFY_KID", True)  # off only for a provider with one key and no `kid`
OIDC_CREATE_USER = False
OIDC_STORE_ID_TOKEN = True
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "buurtpreventie.accounts.oidc.StaffOIDCBackend"]


# NL Design System theme per installation: the municipality's own design-token package (its `dist`
# folder, e.g. node_modules/@gemeente-x/design-tokens/dist), its CSS file and the class it scopes to.
# Default: the example "Voorbeeld" theme.
THEME_DIR = Path(os.environ.get("THEME_DIR", "")
                 or NODE_MODULES / "@nl-design-system-unstable" / "voorbeeld-design-tokens" / "dist")
THEME_CSS = os.environ.get("THEME_CSS", "theme.css")
THEME_CLASS = os.environ.get("THEME_CLASS", "voorbeeld-theme")
STATICFILES_DIRS = [*STATICFILES_DIRS, ("vendor/theme", THEME_DIR)]


# JSON API: largest accepted body and rate limits per user/API key and per anonymous client (429 + Retry-After).
API_MAX_BODY_BYTES = int(os.environ.get("API_MAX_BODY_BYTES", str(1024 * 1024)))
API_RATE_PER_USER = os.environ.get("API_RATE_PER_USER", "600/m")
API_RATE_ANONYMOUS = os.environ.get("API_RATE_ANONYMOUS", "120/m")
# Fast routes (core.fastpath, ADR 0009): the report API answered in one thread hop, with the caller
# and the round kept this many seconds in process memory (a revoked right reaches it within that).
FAST_PATH = env_bool("FAST_PATH", True)
FAST_PATH_MEMORY_SECONDS = float(os.environ.get("FAST_PATH_MEMORY_SECONDS", "10"))
# One thread per app process by default: on 2 cores, 8 threads contending for the GIL cost a third of
# the reports per second and doubled p95 (bench/report_ingest.py --servers asgi-ft1,asgi-ft2,asgi-ft8).
FAST_PATH_THREADS = int(os.environ.get("FAST_PATH_THREADS", "1"))
# PostgreSQL: the report's one INSERT statement (core.graphinsert) is prepared once per connection.
# Switch off behind a connection pooler in transaction mode that cannot keep prepared statements
# (PgBouncer before 1.21, or without max_prepared_statements).
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
# A `Server-Timing: app;dur=<ms>` header on every response but the live streams: the time from the
# request reaching the app (config/asgi.py) to its response starting, thread hops and waits included.
# For measuring (the benches) and diagnosing; off by default.
SERVER_TIMING = env_bool("SERVER_TIMING", False)

# Background tasks whose worker died: re-queued after this long RUNNING, failed after this many claims.
TASK_STALE_SECONDS = int(os.environ.get("TASK_STALE_SECONDS", "900"))
TASK_MAX_ATTEMPTS = int(os.environ.get("TASK_MAX_ATTEMPTS", "3"))
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # type: ignore[index]  # lockouts are warnings; every login is in our audit log
OPEN311_POSTS_PER_HOUR = int(os.environ.get("OPEN311_POSTS_PER_HOUR", "600"))  # per api_key
