from __future__ import annotations

import pytest
from django.core.cache import cache

from buurtpreventie.core.management.commands.run_scheduler import due_commands, run_due

JOBS = [
    {"command": "often", "every_seconds": 60},
    {"command": "weekly", "every_seconds": 7 * 86400, "run_at_start": False},
]


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_first_tick_runs_jobs_marked_for_start_only():
    assert [j["command"] for j in due_commands(1000.0, JOBS)] == ["often"]
    cache.set("scheduler:last:often", 1000.0)
    assert due_commands(1030.0, JOBS) == []
    assert [j["command"] for j in due_commands(1060.0, JOBS)] == ["often"]
    # the weekly job becomes due a week after it was first seen, not at start
    assert [j["command"] for j in due_commands(1000.0 + 7 * 86400, JOBS)] == ["often", "weekly"]


def test_run_due_runs_real_commands_and_survives_a_failing_one(settings, db):
    settings.BUURTPREVENTIE = {
        **settings.BUURTPREVENTIE,
        "PERIODIC_COMMANDS": [
            {"command": "no_such_command", "every_seconds": 60},
            {"command": "purge_positions", "every_seconds": 60},
        ],
    }
    assert run_due(5000.0) == ["no_such_command", "purge_positions"]
    assert run_due(5010.0) == []
