"""JSON API of the one counter; mounted at /api/feedback/ (OpenAPI at /api/openapi.json)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from buurtpreventie.accounts.models import User
from buurtpreventie.accounts.types import AuthenticatedHttpRequest
from buurtpreventie.core.tenancy import resolve_municipality
from buurtpreventie.core.validation import InputSchema
from buurtpreventie.patrols.models import PatrolReport
from buurtpreventie.patrols.selectors import access_report, access_report_for_counter

from . import policies, services
from .selectors import (
    INBOX_PAGE_SIZE,
    feedback_for_report,
    inbox_municipality_ids,
    inbox_page,
    news_list_public,
    parse_inbox_cursor,
)

router = Router(tags=["feedback"])


class InboxRow(Schema):
    id: int
    submitted_at: datetime
    initiative_id: int
    wijk_id: int | None
    status: str
    quality_score: int
    observation_count: int
    defect_count: int
    assigned_to_id: int | None


class InboxOut(Schema):
    items: list[InboxRow]
    next_before: str | None


class StatusIn(InputSchema):
    status: str | None = None
    assigned_to_id: int | None = None
    note: str = ""


class FeedbackIn(InputSchema):
    kind: str
    body: str


class FeedbackOut(Schema):
    id: int
    kind: str
    body: str
    created_at: datetime
    author_id: int


class NewsOut(Schema):
    slug: str
    title: str
    body: str
    published_at: datetime


class Error(Schema):
    detail: str


@router.get("/inbox", response={200: InboxOut, 403: Error}, summary="The one counter: reports in your area")
def inbox(request: AuthenticatedHttpRequest, municipality_id: int | None = None, status: str = "",
          before: str = "", limit: int = INBOX_PAGE_SIZE) -> Any:
    ids = inbox_municipality_ids(user=request.user)
    if not ids:
        return Status(403, {"detail": "forbidden"})
    # The one resolver: municipality_id (or ?gemeente=), else the session choice; not yours → 404.
    municipality = resolve_municipality(request, allowed_ids=ids,
                                        code=str(municipality_id) if municipality_id else None)
    limit = min(max(limit, 1), 200)
    rows = inbox_page(user=request.user, municipality_id=municipality.pk, status=status,
                      before=parse_inbox_cursor(before), limit=limit)
    more = len(rows) > limit
    rows = rows[:limit]
    next_before = f"{rows[-1].submitted_at.isoformat()}_{rows[-1].pk}" if more and rows else None
    return Status(200, {"items": rows, "next_before": next_before})


def _report(request: AuthenticatedHttpRequest, report_id: int) -> PatrolReport:
    return access_report_for_counter(user=request.user, pk=report_id)


@router.post("/reports/{report_id}/status", response={200: InboxRow, 400: Error, 403: Error},
             summary="Change status / assignee (appends history)")
def report_status(request: AuthenticatedHttpRequest, report_id: int, payload: StatusIn) -> Any:
    report = _report(request, report_id)
    assignee = User.objects.filter(pk=payload.assigned_to_id).first() if payload.assigned_to_id else None
    services.report_status_change(actor=request.user, report=report, status=payload.status,
                                  assigned_to=assignee, note=payload.note)
    return Status(200, PatrolReport.objects.get(pk=report.pk))


@router.post("/reports/{report_id}/feedback", response={201: FeedbackOut, 400: Error, 403: Error},
             summary="Targeted feedback to the team")
def report_feedback(request: AuthenticatedHttpRequest, report_id: int, payload: FeedbackIn) -> Any:
    report = _report(request, report_id)
    feedback = services.feedback_give(actor=request.user, report=report, kind=payload.kind, body=payload.body)
    return Status(201, feedback)


@router.get("/reports/{report_id}/feedback", response=list[FeedbackOut], summary="Feedback on a report")
def report_feedback_list(request: AuthenticatedHttpRequest, report_id: int) -> Any:
    report = access_report(user=request.user, pk=report_id)
    return list(feedback_for_report(report=report))


class SignalRow(Schema):
    id: int
    submitted_at: datetime
    observed_at: datetime
    initiative_id: int
    wijk_id: int | None
    category: str
    status: str
    quality_score: int
    called_112: bool | None
    assigned_to_id: int | None


class SignalFeedbackOut(FeedbackOut):
    share_text: str


def _signal(request: AuthenticatedHttpRequest, signal_id: int) -> Any:
    from buurtpreventie.signals.selectors import access_signal

    signal = access_signal(request.user, signal_id)
    if not policies.may_triage(request.user, signal):
        raise Http404
    return signal


@router.post("/signals/{signal_id}/status", response={200: SignalRow, 400: Error, 403: Error},
             summary="Change a signal's status / assignee (appends history)")
def signal_status(request: AuthenticatedHttpRequest, signal_id: int, payload: StatusIn) -> Any:
    from buurtpreventie.signals.models import Signal

    signal = _signal(request, signal_id)
    assignee = User.objects.filter(pk=payload.assigned_to_id).first() if payload.assigned_to_id else None
    services.signal_status_change(actor=request.user, signal=signal, status=payload.status,
                                  assigned_to=assignee, note=payload.note)
    return Status(200, Signal.objects.get(pk=signal.pk))


@router.post("/signals/{signal_id}/feedback", response={201: SignalFeedbackOut, 400: Error, 403: Error},
             summary="Feedback on a signal, to its filer and the group's admin")
def signal_feedback(request: AuthenticatedHttpRequest, signal_id: int, payload: FeedbackIn) -> Any:
    from .selectors import share_text

    signal = _signal(request, signal_id)
    feedback = services.feedback_give(actor=request.user, signal=signal, kind=payload.kind, body=payload.body)
    feedback.share_text = share_text(feedback=feedback)  # type: ignore[attr-defined]
    return Status(201, feedback)


@router.get("/signals/{signal_id}/feedback", response=list[SignalFeedbackOut],
            summary="Feedback on a signal, each with its share text for the group chat")
def signal_feedback_list(request: AuthenticatedHttpRequest, signal_id: int) -> Any:
    from buurtpreventie.signals.selectors import access_signal

    from .selectors import feedback_for_signal, share_text

    signal = access_signal(request.user, signal_id)
    items = list(feedback_for_signal(signal=signal))
    for item in items:
        item.share_text = share_text(feedback=item)  # type: ignore[attr-defined]
    return items


@router.get("/news", response=list[NewsOut], auth=None, summary="Public news of a municipality")
def news(request: HttpRequest, municipality: str) -> Any:
    from buurtpreventie.areas.models import Municipality

    item = Municipality.objects.filter(code=municipality.upper()).first()
    if item is None:
        raise Http404
    return list(news_list_public(municipality=item))


# --- Public-space defects for machine clients (paginated) ------------------------------------------

from ninja.pagination import PageNumberPagination, paginate  # noqa: E402


class ReceiverStatusOut(Schema):
    at: datetime
    via: str
    state: str
    state_display: str
    text: str


class ForwardedDefectOut(Schema):
    id: int
    municipality_id: int
    wijk_id: int | None
    category: str
    place: str
    lat: float | None
    lon: float | None
    is_open: bool
    created_at: datetime
    updated_at: datetime
    forward_state: str
    external_id: str
    receiver_history: list[ReceiverStatusOut]


@router.get("/defects", response=list[ForwardedDefectOut],
            summary="Public-space defects with their forwarding state and the receiver's status history")
@paginate(PageNumberPagination, page_size=50)
def defects(request: AuthenticatedHttpRequest, forward_state: str = "", is_open: bool | None = None) -> Any:
    """Paged with ninja's page-number pagination: `?page=1` (50 per page); the answer is
    `{"items": [...], "count": <total>}`. An API key sees its own municipality only."""
    from buurtpreventie.patrols.selectors import defect_list_visible_to

    qs = defect_list_visible_to(user=request.user).prefetch_related("status_events").order_by("-created_at", "-id")
    key = getattr(request, "api_key", None)
    if key is not None:
        qs = qs.filter(municipality_id=key.municipality_id)
    if forward_state:
        qs = qs.filter(forward_state=forward_state)
    if is_open is not None:
        qs = qs.filter(is_open=is_open)
    return [
        {"id": d.pk, "municipality_id": d.municipality_id, "wijk_id": d.wijk_id, "category": d.category,
         "place": d.place, "lat": d.lat, "lon": d.lon, "is_open": d.is_open, "created_at": d.created_at,
         "updated_at": d.updated_at, "forward_state": d.forward_state, "external_id": d.external_id,
         "receiver_history": [{"at": e.at, "via": e.via, "state": e.state, "state_display": e.state_display,
                               "text": e.text} for e in d.status_events.all()]}
        for d in qs
    ]
