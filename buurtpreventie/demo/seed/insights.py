"""Demo for insights: a year of history so the dashboard is alive. Idempotent.

- "Buurtpreventie Binnenstad" walks steadily (8-9 rounds a month, most reports answered);
- "Buurtpreventie Galgenveld" declines over the last months (10 rounds a month down to 2, two
  walkers stopped, no contact) and gets an early warning with its reasons, which marks it at
  risk for the continuity review;
- the other wijken of Nijmegen have no team or app group (the coverage list and grey map);
- the municipality publishes its summary and commitments (`/inzicht/openbaar/nijmegen/`).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from buurtpreventie.accounts.models import User
from buurtpreventie.demo.context import DemoContext
from buurtpreventie.engagement.models import Appreciation, ContactKind, ContactLog
from buurtpreventie.engagement.rhythm import add_months, local_zone
from buurtpreventie.feedback.models import Feedback
from buurtpreventie.initiatives.models import Initiative, Membership
from buurtpreventie.insights.aggregation import refresh_all
from buurtpreventie.insights.measures import month_start
from buurtpreventie.insights.models import InsightSettings
from buurtpreventie.patrols.models import Observation, PatrolReport, Round, RoundParticipant, RoundStatus

HISTORY = "demo-historie"  # meeting point of the history rounds: seeded once
# 12 complete months, oldest first: (rounds walked, reports filed, walkers per round)
STEADY = [(n, n, 2) for n in (8, 9, 8, 9, 8, 8, 9, 8, 9, 8, 9, 8)]
DECLINING = [(11, 11, 2), (11, 11, 2), (10, 10, 2), (11, 11, 2), (11, 11, 2), (10, 10, 2), (11, 11, 2),
             (10, 10, 2), (9, 8, 2), (7, 5, 1), (5, 3, 1), (3, 1, 1)]
CENTRE = (51.8475, 5.8625)  # Grote Markt, Nijmegen


def _walkers(team: Initiative, prefix: str, names: list[tuple[str, str]], joined: date) -> list[User]:
    users = []
    for i, (first, last) in enumerate(names):
        user, _ = User.objects.get_or_create(username=f"{prefix}{i + 1}", defaults={
            "first_name": first, "last_name": last, "email": f"{prefix}{i + 1}@example.org"})
        if not Membership.objects.filter(user=user, initiative=team).exists():  # any row: some of them left
            Membership.objects.create(user=user, initiative=team, joined_on=joined, role="member")
        users.append(user)
    return users


def _history(team: Initiative, wijk: Any, per_month: list[tuple[int, int, int]], walkers: list[User], author: User, *,
             answered: float, rng: random.Random, first: date) -> None:
    pro = User.objects.filter(username="wijkagent").first() or author
    for i, (n, filed, pair_size) in enumerate(per_month):
        month = add_months(first, i)
        for j in range(n):
            day = month + timedelta(days=min(27, 1 + j * 3))
            start = datetime(day.year, day.month, day.day, 20, tzinfo=local_zone())
            r = Round.objects.create(initiative=team, wijk=wijk, meeting_point=HISTORY, planned_start=start,
                                     planned_end=start + timedelta(hours=2), status=RoundStatus.ENDED,
                                     started_at=start, ended_at=start + timedelta(hours=2))
            RoundParticipant.objects.bulk_create([RoundParticipant(round=r, user=u) for u in walkers[:pair_size]])
            if j >= filed:
                continue
            report = PatrolReport.objects.create(
                round=r, initiative=team, municipality=team.municipality, wijk=wijk, author=author,
                started_at=start, ended_at=start + timedelta(hours=2),
                submitted_at=start + timedelta(hours=2, minutes=20),
                route_streets=["Grote Markt", "Burchtstraat", "Lange Hezelstraat"] if rng.random() < 0.8 else [],
                quality_score=rng.randint(55, 95), quiet=rng.random() < 0.5, status="done",
                observation_count=1 if j % 3 == 0 else 0)
            if rng.random() < answered:
                Feedback.objects.create(report=report, author=pro,
                                        kind=rng.choice(["info", "action", "info", "arrest"]),
                                        body="Dank voor het verslag; wij nemen het mee.",
                                        created_at=report.submitted_at + timedelta(hours=rng.randint(3, 120)))
            if j % 3 == 0:
                Observation.objects.create(report=report, observed_at=report.submitted_at, place="omgeving Grote Markt",
                                           lat=CENTRE[0] + rng.random() * 0.004, lon=CENTRE[1] + rng.random() * 0.006,
                                           category="nuisance", behaviour="Groep jongeren maakte lawaai.")


def seed(ctx: DemoContext) -> None:
    centrum, galgenveld = ctx.initiatives["centrum"], ctx.initiatives["oost_team"]
    today = timezone.localdate()
    first = add_months(month_start(today), -len(STEADY))
    if not Round.objects.filter(initiative__in=[centrum, galgenveld], meeting_point=HISTORY).exists():
        rng = random.Random(14)
        joined = add_months(first, -2)
        steady = _walkers(centrum, "demo-binnenstad-", [("Sanne", "de Wit"), ("Kees", "Jansen"),
                                                         ("Fatima", "El Amrani")], joined)
        declining = _walkers(galgenveld, "demo-galgenveld-", [("Henk", "Peters"), ("Ria", "Smits"),
                                                             ("Joop", "Verhoeven"), ("Anouk", "Bos")], joined)
        _history(centrum, ctx.wijken["WK026801"], STEADY, steady, steady[0], answered=0.8, rng=rng, first=first)
        _history(galgenveld, ctx.wijken["WK026802"], DECLINING, declining, declining[0], answered=0.4, rng=rng,
                 first=first)
        last_month = add_months(month_start(today), -1)
        Membership.objects.filter(initiative=galgenveld, user__in=declining[2:]).update(
            left_on=last_month + timedelta(days=10))
        lead = (Membership.objects.current().filter(initiative=centrum, role="coordinator")
                .select_related("user").first())
        for i in range(len(STEADY)):
            month = add_months(first, i)
            if lead:
                ContactLog.objects.get_or_create(
                    municipality=ctx.municipality, initiative=centrum, contact_person=lead.user,
                    kind=ContactKind.CALL, occurred_at=datetime(month.year, month.month, 12, 10, tzinfo=local_zone()),
                    defaults={"notes": "Maandelijks belletje"})
            if i % 2 == 0:
                Appreciation.objects.get_or_create(initiative=centrum, kind="email", occurred_on=month.replace(day=15),
                                                   defaults={"note": "Bedankt voor de rondes!"})
            if i < 4:
                Appreciation.objects.get_or_create(initiative=galgenveld, kind="email",
                                                   occurred_on=month.replace(day=15), defaults={"note": "Bedankt!"})
    InsightSettings.objects.get_or_create(municipality=ctx.municipality,
                                          defaults={"public_summary": True, "public_commitments": True})
    refresh_all(municipality=ctx.municipality)
    ctx.say("inzicht        een jaar historie; Galgenveld daalt en krijgt een vroegsignalering (/inzicht/)")
