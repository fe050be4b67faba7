"""`manage.py reclaim_stale_tasks`: re-queue tasks whose worker died (core/task_reclaim.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from buurtpreventie.core.task_reclaim import reclaim_stale_tasks


class Command(BaseCommand):
    help = "Put tasks that stayed RUNNING after their worker died back in the queue."

    def handle(self, *args: Any, **options: Any) -> None:
        result = reclaim_stale_tasks()
        self.stdout.write(f"requeued: {result['requeued']}, failed: {result['failed']}")
