"""Hand-made raw data for the insights tests: rounds, reports, feedback at given moments."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from buurtpreventie.feedback.models import Feedback
from buurtpreventie.patrols.models import Observation, PatrolReport, Round, RoundParticipant, RoundStatus
from buurtpreventie.testing.factories import UserFactory


def at(day: date, hour: int = 20) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def walked_round(team: Any, day: date, walkers: list[Any], *, wijk: Any = None, status: str = RoundStatus.ENDED,
                 minimum: int = 2) -> Round:
    r = Round.objects.create(initiative=team, wijk=wijk, planned_start=at(day), planned_end=at(day, 22),
                             status=status, minimum_walkers=minimum,
                             started_at=at(day) if status == RoundStatus.ENDED else None,
                             ended_at=at(day, 22) if status == RoundStatus.ENDED else None)
    for w in walkers:
        RoundParticipant.objects.create(round=r, user=w)
    return r


def report(r: Round, author: Any, *, route: bool = True, times: bool = True, quality: int = 70,
           feedback: list[tuple[str, timedelta]] | None = None, points: list[tuple[float, float]] | None = None
           ) -> PatrolReport:
    submitted = r.planned_end + timedelta(minutes=10)
    rep = PatrolReport.objects.create(
        round=r, initiative=r.initiative, municipality=r.initiative.municipality, wijk=r.wijk, author=author,
        started_at=r.planned_start if times else None, ended_at=r.planned_end if times else None,
        route_streets=["Grote Markt", "Burchtstraat", "Lange Hezelstraat"] if route else [],
        quality_score=quality, submitted_at=submitted, observation_count=len(points or []))
    pro = None
    for kind, after in feedback or []:
        pro = pro or UserFactory()
        Feedback.objects.create(report=rep, author=pro, kind=kind, body="Dank", created_at=submitted + after)
    for lat, lon in points or []:
        Observation.objects.create(report=rep, observed_at=submitted, place="bij het plein", lat=lat, lon=lon,
                                   category="nuisance", behaviour="lawaai")
    return rep


def municipality_months(municipality: Any) -> None:
    """Hand-made TeamMonth rows summed into MunicipalityMonth rows, as the aggregation does."""
    from collections import defaultdict

    from buurtpreventie.insights.measures import SUMMED
    from buurtpreventie.insights.models import MunicipalityMonth, TeamMonth

    sums: dict[Any, dict[str, Any]] = defaultdict(lambda: defaultdict[str, Any](int, feedback_minutes=[]))
    for r in TeamMonth.objects.filter(municipality=municipality):
        for k in SUMMED:
            sums[r.month][k] += getattr(r, k)
        sums[r.month]["feedback_minutes"] += r.feedback_minutes
    MunicipalityMonth.objects.filter(municipality=municipality).delete()
    for month, c in sums.items():
        MunicipalityMonth.objects.create(municipality=municipality, month=month, **{k: c[k] for k in SUMMED},
                                         feedback_minutes=sorted(c["feedback_minutes"]))
