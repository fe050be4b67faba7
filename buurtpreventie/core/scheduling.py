"""The registry of periodic service calls and the lock that keeps each one single across servers.

Apps register their jobs in `AppConfig.ready()`:

    scheduling.register("patrols.round_reminders", round_reminders_send, every_seconds=3600)

`manage.py run_scheduler` (started by `make run`; one or more per installation) calls `run_due()`
every few seconds. A job runs when its interval has passed since it last *started* and nobody
holds its lock; taking the lock and claiming the run is a single conditional UPDATE on
`core.ScheduledJob`, so with several schedulers against one database a job never runs twice at
once, nor twice per interval. Extra management commands can still be listed in
`BUURTPREVENTIE["PERIODIC_COMMANDS"]` ({"command", "args", "every_seconds", "run_at_start"}).

`kick(task)` is the other half: work that a periodic job would reach within its interval, wanted
sooner because something just happened (a report with defects to forward). It enqueues the task at
most once per second per process, so a busy evening's hundreds of reports per second cost one
task row per second instead of one per report.
"""

from __future__ import annotations

import logging
import math
import os
import socket
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[], Any]
    every: timedelta
    run_at_start: bool = True
    max_runtime: timedelta = timedelta(minutes=15)


_REGISTRY: dict[str, Job] = {}


def register(
    name: str,
    func: Callable[[], Any],
    *,
    every_seconds: float,
    run_at_start: bool = True,
    max_runtime_seconds: float = 900,
) -> Job:
    """Add (or replace, e.g. on a re-run of `ready()`) a periodic job."""
    job = Job(
        name=name,
        func=func,
        every=timedelta(seconds=every_seconds),
        run_at_start=run_at_start,
        max_runtime=timedelta(seconds=max_runtime_seconds),
    )
    _REGISTRY[name] = job
    return job


def _command_job(spec: dict[str, Any]) -> Job:
    from django.core.management import call_command

    command, args = spec["command"], list(spec.get("args", []))
    return Job(
        name=f"command:{command}",
        func=lambda: call_command(command, *args),
        every=timedelta(seconds=spec["every_seconds"]),
        run_at_start=spec.get("run_at_start", True),
    )


def jobs() -> list[Job]:
    """Registered service calls, then the commands listed in settings."""
    extra = [_command_job(spec) for spec in settings.BUURTPREVENTIE.get("PERIODIC_COMMANDS", [])]  # type: ignore[attr-defined]
    return [*_REGISTRY.values(), *extra]


def default_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def acquire(job: Job, *, now: datetime | None = None, owner: str | None = None) -> bool:
    """Claim this interval's run of `job`: True for exactly one caller while it is due and unlocked."""
    from .models import ScheduledJob

    now = now or timezone.now()
    try:
        _state, created = ScheduledJob.objects.get_or_create(
            name=job.name, defaults={"last_started_at": None if job.run_at_start else now}
        )
    except IntegrityError:  # another scheduler created it at the same moment
        created = False
    if created and not job.run_at_start:
        return False
    claimed = (
        ScheduledJob.objects.filter(name=job.name)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .filter(Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - job.every))
        .update(locked_until=now + job.max_runtime, locked_by=owner or default_owner(), last_started_at=now)
    )
    return claimed == 1


def release(job: Job, *, owner: str | None = None, error: str = "") -> None:
    from .models import ScheduledJob

    ScheduledJob.objects.filter(name=job.name, locked_by=owner or default_owner()).update(
        locked_until=None, last_finished_at=timezone.now(), last_error=error[-4000:]
    )


def run_due(*, now: datetime | None = None, owner: str | None = None) -> list[str]:
    """Run every due job this process could claim; a failing job is logged and does not stop the others."""
    owner = owner or default_owner()
    ran = []
    for job in jobs():
        if not acquire(job, now=now, owner=owner):
            continue
        error = ""
        try:
            job.func()
        except Exception:  # retried next interval; the error is kept on the job's row
            error = traceback.format_exc()
            logger.exception("periodic job %s failed", job.name)
        finally:
            release(job, owner=owner, error=error)
        ran.append(job.name)
    return ran


_kicked: dict[str, float] = {}


def kick(task: Any, *, every_seconds: float = 1.0) -> bool:
    """Run `task` (a django-tasks task without arguments) soon: at most once per `every_seconds` per
    process. Returns whether a task was enqueued.

    The task is deferred to the next whole interval and this process enqueues nothing more for that
    interval: whatever happened before the boundary is covered by that one run. The task must
    therefore handle *everything that is due* (a sweep), not one object. A backend that cannot
    defer (the immediate backend of tests and `make run` without a worker) runs it every time."""
    backend = task.get_backend()
    if every_seconds <= 0 or not backend.supports_defer:
        task.enqueue()
        return True
    boundary = (math.floor(time.time() / every_seconds) + 1) * every_seconds
    key = f"{task.module_path}:{backend.alias}"
    if _kicked.get(key) == boundary:
        return False
    _kicked[key] = boundary  # a lost race between two threads enqueues the same sweep twice: harmless
    task.using(run_after=datetime.fromtimestamp(boundary, tz=UTC)).enqueue()
    return True
