"""Forward due public-space defects; `--loop` keeps running (every --interval seconds)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from buurtpreventie.feedback.forwarding import defects_forward_due


class Command(BaseCommand):
    help = "Forward pending public-space defects to the configured Open311/Signalen endpoint (with backoff)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--interval", type=int, default=60)

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            counts = defects_forward_due()
            if counts or not options["loop"]:
                self.stdout.write(f"forwarded: {counts}")
            if not options["loop"]:
                return
            time.sleep(options["interval"])
