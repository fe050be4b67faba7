"""Writes about rounds, positions and patrol reports. Every write checks permission, runs in a
transaction, leaves an audit row and publishes live events only after commit."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtpreventie.accounts.models import User
from buurtpreventie.areas.models import Street
from buurtpreventie.core.audit import audit_record
from buurtpreventie.core.channels import PositionShared, RoundEnded, RoundStarted, live_channel
from buurtpreventie.core.events import send_event_on_commit
from buurtpreventie.core.files import RandomName, clean_upload
from buurtpreventie.initiatives.models import Initiative, Membership
from buurtpreventie.initiatives.selectors import current_member_ids
from buurtpreventie.initiatives.services import house_rules_require
from buurtpreventie.notifications.service import EMAIL, NOTICE, notify

from . import policies
from .models import (
    MIN_BEHAVIOUR_CHARS,
    PERSON_DESCRIPTOR_FIELDS,
    CalendarFeed,
    Defect,
    ForwardState,
    Observation,
    PatrolReport,
    Position,
    Round,
    RoundNotice,
    RoundParticipant,
    RoundStatus,
    RouteSource,
    conversation_problem,
    person_description_problems,
    round_times_problem,
)
from .quality import score_report
from .selectors import cached_report_settings, unknown_street_names
from .signals import defects_created

# --- Rosters ------------------------------------------------------------------------------------


PLAN_GRACE = timedelta(minutes=5)  # "now" typed into the planner is a minute old when it arrives


def unknown_streets(municipality_id: int, street_names: list[str]) -> list[str]:
    """The planned streets that are not streets of this municipality (typos), in the order given."""
    known = set(Street.objects.filter(municipality_id=municipality_id, name__in=street_names)
                .values_list("name", flat=True))
    return [name for name in dict.fromkeys(street_names) if name not in known]


def _route_geojson(municipality_id: int, street_names: list[str]) -> dict[str, Any] | None:
    if not street_names:
        return None
    streets = {s.name: s for s in Street.objects.filter(municipality_id=municipality_id, name__in=street_names)}
    features = [streets[n].as_feature() for n in street_names if n in streets]
    return {"type": "FeatureCollection", "features": features}


def round_plan(
    *,
    actor: User,
    initiative: Initiative,
    planned_start: datetime,
    planned_end: datetime,
    meeting_point: str = "",
    wijk: Any = None,
    minimum_walkers: int = 2,
    planned_streets: list[str] | None = None,
    sign_up: bool = True,
) -> Round:
    if not policies.may_plan_round(actor, initiative):
        raise PermissionDenied
    problem = round_times_problem(planned_start, planned_end)
    if problem:
        raise ValidationError(problem)
    if planned_start < timezone.now() - PLAN_GRACE:
        raise ValidationError({"date": _("Een ronde kan niet in het verleden beginnen. Kies een datum en tijd "
                                         "vanaf nu.")})
    unknown = unknown_streets(initiative.municipality_id, planned_streets or [])
    if unknown:
        raise ValidationError({"planned_streets": _(
            "Deze straat kennen wij niet in %(municipality)s: %(names)s. Controleer de spelling of kies een straat "
            "uit de lijst."
        ) % {"municipality": initiative.municipality.name, "names": ", ".join(unknown)}})
    if wijk is not None and wijk.municipality_id != initiative.municipality_id:
        raise PermissionDenied
    team_wijken = set(initiative.wijken.values_list("pk", flat=True))
    if wijk is not None and team_wijken and wijk.pk not in team_wijken:
        raise ValidationError(_("Deze wijk hoort niet bij het gebied van het team."))
    if wijk is None:
        wijk = initiative.wijken.order_by("code").first()
    with transaction.atomic():
        round = Round.objects.create(
            initiative=initiative,
            wijk=wijk,
            planned_start=planned_start,
            planned_end=planned_end,
            meeting_point=meeting_point,
            minimum_walkers=max(1, minimum_walkers),
            planned_route=_route_geojson(initiative.municipality_id, planned_streets or []),
        )
        if sign_up and policies.may_walk(actor, round):
            RoundParticipant.objects.create(round=round, user=actor)
        audit_record(actor=actor, action="round.plan", obj=round, municipality_id=initiative.municipality_id)
    return round


def round_cancel(*, actor: User, round: Round) -> Round:
    if not policies.may_manage_round(actor, round):
        raise PermissionDenied
    if round.status != RoundStatus.PLANNED:
        raise ValidationError(_("Alleen een geplande ronde kan worden geannuleerd."))
    with transaction.atomic():
        round.status = RoundStatus.CANCELLED
        round.save(update_fields=["status"])
        audit_record(actor=actor, action="round.cancel", obj=round, municipality_id=round.municipality_id)
    return round


def round_signup(*, actor: User, round: Round) -> RoundParticipant:
    if not policies.may_walk(actor, round):
        raise PermissionDenied
    if round.status in (RoundStatus.ENDED, RoundStatus.CANCELLED):
        raise ValidationError(_("Voor deze ronde kunt u zich niet meer aanmelden."))
    house_rules_require(user=actor, initiative=round.initiative)
    with transaction.atomic():
        participant, created = RoundParticipant.objects.get_or_create(round=round, user=actor)
        if not created and participant.cancelled_at is not None:
            participant.cancelled_at = None
            participant.signed_up_at = timezone.now()
            participant.save(update_fields=["cancelled_at", "signed_up_at"])
        audit_record(actor=actor, action="round.signup", obj=round, municipality_id=round.municipality_id)
    return participant


def round_signup_cancel(*, actor: User, round: Round) -> None:
    if not policies.may_walk(actor, round):
        raise PermissionDenied
    with transaction.atomic():
        updated = RoundParticipant.objects.filter(round=round, user=actor, cancelled_at__isnull=True).update(
            cancelled_at=timezone.now(), shares_position=False
        )
        if updated:
            audit_record(actor=actor, action="round.signup_cancel", obj=round,
                         municipality_id=round.municipality_id)
            remaining = RoundParticipant.objects.filter(round=round, cancelled_at__isnull=True).count()
            if round.status == RoundStatus.PLANNED and remaining < round.minimum_walkers:
                _flag_below_minimum(round, walker_count=remaining)


def calendar_feed_for(*, user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return feed


def calendar_feed_renew(*, actor: User) -> CalendarFeed:
    with transaction.atomic():
        feed = calendar_feed_for(user=actor)
        feed.token = secrets.token_urlsafe(32)
        feed.save(update_fields=["token"])
        audit_record(actor=actor, action="calendar_feed.renew", obj=feed)
    return feed


def _flag_below_minimum(round: Round, *, walker_count: int) -> int:
    """Tell the team's coordinators (notice + e-mail, once per round) that a round has too few walkers."""
    from django.urls import reverse

    url = reverse("patrols:round_detail", args=[round.pk])
    start = timezone.localtime(round.planned_start)
    coordinators = User.objects.filter(
        pk__in=Membership.objects.leads().filter(initiative=round.initiative).values("user_id")
    )
    warned = 0
    for coordinator in coordinators:
        try:
            with transaction.atomic():
                RoundNotice.objects.create(round=round, kind="below_minimum", user=coordinator)
        except IntegrityError:
            continue
        notify([coordinator], "patrols/email/below_minimum",
               {"when": f"{start:%d-%m %H:%M}", "n": walker_count, "min": round.minimum_walkers},
               channels=(EMAIL, NOTICE), url=url)
        warned += 1
    return warned


