"""`manage.py invite_two_factor <username>`: e-mail (and print) a one-time enrolment link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from buurtpreventie.accounts.invitations import enrolment_invitation_send
from buurtpreventie.accounts.models import User


class Command(BaseCommand):
    help = "Send a professional a one-time link to enrol their first authenticator app."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError("No such user.")
        self.stdout.write(enrolment_invitation_send(actor=None, user=user))
