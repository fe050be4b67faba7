"""Writes about alerts: send, acknowledge, escalate, clear, outcome; opt-in home locations; push
subscriptions; purging positions. Each checks permission, writes atomically, audits, and
publishes events only after commit."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtpreventie.areas.models import Municipality, Street
from buurtpreventie.core import heap
from buurtpreventie.core.audit import audit_record
from buurtpreventie.core.channels import alerts_channel, live_channel
from buurtpreventie.core.events import send_event_on_commit
from buurtpreventie.core.geo import haversine_m
from buurtpreventie.patrols.models import Position, Round, RoundStatus

from . import recipients
from .models import (
    AckKind,
    Alert,
    AlertAcknowledgement,
    AlertEventKind,
    AlertHistory,
    AlertRecipient,
    AlertStatus,
    AlertTemplate,
    CoveredStreet,
    HomeLocation,
    PushSubscription,
    RecipientReason,
)
from .policies import may_cancel_sos, may_manage_alert, may_send_alert, may_view_live_board
from .targeting import AlertArea, TargetResult, select_targets

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User


def _check_area(*, actor: User, municipality: Municipality, area: AlertArea) -> list[int]:
    if not area.is_valid():
        raise ValidationError(_("Kies een punt met een straal, een wijk of teken een gebied."))
    if area.wijk_id and not municipality.wijken.filter(pk=area.wijk_id).exists():
        raise ValidationError(_("Deze wijk hoort niet bij deze gemeente."))
    wijk_ids = area.wijk_ids(municipality_id=municipality.pk)
    if not may_send_alert(actor, municipality_id=municipality.pk, wijk_ids=wijk_ids):
        raise PermissionDenied
    return wijk_ids


def alert_preview(
    *, actor: User, municipality: Municipality, area: AlertArea, include_coordinators: bool = False,
    include_residents: bool = False,
) -> TargetResult:
    """Who would be reached, without sending anything."""
    _check_area(actor=actor, municipality=municipality, area=area)
    return select_targets(municipality_id=municipality.pk, area=area, include_coordinators=include_coordinators,
                          include_residents=include_residents)


def _alert_event(alert: Alert, kind: str, audience: list[int]) -> dict[str, Any]:
    return {
        "type": kind,
        "alert_id": alert.pk,
        "status": alert.status,
        "situation": alert.situation,
        "instructions": alert.instructions,
        "outcome": alert.outcome,
        "sent_at": alert.sent_at.isoformat(),
        "lat": alert.lat,
        "lon": alert.lon,
        "radius_m": alert.radius_m,
        "audience": audience,
        "dispatch_scope": alert.wijk_ids or [],
    }


def alert_send(
    *, actor: User, municipality: Municipality, area: AlertArea, situation: str, instructions: str,
    include_coordinators: bool = False, include_residents: bool = False, escalate_after_minutes: int = 3,
) -> Alert:
    """Send an acute-danger alert to everyone in the area now (see `targeting.select_targets`)."""
    wijk_ids = _check_area(actor=actor, municipality=municipality, area=area)
    if not situation.strip() or not instructions.strip():
        raise ValidationError(_("Vul in wat er aan de hand is en wat de ontvangers moeten doen."))
    # No full garbage collection in the middle of this (core/heap.py): on a process with thousands of
    # open streams one would delay the alert by a few hundred milliseconds.
    with heap.holding(), transaction.atomic():
        result = select_targets(municipality_id=municipality.pk, area=area,
                                include_coordinators=include_coordinators, include_residents=include_residents)
        deferred = result.people >= recipients.DEFER_FROM
        alert = Alert.objects.create(
            municipality=municipality, created_by=actor, lat=area.lat, lon=area.lon,
            radius_m=int(area.radius_m) if area.kind == "circle" and area.radius_m else None,
            wijk_id=area.wijk_id if area.kind == "wijk" else None,
            include_neighbours=area.kind == "wijk" and area.include_neighbours,
            polygon=area.polygon if area.kind == "polygon" else None, wijk_ids=wijk_ids,
            situation=situation.strip(), instructions=instructions.strip(),
            include_coordinators=include_coordinators, include_residents=include_residents,
            escalate_after_minutes=max(1, escalate_after_minutes),
            # Many people: the rows follow right after commit (the delivery task), see recipients.py.
            recipients_pending=recipients.pending_payload(result.named, result.resident_ids) if deferred else None,
        )
        if not deferred:
            recipients.insert_rows(alert.pk, recipients.pending_payload(result.named, result.resident_ids))
        AlertHistory.objects.create(alert=alert, kind=AlertEventKind.SENT, actor=actor,
                                    detail={"recipients": result.people, "teams": len(result.teams)})
        audit_record(actor=actor, action="alert.send", obj=alert, municipality_id=municipality.pk,
                     detail={"recipients": result.people, "area": area.kind, "wijk_ids": wijk_ids})
        send_event_on_commit(channel=alerts_channel(municipality.pk),
                             event=_alert_event(alert, "alert", result.user_ids))
        _enqueue_delivery(alert.pk, "alert")
    return alert


def _enqueue_delivery(alert_id: int, kind: str) -> None:
    def _go() -> None:
        from .tasks import deliver_alert

        deliver_alert.enqueue(alert_id=alert_id, kind=kind)

    transaction.on_commit(_go)


def alert_acknowledge(*, actor: User, alert: Alert, kind: str) -> AlertAcknowledgement:
    """A recipient answers: received, we are safe, or we need help. Append-only."""
    if kind not in AckKind.values:
        raise ValidationError(_("Onbekend antwoord."))
    recipient = _recipient_row(alert, actor)
    if recipient is None:
        raise PermissionDenied
    with transaction.atomic():
        ack = AlertAcknowledgement.objects.create(alert=alert, recipient=recipient, kind=kind)
        audit_record(actor=actor, action="alert.acknowledge", obj=alert, municipality_id=alert.municipality_id,
                     detail={"kind": kind})
        send_event_on_commit(channel=alerts_channel(alert.municipality_id), event={
            "type": "alert_ack",
            "alert_id": alert.pk,
            "user_id": actor.pk,
            "name": str(actor),
            "team": str(recipient.initiative) if recipient.initiative else "",
            "initiative_id": recipient.initiative_id,
            "kind": kind,
            "kind_label": str(AckKind(kind).label),
            "at": ack.at.isoformat(),
            "dispatch_scope": alert.wijk_ids or [],
        })
    return ack


def _recipient_row(alert: Alert, actor: Any) -> AlertRecipient | None:
    recipients.ensure([alert])
    return AlertRecipient.objects.filter(alert=alert, user_id=getattr(actor, "pk", 0) or 0).select_related(
        "initiative").first()


def _audience(alert: Alert) -> list[int]:
    if alert.recipients_pending is not None:
        return recipients.payload_user_ids(alert.recipients_pending)
    return list(alert.recipients.values_list("user_id", flat=True))


def alert_clear(*, actor: User, alert: Alert, outcome: str = "") -> Alert:
    """All clear: the alert ends, with the outcome message to everyone who got it."""
    if not may_manage_alert(actor, alert):
        raise PermissionDenied
    if alert.status != AlertStatus.ACTIVE:
        raise ValidationError(_("Dit alarm is al opgeheven."))
    if not outcome.strip():
        raise ValidationError(_("Schrijf hoe het is afgelopen: dat bericht gaat naar iedereen die het alarm kreeg."))
    with transaction.atomic():
        alert.status = AlertStatus.CLEARED
        alert.cleared_at = timezone.now()
        fields = ["status", "cleared_at"]
        if outcome.strip():
            alert.outcome = outcome.strip()
            alert.outcome_at = alert.cleared_at
            fields += ["outcome", "outcome_at"]
        alert.save(update_fields=fields)
        AlertHistory.objects.create(alert=alert, kind=AlertEventKind.CLEARED, actor=actor,
                                    detail={"outcome": alert.outcome})
        audit_record(actor=actor, action="alert.clear", obj=alert)
        send_event_on_commit(channel=alerts_channel(alert.municipality_id),
                             event=_alert_event(alert, "alert_cleared", _audience(alert)))
        _enqueue_delivery(alert.pk, "cleared")
    return alert


def alert_outcome_publish(*, actor: User, alert: Alert, outcome: str) -> Alert:
    """Tell everyone reached how it ended (may follow the all-clear later)."""
    if not may_manage_alert(actor, alert):
        raise PermissionDenied
    if not outcome.strip():
        raise ValidationError(_("Schrijf hoe het is afgelopen."))
    with transaction.atomic():
        alert.outcome = outcome.strip()
        alert.outcome_at = timezone.now()
        alert.save(update_fields=["outcome", "outcome_at"])
        history = AlertHistory.objects.create(alert=alert, kind=AlertEventKind.OUTCOME, actor=actor,
                                              detail={"outcome": alert.outcome})
        audit_record(actor=actor, action="alert.outcome", obj=alert)
        send_event_on_commit(channel=alerts_channel(alert.municipality_id),
                             event=_alert_event(alert, "alert_outcome", _audience(alert)))
        _enqueue_delivery(alert.pk, f"outcome-{history.pk}")
    return alert


def unanswered_teams(alert: Alert) -> list[dict[str, Any]]:
    """Teams on a round that received the alert and of which nobody has answered yet."""
    teams: dict[int, dict[str, Any]] = {}
    recipients.ensure([alert])
    for r in alert.recipients.filter(reason=RecipientReason.PATROL).select_related("initiative"):
        if r.initiative_id is None:
            continue
        entry = teams.setdefault(r.initiative_id, {"initiative": r.initiative, "answered": False,
                                                   "recipients": [], "escalated": False})
        entry["recipients"].append(r)
        entry["escalated"] = entry["escalated"] or r.escalated_at is not None
    answered = set(alert.acknowledgements.values_list("recipient__initiative_id", flat=True))
    return [t for pk, t in teams.items() if pk not in answered]


def alert_escalations_check(*, now: datetime | None = None) -> list[tuple[Alert, list[str]]]:
    """Periodic check (system): warn the dispatcher about teams that did not answer in time.

    Marks the recipients as escalated once, appends history and publishes `alert_escalated`.
    """
    now = now or timezone.now()
    results = []
    for alert in Alert.objects.filter(status=AlertStatus.ACTIVE):
        if now < alert.sent_at + timedelta(minutes=alert.escalate_after_minutes):
            continue
        late = [t for t in unanswered_teams(alert) if not t["escalated"]]
        if not late:
            continue
        names = [str(t["initiative"]) for t in late]
        with transaction.atomic():
            AlertRecipient.objects.filter(pk__in=[r.pk for t in late for r in t["recipients"]]).update(escalated_at=now)
            AlertHistory.objects.create(alert=alert, kind=AlertEventKind.ESCALATED, detail={"teams": names})
            audit_record(actor=None, action="alert.escalate", obj=alert, detail={"teams": names})
            send_event_on_commit(channel=alerts_channel(alert.municipality_id), event={
                "type": "alert_escalated", "alert_id": alert.pk, "teams": names,
                "initiative_ids": [t["initiative"].pk for t in late], "dispatch_scope": alert.wijk_ids or [],
            })
        results.append((alert, names))
    return results


def alert_template_save(
    *, actor: User, municipality: Municipality, name: str, situation: str, instructions: str,
    template: AlertTemplate | None = None, order: int = 0,
) -> AlertTemplate:
    from .policies import may_edit_templates

    if not may_edit_templates(actor, municipality_id=municipality.pk):
        raise PermissionDenied
    if template is not None and template.municipality_id != municipality.pk:
        raise PermissionDenied
    with transaction.atomic():
        template = template or AlertTemplate(municipality=municipality)
        template.name, template.situation, template.instructions, template.order = name, situation, instructions, order
        template.full_clean()
        template.save()
        audit_record(actor=actor, action="alert_template.save", obj=template, municipality_id=municipality.pk)
    return template


def home_location_set(*, actor: User, municipality: Municipality, lat: float, lon: float) -> HomeLocation:
    """A member opts in to alerts at home. Only members of a team in this municipality."""
    from buurtpreventie.accounts.selectors import user_memberships

    if not any(m.initiative.municipality_id == municipality.pk for m in user_memberships(user=actor)):
        raise PermissionDenied
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError(_("Ongeldige locatie."))
    with transaction.atomic():
        home, _created = HomeLocation.objects.update_or_create(
            user=actor, defaults={"municipality": municipality, "lat": lat, "lon": lon, "opted_in_at": timezone.now()}
        )
        audit_record(actor=actor, action="alert_home.set", obj=home, municipality_id=municipality.pk)
    return home


def home_location_remove(*, actor: User) -> None:
    with transaction.atomic():
        deleted, _ = HomeLocation.objects.filter(user=actor).delete()
        if deleted:
            audit_record(actor=actor, action="alert_home.remove")


def push_subscription_save(*, actor: User, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    if not endpoint.startswith("https://"):
        raise ValidationError(_("Ongeldig pushadres."))
    with transaction.atomic():
        sub, _created = PushSubscription.objects.update_or_create(
            endpoint=endpoint, defaults={"user": actor, "p256dh": p256dh, "auth": auth, "failed_at": None}
        )
    return sub


def live_positions_viewed(*, actor: User, municipality_id: int, via: str) -> None:
    """Audit every look at live positions (board page, board data, board stream)."""
    if not may_view_live_board(actor, municipality_id=municipality_id):
        raise PermissionDenied
    audit_record(actor=actor, action="live_board.view", municipality_id=municipality_id, detail={"via": via})


COVERAGE_DISTANCE_M = 30.0


def _covered_streets(round_id: int, municipality_id: int) -> dict[int, int]:
    """Street id -> number of positions within COVERAGE_DISTANCE_M of it."""
    from shapely.geometry import Point, shape

    counts: dict[int, int] = {}
    points = list(Position.objects.filter(round_id=round_id).values_list("lat", "lon"))
    if not points:
        return counts
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    margin = 0.001
    streets = Street.objects.filter(
        municipality_id=municipality_id, max_lat__gte=min(lats) - margin, min_lat__lte=max(lats) + margin,
        max_lon__gte=min(lons) - margin, min_lon__lte=max(lons) + margin,
    )
    shapes = [(s.pk, shape(s.geometry)) for s in streets]
    for lat, lon in points:
        pt = Point(lon, lat)
        for pk, geom in shapes:
            nearest = geom.interpolate(geom.project(pt))
            if haversine_m(lat, lon, nearest.y, nearest.x) <= COVERAGE_DISTANCE_M:
                counts[pk] = counts.get(pk, 0) + 1
    return counts


def positions_purge(*, now: datetime | None = None, retention_days: int | None = None) -> int:
    """Delete positions of rounds that are no longer running once the retention has passed.

    Before deleting, the streets each round covered are kept as an aggregate (no times, no people).
    Positions of a running round are never purged.
    """
    now = now or timezone.now()
    configured: Any = settings.BUURTPREVENTIE["POSITION_RETENTION_DAYS"]
    days = int(retention_days if retention_days is not None else configured)
    cutoff = now - timedelta(days=days)
    rounds = Round.objects.exclude(status=RoundStatus.RUNNING).filter(positions__recorded_at__lt=cutoff).distinct()
    total = 0
    for rnd in rounds.select_related("initiative"):
        with transaction.atomic():
            for street_id, points in _covered_streets(rnd.pk, rnd.initiative.municipality_id).items():
                covered, _created = CoveredStreet.objects.get_or_create(round=rnd, street_id=street_id)
                covered.points += points
                covered.save(update_fields=["points"])
            deleted, _ = Position.objects.filter(round=rnd, recorded_at__lt=cutoff).delete()
            total += deleted
    if total:
        audit_record(actor=None, action="positions.purge", detail={"deleted": total, "cutoff": cutoff.isoformat()})
    return total


SIGHTING_PHOTO_MAX_BYTES = 10 * 1024 * 1024
SIGHTING_PHOTO_MAX_SIDE = 1600


def _reencode_photo(upload: Any) -> bytes:
    """A JPEG without metadata (no EXIF location of the member's home), at most 1600 px."""
    import io

    from PIL import Image, ImageOps, UnidentifiedImageError

    if upload.size > SIGHTING_PHOTO_MAX_BYTES:
        raise ValidationError(_("De foto is te groot (hoogstens 10 MB)."))
    try:
        with Image.open(upload) as opened:
            image = ImageOps.exif_transpose(opened)
            image.thumbnail((SIGHTING_PHOTO_MAX_SIDE, SIGHTING_PHOTO_MAX_SIDE))
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=82)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Dit bestand is geen foto die we kunnen lezen.")) from exc
    return out.getvalue()


