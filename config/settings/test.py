"""Tests: fast hashing, local memory mail, in-process events, immediate tasks."""

from .base import *  # noqa: F403
from .base import BUURTPREVENTIE, EVENT_PREFIX, REDIS_URL

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": EVENT_PREFIX}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
BUURTPREVENTIE = {**BUURTPREVENTIE, "ALLOW_DEMO_USERS": True}

# Maps in tests draw our own shapes only (no external tile server); map tests set a URL themselves.
BUURTPREVENTIE = {**BUURTPREVENTIE, "MAP_TILE_URL": ""}
