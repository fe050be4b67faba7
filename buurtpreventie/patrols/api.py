"""JSON API for rounds, patrol reports and defects; mounted at /api/patrols/ (OpenAPI at /api/openapi.json)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from ninja import Field, Router, Schema, Status

from buurtpreventie.accounts.types import AuthenticatedHttpRequest
from buurtpreventie.core.validation import (
    AccuracyMetres,
    Id,
    InputSchema,
    Latitude,
    Longitude,
    PlausibleDatetime,
    Walkers,
    choice,
    text,
)

from . import policies, services
from .models import (
    ContactOutcome,
    DefectCategory,
    ObservationCategory,
    PatrolReport,
    Round,
    RouteKind,
    RouteSource,
)
from .selectors import (
    access_report,
    access_round,
    defect_list_visible_to,
    report_list_visible_to,
    round_list_visible_to,
)

router = Router(tags=["patrols"])


class RoundOut(Schema):
    id: int
    initiative_id: int
    initiative: str = Field(..., alias="initiative.name")
    wijk_id: int | None
    planned_start: datetime
    planned_end: datetime
    meeting_point: str
    minimum_walkers: int
    status: str
    started_at: datetime | None
    ended_at: datetime | None


class RoundPlanIn(InputSchema):
    initiative_id: Id
    planned_start: PlausibleDatetime
    planned_end: PlausibleDatetime
    meeting_point: text(200) = ""  # type: ignore[valid-type]
    minimum_walkers: Walkers = 2
    planned_streets: list[text(200)] = Field(default=[], max_length=200)  # type: ignore[valid-type]


class PositionIn(InputSchema):
    lat: Latitude
    lon: Longitude
    accuracy_m: AccuracyMetres | None = None


class PositionOut(Schema):
    id: int
    lat: float
    lon: float
    recorded_at: datetime


class SharingIn(InputSchema):
    enabled: bool


class Error(Schema):
    detail: str


class RouteOut(Schema):
    streets: list[str]


class ObservationIn(InputSchema):
    observed_at: PlausibleDatetime
    place: text(200)  # type: ignore[valid-type]
    category: choice(ObservationCategory)  # type: ignore[valid-type]
    behaviour: text()  # type: ignore[valid-type]
    lat: Latitude | None = None
    lon: Longitude | None = None
    person: dict[text(40), text(160)] = Field(default={}, max_length=10)  # type: ignore[valid-type]


class DefectIn(InputSchema):
    category: choice(DefectCategory)  # type: ignore[valid-type]
    place: text(200)  # type: ignore[valid-type]
    description: text() = ""  # type: ignore[valid-type]
    lat: Latitude | None = None
    lon: Longitude | None = None


class ReportIn(InputSchema):
    round_id: Id
    client_uuid: uuid.UUID | None = None
    started_at: PlausibleDatetime | None = None
    ended_at: PlausibleDatetime | None = None
    route_streets: list[text(200)] = Field(default=[], max_length=300)  # type: ignore[valid-type]
    route_source: choice(RouteSource) = "typed"  # type: ignore[valid-type]
    route_kind: choice(RouteKind, blank=True) = ""  # type: ignore[valid-type]
    walker_ids: list[Id] = Field(default=[], max_length=100)
    quiet: bool = False
    spoke_to_people: bool | None = None
    conversation_topics: text() = ""  # type: ignore[valid-type]
    conversation_outcome: choice(ContactOutcome, blank=True) = ""  # type: ignore[valid-type]
    focus_points: list[text(200)] = Field(default=[], max_length=50)  # type: ignore[valid-type]
    extra_answers: dict[text(80), text()] = Field(default={}, max_length=50)  # type: ignore[valid-type]
    notes: text() = ""  # type: ignore[valid-type]
    observations: list[ObservationIn] = Field(default=[], max_length=100)
    defects: list[DefectIn] = Field(default=[], max_length=100)


class ObservationOut(Schema):
    observed_at: datetime
    place: str
    category: str
    behaviour: str
    lat: float | None
    lon: float | None


class ReportOut(Schema):
    id: int
    round_id: int
    initiative_id: int
    wijk_id: int | None
    author_id: int
    submitted_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    route_streets: list[str]
    route_kind: str
    quiet: bool
    quality_score: int
    quality_missing: list[str]
    status: str
    observation_count: int
    defect_count: int


class ReportDetailOut(ReportOut):
    observations: list[ObservationOut]
    focus_points: list[str]
    spoke_to_people: bool | None
    conversation_topics: str
    conversation_outcome: str

    @staticmethod
    def resolve_observations(obj: PatrolReport) -> list[Any]:
        return list(obj.observations.all())


class DefectOut(Schema):
    id: int
    report_id: int | None
    category: str
    place: str
    description: str
    lat: float | None
    lon: float | None
    status: str = Field(..., alias="open311_status")
    forward_state: str
    forward_attempts: int
    created_at: datetime


def _round(request: AuthenticatedHttpRequest, round_id: int) -> Round:
    return access_round(user=request.user, pk=round_id)


@router.get("/rounds", response=list[RoundOut], summary="Rounds visible to the user")
def rounds(
    request: AuthenticatedHttpRequest, initiative_id: int | None = None, status: str = "", limit: int = 100
) -> Any:
    qs = round_list_visible_to(user=request.user, initiative_id=initiative_id)
    if status:
        qs = qs.filter(status=status)
    return list(qs[: min(max(limit, 1), 500)])


@router.post("/rounds", response={201: RoundOut, 400: Error, 403: Error}, summary="Plan a round")
def round_plan(request: AuthenticatedHttpRequest, payload: RoundPlanIn) -> Any:
    from buurtpreventie.initiatives.selectors import access_initiative

    initiative = access_initiative(user=request.user, pk=payload.initiative_id)  # 404: not a team you see
    round = services.round_plan(
        actor=request.user, initiative=initiative, planned_start=payload.planned_start,
        planned_end=payload.planned_end, meeting_point=payload.meeting_point,
        minimum_walkers=payload.minimum_walkers, planned_streets=payload.planned_streets,
    )
    return Status(201, round)


@router.get("/rounds/{round_id}", response=RoundOut, summary="One round")
def round_detail(request: AuthenticatedHttpRequest, round_id: int) -> Any:
    return _round(request, round_id)


def _round_action(request: AuthenticatedHttpRequest, round_id: int, action: Any) -> Any:
    round = _round(request, round_id)
    result = action(actor=request.user, round=round)
    if not isinstance(result, Round):
        result = Round.objects.select_related("initiative").get(pk=round.pk)
    return Status(200, result)


@router.post("/rounds/{round_id}/signup", response={200: RoundOut, 400: Error, 403: Error}, summary="Sign up")
def round_signup(request: AuthenticatedHttpRequest, round_id: int) -> Any:
    return _round_action(request, round_id, services.round_signup)


@router.post("/rounds/{round_id}/cancel-signup", response={200: RoundOut, 400: Error, 403: Error},
             summary="Cancel one's sign-up")
def round_signup_cancel(request: AuthenticatedHttpRequest, round_id: int) -> Any:
    return _round_action(request, round_id, services.round_signup_cancel)


@router.post("/rounds/{round_id}/start", response={200: RoundOut, 400: Error, 403: Error}, summary="Start a round")
def round_start(request: AuthenticatedHttpRequest, round_id: int) -> Any:
    return _round_action(request, round_id, services.round_start)


@router.post("/rounds/{round_id}/end", response={200: RoundOut, 400: Error, 403: Error}, summary="End a round")
def round_end(request: AuthenticatedHttpRequest, round_id: int) -> Any:
    return _round_action(request, round_id, services.round_end)


@router.post("/rounds/{round_id}/sharing", response={200: SharingIn, 400: Error, 403: Error},
             summary="Opt in or out of live position sharing")
def round_sharing(request: AuthenticatedHttpRequest, round_id: int, payload: SharingIn) -> Any:
    round = _round(request, round_id)
    participant = services.position_sharing_set(actor=request.user, round=round, enabled=payload.enabled)
    return Status(200, {"enabled": participant.shares_position})


@router.post("/rounds/{round_id}/positions", response={201: PositionOut, 400: Error, 403: Error},
             summary="Share the current position (only while the round runs, only after opting in)")
def round_position(request: AuthenticatedHttpRequest, round_id: int, payload: PositionIn) -> Any:
    round = _round(request, round_id)
    position = services.position_record(actor=request.user, round=round, lat=payload.lat, lon=payload.lon,
                                        accuracy_m=payload.accuracy_m)
    return Status(201, position)


@router.get("/rounds/{round_id}/derived-route", response={200: RouteOut, 403: Error},
            summary="Streets walked, derived from the positions shared in this round")
def round_derived_route(request: AuthenticatedHttpRequest, round_id: int) -> Any:
    round = _round(request, round_id)
    return Status(200, {"streets": services.route_derive_for_round(actor=request.user, round=round)})


@router.get("/reports", response=list[ReportOut], summary="Patrol reports visible to the user (newest first)")
def reports(request: AuthenticatedHttpRequest, before_id: int | None = None, limit: int = 50) -> Any:
    qs = report_list_visible_to(user=request.user).order_by("-id")
    if before_id:
        qs = qs.filter(id__lt=before_id)
    return list(qs[: min(max(limit, 1), 200)])


@router.post("/reports", response={201: ReportOut, 400: Error, 403: Error, 404: Error},
             summary="File a patrol report (idempotent on client_uuid)")
def report_submit(request: AuthenticatedHttpRequest, payload: ReportIn) -> Any:
    round = Round.objects.select_related("initiative").filter(pk=payload.round_id).first()
    if round is None or not policies.may_view_round(request.user, round):
        return Status(404, {"detail": "round not found"})
    report = services.report_submit(actor=request.user, round=round, data=report_input(payload))
    return Status(201, report)


def report_input(payload: ReportIn) -> services.ReportInput:
    """The service's input from the API body (also used by the fast route, patrols/ingest.py)."""
    return services.ReportInput(
        started_at=payload.started_at, ended_at=payload.ended_at, route_streets=payload.route_streets,
        route_source=payload.route_source, route_kind=payload.route_kind, walker_ids=payload.walker_ids,
        quiet=payload.quiet, spoke_to_people=payload.spoke_to_people,
        conversation_topics=payload.conversation_topics, conversation_outcome=payload.conversation_outcome,
        focus_points=payload.focus_points, extra_answers=payload.extra_answers, notes=payload.notes,
        observations=[services.ObservationInput(**o.model_dump()) for o in payload.observations],
        defects=[services.DefectInput(**d.model_dump()) for d in payload.defects],
        client_uuid=payload.client_uuid,
    )


@router.get("/reports/{report_id}", response=ReportDetailOut, summary="One patrol report")
def report_detail(request: AuthenticatedHttpRequest, report_id: int) -> Any:
    return access_report(user=request.user, pk=report_id)


@router.get("/defects", response=list[DefectOut], summary="Public-space defects visible to the user")
def defects(request: AuthenticatedHttpRequest, state: str = "", limit: int = 100) -> Any:
    qs = defect_list_visible_to(user=request.user)
    if state:
        qs = qs.filter(forward_state=state)
    return list(qs[: min(max(limit, 1), 500)])