def alert_sighting_report(
    *, actor: User, alert: Alert, text: str, lat: float | None = None, lon: float | None = None, photo: Any = None,
) -> Any:
    """'Ik zie iets': a recipient tells the dispatcher what they see, where, optionally with a photo."""
    import math

    from .models import AlertSighting

    recipient = _recipient_row(alert, actor)
    if recipient is None:
        raise PermissionDenied
    if not alert.is_active:
        raise ValidationError(_("Dit alarm is al opgeheven."))
    text = text.strip().replace("\x00", "")
    if not text and photo is None:
        raise ValidationError(_("Schrijf wat u ziet, of stuur een foto."))
    if len(text) > 1000:
        raise ValidationError(_("Schrijf het in hoogstens 1000 tekens."))
    if lat is not None and lon is not None:
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValidationError(_("Ongeldige locatie."))
    else:
        lat = lon = None
    photo_jpeg = _reencode_photo(photo) if photo is not None else None
    with transaction.atomic():
        sighting = AlertSighting.objects.create(alert=alert, recipient=recipient, text=text, lat=lat, lon=lon,
                                                photo_jpeg=photo_jpeg)
        audit_record(actor=actor, action="alert.sighting", obj=alert, municipality_id=alert.municipality_id,
                     detail={"sighting": sighting.pk, "photo": photo_jpeg is not None})
        send_event_on_commit(channel=alerts_channel(alert.municipality_id), event={
            "type": "alert_sighting", "alert_id": alert.pk, "sighting_id": sighting.pk, "user_id": actor.pk,
            "name": str(actor), "team": str(recipient.initiative) if recipient.initiative else "",
            "text": text, "lat": lat, "lon": lon, "has_photo": photo_jpeg is not None,
            "at": sighting.at.isoformat(), "dispatch_scope": alert.wijk_ids or [],
        })
    return sighting


