"""Tests: fast hashing, local memory mail, in-process events, immediate tasks."""

import os

from .base import *  # noqa: F403
from .base import BUURTPREVENTIE, EVENT_PREFIX, REDIS_URL

# pytest-xdist workers share the Redis server (and database) of the run: each worker gets its own
# event channels, streams and cache keys, so one worker's events never reach the other's tests.
if os.environ.get("PYTEST_XDIST_WORKER"):
    EVENT_PREFIX = f"{EVENT_PREFIX}-{os.environ['PYTEST_XDIST_WORKER']}"

# A test that imports config.asgi in the test process leaves its collector as Python sets it (a frozen
# heap would outlive that test); core/tests/test_heap.py asks for the serving setup explicitly.
os.environ.setdefault("GC_FREEZE", "0")
os.environ.setdefault("GC_PAUSE_LOG_MS", "0")

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    # clear() (each test starts with an empty cache) removes this run's keys only, never FLUSHDB
    CACHES = {"default": {"BACKEND": "buurtpreventie.testing.cache.PrefixedRedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": EVENT_PREFIX}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
BUURTPREVENTIE = {**BUURTPREVENTIE, "ALLOW_DEMO_USERS": True}

# Maps in tests draw our own shapes only (no external tile server); map tests set a URL themselves.
BUURTPREVENTIE = {**BUURTPREVENTIE, "MAP_TILE_URL": ""}

# Threads other than the test's own (the fast route's pool, the ASGI bridge, live servers) close their
# database connection after each request, so no connection outlives a test and the test database can
# be dropped at the end (the test client's own requests keep theirs, as pytest-django arranges).
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# SQLite: the test database is a file (WAL, busy timeout from base.py), not Django's default
# in-memory database in shared-cache mode. Tests that serve pages from other threads (live servers,
# the ASGI server, the fast route) open several connections at once; in shared-cache mode a writer
# meeting a reader in another thread fails at once with "database table is locked" (SQLITE_LOCKED
# ignores the busy timeout), which made browser journeys fail under load. pytest-xdist workers get
# a file each (pytest-django adds the worker's suffix).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
