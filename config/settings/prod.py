"""Production: refuses to start without a strong secret key and PUBLIC_BASE_URL; HTTPS everywhere.

`manage.py check --deploy` reports nothing with these defaults (docs/security.md: running behind
a proxy). A reverse proxy must set X-Forwarded-Proto (and strip it from clients)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BUURTPREVENTIE, env_bool

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be set (50+ characters, random) in production.")
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")
if not PUBLIC_BASE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "PUBLIC_BASE_URL must be set in production (e.g. https://buurtpreventie.gemeente.nl): "
        "links in e-mails, the unsubscribe header and forwarded photo links are built from it."
    )
DEBUG = False
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's health check may speak plain HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 86400)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
BUURTPREVENTIE = {
    **BUURTPREVENTIE, "ALLOW_DEMO_USERS": False, "TWO_FACTOR_ENFORCED": True, "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
}
