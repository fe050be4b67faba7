"""Demo: an invite link and a broadcast of Buurtapp Binnenstad-West, a municipal house-rules version
is not set (the default texts apply). Idempotent."""

from __future__ import annotations

from buurtpreventie.demo.context import DemoContext

from .models import Broadcast, InviteLink
from .services import broadcast_send, invite_link_create


def seed(ctx: DemoContext) -> None:
    group = ctx.initiatives.get("centrum_app")
    admin = ctx.users.get("appbeheerder-centrum")
    if group is None or admin is None:
        return
    if not InviteLink.objects.filter(initiative=group).exists():
        invite_link_create(actor=admin, initiative=group, days=30)
    if not Broadcast.objects.filter(initiative=group).exists():
        broadcast_send(actor=admin, initiative=group, subject="Welkom in de app van Buurtapp Binnenstad-West",
                       body="Signalen stuurt u voortaan via 'Signalen'; de terugkoppeling van wijkagent en gemeente "
                            "kunt u met één knop in onze groepsapp delen.")
    ctx.say("groepen       uitnodigingslink en bericht aan de leden: /groepen/<id>/uitnodigen/ (appbeheerder-centrum)")