def round_reminders_send(*, now: datetime | None = None, hours_ahead: int = 24) -> dict[str, int]:
    """Remind walkers of rounds starting within `hours_ahead`; warn coordinators of rounds below minimum.

    Run by the `send_round_reminders` command / task; each reminder goes out once (RoundNotice).
    """
    from django.urls import reverse

    now = now or timezone.now()
    reminded = warned = 0
    rounds = Round.objects.filter(
        status=RoundStatus.PLANNED, planned_start__gt=now, planned_start__lte=now + timedelta(hours=hours_ahead)
    ).select_related("initiative").prefetch_related("participants__user")
    for round in rounds:
        walkers = [p.user for p in round.participants.all() if p.cancelled_at is None]
        start = timezone.localtime(round.planned_start)
        url = reverse("patrols:round_detail", args=[round.pk])
        for user in walkers:
            try:
                with transaction.atomic():
                    RoundNotice.objects.create(round=round, kind="reminder", user=user)
            except IntegrityError:
                continue
            notify([user], "patrols/email/reminder",
                   {"team": round.initiative.name, "when": f"{start:%d-%m-%Y %H:%M}",
                    "when_short": f"{start:%d-%m %H:%M}", "point": round.meeting_point or "-"}, url=url,
                   message_type="reminder")
            reminded += 1
        if len(walkers) < round.minimum_walkers:
            warned += _flag_below_minimum(round, walker_count=len(walkers))
    return {"reminded": reminded, "warned": warned}


