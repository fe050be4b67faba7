"""Helpers shared by the initiative pages: the municipality or initiative in view, checks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest

from buurtpreventie.accounts.selectors import user_municipality_ids
from buurtpreventie.areas.models import Municipality

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
    user: Any = request.user
    allowed = (
        Municipality.objects.all()
        if user.is_superuser
        else Municipality.objects.filter(pk__in=user_municipality_ids(user=user))
    )
    code = request.GET.get("gemeente")
    municipality = allowed.filter(code=code).first() if code else allowed.order_by("name").first()
    if municipality is None:
        raise Http404
    request.municipality = municipality  # type: ignore[attr-defined]
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


