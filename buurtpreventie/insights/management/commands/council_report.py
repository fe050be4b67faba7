"""Write the yearly council report (raadsinformatiebrief) of a municipality as PDF and XLSX.

    manage.py council_report nijmegen 2025 --out /tmp/        # raadsbrief-nijmegen-2025.pdf/.xlsx
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from buurtpreventie.areas.models import Municipality
from buurtpreventie.insights.report import render_pdf, render_xlsx, report_data


class Command(BaseCommand):
    help = "Write the yearly council report (PDF and XLSX) of one municipality."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality", help="slug, e.g. nijmegen")
        parser.add_argument("year", type=int)
        parser.add_argument("--out", default=".", help="folder (default: current)")
        parser.add_argument("--language", default="nl")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"Unknown municipality: {options['municipality']}")
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        with translation.override(options["language"]):
            data = report_data(municipality=municipality, year=options["year"])
            stem = out / f"raadsbrief-{municipality.slug}-{options['year']}"
            stem.with_suffix(".pdf").write_bytes(render_pdf(data))
            stem.with_suffix(".xlsx").write_bytes(render_xlsx(data))
        self.stdout.write(f"{stem}.pdf\n{stem}.xlsx")
