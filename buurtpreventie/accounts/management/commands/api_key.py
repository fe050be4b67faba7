"""Issue, list and revoke per-municipality API keys (the secret is printed once, only its hash is kept).

    manage.py api_key create GM0268 --user dashboard-nijmegen --name "Dashboard" --by admin [--write]
    manage.py api_key list GM0268
    manage.py api_key revoke <prefix> --by admin
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from buurtpreventie.accounts.apikeys import api_key_create, api_key_revoke
from buurtpreventie.accounts.models import ApiKey, User
from buurtpreventie.areas.models import Municipality


class Command(BaseCommand):
    help = "Issue, list and revoke API keys for machine clients of a municipality."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "list", "revoke"])
        parser.add_argument("target", help="CBS code (create, list) or key prefix (revoke)")
        parser.add_argument("--user", help="service account the key acts as (needs a role in the municipality)")
        parser.add_argument("--name", default="API")
        parser.add_argument("--by", help="administrator issuing or revoking the key")
        parser.add_argument("--write", action="store_true", help="allow POST/PUT/DELETE")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            for key in ApiKey.objects.filter(municipality__code=options["target"].upper()).order_by("created_at"):
                state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
                self.stdout.write(f"{key.prefix}  {key.name}  {key.user.username}  "
                                  f"{'write' if key.may_write else 'read'}  {state}")
            return
        actor = User.objects.filter(username=options.get("by") or "").first()
        if actor is None:
            raise CommandError("--by must name an administrator account")
        try:
            if action == "create":
                municipality = Municipality.objects.filter(code=options["target"].upper()).first()
                user = User.objects.filter(username=options.get("user") or "").first()
                if municipality is None or user is None:
                    raise CommandError("unknown municipality or --user")
                key, secret = api_key_create(actor=actor, municipality=municipality, user=user,
                                             name=options["name"], may_write=options["write"])
                self.stdout.write(f"{key.prefix}: {secret}\nStore this secret now; it is not shown again.")
            else:
                found = ApiKey.objects.filter(prefix=options["target"]).first()
                if found is None:
                    raise CommandError("unknown key prefix")
                api_key_revoke(actor=actor, key=found)
                self.stdout.write(f"{found.prefix} revoked")
        except PermissionDenied as exc:
            raise CommandError(f"not allowed: {exc}") from exc
