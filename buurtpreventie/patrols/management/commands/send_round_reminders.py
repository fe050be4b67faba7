"""Send reminder e-mails for rounds in the next 24 hours and warn coordinators of rounds below minimum."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from buurtpreventie.patrols.services import round_reminders_send


class Command(BaseCommand):
    help = "Remind walkers of upcoming rounds; warn coordinators when a round has too few walkers. Run hourly."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args: Any, **options: Any) -> None:
        result = round_reminders_send(hours_ahead=options["hours"])
        self.stdout.write(f"reminded: {result['reminded']}, coordinators warned: {result['warned']}")
