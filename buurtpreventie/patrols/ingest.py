"""The fast route for filing a patrol report: `POST /api/patrols/reports` (core.fastpath, ADR 0009).

The same call as `api.report_submit` — the API's caller check, strict parser and schema, the
`may_view_round` rule and `services.report_submit` — with the caller and the round kept a few
seconds in process memory instead of loaded per request, and without the middleware stack and the
ninja operation around it. Anything but a member's valid report is delegated, before any write, to
the full stack, which answers it (errors, professionals, API keys, other teams' rounds).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpResponse
from ninja.renderers import JSONRenderer
from pydantic import ValidationError as SchemaError

from buurtpreventie.api.fast import json_body, session_caller
from buurtpreventie.core.fastpath import Delegate, short_memory

from . import policies, services
from .api import ReportIn, ReportOut, report_input
from .models import Round

PATH = "/api/patrols/reports"
_rounds = short_memory()
_renderer = JSONRenderer()


def _load_round(round_id: int) -> Round | None:
    return Round.objects.select_related("initiative").filter(pk=round_id).first()


def report_ingest(request: ASGIRequest) -> HttpResponse:
    user = session_caller(request)
    try:
        payload = ReportIn.model_validate(json_body(request))
    except SchemaError:
        raise Delegate from None
    round = _rounds.get(payload.round_id, lambda: _load_round(payload.round_id))
    if round is None or not policies.may_view_round(user, round):
        raise Delegate
    try:
        report = services.report_submit(actor=user, round=round, data=report_input(payload))
    except (ValidationError, PermissionDenied):
        raise Delegate from None  # raised before the insert: nothing was stored
    data = ReportOut.from_orm(report).model_dump()
    return HttpResponse(_renderer.render(request, data, response_status=201), status=201,
                        content_type=f"{_renderer.media_type}; charset={_renderer.charset}")
