"""Queue (or with --now run) the weekly contact digest. Schedule weekly, e.g. Monday 07:00 via cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from buurtpreventie.engagement.services import contact_digest_send
from buurtpreventie.engagement.tasks import send_contact_digest


class Command(BaseCommand):
    help = "Send the weekly digest of overdue contacts and appreciation reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="run here instead of queueing a task")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            sent = contact_digest_send()
            self.stdout.write(f"{sent} digest e-mail(s) sent.")
        else:
            result = send_contact_digest.enqueue()
            self.stdout.write(f"Digest queued ({result.id}).")
