"""Demo: an invite link and a broadcast of Buurtapp Binnenstad-West; team activities of Buurtpreventie
Binnenstad (a witte-voetjes-actie held, a lighting check planned) and a thank-you to the wijkagent.
No municipal house-rules version is set (the default texts apply). Idempotent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from buurtpreventie.demo.context import DemoContext
from buurtpreventie.groups.models import Activity, Broadcast, InviteLink, Thanks
from buurtpreventie.groups.services import (
    activity_log_done,
    activity_plan,
    broadcast_send,
    invite_link_create,
    thanks_send,
)


def seed(ctx: DemoContext) -> None:
    group = ctx.initiatives.get("centrum_app")
    admin = ctx.users.get("appbeheerder-centrum")
    if group is not None and admin is not None:
        _seed_group(group, admin)
    _seed_team(ctx)
    ctx.say("groepen       uitnodigingslink en bericht aan de leden (appbeheerder-centrum): /groepen/<id>/uitnodigen/; "
            "activiteiten van Buurtpreventie Binnenstad: /groepen/<id>/activiteiten/")


def _seed_group(group: Any, admin: Any) -> None:
    if not InviteLink.objects.filter(initiative=group).exists():
        invite_link_create(actor=admin, initiative=group, days=30)
    if not Broadcast.objects.filter(initiative=group).exists():
        broadcast_send(actor=admin, initiative=group, subject="Welkom in de app van Buurtapp Binnenstad-West",
                       body="Signalen stuurt u voortaan via 'Signalen'; de terugkoppeling van wijkagent en gemeente "
                            "kunt u met één knop in onze groepsapp delen.")


def _seed_team(ctx: DemoContext) -> None:
    team, coordinator = ctx.initiatives.get("centrum"), ctx.users.get("coordinator")
    if team is None or coordinator is None:
        return
    if not Activity.objects.filter(initiative=team).exists():
        now = timezone.now()
        held = activity_plan(actor=coordinator, initiative=team, kind="campaign", title="Witte-voetjes-actie",
                             planned_at=now - timedelta(days=12), place="Rond de Grote Markt")
        activity_log_done(actor=coordinator, activity=held, participants=7, done_at=now - timedelta(days=12),
                          outcome="62 woningen met open ramen of deuren een wit voetje gegeven.")
        activity_plan(actor=coordinator, initiative=team, kind="lighting", title="Controle buitenverlichting",
                      planned_at=now + timedelta(days=9), place="Houtstraat en Lange Hezelstraat")
    if "lid" in ctx.users and not Thanks.objects.filter(initiative=team).exists():
        thanks_send(actor=ctx.users["lid"], initiative=team, professional=ctx.users["wijkagent"],
                    message="Dank voor de snelle terugkoppeling op ons verslag!")
