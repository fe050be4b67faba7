from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from buurtpreventie.alerts.delivery import redrive


class Command(BaseCommand):
    help = ("Send alert push/e-mail deliveries that are due: retries, and deliveries a crashed worker "
            "left behind (run from cron, or --loop).")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--loop", type=int, default=0, help="Repeat every N seconds.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            counts = redrive()
            if counts:
                self.stdout.write(", ".join(f"{state}: {n}" for state, n in sorted(counts.items())))
            if not options["loop"]:
                return
            time.sleep(options["loop"])
