"""Tasks after a crash: a worker killed mid-task (kill -9, OOM, power) leaves its row RUNNING forever.

`reclaim_stale_tasks()` (run by the scheduler, `manage.py reclaim_stale_tasks`) puts rows that have
been RUNNING longer than `settings.TASK_STALE_SECONDS` back to READY, so another worker runs them
again; after `TASK_MAX_ATTEMPTS` claims a row is marked FAILED instead (a task that kills its worker
must not loop). Tasks must therefore be idempotent — delivery tasks keep per-recipient state.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus

logger = logging.getLogger(__name__)


def reclaim_stale_tasks(*, now: datetime | None = None) -> dict[str, int]:
    from django_tasks_db.models import DBTaskResult

    current = now or timezone.now()
    cutoff = current - timedelta(seconds=int(getattr(settings, "TASK_STALE_SECONDS", 900)))
    max_attempts = int(getattr(settings, "TASK_MAX_ATTEMPTS", 3))
    requeued = failed = 0
    with transaction.atomic():
        stale = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
        for row in stale:
            if len(row.worker_ids or []) >= max_attempts:
                row.status = TaskResultStatus.FAILED
                row.finished_at = current
                row.exception_class_path = "buurtpreventie.core.task_reclaim.WorkerLost"
                row.traceback = f"The worker stopped while running this task {len(row.worker_ids)} times."
                row.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                failed += 1
            else:
                row.status = TaskResultStatus.READY
                row.run_after = current
                row.save(update_fields=["status", "run_after"])
                requeued += 1
    if requeued or failed:
        logger.warning("Reclaimed stale tasks: %s re-queued, %s failed", requeued, failed)
    return {"requeued": requeued, "failed": failed}


class WorkerLost(Exception):
    """The worker running a task disappeared (recorded on tasks that did so too often)."""