def _sos_event(sos: Any, kind: str, audience: list[int], wijk_ids: list[int]) -> dict[str, Any]:
    rnd = sos.round
    return {"type": kind, "sos_id": sos.pk, "round_id": rnd.pk, "team": rnd.initiative.name,
            "initiative_id": rnd.initiative_id, "name": str(sos.user), "lat": sos.lat, "lon": sos.lon,
            "at": sos.at.isoformat(), "audience": audience, "dispatch_scope": wijk_ids}


def _sos_coordinators(rnd: Round) -> list[Any]:
    from buurtpreventie.initiatives.models import Membership

    return [m.user for m in Membership.objects.current().filter(
        initiative_id=rnd.initiative_id, role="coordinator").select_related("user")]


def sos_raise(*, actor: User, round: Round, lat: float | None = None, lon: float | None = None) -> Any:  # noqa: A002
    """SOS from a walker of a running round: to the live board and wijkagent (live channel and the
    dispatch stream of their wijken) and to the team's coordinator(s) (their stream and e-mail)."""
    import math

    from buurtpreventie.notifications.email import send_now

    from .models import SosSignal
    from .selectors import round_wijk_ids

    if round.status != RoundStatus.RUNNING or not round.participants.filter(
            user_id=getattr(actor, "pk", 0) or 0, cancelled_at__isnull=True).exists():
        raise PermissionDenied
    if lat is not None and lon is not None and not (
            math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError(_("Ongeldige locatie."))
    if lat is None or lon is None:  # no fix on the phone: the last shared position of this walker
        last = Position.objects.filter(round=round, user=actor).order_by("-recorded_at").first()
        lat, lon = (last.lat, last.lon) if last else (None, None)
    municipality_id = round.initiative.municipality_id
    coordinators = [u for u in _sos_coordinators(round) if u.pk != actor.pk]
    wijk_ids = sorted(round_wijk_ids(round))
    with transaction.atomic():
        sos = SosSignal.objects.create(round=round, user=actor, municipality_id=municipality_id, lat=lat, lon=lon)
        audit_record(actor=actor, action="sos.raise", obj=sos, municipality_id=municipality_id,
                     detail={"round": round.pk})
        event = _sos_event(sos, "sos", [u.pk for u in coordinators], wijk_ids)
        send_event_on_commit(channel=live_channel(municipality_id), event=event)
        send_event_on_commit(channel=alerts_channel(municipality_id), event=dict(event))
        from buurtpreventie.notifications.links import base_url

        base = base_url()
        where = f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}" if lat is not None else ""
        subject = _("SOS van %(name)s (%(team)s)") % {"name": actor, "team": round.initiative.name}
        body = _("%(name)s drukte op SOS tijdens de ronde van %(team)s. De meldkamer is ingelicht.\n%(where)s\n"
                 "%(link)s") % {"name": actor, "team": round.initiative.name, "where": where,
                                "link": f"{base}/alarm/mijn-ronde/"}
        addresses = [u.email for u in coordinators if u.email]
        if addresses:
            def _mail() -> None:
                for address in addresses:  # one mail each: coordinators do not see each other's address
                    send_now(to=[address], subject=subject, body=body, fail_silently=True)

            transaction.on_commit(_mail)
    return sos


