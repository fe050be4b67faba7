"""Reads for running a team or group."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from buurtpreventie.accounts.roles import Role


def professionals_of(*, initiative: Any) -> QuerySet[Any]:
    """Wijkagents and BOAs whose grant covers the initiative's area (the people a member may thank)."""
    from buurtpreventie.accounts.models import User

    wijk_ids = list(initiative.wijken.values_list("pk", flat=True))
    return (User.objects.filter(grants__municipality_id=initiative.municipality_id,
                                grants__role__in=[Role.WIJKAGENT, Role.BOA], grants__revoked_at__isnull=True)
            .filter(Q(grants__wijk__isnull=True) | Q(grants__wijk_id__in=wijk_ids))
            .distinct().order_by("first_name", "username"))


def activity_count(*, initiative: Any, since: Any = None) -> int:
    """Activities other than rounds that took place (they count as team activity)."""
    from .models import Activity

    qs = Activity.objects.filter(initiative=initiative, done_at__isnull=False)
    if since is not None:
        qs = qs.filter(done_at__gte=since)
    return qs.count()


def activity_summary(*, initiative: Any, since: Any) -> dict[str, int]:
    """What an initiative did since a moment: rounds walked, patrol reports, signals and other activities
    held. One place for "is this team or group active" (the activities page; insights may reuse it)."""
    from buurtpreventie.patrols.models import PatrolReport, Round, RoundStatus
    from buurtpreventie.signals.models import Signal

    rounds = Round.objects.filter(initiative=initiative, status=RoundStatus.ENDED, ended_at__gte=since).count()
    reports = PatrolReport.objects.filter(initiative=initiative, submitted_at__gte=since).count()
    signals = Signal.objects.filter(initiative=initiative, submitted_at__gte=since).count()
    activities = activity_count(initiative=initiative, since=since)
    return {"rounds": rounds, "reports": reports, "signals": signals, "activities": activities,
            "total": rounds + signals + activities}
