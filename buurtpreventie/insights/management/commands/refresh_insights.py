"""Rebuild the monthly insight rows (and judge early warnings) for every municipality.

    manage.py refresh_insights            # current and previous month (the scheduler, hourly)
    manage.py refresh_insights --all      # every month since the first data (after an import)
    manage.py refresh_insights --municipality nijmegen --months 6
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from buurtpreventie.areas.models import Municipality
from buurtpreventie.insights.aggregation import refresh_all, refresh_recent


class Command(BaseCommand):
    help = "Rebuild the monthly aggregate rows of the insights dashboard and raise early warnings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="slug; default every municipality")
        parser.add_argument("--months", type=int, default=2, help="recent months to rebuild (default 2)")
        parser.add_argument("--all", action="store_true", help="rebuild every month since the first data")

    def handle(self, *args: Any, **options: Any) -> None:
        qs = Municipality.objects.all()
        if options["municipality"]:
            qs = qs.filter(slug=options["municipality"])
        for municipality in qs:
            if options["all"]:
                n = refresh_all(municipality=municipality)
            else:
                n = refresh_recent(municipality=municipality, months=max(1, options["months"]))
            if options["verbosity"] > 1:
                self.stdout.write(f"{municipality.slug}: {n} team-months")
