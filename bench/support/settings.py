"""Settings for the fan-out bench server: the test settings, but background tasks are queued
in the database as in production (a worker delivers push/e-mail), not run inside the request."""

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Stream tokens are bound to a login session through the cache: the bench's setup process and its
# server process must share it (Redis when REDIS_URL is set, else a file cache).
if not REDIS_URL:  # noqa: F405
    import tempfile as _tempfile

    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": _tempfile.gettempdir() + "/buurtpreventie-bench-cache"}}
