"""Helpers shared by the initiative pages: the municipality or initiative in view, checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError

from buurtpreventie.areas.models import Municipality
from buurtpreventie.core.tenancy import resolve_municipality

from ..models import (
    Initiative,
)
from ..policies import (
    can_manage_initiatives,
)
from ..selectors import (
    access_initiative,
)

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest


def _municipality(request: AuthenticatedHttpRequest) -> Municipality:
    municipality: Municipality = resolve_municipality(request)
    return municipality


def _initiative(request: AuthenticatedHttpRequest, pk: int) -> Initiative:
    initiative = access_initiative(user=request.user, pk=pk)
    request.municipality = initiative.municipality  # type: ignore[attr-defined]
    return initiative


def _require_manager(request: AuthenticatedHttpRequest, municipality: Municipality) -> None:
    if not can_manage_initiatives(request.user, municipality.pk):
        raise PermissionDenied


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    form.add_error(None, exc)


