"""Reads for the one counter: the inbox (fast at a million reports), feedback, notices, news."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime

from buurtpreventie.accounts.roles import Cap
from buurtpreventie.accounts.selectors import user_grants
from buurtpreventie.notifications.selectors import notices_for  # noqa: F401  (re-exported for views)
from buurtpreventie.patrols.models import PatrolReport
from buurtpreventie.patrols.selectors import _professional_filter

from .models import Feedback, NewsItem, ReportEvent

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User

INBOX_PAGE_SIZE = 50


def inbox_municipality_ids(*, user: User) -> set[int]:
    from buurtpreventie.accounts.policies import wijk_scope

    return {
        g.municipality_id
        for g in user_grants(user=user)
        if wijk_scope(user, Cap.VIEW_AREA_REPORTS, municipality_id=g.municipality_id) != set()
    }


def inbox_page(
    *,
    user: User,
    municipality_id: int,
    status: str = "",
    wijk_id: int | None = None,
    with_observations: bool = False,
    assigned_to_me: bool = False,
    before: tuple[datetime, int] | None = None,
    limit: int = INBOX_PAGE_SIZE,
) -> list[PatrolReport]:
    """One page of the inbox, newest first, keyset-paginated on (submitted_at, id).

    Scoped to the wijken the user covers in this municipality; never counts the whole table.
    Returns up to `limit + 1` rows so the caller knows whether a next page exists.
    """
    condition = _professional_filter(user, Cap.VIEW_AREA_REPORTS, wijk_field="wijk_id",
                                     municipality_field="municipality_id")
    if condition is None:
        return []
    qs = PatrolReport.objects.filter(condition).filter(municipality_id=municipality_id)
    if status:
        qs = qs.filter(status=status)
    if wijk_id:
        qs = qs.filter(wijk_id=wijk_id)
    if with_observations:
        qs = qs.filter(observation_count__gt=0)
    if assigned_to_me:
        qs = qs.filter(assigned_to_id=user.pk)
    if before is not None:
        at, pk = before
        # The redundant `<=` gives the planner an index range; the OR breaks ties on id.
        qs = qs.filter(submitted_at__lte=at).filter(Q(submitted_at__lt=at) | Q(submitted_at=at, id__lt=pk))
    qs = (
        qs.select_related("initiative", "author", "wijk", "assigned_to")
        .only(
            "id", "submitted_at", "started_at", "ended_at", "status", "quality_score", "observation_count",
            "defect_count", "quiet", "route_streets", "initiative__name", "author__first_name",
            "author__last_name", "author__username", "wijk__name", "assigned_to__first_name",
            "assigned_to__last_name", "assigned_to__username", "municipality_id", "wijk_id", "initiative_id",
        )
        .order_by("-submitted_at", "-id")
    )
    return list(qs[: limit + 1])


def report_history(*, report: PatrolReport) -> QuerySet[ReportEvent]:
    return ReportEvent.objects.filter(report=report).select_related("actor", "assigned_to").order_by("at", "id")


def feedback_for_report(*, report: PatrolReport) -> QuerySet[Feedback]:
    return Feedback.objects.filter(report=report).select_related("author").order_by("created_at", "id")




def news_list_public(*, municipality: Any, limit: int = 20) -> QuerySet[NewsItem]:
    """Published news of a municipality for the public pages (no login needed)."""
    from django.utils import timezone

    return (
        NewsItem.objects.filter(municipality=municipality, published_at__lte=timezone.now())
        .select_related("wijk")
        .order_by("-published_at", "-id")[:limit]
    )


def news_list_for_staff(*, user: User) -> QuerySet[NewsItem]:
    ids = {g.municipality_id for g in user_grants(user=user)}
    return NewsItem.objects.filter(municipality_id__in=ids).select_related("wijk", "author")


def colleagues_for_assignment(*, report: Any) -> QuerySet[Any]:
    """Professionals of the municipality who may work this report or signal (wijk-scoped ones only in
    their wijk)."""
    from buurtpreventie.accounts.models import User
    from buurtpreventie.accounts.roles import Role

    roles = [Role.WIJKAGENT, Role.BOA, Role.SAFETY_OFFICER]
    wijk_q = Q(grants__wijk__isnull=True)
    if report.wijk_id:
        wijk_q |= Q(grants__wijk_id=report.wijk_id)
    return (
        User.objects.filter(
            grants__municipality_id=report.municipality_id, grants__role__in=roles, grants__revoked_at__isnull=True
        )
        .filter(wijk_q)
        .distinct()
        .order_by("first_name", "username")
    )


def signal_history(*, signal: Any) -> QuerySet[ReportEvent]:
    return ReportEvent.objects.filter(signal=signal).select_related("actor", "assigned_to").order_by("at", "id")


def feedback_for_signal(*, signal: Any) -> QuerySet[Feedback]:
    return Feedback.objects.filter(signal=signal).select_related("author").order_by("created_at", "id")


def share_text(*, feedback: Feedback) -> str:
    """A ready message for the group's chat app: what was answered, without names of neighbours
    (no filer, no house number; the professional by role only)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from buurtpreventie.accounts.policies import roles_of
    from buurtpreventie.accounts.roles import PROFESSIONAL_ROLES, Role

    signal = feedback.signal
    if signal is None:
        return ""
    roles = [r for r in roles_of(feedback.author, municipality_id=signal.municipality_id) if r in PROFESSIONAL_ROLES]
    role = (_("de %(role)s") % {"role": str(Role(sorted(roles)[-1]).label).lower()}) if roles else _("de gemeente")
    when = timezone.localtime(signal.observed_at)
    where = signal.street or (signal.wijk.name if signal.wijk else "")
    return _(
        "Terugkoppeling van %(role)s op ons signaal van %(date)s om %(time)s%(where)s (%(category)s): "
        "%(kind)s. %(body)s"
    ) % {
        "role": role, "date": f"{when:%d-%m}", "time": f"{when:%H:%M}",
        "where": (_(" bij %(place)s") % {"place": where}) if where else "",
        "category": signal.get_category_display().lower(), "kind": feedback.get_kind_display(),
        "body": feedback.body,
    }


def parse_inbox_cursor(value: str) -> tuple[datetime, int] | None:
    """The inbox page cursor "<submitted_at ISO>_<pk>" (pages and API), or None when malformed."""
    if "_" not in value:
        return None
    at_text, _sep, pk_text = value.rpartition("_")
    at = parse_datetime(at_text)
    if at is None or not pk_text.isdigit():
        return None
    return at, int(pk_text)
