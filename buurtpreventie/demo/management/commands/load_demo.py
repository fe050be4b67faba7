"""Load the demo municipality (Nijmegen) with one demo user per role, idempotently.

Each domain app's demo data lives in `buurtpreventie/demo/seed/<app>.py` with `seed(ctx: DemoContext) -> None`
(no domain app imports `demo`; import-linter checks it); they run in the order of DEMO_APPS, after areas,
users and base initiatives exist.
"""

from __future__ import annotations

import importlib
import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings

from buurtpreventie.demo.context import DemoContext
from buurtpreventie.demo.seed.base import DEMO_PASSWORD, seed_base

DATA = Path(__file__).resolve().parents[2] / "data"
DEMO_APPS = ["initiatives", "patrols", "feedback", "alerts", "surveys", "engagement", "public", "insights",
             "signals", "groups"]


class Command(BaseCommand):
    help = "Load Nijmegen as the demo municipality with one demo user per role (not in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--with-alkmaar", action="store_true", help="also import Alkmaar's wijken")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.BUURTPREVENTIE.get("ALLOW_DEMO_USERS"):
            raise CommandError("Demo data is refused under production settings.")
        quiet = options["quiet"]
        self._import_areas("nijmegen", "streets_centrum.geojson", quiet=quiet)
        if options["with_alkmaar"]:
            self._import_areas("alkmaar", "streets_5_main_roads_osm.geojson", quiet=True)
        # Demo seeding acts as real users would; keep the e-mails it sends out of the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            ctx = self._seed()
        if not quiet:
            self.stdout.write(self.style.SUCCESS("Demo ready (the address follows when the server starts)."))
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for line in ctx.log:
                self.stdout.write(f"  {line}")

    def _import_areas(self, name: str, streets: str, *, quiet: bool) -> None:
        folder = DATA / name
        call_command(
            "import_areas",
            wijken=folder / "wijken_2024_simplified.geojson",
            kerncijfers=folder / "kerncijfers_wijken_buurten_2024.csv",
            streets=folder / streets,
            no_progress=quiet,
            stdout=io.StringIO() if quiet else self.stdout,
        )

    def _seed(self) -> DemoContext:
        with transaction.atomic():
            ctx = seed_base()
        for app in DEMO_APPS:
            module = importlib.import_module(f"buurtpreventie.demo.seed.{app}")
            with transaction.atomic():
                module.seed(ctx)
        return ctx
