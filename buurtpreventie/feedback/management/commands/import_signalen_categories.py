"""Import a municipality's Signalen sub-categories as the choices for its category mapping."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from buurtpreventie.feedback.models import ForwardEndpoint, ForwardKind
from buurtpreventie.feedback.signalen import ForwardError, receiver_categories_import


class Command(BaseCommand):
    help = "Read the receiver's Signalen category list (categories_url of its Signalen settings)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality_code", help="CBS code, e.g. GM0268")

    def handle(self, *args: Any, **options: Any) -> None:
        endpoint = ForwardEndpoint.objects.filter(municipality__code=options["municipality_code"].upper(),
                                                  kind=ForwardKind.SIGNALEN).first()
        if endpoint is None:
            raise CommandError("No Signalen endpoint for this municipality.")
        try:
            count = receiver_categories_import(actor=None, endpoint=endpoint)
        except ForwardError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{count} sub-categories")
