"""Demo data for live operations: alert templates for Nijmegen, opted-in home locations, a
running round in Centrum and one in Oost (if the patrols demo did not start any), and a past
alert with acknowledgements and an outcome."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from buurtpreventie.alerts.models import (
    AckKind,
    Alert,
    AlertAcknowledgement,
    AlertEventKind,
    AlertHistory,
    AlertRecipient,
    AlertStatus,
    AlertTemplate,
    HomeLocation,
    RecipientReason,
)
from buurtpreventie.demo.context import DemoContext
from buurtpreventie.patrols.models import Position, Round, RoundParticipant, RoundStatus

TEMPLATES = [
    ("Overval / vluchtende verdachten", "Overval gepleegd; verdachten zijn te voet gevlucht.",
     "Grijp niet in en volg niemand. Ga naar een veilige plek en blijf bij elkaar. "
     "Ziet u de verdachten? Bel 112 en zeg waar en welke kant ze op gaan.", 1),
    ("Blijf weg van een plek", "Politie-inzet in de omgeving.",
     "Loop niet naar deze plek toe en stop de ronde in dit gebied tot u bericht krijgt.", 2),
    ("Niet ingrijpen, wel kijken", "Verdachte situatie gemeld.",
     "Grijp niet in. Let op en bel 112 als u ziet wat hieronder staat beschreven.", 3),
    ("Bel 112 als u ziet ...", "Gezocht: persoon of voertuig.",
     "Bel 112 als u de beschreven persoon of het voertuig ziet. Spreek niemand aan.", 4),
]


def _running_round(ctx: DemoContext, key: str, wijk_code: str, walkers: list[str], lat: float, lon: float) -> Round:
    initiative = ctx.initiatives[key]
    wijk = ctx.wijken[wijk_code]
    rnd = Round.objects.filter(initiative=initiative, status=RoundStatus.RUNNING).first()
    now = timezone.now()
    if rnd is None:
        rnd = Round.objects.create(initiative=initiative, wijk=wijk, planned_start=now - timedelta(minutes=20),
                                   planned_end=now + timedelta(hours=2), status=RoundStatus.RUNNING,
                                   started_at=now - timedelta(minutes=15), meeting_point="Demo")
    for username in walkers:
        RoundParticipant.objects.get_or_create(round=rnd, user=ctx.users[username],
                                               defaults={"shares_position": True})
    if not rnd.positions.exists():
        Position.objects.create(round=rnd, user=ctx.users[walkers[0]], lat=lat, lon=lon,
                                recorded_at=now - timedelta(minutes=1))
    return rnd


def seed(ctx: DemoContext) -> None:
    municipality = ctx.municipality
    for name, situation, instructions, order in TEMPLATES:
        AlertTemplate.objects.update_or_create(municipality=municipality, name=name, defaults={
            "situation": situation, "instructions": instructions, "order": order})

    centrum, oost = ctx.wijken["WK026801"], ctx.wijken["WK026802"]
    c_lat, c_lon = centrum.centroid_lat, centrum.centroid_lon
    o_lat, o_lon = oost.centroid_lat, oost.centroid_lon
    homes = {"lid2": (c_lat + 0.0015, c_lon - 0.001), "coordinator": (c_lat - 0.001, c_lon)}
    for username, (lat, lon) in homes.items():
        HomeLocation.objects.update_or_create(user=ctx.users[username], defaults={
            "municipality": municipality, "lat": lat, "lon": lon})

    centrum_round = _running_round(ctx, "centrum", "WK026801", ["lid", "lid2"], c_lat, c_lon)
    _running_round(ctx, "oost_team", "WK026802", ["lid-oost"], o_lat, o_lon)

    # A past alert (yesterday evening), answered and ended with an outcome.
    sent = timezone.now().replace(hour=21, minute=40, second=0, microsecond=0) - timedelta(days=1)
    alert, created = Alert.objects.get_or_create(
        municipality=municipality, situation="Demo: inbraak gemeld, verdachte gevlucht richting Grote Markt.",
        defaults={
            "created_by": ctx.users["meldkamer"], "lat": c_lat, "lon": c_lon, "radius_m": 600,
            "wijk_ids": [centrum.pk], "instructions": TEMPLATES[0][2], "status": AlertStatus.CLEARED,
            "sent_at": sent, "cleared_at": sent + timedelta(minutes=25),
            "outcome": "De politie heeft twee verdachten aangehouden. Dank voor jullie snelle reactie!",
            "outcome_at": sent + timedelta(minutes=40),
        },
    )
    if created:
        answers = {"lid": [AckKind.RECEIVED, AckKind.SAFE], "lid2": [AckKind.SAFE]}
        for username in ["lid", "lid2"]:
            recipient = AlertRecipient.objects.create(alert=alert, user=ctx.users[username],
                                                      reason=RecipientReason.PATROL,
                                                      initiative=ctx.initiatives["centrum"], round=centrum_round)
            for i, kind in enumerate(answers[username]):
                AlertAcknowledgement.objects.create(alert=alert, recipient=recipient, kind=kind,
                                                    at=sent + timedelta(seconds=30 + 60 * i))
        AlertHistory.objects.create(alert=alert, kind=AlertEventKind.SENT, actor=ctx.users["meldkamer"], at=sent,
                                    detail={"recipients": 2, "teams": 1})
        AlertHistory.objects.create(alert=alert, kind=AlertEventKind.CLEARED, actor=ctx.users["meldkamer"],
                                    at=sent + timedelta(minutes=25))
        AlertHistory.objects.create(alert=alert, kind=AlertEventKind.OUTCOME, actor=ctx.users["meldkamer"],
                                    at=sent + timedelta(minutes=40))
    ctx.say("alerts: templates, 2 home locations, running rounds in Centrum and Oost, 1 past alert")
