"""Demo: an app group in the binnenstad (the wijkagent's wijk) with members, signals with feedback
and a share text, a signal from Buurtapp Oost answered by the BOA, and a team member's signal
filed outside a round. Idempotent (fixed client ids)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from buurtpreventie.demo.context import DemoContext
from buurtpreventie.demo.seed.base import CENTRUM, _user, demo_initiative, demo_membership
from buurtpreventie.initiatives.models import (
    HouseRulesAcceptance,
    InitiativeKind,
    InitiativeStatus,
    Membership,
)
from buurtpreventie.initiatives.selectors import house_rules_current
from buurtpreventie.patrols.services import DefectInput
from buurtpreventie.signals import services
from buurtpreventie.signals.models import Signal

NS = uuid.UUID("6d1c3a64-4f3b-4c7e-9d7e-5b0c1f1e0a11")

GROUP_USERS = [
    ("appbeheerder-centrum", "Ayla", "App-beheerder", "app_group_admin"),
    ("applid", "Aart", "Applid", "member"),
    ("applid2", "Anouk", "Applid", "member"),
]


def _accept_rules(membership: Membership) -> None:
    text = house_rules_current(initiative=membership.initiative)[0]
    if not HouseRulesAcceptance.objects.filter(membership=membership, rules_text=text).exists():
        HouseRulesAcceptance.objects.create(membership=membership, rules_text=text, confirms_adult=True)


def seed(ctx: DemoContext) -> None:
    from buurtpreventie.feedback.models import Feedback
    from buurtpreventie.feedback.services import feedback_give

    group, created = demo_initiative(ctx, "centrum_app", name="Buurtapp Binnenstad-West",
                                     kind=InitiativeKind.APP_GROUP, status=InitiativeStatus.ACTIVE,
                                     description="Demo-appgroep met fictieve leden.")
    if created:
        group.wijken.add(ctx.wijken[CENTRUM])
    ctx.initiatives["centrum_app"] = group
    for username, first, last, role in GROUP_USERS:
        user = _user(username, first, last)
        membership = demo_membership(user, group, role=role, joined_on=timezone.localdate() - timedelta(days=200))
        _accept_rules(membership)
        ctx.users[username] = user
        ctx.say(f"{username:<16} {dict(Membership.ROLE_CHOICES)[role]} — {group.name}")
    # Demo members have accepted the current house rules, so every demo login can walk and file at once.
    for membership in Membership.objects.current().filter(initiative__municipality=ctx.municipality):
        _accept_rules(membership)
    now = timezone.now()
    specs = [
        ("applid", group, "suspicious", "Kronenburgerpark, ingang Kronenburgersingel",
         "Twee personen liepen langs de geparkeerde fietsen en voelden aan elk slot; toen ik keek, liepen ze weg.",
         {"person_clothing": "donkere jas met capuchon, witte sneakers", "person_height": "lang, slank",
          "person_age": "ongeveer 20"}, True, 51.8459, 5.8553, 26, None, "wijkagent",
         "Dank voor het snelle signaal en het bellen van 112. Een surveillance-eenheid heeft de omgeving "
         "gecontroleerd; we rijden de komende weken vaker langs bij het park."),
        ("applid2", group, "nuisance", "Bottelstraat",
         "Al drie avonden na middernacht harde muziek en geschreeuw bij de bushalte; glas op de stoep.",
         {}, False, 51.8456, 5.8589, 50, DefectInput(category="litter", place="Bottelstraat, bushalte",
                                                     description="Kapot glas op de stoep"), "wijkagent",
         "Bekend bij ons; de BOA's nemen de bushalte mee in hun avondronde en de gemeente ruimt het glas op."),
        ("appbeheerder-centrum", group, "burglary_risk", "Houtstraat",
         "Bij een benedenwoning stond het raam de hele middag open terwijl niemand thuis leek.",
         {}, False, 51.8447, 5.8609, 4, None, "", ""),
        ("appbeheerder", ctx.initiatives["oost_app"], "traffic", "Groenestraat",
         "Bestelbus reed met hoge snelheid door de straat waar kinderen speelden, twee keer achter elkaar.",
         {}, False, None, None, 30, None, "boa",
         "Dank u. We nemen de straat mee in de controles rond schooltijden."),
        ("lid", ctx.initiatives["centrum"], "suspicious", "Grote Markt",
         "Iemand probeerde 's avonds na sluitingstijd de achterdeur van een winkel te openen.",
         {}, False, 51.8475, 5.8638, 8, None, "", ""),
    ]
    for n, (username, initiative, category, place, behaviour, person, called, lat, lon, hours, defect,
            answerer, answer) in enumerate(specs):
        key = uuid.uuid5(NS, f"signal-{n}")
        signal = Signal.objects.filter(client_uuid=key).first()
        if signal is None:
            observed = now - timedelta(hours=hours)
            signal = services.signal_file(actor=ctx.users[username], initiative=initiative, data=services.SignalInput(
                observed_at=observed, place=place, category=category, behaviour=behaviour, lat=lat, lon=lon,
                person=person, called_112=called, called_112_by="me" if called else "",
                called_112_at=observed + timedelta(minutes=2) if called else None, defect=defect, client_uuid=key))
            Signal.objects.filter(pk=signal.pk).update(submitted_at=observed + timedelta(minutes=5))
        if answerer and not Feedback.objects.filter(signal=signal).exists():
            feedback_give(actor=ctx.users[answerer], signal=signal, kind="action", body=answer)
    ctx.say("signalen       5 signalen (3 van Buurtapp Binnenstad-West), 3 met terugkoppeling: /signalen/ en "
            "/loket/?soort=signalen; feed voor de wijkagent: /signalen/feed/")
