from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from buurtpreventie.alerts.services import alert_escalations_check


class Command(BaseCommand):
    help = "Warn dispatchers about teams that did not answer an alert in time (run from cron, or --loop)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--loop", type=int, default=0, help="Repeat every N seconds.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            for alert, teams in alert_escalations_check():
                self.stdout.write(f"alert {alert.pk}: no answer from {', '.join(teams)}")
            if not options["loop"]:
                return
            time.sleep(options["loop"])
