from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from buurtpreventie.areas.importers import (
    ImportFileError,
    import_kerncijfers,
    import_streets,
    import_wijken,
)


class Command(BaseCommand):
    help = (
        "Import wijken (CBS/PDOK GeoJSON), CBS kerncijfers (CSV) and streets (GeoJSON). "
        "Idempotent: a re-import updates by CBS code or street name. A broken file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--wijken", type=Path, help="GeoJSON with wijk polygons (snake_case or camelCase)")
        parser.add_argument("--kerncijfers", type=Path, help="CBS kerncijfers wijken en buurten CSV")
        parser.add_argument("--streets", type=Path, help="GeoJSON with street lines")
        parser.add_argument(
            "--street-name-property", default="name", help="property holding the street name (NWB: STT_NAAM)"
        )
        parser.add_argument("--municipality", help="CBS code (GM…) the streets belong to; guessed when omitted")
        parser.add_argument("--srid", type=int, help="coordinate system of files without a `crs` member "
                            "(28992 for RD New); files that name their crs are reprojected from it")
        parser.add_argument("--no-progress", action="store_true", help="do not print progress")

    def handle(self, *args: Any, **options: Any) -> None:
        if not any(options.get(k) for k in ("wijken", "kerncijfers", "streets")):
            raise CommandError("Give at least one of --wijken, --kerncijfers, --streets.")
        show = not options["no_progress"]
        last: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if not show:
                return
            pct = done * 100 // total
            step = pct // 10
            if last.get(stage) == step and done != total:
                return
            last[stage] = step
            bar = "#" * (pct // 5)
            if self.stdout.isatty():
                self.stdout.write(f"\r  {stage:<12} [{bar:<20}] {done}/{total}", ending="")
                if done == total:
                    self.stdout.write("")
                sys.stdout.flush()
            else:
                self.stdout.write(f"  {stage:<12} [{bar:<20}] {done}/{total}")

        try:
            with transaction.atomic():  # all files or none
                self._import(options, progress)
        except ImportFileError as exc:
            raise CommandError(f"{exc}\nNothing was changed.") from None

    def _import(self, options: dict[str, Any], progress: Any) -> None:
        if options.get("wijken"):
            self.stdout.write(f"Wijken: {options['wijken']}")
            result = import_wijken(options["wijken"], srid=options.get("srid"), progress=progress)
            self.stdout.write(self.style.SUCCESS(f"  wijken: {result}"))
        if options.get("kerncijfers"):
            self.stdout.write(f"Kerncijfers: {options['kerncijfers']}")
            result = import_kerncijfers(options["kerncijfers"], progress=progress)
            self.stdout.write(self.style.SUCCESS(f"  kerncijfers: {result}"))
        if options.get("streets"):
            self.stdout.write(f"Straten: {options['streets']}")
            result = import_streets(
                options["streets"],
                name_property=options["street_name_property"],
                municipality_code=options.get("municipality"),
                srid=options.get("srid"),
                progress=progress,
            )
            self.stdout.write(self.style.SUCCESS(f"  straten: {result}"))
