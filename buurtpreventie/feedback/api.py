"""JSON API of the one counter; mounted at /api/feedback/ (OpenAPI at /api/openapi.json)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from buurtpreventie.accounts.models import User
from buurtpreventie.patrols.models import PatrolReport

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


class StatusIn(Schema):
    status: str | None = None
    assigned_to_id: int | None = None
    note: str = ""


class FeedbackIn(Schema):
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
def inbox(request: HttpRequest, municipality_id: int | None = None, status: str = "",
          before: str = "", limit: int = INBOX_PAGE_SIZE) -> Any:
    ids = inbox_municipality_ids(user=request.user)
    if not ids or (municipality_id is not None and municipality_id not in ids):
        return Status(403, {"detail": "forbidden"})
    limit = min(max(limit, 1), 200)
    rows = inbox_page(user=request.user, municipality_id=municipality_id or min(ids), status=status,
                      before=parse_inbox_cursor(before), limit=limit)
    more = len(rows) > limit
    rows = rows[:limit]
    next_before = f"{rows[-1].submitted_at.isoformat()}_{rows[-1].pk}" if more and rows else None
    return Status(200, {"items": rows, "next_before": next_before})


def _report(request: HttpRequest, report_id: int) -> PatrolReport:
    report = get_object_or_404(PatrolReport, pk=report_id)
    if not policies.may_triage(request.user, report):
        raise Http404
    return report


@router.post("/reports/{report_id}/status", response={200: InboxRow, 400: Error, 403: Error},
             summary="Change status / assignee (appends history)")
def report_status(request: HttpRequest, report_id: int, payload: StatusIn) -> Any:
    report = _report(request, report_id)
    assignee = User.objects.filter(pk=payload.assigned_to_id).first() if payload.assigned_to_id else None
    try:
        services.report_status_change(actor=request.user, report=report, status=payload.status,
                                      assigned_to=assignee, note=payload.note)
    except PermissionDenied:
        return Status(403, {"detail": "forbidden"})
    except ValidationError as exc:
        return Status(400, {"detail": " ".join(exc.messages)})
    return Status(200, PatrolReport.objects.get(pk=report.pk))


@router.post("/reports/{report_id}/feedback", response={201: FeedbackOut, 400: Error, 403: Error},
             summary="Targeted feedback to the team")
def report_feedback(request: HttpRequest, report_id: int, payload: FeedbackIn) -> Any:
    report = _report(request, report_id)
    try:
        feedback = services.feedback_give(actor=request.user, report=report, kind=payload.kind, body=payload.body)
    except PermissionDenied:
        return Status(403, {"detail": "forbidden"})
    except ValidationError as exc:
        return Status(400, {"detail": " ".join(exc.messages)})
    return Status(201, feedback)


@router.get("/reports/{report_id}/feedback", response=list[FeedbackOut], summary="Feedback on a report")
def report_feedback_list(request: HttpRequest, report_id: int) -> Any:
    from buurtpreventie.patrols.policies import may_view_report

    report = get_object_or_404(PatrolReport, pk=report_id)
    if not may_view_report(request.user, report):
        raise Http404
    return list(feedback_for_report(report=report))


@router.get("/news", response=list[NewsOut], auth=None, summary="Public news of a municipality")
def news(request: HttpRequest, municipality: str) -> Any:
    from buurtpreventie.areas.models import Municipality

    item = Municipality.objects.filter(code=municipality.upper()).first()
    if item is None:
        raise Http404
    return list(news_list_public(municipality=item))
