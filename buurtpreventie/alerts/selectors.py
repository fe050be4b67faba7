"""Permission-scoped reads: the live board, alerts for staff, alerts for a recipient."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtpreventie.areas.models import Municipality, Wijk
from buurtpreventie.patrols.models import Position, Round, RoundParticipant, RoundStatus

from . import recipients
from .models import (
    AckKind,
    Alert,
    AlertAcknowledgement,
    AlertDelivery,
    AlertRecipient,
    AlertStatus,
    AlertTemplate,
    DeliveryChannel,
    DeliveryState,
)
from .policies import live_wijk_scope, may_manage_alert, may_see_coordinator_phone, recipient_of

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser, User


def round_wijk_ids(rnd: Round) -> set[int]:
    if rnd.wijk_id:
        return {rnd.wijk_id}
    return {w.pk for w in rnd.initiative.wijken.all()}


def live_rounds_visible_to(*, user: User, municipality: Municipality) -> list[dict[str, Any]]:
    """Rounds running now in the user's area, with walkers, last position and (dispatch) phone."""
    scope = live_wijk_scope(user, municipality_id=municipality.pk)
    # The last position of each round rides along with the round: one index probe per round on
    # (round, recorded_at), never the positions of a whole evening (a round of four walkers
    # sharing every few seconds leaves thousands). The id breaks ties, so the three columns come
    # from one row when walkers share at the same instant.
    last = Position.objects.filter(round_id=OuterRef("pk")).order_by("-recorded_at", "-pk")
    rounds = list(
        Round.objects.filter(status=RoundStatus.RUNNING, initiative__municipality=municipality)
        .select_related("initiative", "wijk").prefetch_related("initiative__wijken")
        .annotate(last_lat=Subquery(last.values("lat")[:1]), last_lon=Subquery(last.values("lon")[:1]),
                  last_at=Subquery(last.values("recorded_at")[:1]))
        .order_by("started_at", "pk")
    )
    if scope is not None:
        rounds = [r for r in rounds if round_wijk_ids(r) & scope]
    ids = [r.pk for r in rounds]
    # Who walks each round (names for everyone on the board; phone numbers only for dispatch and
    # the wijkagent, and a coordinator's only when he walks himself).
    names: dict[int, list[str]] = {}
    phones: dict[int, list[str]] = {}
    show_phone = may_see_coordinator_phone(user, municipality_id=municipality.pk)
    for part in RoundParticipant.objects.filter(round_id__in=ids, cancelled_at__isnull=True).select_related(
            "user").order_by("round_id", "signed_up_at", "pk"):
        name = part.user.get_full_name() or part.user.get_username()
        names.setdefault(part.round_id, []).append(name)
        if show_phone and part.user.phone:
            phones.setdefault(part.round_id, []).append(f"{name} {part.user.phone}")
    walkers = {round_id: len(n) for round_id, n in names.items()}
    per_team: dict[int, int] = {}
    for r in rounds:
        per_team[r.initiative_id] = per_team.get(r.initiative_id, 0) + 1
    now = timezone.now()
    result = []
    for r in rounds:
        last_at = r.last_at  # type: ignore[attr-defined]
        wijk: Wijk | None = r.wijk or next(iter(r.initiative.wijken.all()), None)
        result.append({
            "round": r,
            "round_id": r.pk,
            "team": r.initiative.name,
            "initiative_id": r.initiative_id,
            "wijk": wijk.name if wijk else "",
            "walkers": walkers.get(r.pk, 0),
            "started_at": r.started_at,
            "last_lat": r.last_lat,  # type: ignore[attr-defined]
            "last_lon": r.last_lon,  # type: ignore[attr-defined]
            "last_at": last_at,
            "age_s": int((now - last_at).total_seconds()) if last_at else None,
            "planned_route": r.planned_route,
            "walker_names": names.get(r.pk, []),
            # Two rounds of one team at once: say which is which.
            "label": _round_label(r, several=per_team[r.initiative_id] > 1),
            "coordinator_phone": ", ".join(phones.get(r.pk, [])) if show_phone else None,
        })
    return result


def _round_label(rnd: Round, *, several: bool) -> str:
    if not several or rnd.started_at is None:
        return str(rnd.initiative.name)
    started = timezone.localtime(rnd.started_at).strftime("%H:%M")
    return f"{rnd.initiative.name} · {_('ronde van %(time)s') % {'time': started}} (#{rnd.pk})"


