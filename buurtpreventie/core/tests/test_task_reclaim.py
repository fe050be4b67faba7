"""Tasks after a crash (issue 9): a task left RUNNING by a dead worker is re-queued and runs exactly once more."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@task()
def count_run(key: str) -> int:
    return cache.incr(key)


@pytest.fixture
def db_backend(settings):
    from django_tasks import task_backends

    settings.TASKS = DB_TASKS
    task_backends._backends = {}  # type: ignore[attr-defined]
    yield
    task_backends._backends = {}  # type: ignore[attr-defined]


def _crash_while_running(key: str, *, minutes_ago: int, workers: list[str]):
    from django_tasks_db.models import DBTaskResult

    result = count_run.using(backend="default").enqueue(key)
    row = DBTaskResult.objects.get(pk=result.id)
    for worker in workers:
        row.claim(worker)  # the worker took it … and was killed (-9) before finishing
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - timedelta(minutes=minutes_ago))
    return row


@pytest.mark.django_db(transaction=True)
def test_stale_running_task_requeued_and_run_once(db_backend):
    from django_tasks_db.models import DBTaskResult

    cache.set("runs", 0)
    stale = _crash_while_running("runs", minutes_ago=30, workers=["w1"])
    recent = _crash_while_running("runs", minutes_ago=1, workers=["w2"])  # still working: left alone
    call_command("reclaim_stale_tasks")
    assert DBTaskResult.objects.get(pk=stale.pk).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=recent.pk).status == TaskResultStatus.RUNNING
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    call_command("reclaim_stale_tasks")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert DBTaskResult.objects.get(pk=stale.pk).status == TaskResultStatus.SUCCESSFUL
    assert cache.get("runs") == 1  # exactly once


@pytest.mark.django_db(transaction=True)
def test_task_that_keeps_killing_workers_fails(db_backend, settings):
    from django_tasks_db.models import DBTaskResult

    row = _crash_while_running("x", minutes_ago=30, workers=["w1", "w2", "w3"])
    call_command("reclaim_stale_tasks")
    assert DBTaskResult.objects.get(pk=row.pk).status == TaskResultStatus.FAILED


def test_reclaim_is_scheduled(settings):
    from buurtpreventie.core import scheduling

    assert "core.reclaim_stale_tasks" in {job.name for job in scheduling.jobs()}
