"""Helpers shared by the initiative pages: the municipality or initiative in view, checks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest

from buurtpreventie.areas.models import Municipality
from buurtpreventie.core.tenancy import resolve_municipality

from ..models import (
    Initiative,
)
from ..policies import (
    can_manage_initiatives,
)
from ..selectors import (
    initiative_for_user,
)


def _municipality(request: HttpRequest) -> Municipality:
    municipality: Municipality = resolve_municipality(request)
    return municipality


def _initiative(request: HttpRequest, pk: int) -> Initiative:
    initiative = initiative_for_user(user=request.user, pk=pk)
    if initiative is None:
        raise Http404
    request.municipality = initiative.municipality  # type: ignore[attr-defined]
    return initiative


def _require_manager(request: HttpRequest, municipality: Municipality) -> None:
    if not can_manage_initiatives(request.user, municipality.pk):
        raise PermissionDenied


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    form.add_error(None, exc)


