"""Fetch the status of forwarded defects from each municipality's Signalen (run by the scheduler)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from buurtpreventie.feedback.signalen import signals_poll_status


class Command(BaseCommand):
    help = "Poll Signalen for the status of open forwarded defects; closes them and notifies the reporter."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"signalen status: {signals_poll_status()}")
