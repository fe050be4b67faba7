"""Run the periodic jobs of `core.scheduling` (reminders, forwarding, escalations, retention, digest).

`make run` starts this beside the app server and the task worker. Run one on each app server
if you like: a database lock per job (`core.ScheduledJob`) makes sure a job never runs twice
at once and runs once per interval, whichever server gets it. See docs/operations.md.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from buurtpreventie.core.scheduling import jobs, run_due


class Command(BaseCommand):
    help = "Run the registered periodic jobs on their intervals (safe with several servers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is due once and stop")
        parser.add_argument("--tick", type=float, default=10, help="seconds between checks")
        parser.add_argument("--list", action="store_true", help="show the registered jobs and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in jobs():
                self.stdout.write(f"{job.name}: every {int(job.every.total_seconds())} s")
            return
        while True:
            ran = run_due()
            if ran:
                self.stdout.write(f"{timezone.localtime():%H:%M:%S} ran: {', '.join(ran)}")
            if options["once"]:
                return
            time.sleep(options["tick"])
            # Between ticks only: a long-running scheduler drops broken or expired connections (and a
            # single --once run, e.g. inside a test's transaction, keeps the one it has).
            close_old_connections()
