"""Run the periodic management commands of `settings.BUURTPREVENTIE["PERIODIC_COMMANDS"]`.

`make run` starts this beside the app server and the task worker, so reminders, forwarding of
public-space reports, the weekly contact digest and retention happen without cron. In production
run it once per installation (or use cron with the same commands). The last run of each command
is kept in the cache, so a restart does not send the weekly digest again.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

logger = logging.getLogger(__name__)


def due_commands(now: float, jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The jobs whose interval has passed since their last run (as recorded in the cache)."""
    due = []
    for job in jobs:
        key = f"scheduler:last:{job['command']}"
        last = cache.get(key)
        if last is None:
            if not job.get("run_at_start", True):
                cache.set(key, now, timeout=None)
                continue
            due.append(job)
        elif now - float(last) >= job["every_seconds"]:
            due.append(job)
    return due


def run_due(now: float | None = None) -> list[str]:
    now = time.time() if now is None else now
    ran = []
    jobs: list[dict[str, Any]] = list(settings.BUURTPREVENTIE.get("PERIODIC_COMMANDS", []))  # type: ignore[call-overload]
    for job in due_commands(now, jobs):
        try:
            call_command(job["command"], *job.get("args", []))
        except Exception:  # a failing job must not stop the others; it is retried next interval
            logger.exception("periodic command %s failed", job["command"])
        cache.set(f"scheduler:last:{job['command']}", now, timeout=None)
        ran.append(job["command"])
    return ran


class Command(BaseCommand):
    help = "Run periodic commands (reminders, forwarding, digests, retention) on their intervals."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is due once and stop")
        parser.add_argument("--tick", type=int, default=30, help="seconds between checks")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            ran = run_due()
            if ran:
                self.stdout.write(f"{timezone.localtime():%H:%M:%S} ran: {', '.join(ran)}")
            if options["once"]:
                return
            time.sleep(options["tick"])
