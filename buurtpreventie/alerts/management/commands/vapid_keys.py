from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from buurtpreventie.alerts.push import generate_vapid_key


class Command(BaseCommand):
    help = ("Make a VAPID key pair for Web Push, once per deployment. Put the printed lines in the "
            "environment of every app and worker process (docs/operations.md, 'Web Push').")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--write", action="store_true",
                            help="Development: store the key in var/vapid_private.pem instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        target = None
        if options["write"]:
            target = Path(settings.VAR_DIR) / "vapid_private.pem"
            if target.exists():
                raise CommandError(f"{target} exists; a new key would end every push subscription.")
        private, public = generate_vapid_key(write_to=target)
        if target is not None:
            self.stdout.write(f"Written to {target}. Public key: {public}")
            return
        self.stdout.write(f"VAPID_PRIVATE_KEY={private}\nVAPID_PUBLIC_KEY={public}\n"
                          "VAPID_SUBJECT=mailto:<contact address of this deployment>")
