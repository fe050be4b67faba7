from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from buurtpreventie.alerts.services import positions_purge


class Command(BaseCommand):
    help = "Delete live positions of finished rounds older than POSITION_RETENTION_DAYS (keeps covered streets)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, default=None, help="Override the retention in days.")

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = positions_purge(retention_days=options["days"])
        self.stdout.write(f"{deleted} positions purged")
