"""JSON API for signals; mounted at /api/signals/ (OpenAPI at /api/openapi.json)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from ninja import Field, Router, Schema, Status

from buurtpreventie.accounts.types import AuthenticatedHttpRequest
from buurtpreventie.core.validation import InputSchema
from buurtpreventie.patrols.models import DefectCategory, ObservationCategory
from buurtpreventie.patrols.services import DefectInput

from . import services
from .models import CalledBy
from .selectors import access_signal, signals_visible_to

router = Router(tags=["signals"])


class DefectIn(InputSchema):
    category: str
    description: str = Field("", max_length=2000)


class SignalIn(InputSchema):
    initiative_id: int
    client_uuid: uuid.UUID | None = None
    observed_at: datetime
    place: str = Field(..., max_length=200)
    lat: float | None = None
    lon: float | None = None
    category: str
    behaviour: str = Field(..., max_length=5000)
    person: dict[str, str] = {}
    called_112: bool | None = None
    called_112_by: str = ""
    called_112_at: datetime | None = None
    defect: DefectIn | None = None
    extra_answers: dict[str, str] = {}


class SignalOut(Schema):
    id: int
    initiative_id: int
    wijk_id: int | None
    author_id: int
    observed_at: datetime
    submitted_at: datetime
    place: str
    lat: float | None
    lon: float | None
    category: str
    behaviour: str
    called_112: bool | None
    called_112_by: str
    called_112_at: datetime | None
    defect_id: int | None
    status: str
    quality_score: int
    quality_missing: list[str]


class Error(Schema):
    detail: str


@router.get("", response=list[SignalOut], summary="Signals visible to the user")
def signal_list(request: AuthenticatedHttpRequest, initiative_id: int | None = None, limit: int = 100) -> Any:
    qs = signals_visible_to(request.user)
    if initiative_id is not None:
        qs = qs.filter(initiative_id=initiative_id)
    return list(qs.order_by("-submitted_at", "-id")[: min(max(limit, 1), 500)])


@router.post("", response={201: SignalOut, 400: Error, 403: Error, 404: Error}, summary="File a signal")
def signal_file(request: AuthenticatedHttpRequest, payload: SignalIn) -> Any:
    from buurtpreventie.initiatives.selectors import access_initiative

    initiative = access_initiative(user=request.user, pk=payload.initiative_id)  # 404: not a team you see
    if payload.category not in ObservationCategory.values:
        return Status(400, {"detail": "unknown category"})
    if payload.called_112_by and payload.called_112_by not in CalledBy.values:
        return Status(400, {"detail": "unknown called_112_by"})
    defect = None
    if payload.defect is not None:
        if payload.defect.category not in DefectCategory.values:
            return Status(400, {"detail": "unknown defect category"})
        defect = DefectInput(category=payload.defect.category, place=payload.place,
                             description=payload.defect.description, lat=payload.lat, lon=payload.lon)
    data = services.SignalInput(
        observed_at=payload.observed_at, place=payload.place, category=payload.category,
        behaviour=payload.behaviour, lat=payload.lat, lon=payload.lon, person=payload.person,
        called_112=payload.called_112, called_112_by=payload.called_112_by, called_112_at=payload.called_112_at,
        defect=defect, extra_answers=payload.extra_answers, client_uuid=payload.client_uuid,
    )
    signal = services.signal_file(actor=request.user, initiative=initiative, data=data)
    return Status(201, signal)


@router.get("/{signal_id}", response=SignalOut, summary="One signal")
def signal_detail(request: AuthenticatedHttpRequest, signal_id: int) -> Any:
    return access_signal(request.user, signal_id)