def board_payload(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """JSON-safe form of `live_rounds_visible_to` for the board's script."""
    return [
        {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items() if k != "round"}
        for row in rows
    ]


def alerts_visible_to(*, user: User, municipality: Municipality, status: str = "") -> QuerySet[Alert]:
    """Alerts the user manages, newest first (the 200 newest looked at), optionally of one status.

    The status is applied before the 200 are taken (index on municipality, status, sent_at): the
    live board reads its few active alerts, not a year's history filtered in Python."""
    alerts = Alert.objects.filter(municipality=municipality).select_related("created_by").order_by("-sent_at")
    if status:
        alerts = alerts.filter(status=status)
    allowed = [a.pk for a in alerts[:200] if may_manage_alert(user, a)]
    return Alert.objects.filter(pk__in=allowed).select_related("created_by").order_by("-sent_at")


@dataclass(frozen=True)
class AlertAccess:
    """What one user may do with one alert: follow and manage it (staff), and/or answer it (recipient)."""

    alert: Alert
    manager: bool
    recipient: AlertRecipient | None


def access_alert(*, user: User, pk: int) -> AlertAccess:
    """One alert for a user who manages it or received it (the object rule beside `alerts_visible_to`
    and `alerts_for_recipient`); 404 for anyone else. Acknowledgements follow the alert."""
    alert = Alert.objects.select_related("municipality", "created_by", "wijk").filter(pk=pk).first()
    if alert is None:
        raise Http404
    manager = may_manage_alert(user, alert)
    recipient = recipient_of(user, alert)
    if not manager and recipient is None:
        raise Http404
    return AlertAccess(alert=alert, manager=manager, recipient=recipient)


def alert_templates_for(*, municipality: Municipality) -> QuerySet[AlertTemplate]:
    return AlertTemplate.objects.filter(municipality=municipality)


def alert_recipient_rows(*, alert: Alert) -> list[dict[str, Any]]:
    """Per recipient: team, reason and answers (latest first), for the dispatcher."""
    recipients.ensure([alert])
    acks: dict[int, list[AlertAcknowledgement]] = {}
    for ack in AlertAcknowledgement.objects.filter(alert=alert).order_by("at", "pk"):
        acks.setdefault(ack.recipient_id, []).append(ack)
    deliveries: dict[int, list[AlertDelivery]] = {}
    for d in AlertDelivery.objects.filter(recipient__alert=alert, kind="alert").order_by("channel"):
        deliveries.setdefault(d.recipient_id, []).append(d)
    rows = []
    for r in AlertRecipient.objects.filter(alert=alert).select_related("user", "initiative").order_by(
        "initiative__name", "user__first_name", "user__username"
    ):
        answers = acks.get(r.pk, [])
        mine = deliveries.get(r.pk, [])
        state = person_delivery_state(r, mine, bool(answers))
        rows.append({"recipient": r, "user": r.user, "team": r.initiative, "answers": answers,
                     "latest": answers[-1] if answers else None, "deliveries": mine,
                     "state": state, "state_label": PERSON_STATE_LABELS[state],
                     "needs_help": any(a.kind == AckKind.HELP for a in answers)})
    return rows


PERSON_STATE_LABELS = {
    "answered": _("Geantwoord"), "seen": _("Gezien"), "delivered": _("Afgeleverd op de telefoon"),
    "sent": _("Verstuurd"), "pending": _("Wordt verstuurd"), "failed": _("Niet bereikt"),
}


def person_delivery_state(recipient: AlertRecipient, deliveries: list[AlertDelivery], answered: bool) -> str:
    """What the dispatcher needs per person: answered > seen > delivered > sent > pending > failed."""
    if answered:
        return "answered"
    if recipient.seen_at:
        return "seen"
    if recipient.delivered_at:
        return "delivered"
    outside = [d for d in deliveries if d.channel != DeliveryChannel.SSE]
    if any(d.state in (DeliveryState.SENT, DeliveryState.DELIVERED) for d in outside):
        return "sent"
    if any(d.state in (DeliveryState.PENDING, DeliveryState.SENDING, DeliveryState.RETRY) for d in outside):
        return "pending"
    return "failed" if outside else "pending"


def alert_team_rows(*, alert: Alert) -> list[dict[str, Any]]:
    """Per team reached: answered or not, and when it must have answered (escalation)."""
    return alert_team_rows_for(alerts=[alert])[alert.pk]


def alert_team_rows_for(*, alerts: list[Alert]) -> dict[int, list[dict[str, Any]]]:
    """`alert_team_rows` of several alerts in two queries, counted in the database: an alert to
    10,000 people must not load 10,000 recipient rows for a board that shows one line per team."""
    from django.db.models import Count, Q

    from buurtpreventie.initiatives.models import Initiative

    result: dict[int, list[dict[str, Any]]] = {a.pk: [] for a in alerts}
    if not alerts:
        return result
    recipients.ensure(alerts)
    counts = list(
        AlertRecipient.objects.filter(alert__in=[a.pk for a in alerts], initiative__isnull=False)
        .values("alert_id", "initiative_id")
        .annotate(people=Count("id", distinct=True),
                  answered=Count("acknowledgements__recipient_id", distinct=True),
                  helps=Count("acknowledgements", filter=Q(acknowledgements__kind=AckKind.HELP)),
                  escalated=Count("id", filter=Q(escalated_at__isnull=False), distinct=True))
        .order_by()
    )
    teams = Initiative.objects.in_bulk({row["initiative_id"] for row in counts})
    by_pk = {a.pk: a for a in alerts}
    for row in counts:
        alert = by_pk[row["alert_id"]]
        team = teams.get(row["initiative_id"])
        if team is None:
            continue
        result[alert.pk].append({
            "team": team, "people": row["people"], "answered": row["answered"],
            "needs_help": row["helps"] > 0, "escalated": row["escalated"] > 0,
            "deadline": alert.sent_at + timedelta(minutes=alert.escalate_after_minutes),
        })
    for rows in result.values():
        rows.sort(key=lambda t: str(t["team"].name))
    return result


def alerts_for_recipient(*, user: AnyUser, hours: int = 12) -> list[dict[str, Any]]:
    """Active alerts (and ones ended recently) that reached this user, with their own answers."""
    if not user.is_authenticated:
        return []
    since = timezone.now() - timedelta(hours=hours)
    recipients.ensure_since(since)
    receipts = AlertRecipient.objects.filter(user=user, alert__sent_at__gte=since).select_related("alert").order_by(
        "-alert__sent_at")
    result = []
    for r in receipts:
        alert = r.alert
        if alert.status != AlertStatus.ACTIVE and alert.cleared_at and alert.cleared_at < since:
            continue
        answers = list(r.acknowledgements.order_by("at"))
        result.append({"alert": alert, "recipient": r, "answers": answers,
                       "latest": answers[-1] if answers else None})
    return result


def alert_sightings(*, alert: Alert) -> list[Any]:
    """'Ik zie iets' reports for the dispatcher, newest first (callers have checked may_manage_alert)."""
    from django.db.models import BooleanField, ExpressionWrapper, Q

    from .models import AlertSighting

    return list(AlertSighting.objects.filter(alert=alert).select_related("recipient__user", "recipient__initiative")
                .defer("photo_jpeg")
                .annotate(has_photo=ExpressionWrapper(Q(photo_jpeg__isnull=False), output_field=BooleanField()))
                .order_by("-at", "-pk"))


def sos_active_visible_to(*, user: User, municipality: Municipality) -> list[Any]:
    """SOS signals not withdrawn, of rounds in the user's live-board scope (last 12 hours)."""
    from .models import SosSignal

    scope = live_wijk_scope(user, municipality_id=municipality.pk)
    since = timezone.now() - timedelta(hours=12)
    signals = list(SosSignal.objects.filter(municipality=municipality, cancelled_at__isnull=True, at__gte=since)
                   .select_related("user", "round__initiative", "round__wijk").prefetch_related(
                       "round__initiative__wijken"))
    return [s for s in signals if scope is None or round_wijk_ids(s.round) & scope]


MATE_POSITION_MAX_AGE = timedelta(minutes=15)


def round_mates_for(*, user: User, round: Round) -> dict[str, Any]:
    """Team mates of a running round who opted in, with their last position — only for a walker of
    that round who opted in too (seeing others means being seen), and never after the round."""
    from .models import RoundMateSharing

    sharing = RoundMateSharing.objects.filter(round=round, user_id=getattr(user, "pk", 0) or 0).exists()
    if round.status != RoundStatus.RUNNING or not sharing:
        return {"sharing": sharing and round.status == RoundStatus.RUNNING, "mates": []}
    active = set(RoundParticipant.objects.filter(round=round, cancelled_at__isnull=True).values_list(
        "user_id", flat=True))
    mates = set(RoundMateSharing.objects.filter(round=round, user_id__in=active).exclude(
        user_id=user.pk).values_list("user_id", flat=True))
    since = timezone.now() - MATE_POSITION_MAX_AGE
    latest: dict[int, Position] = {}
    for p in Position.objects.filter(round=round, user_id__in=mates, recorded_at__gte=since).select_related(
            "user").order_by("user_id", "-recorded_at"):
        latest.setdefault(p.user_id, p)
    return {"sharing": True, "mates": [
        {"id": uid, "name": p.user.first_name or p.user.get_username(), "lat": p.lat, "lon": p.lon,
         "age_s": int((timezone.now() - p.recorded_at).total_seconds())}
        for uid, p in sorted(latest.items())]}


def recipient_count(alert: Alert) -> int:
    """How many people an alert reached (also while its rows are still being written)."""
    return recipients.count(alert)