# --- Patrol mode --------------------------------------------------------------------------------


def round_start(*, actor: User, round: Round) -> Round:
    if not policies.may_walk(actor, round):
        raise PermissionDenied
    if round.status != RoundStatus.PLANNED:
        raise ValidationError(_("Deze ronde is niet gepland en kan niet starten."))
    house_rules_require(user=actor, initiative=round.initiative)
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("initiative").get(pk=round.pk)
        if round.status != RoundStatus.PLANNED:
            raise ValidationError(_("Deze ronde is niet gepland en kan niet starten."))
        round.status = RoundStatus.RUNNING
        round.started_at = timezone.now()
        round.save(update_fields=["status", "started_at"])
        participant, created = RoundParticipant.objects.get_or_create(round=round, user=actor)
        if participant.cancelled_at is not None:
            participant.cancelled_at = None
            participant.save(update_fields=["cancelled_at"])
        audit_record(actor=actor, action="round.start", obj=round, municipality_id=round.municipality_id)
        send_event_on_commit(
            channel=live_channel(round.initiative.municipality_id),
            event=RoundStarted(type="round_started", round_id=round.pk, initiative_id=round.initiative_id),
        )
    return round


def round_end(*, actor: User, round: Round) -> Round:
    if not (policies.may_walk(actor, round) or policies.may_manage_round(actor, round)):
        raise PermissionDenied
    if round.status != RoundStatus.RUNNING:
        raise ValidationError(_("Deze ronde loopt niet."))
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("initiative").get(pk=round.pk)
        if round.status != RoundStatus.RUNNING:
            raise ValidationError(_("Deze ronde loopt niet."))
        round.status = RoundStatus.ENDED
        round.ended_at = timezone.now()
        round.save(update_fields=["status", "ended_at"])
        RoundParticipant.objects.filter(round=round).update(shares_position=False)
        audit_record(actor=actor, action="round.end", obj=round, municipality_id=round.municipality_id)
        send_event_on_commit(channel=live_channel(round.initiative.municipality_id),
                             event=RoundEnded(type="round_ended", round_id=round.pk))
    return round


def position_sharing_set(*, actor: User, round: Round, enabled: bool) -> RoundParticipant:
    """Opt in (or out) of live position sharing for this round; only while it runs."""
    if not policies.may_walk(actor, round):
        raise PermissionDenied
    if enabled and round.status != RoundStatus.RUNNING:
        raise ValidationError(_("Locatie delen kan alleen tijdens een lopende ronde."))
    with transaction.atomic():
        participant, _created = RoundParticipant.objects.get_or_create(round=round, user=actor)
        participant.shares_position = enabled
        participant.cancelled_at = None
        participant.save(update_fields=["shares_position", "cancelled_at"])
        audit_record(actor=actor, action="round.position_sharing", obj=round,
                     municipality_id=round.municipality_id, detail={"enabled": enabled})
    return participant


# A phone's position drifts, and teams walk border streets: points up to this far outside the
# municipality's wijken are accepted from walkers (Open311 uses the narrow default).
POINT_MARGIN_M = 8000


def _check_point(municipality_id: int, lat: float | None, lon: float | None, *, field: str) -> None:
    """Coordinates are real numbers in range and lie in the municipality (with a margin)."""
    import math

    from buurtpreventie.areas.selectors import point_in_municipality

    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
        raise ValidationError({field: _("Geef zowel breedte- als lengtegraad op.")})
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError({field: _("Ongeldige coördinaten.")})
    if not point_in_municipality(municipality_id=municipality_id, lat=lat, lon=lon, margin_m=POINT_MARGIN_M):
        raise ValidationError({field: _("Deze plek ligt buiten de gemeente.")})


