"""`manage.py purge_retention`: remove personal data past its retention period (core/retention.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from buurtpreventie.core.retention import purge_all


class Command(BaseCommand):
    help = "Purge personal data older than the configured retention per category."

    def handle(self, *args: Any, **options: Any) -> None:
        for category, count in sorted(purge_all().items()):
            self.stdout.write(f"{category}: {count}")
