"""Background work (django-tasks) for rosters."""

from __future__ import annotations

from django_tasks import task

from .services import round_reminders_send


@task()
def send_round_reminders_task() -> dict[str, int]:
    return round_reminders_send()