def position_record(
    *, actor: User, round: Round, lat: float, lon: float, accuracy_m: float | None = None,
    at: datetime | None = None,
) -> Position:
    """Store a shared position. Refused unless the round runs and the walker opted in."""
    if not policies.may_walk(actor, round):
        raise PermissionDenied
    if round.status != RoundStatus.RUNNING or round.started_at is None:
        raise PermissionDenied(_("De ronde loopt niet."))
    if not RoundParticipant.objects.filter(round=round, user=actor, shares_position=True).exists():
        raise PermissionDenied(_("U deelt uw locatie niet voor deze ronde."))
    _check_point(round.initiative.municipality_id, lat, lon, field="lat")
    at = at or timezone.now()
    with transaction.atomic():
        position = Position.objects.create(round=round, user=actor, lat=lat, lon=lon, accuracy_m=accuracy_m,
                                           recorded_at=at)
        send_event_on_commit(
            channel=live_channel(round.initiative.municipality_id),
            event=PositionShared(type="position", round_id=round.pk, user_id=actor.pk, lat=float(lat),
                                 lon=float(lon), at=at.isoformat()),
        )
    return position


def route_derive_for_round(*, actor: User, round: Round) -> list[str]:
    """The ordered streets walked in this round, derived from the positions shared in it."""
    from .routes import derive_route
    from .selectors import positions_of_round, streets_for_round

    if not policies.may_view_round(actor, round):
        raise PermissionDenied
    points = [(p.lat, p.lon) for p in positions_of_round(round=round)]
    streets = [(s.name, s.geometry) for s in streets_for_round(round=round)]
    return derive_route(points, streets)


# --- The patrol report --------------------------------------------------------------------------


@dataclass
class ObservationInput:
    observed_at: datetime
    place: str
    category: str
    behaviour: str
    lat: float | None = None
    lon: float | None = None
    person: dict[str, str] = field(default_factory=dict)


@dataclass
class DefectInput:
    category: str
    place: str
    description: str = ""
    lat: float | None = None
    lon: float | None = None
    photo: UploadedFile[bytes] | None = None


@dataclass
class ReportInput:
    started_at: datetime | None
    ended_at: datetime | None
    route_streets: list[str] = field(default_factory=list)
    route_source: str = RouteSource.TYPED
    route_kind: str = ""
    walker_ids: list[int] = field(default_factory=list)
    quiet: bool = False
    spoke_to_people: bool | None = None
    conversation_topics: str = ""
    conversation_outcome: str = ""
    focus_points: list[str] = field(default_factory=list)
    extra_answers: dict[str, str] = field(default_factory=dict)
    notes: str = ""
    observations: list[ObservationInput] = field(default_factory=list)
    defects: list[DefectInput] = field(default_factory=list)
    client_uuid: uuid.UUID | None = None


def what_was_seen_check(*, behaviour: str, person: dict[str, str]) -> list[str]:
    """The anti-profiling guard (models.person_description_problems): behaviour first; a person
    only with several descriptors. The one rule for report observations and for signals."""
    errors: list[str] = []
    if len(behaviour.strip()) < MIN_BEHAVIOUR_CHARS:
        errors.append(_("Beschrijf eerst wat er gebeurde (het gedrag), in minstens %(n)s tekens.")
                      % {"n": MIN_BEHAVIOUR_CHARS})
    errors += person_description_problems(person).values()
    return errors


def observation_check(obs: ObservationInput) -> list[str]:
    return what_was_seen_check(behaviour=obs.behaviour, person=obs.person)


def _existing_report(*, actor: User, client_uuid: uuid.UUID | None) -> PatrolReport | None:
    """The report already filed with this `client_uuid` (an offline draft sent twice), if any."""
    if not client_uuid:
        return None
    existing = PatrolReport.objects.filter(client_uuid=client_uuid).first()  # unique index
    if existing is not None and existing.author_id != actor.pk:
        raise PermissionDenied
    return existing