def sos_cancel(*, actor: User, sos: Any) -> Any:
    """The walker (after a second confirmation on the phone) or staff on the live board withdraws it."""
    from .selectors import round_wijk_ids

    if not may_cancel_sos(actor, sos):
        raise PermissionDenied
    if sos.cancelled_at is not None:
        return sos
    with transaction.atomic():
        sos.cancelled_at = timezone.now()
        sos.save(update_fields=["cancelled_at"])
        audit_record(actor=actor, action="sos.cancel", obj=sos, municipality_id=sos.municipality_id)
        coordinators = [u.pk for u in _sos_coordinators(sos.round) if u.pk != sos.user_id]
        event = _sos_event(sos, "sos_cancelled", coordinators, sorted(round_wijk_ids(sos.round)))
        send_event_on_commit(channel=live_channel(sos.municipality_id), event=event)
        send_event_on_commit(channel=alerts_channel(sos.municipality_id), event=dict(event))
    return sos


def round_mates_sharing_set(*, actor: User, round: Round, enabled: bool) -> bool:  # noqa: A002
    """Opt in (or out) to being seen on the map by team mates of this running round."""
    from .models import RoundMateSharing

    if round.status != RoundStatus.RUNNING or not round.participants.filter(
            user_id=getattr(actor, "pk", 0) or 0, cancelled_at__isnull=True).exists():
        raise PermissionDenied
    with transaction.atomic():
        if enabled:
            RoundMateSharing.objects.get_or_create(round=round, user=actor)
        else:
            RoundMateSharing.objects.filter(round=round, user=actor).delete()
        audit_record(actor=actor, action="round_mates.share" if enabled else "round_mates.unshare", obj=round,
                     municipality_id=round.initiative.municipality_id)
    return enabled


