"""One scheduler story: a registry of periodic service calls, each claimed under a database lock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from buurtpreventie.core import scheduling
from buurtpreventie.core.models import ScheduledJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch: Any) -> dict[str, scheduling.Job]:
    """An empty registry for the test (the apps' real jobs are checked separately)."""
    jobs: dict[str, scheduling.Job] = {}
    monkeypatch.setattr(scheduling, "_REGISTRY", jobs)
    return jobs


def test_every_periodic_service_is_registered_once() -> None:
    names = [job.name for job in scheduling.jobs()]
    assert sorted(names) == [
        "alerts.escalations",
        "alerts.purge_positions",
        "alerts.redrive_deliveries",
        "core.purge_retention",
        "core.reclaim_stale_tasks",
        "engagement.contact_digest",
        "feedback.forward_defects",
        "feedback.poll_signalen",
        "insights.refresh",
        "patrols.round_reminders",
    ]


def test_a_due_job_runs_once_per_interval(registry: Any) -> None:
    calls: list[int] = []
    scheduling.register("t.often", lambda: calls.append(1), every_seconds=60)
    start = timezone.now()
    assert scheduling.run_due(now=start, owner="a") == ["t.often"]
    assert scheduling.run_due(now=start + timedelta(seconds=30), owner="b") == []
    assert scheduling.run_due(now=start + timedelta(seconds=61), owner="b") == ["t.often"]
    assert len(calls) == 2
    state = ScheduledJob.objects.get(name="t.often")
    assert state.locked_until is None and state.last_finished_at is not None


def test_a_job_held_by_one_server_is_not_started_by_another(registry: Any) -> None:
    job = scheduling.register("t.slow", lambda: None, every_seconds=60, max_runtime_seconds=600)
    now = timezone.now()
    assert scheduling.acquire(job, now=now, owner="server-1")
    # server 2 ticks while server 1 is still running, even after the interval has passed
    assert not scheduling.acquire(job, now=now + timedelta(seconds=90), owner="server-2")
    # a crashed run: the lock expires after max_runtime and another server takes over
    assert scheduling.acquire(job, now=now + timedelta(seconds=601), owner="server-2")
    assert ScheduledJob.objects.get(name="t.slow").locked_by == "server-2"


def test_release_by_another_owner_does_not_free_the_lock(registry: Any) -> None:
    job = scheduling.register("t.owned", lambda: None, every_seconds=1)
    now = timezone.now()
    assert scheduling.acquire(job, now=now, owner="server-1")
    scheduling.release(job, owner="server-2")
    assert not scheduling.acquire(job, now=now + timedelta(seconds=5), owner="server-2")


def test_a_weekly_job_waits_a_week_after_it_is_first_seen(registry: Any) -> None:
    job = scheduling.register("t.weekly", lambda: None, every_seconds=7 * 86400, run_at_start=False)
    now = timezone.now()
    assert not scheduling.acquire(job, now=now, owner="a")
    assert not scheduling.acquire(job, now=now + timedelta(days=6), owner="a")
    assert scheduling.acquire(job, now=now + timedelta(days=7, seconds=1), owner="a")


def test_a_failing_job_is_recorded_and_does_not_stop_the_others(registry: Any) -> None:
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("boom")

    scheduling.register("t.broken", broken, every_seconds=60)
    scheduling.register("t.fine", lambda: ran.append("fine"), every_seconds=60)
    assert scheduling.run_due(owner="a") == ["t.broken", "t.fine"]
    assert ran == ["fine"]
    broken_state = ScheduledJob.objects.get(name="t.broken")
    assert "RuntimeError: boom" in broken_state.last_error and broken_state.locked_until is None


def test_extra_commands_from_settings_run_under_the_same_lock(registry: Any, settings: Any) -> None:
    settings.BUURTPREVENTIE = {
        **settings.BUURTPREVENTIE,
        "PERIODIC_COMMANDS": [
            {"command": "no_such_command", "every_seconds": 60},
            {"command": "purge_positions", "every_seconds": 60},
        ],
    }
    now = timezone.now()
    assert scheduling.run_due(now=now) == ["command:no_such_command", "command:purge_positions"]
    assert scheduling.run_due(now=now + timedelta(seconds=10)) == []
    assert "no_such_command" in ScheduledJob.objects.get(name="command:no_such_command").last_error


def test_run_scheduler_lists_and_runs_once(registry: Any, capsys: Any) -> None:
    scheduling.register("t.listed", lambda: None, every_seconds=120)
    call_command("run_scheduler", "--list")
    assert "t.listed: every 120 s" in capsys.readouterr().out
    call_command("run_scheduler", "--once")
    assert "ran: t.listed" in capsys.readouterr().out