def report_submit(*, actor: User, round: Round, data: ReportInput) -> PatrolReport:
    """File the report of a round. Idempotent on `client_uuid` (an offline draft sent twice).

    The hot path of a busy evening: reference data (street names, the municipality's report
    settings) comes from process caches, the idempotency check is the unique index on
    `client_uuid` itself (a resend fails the insert and returns the stored report), and the rows
    go in as one multi-row INSERT per table; forwarding defects happens after commit in a task.
    """
    if not policies.may_file_report(actor, round):
        raise PermissionDenied
    errors: list[str] = []
    if data.started_at and data.ended_at and data.ended_at <= data.started_at:
        errors.append(_("De eindtijd moet na de begintijd liggen."))
    conversation = conversation_problem(spoke=data.spoke_to_people, topics=data.conversation_topics,
                                        outcome=data.conversation_outcome)
    if conversation:
        errors.append(conversation)
    for obs in data.observations:
        errors.extend(observation_check(obs))
    points: list[tuple[float | None, float | None]] = [(o.lat, o.lon) for o in data.observations]
    points += [(d.lat, d.lon) for d in data.defects]
    for lat, lon in points:
        if lat is not None or lon is not None:
            try:
                _check_point(round.initiative.municipality_id, lat, lon, field="lat")
            except ValidationError as exc:
                errors.extend(exc.messages)
    if data.route_streets:
        unknown = unknown_street_names(municipality_id=round.initiative.municipality_id, names=data.route_streets)
        if unknown:
            errors.append(_("Onbekende straat: %(names)s") % {"names": ", ".join(unknown)})
    if errors:
        raise ValidationError(errors)
    municipality_id = round.initiative.municipality_id
    requested = list(dict.fromkeys(data.walker_ids))
    team_member_ids = current_member_ids(initiative_id=round.initiative_id, among=requested)
    walker_ids = [w for w in requested if w in team_member_ids]
    _focus, questions = cached_report_settings(municipality_id=municipality_id)
    quality = score_report(
        started_at=data.started_at,
        ended_at=data.ended_at,
        route_streets=data.route_streets,
        route_kind=data.route_kind,
        walker_count=len(walker_ids),
        observations=[{"place": o.place, "observed_at": o.observed_at, "category": o.category}
                      for o in data.observations],
        quiet=data.quiet,
        spoke_to_people=data.spoke_to_people,
        conversation_topics=data.conversation_topics,
        conversation_outcome=data.conversation_outcome,
        focus_points=data.focus_points,
        extra_questions=questions,
        extra_answers=data.extra_answers,
    )
    now = timezone.now()
    if transaction.get_connection().in_atomic_block:
        # Inside a caller's transaction a failed insert would poison it: look first.
        existing = _existing_report(actor=actor, client_uuid=data.client_uuid)
        if existing is not None:
            return existing
    try:
        return _report_insert(actor=actor, round=round, data=data, walker_ids=walker_ids, quality=quality,
                              now=now)
    except IntegrityError:
        existing = _existing_report(actor=actor, client_uuid=data.client_uuid)
        if existing is None:
            raise
        return existing


