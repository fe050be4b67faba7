"""Background tasks (django-tasks): thin wrappers that call services."""

from __future__ import annotations

from django_tasks import task

from .services import contact_digest_send


@task()
def send_contact_digest() -> int:
    """Weekly: overdue contacts per professional, reminders to the safety officer."""
    return contact_digest_send()
