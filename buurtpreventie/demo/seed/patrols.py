"""Demo rounds for team "centrum": ended rounds with reports of varying quality, one planned
tonight, one running now with "lid" sharing a position in Nijmegen-Centrum. Idempotent."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from buurtpreventie.areas.models import Street
from buurtpreventie.demo.context import DemoContext
from buurtpreventie.patrols.models import (
    DEFAULT_FOCUS_POINTS,
    Defect,
    PatrolReport,
    Position,
    ReportSettings,
    Round,
    RoundParticipant,
    RoundStatus,
)
from buurtpreventie.patrols.services import DefectInput, ObservationInput, ReportInput, report_submit

DEMO_NS = uuid.UUID("6f1d8a52-3f7e-4b7a-9a55-0d6a1c2b9e01")
RUNNING_ROUTE = ["Broerstraat", "Grote Markt", "Burchtstraat"]


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    local = timezone.localtime() + timedelta(days=days)
    return local.replace(hour=hour, minute=minute, second=0, microsecond=0)


def _round(ctx: DemoContext, key: str, start: datetime, end: datetime, status: str, walkers: list[str],
           streets: list[str] | None = None) -> Round:
    team = ctx.initiatives["centrum"]
    route = None
    if streets:
        by_name = {s.name: s for s in Street.objects.filter(municipality=ctx.municipality, name__in=streets)}
        route = {"type": "FeatureCollection", "features": [by_name[n].as_feature() for n in streets if n in by_name]}
    # By a stable key, not by the meeting point: people edit that, or plan a round with the same one.
    round = ctx.keyed(f"patrols.round:{key}", Round, legacy={"initiative": team, "meeting_point": key}, defaults={
        "initiative": team, "meeting_point": key,
        "wijk": ctx.wijken["WK026801"], "planned_start": start, "planned_end": end, "status": status,
        "started_at": start if status in (RoundStatus.RUNNING, RoundStatus.ENDED) else None,
        "ended_at": end if status == RoundStatus.ENDED else None, "planned_route": route,
    })
    for username in walkers:
        RoundParticipant.objects.get_or_create(round=round, user=ctx.users[username])
    return round


def _points_along(street: Street, n: int) -> list[tuple[float, float]]:
    geom = street.geometry
    lines = geom["coordinates"] if geom["type"] == "MultiLineString" else [geom["coordinates"]]
    line = max(lines, key=len)
    points = []
    for i in range(n):
        t = (0.15 + 0.7 * i / max(1, n - 1)) * (len(line) - 1)
        j = min(int(t), len(line) - 2) if len(line) > 1 else 0
        frac = t - j
        (x1, y1), (x2, y2) = line[j], line[min(j + 1, len(line) - 1)]
        points.append((y1 + (y2 - y1) * frac, x1 + (x2 - x1) * frac))
    return points


def seed(ctx: DemoContext) -> None:
    ReportSettings.objects.update_or_create(
        municipality=ctx.municipality,
        defaults={"focus_points": DEFAULT_FOCUS_POINTS,
                  "extra_questions": [{"key": "verlichting", "label": "Hoe was de straatverlichting onderweg?"}]},
    )
    lid, lid2, coordinator = ctx.users["lid"], ctx.users["lid2"], ctx.users["coordinator"]

    # Ended rounds with reports: complete, average and poor.
    full = _round(ctx, "Grote Markt, bij de Waag", _at(-7, 20), _at(-7, 22), RoundStatus.ENDED,
                  ["lid", "lid2"], ["Grote Markt", "Burchtstraat", "Broerstraat"])
    mid = _round(ctx, "Plein 1944, bij de fontein", _at(-4, 21), _at(-4, 22, 30), RoundStatus.ENDED,
                 ["lid", "coordinator"])
    poor = _round(ctx, "Kelfkensbos", _at(-2, 19, 30), _at(-2, 21), RoundStatus.ENDED, ["lid2", "coordinator"])
    report_submit(actor=lid, round=full, data=ReportInput(
        client_uuid=uuid.uuid5(DEMO_NS, "report-full"),
        started_at=full.planned_start, ended_at=full.planned_end,
        route_streets=["Grote Markt", "Burchtstraat", "Broerstraat", "Houtstraat"], route_kind="alleys",
        walker_ids=[lid.pk, lid2.pk], spoke_to_people=True,
        conversation_topics="Bewoner van de Broerstraat over fietsendiefstal bij het station.",
        conversation_outcome="good", focus_points=DEFAULT_FOCUS_POINTS[:3],
        extra_answers={"verlichting": "Eén lantaarnpaal uit in de Burchtstraat."},
        observations=[ObservationInput(
            observed_at=full.planned_start + timedelta(minutes=35), place="Burchtstraat 12, achterom",
            category="burglary_risk", behaviour="Achterdeur stond wijd open, niemand thuis; bewoner gebeld.",
        )],
        defects=[DefectInput(category="street_light", place="Burchtstraat, paal 23",
                             description="Lantaarnpaal brandt niet; achterom donker.", lat=51.84718, lon=5.86555)],
    ))
    report_submit(actor=coordinator, round=mid, data=ReportInput(
        client_uuid=uuid.uuid5(DEMO_NS, "report-mid"),
        started_at=mid.planned_start, ended_at=mid.planned_end, route_streets=["Bloemerstraat", "Houtstraat"],
        walker_ids=[lid.pk, coordinator.pk], quiet=True, spoke_to_people=False,
    ))
    report_submit(actor=lid2, round=poor, data=ReportInput(
        client_uuid=uuid.uuid5(DEMO_NS, "report-poor"), started_at=None, ended_at=None, quiet=True,
        notes="Rustig.",
    ))

    # Reports arrive an hour after their round ended (the service stamps "now").
    for round in (full, mid, poor):
        PatrolReport.objects.filter(round=round, author__in=[lid, lid2, coordinator]).update(
            submitted_at=round.planned_end + timedelta(hours=1))
        Defect.objects.filter(report__round=round).update(created_at=round.planned_end + timedelta(hours=1),
                                                          updated_at=round.planned_end + timedelta(hours=1))

    # Planned tonight (or, late in the evening, tomorrow night) with too few walkers.
    now = timezone.localtime()
    tonight = _at(0, 21) if now.hour < 20 else _at(1, 21)
    _round(ctx, "Station Nijmegen, hoofdingang", tonight, tonight + timedelta(hours=2), RoundStatus.PLANNED,
           ["lid"], ["Houtstraat", "Grote Markt", "Ziekerstraat"])

    # Running now; "lid" shares a position inside WK026801.
    start = now.replace(second=0, microsecond=0) - timedelta(minutes=40)
    running = _round(ctx, "Molenstraat, bij de kerk", start, start + timedelta(hours=2), RoundStatus.RUNNING,
                     ["lid", "lid2"], RUNNING_ROUTE)
    RoundParticipant.objects.filter(round=running, user=lid).update(shares_position=True)
    if not Position.objects.filter(round=running, user=lid).exists():
        streets = {s.name: s for s in Street.objects.filter(municipality=ctx.municipality, name__in=RUNNING_ROUTE)}
        points: list[Any] = []
        for name in RUNNING_ROUTE:
            if name in streets:
                points += _points_along(streets[name], 4)
        if not points:
            points = [(51.8473, 5.8645)]
        for i, (lat, lon) in enumerate(points):
            Position.objects.create(round=running, user=lid, lat=lat, lon=lon, accuracy_m=8,
                                    recorded_at=start + timedelta(minutes=3 * (i + 1)))
    ctx.extra["patrols_full_report_uuid"] = uuid.uuid5(DEMO_NS, "report-full")
    ctx.say("rondes        centrum: 3 afgelopen met verslag, 1 gepland vanavond, 1 lopend (lid deelt locatie)")