def _report_insert(
    *, actor: User, round: Round, data: ReportInput, walker_ids: list[int], quality: Any, now: datetime,
) -> PatrolReport:
    from buurtpreventie.core import graphinsert
    from buurtpreventie.core.audit import audit_entry
    from buurtpreventie.core.models import AuditEntry

    municipality_id = round.initiative.municipality_id
    report = PatrolReport(
        round=round,
        initiative_id=round.initiative_id,
        municipality_id=municipality_id,
        wijk_id=round.wijk_id,
        author=actor,
        client_uuid=data.client_uuid,
        started_at=data.started_at,
        ended_at=data.ended_at,
        route_streets=data.route_streets,
        route_source=data.route_source,
        route_kind=data.route_kind,
        quiet=data.quiet and not data.observations,
        spoke_to_people=data.spoke_to_people,
        conversation_topics=data.conversation_topics,
        conversation_outcome=data.conversation_outcome,
        focus_points=data.focus_points,
        extra_answers=data.extra_answers,
        notes=data.notes,
        quality_score=quality.score,
        quality_missing=quality.missing,
        submitted_at=now,
        observation_count=len(data.observations),
        defect_count=len(data.defects),
    )
    through = PatrolReport.walkers.through
    walkers = [through(user_id=w) for w in walker_ids]
    observations = [
        Observation(observed_at=o.observed_at, place=o.place, lat=o.lat, lon=o.lon,
                    category=o.category, behaviour=o.behaviour,
                    **{k: (o.person.get(k) or "").strip() for k in PERSON_DESCRIPTOR_FIELDS})
        for o in data.observations
    ]
    defects = []
    for d in data.defects:
        defect = Defect(municipality_id=municipality_id, wijk_id=round.wijk_id, reporter=actor,
                        category=d.category, description=d.description, place=d.place, lat=d.lat, lon=d.lon,
                        forward_state=ForwardState.PENDING, forward_next_at=now)
        if d.photo is not None:
            # Public on purpose (published through Open311), but size-limited, re-encoded without
            # EXIF data and saved under a random name.
            photo = clean_upload(d.photo, kinds=("image",), field="photo")
            defect.photo.save(RandomName("defects")(defect, photo.name or "foto.jpg"), photo, save=False)
        defects.append(defect)
    audit = audit_entry(actor=actor, action="report.submit", obj=report, municipality_id=municipality_id,
                        detail={"quality": quality.score})
    if graphinsert.supported():
        # PostgreSQL: the report and all its rows in one statement, one round trip, atomic by itself.
        _report_id, (_w, _o, defect_ids, _a) = graphinsert.insert_graph(report, [
            graphinsert.Children(through, walkers, parent_field="patrolreport_id"),
            graphinsert.Children(Observation, observations, parent_field="report_id"),
            graphinsert.Children(Defect, defects, parent_field="report_id", returning=True),
            graphinsert.Children(AuditEntry, [audit], parent_field="object_id", parent_as_text=True),
        ])
    else:
        with transaction.atomic():
            report.save(force_insert=True)
            for row in walkers:
                row.patrolreport_id = report.pk
            for obs in observations:
                obs.report = report
            for defect in defects:
                defect.report = report
            if walkers:
                through.objects.bulk_create(walkers)
            Observation.objects.bulk_create(observations)
            # bulk_create sets primary keys on PostgreSQL and SQLite (RETURNING).
            defect_ids = [d.pk for d in Defect.objects.bulk_create(defects)] if defects else []
            audit.object_id = str(report.pk)
            audit.save(force_insert=True)
    if defect_ids:
        # Forwarding (Open311/Signalen) runs in a task after commit (at once outside a transaction).
        transaction.on_commit(lambda: defects_created.send(sender=Defect, defect_ids=defect_ids))
    return report


def report_questions_set(*, actor: User, municipality: Any, labels: list[str]) -> list[dict[str, str]]:
    """The municipality's extra questions on the patrol report and the signal form, in this order.

    A question keeps its key while its label is unchanged, so earlier answers stay linked."""
    from django.utils.text import slugify

    from .models import ReportSettings

    if not policies.may_configure_report(actor, municipality.pk):
        raise PermissionDenied
    labels = [" ".join(label.split()) for label in labels if label.strip()]
    if len(labels) > 10:
        raise ValidationError(_("Hoogstens 10 extra vragen."))
    if any(len(label) > 200 for label in labels):
        raise ValidationError(_("Een vraag is hoogstens 200 tekens."))
    with transaction.atomic():
        config, _created = ReportSettings.objects.select_for_update().get_or_create(municipality=municipality)
        known = {str(q.get("label")): str(q.get("key")) for q in config.extra_questions or [] if isinstance(q, dict)}
        used: set[str] = set()
        questions = []
        for label in labels:
            key = known.get(label) or slugify(label)[:40] or "vraag"
            base, n = key, 2
            while key in used:
                key, n = f"{base}-{n}", n + 1
            used.add(key)
            questions.append({"key": key, "label": label})
        config.extra_questions = questions
        config.save(update_fields=["extra_questions"])
        audit_record(actor=actor, action="report_settings.questions", obj=config, municipality_id=municipality.pk,
                     detail={"count": len(questions)})
    return questions