MAX_SUBSCRIPTIONS = 5


def alert_subscription_add(*, actor: User, lat: float, lon: float, radius_m: int, label: str = "") -> Any:
    """A resident or member opts in to alerts around a point (home or chosen area)."""
    import math

    from buurtpreventie.areas.selectors import wijk_for_point

    from .models import SUBSCRIPTION_RADII, AlertSubscription

    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError(_("Ongeldige locatie."))
    if radius_m not in dict(SUBSCRIPTION_RADII):
        raise ValidationError(_("Kies een van de stralen."))
    wijk = wijk_for_point(lat=lat, lon=lon)
    if wijk is None:
        raise ValidationError(_("Deze plek ligt niet in een gemeente die met Buurtpreventie werkt."))
    if AlertSubscription.objects.filter(user=actor).count() >= MAX_SUBSCRIPTIONS:
        raise ValidationError(_("U heeft al %(n)s gebieden; verwijder er eerst een.") % {"n": MAX_SUBSCRIPTIONS})
    with transaction.atomic():
        sub = AlertSubscription.objects.create(user=actor, municipality_id=wijk.municipality_id, lat=lat, lon=lon,
                                               radius_m=radius_m, label=label.strip()[:60])
        audit_record(actor=actor, action="alert_subscription.add", obj=sub, municipality_id=wijk.municipality_id)
    return sub


