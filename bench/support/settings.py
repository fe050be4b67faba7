"""Settings for the fan-out bench server: the test settings, but background tasks are queued
in the database as in production (a worker delivers push/e-mail), not run inside the request."""

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