def alert_subscription_remove(*, actor: User, subscription: Any) -> None:
    if subscription.user_id != getattr(actor, "pk", None):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(actor=actor, action="alert_subscription.remove", municipality_id=subscription.municipality_id)
        subscription.delete()


def alert_preference_save(*, actor: User, push: bool, email: bool, sms: bool, sms_number: str = "",
                          followups: bool = True, quiet_from: Any = None, quiet_until: Any = None,
                          message_types: Any = None) -> Any:
    """Per person: channels, follow-up messages, quiet hours (acute alerts always pass), and, when
    given, which other message types (`notifications.MessageType`) the person receives."""
    from buurtpreventie.notifications.service import message_types_set

    from .models import AlertPreference
    from .sms import normalise_number

    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    number = normalise_number(sms_number) if sms_number.strip() else ""
    if sms_number.strip() and not number:
        raise ValidationError(_("Dit is geen geldig mobiel nummer (bijvoorbeeld 06 12345678)."))
    if sms and not number:
        raise ValidationError(_("Geef een mobiel nummer op voor sms."))
    if (quiet_from is None) != (quiet_until is None):
        raise ValidationError(_("Vul voor stille uren zowel het begin als het einde in."))
    with transaction.atomic():
        pref, _created = AlertPreference.objects.update_or_create(user=actor, defaults={
            "push": push, "email": email, "sms": sms, "sms_number": number, "followups": followups,
            "quiet_from": quiet_from, "quiet_until": quiet_until})
        if message_types is not None:
            message_types_set(actor=actor, receive=message_types)
        audit_record(actor=actor, action="alert_preference.save")
    return pref
