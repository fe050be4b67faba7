"""Engagement API: overdue contacts and computed team budgets for the user's municipality."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Router, Schema, Status

from buurtpreventie.accounts.policies import municipality_ids_with
from buurtpreventie.accounts.roles import Cap
from buurtpreventie.accounts.types import AuthenticatedHttpRequest
from buurtpreventie.areas.models import Municipality
from buurtpreventie.core.tenancy import resolve_municipality

from .selectors import budgets_visible_to, overdue_contacts_visible_to

router = Router(tags=["engagement"])


class OverdueOut(Schema):
    initiative: int
    initiative_name: str
    person: str
    kind: str
    last_contact: date | None
    due: date
    days_overdue: int
    professional: str | None


class BudgetOut(Schema):
    initiative: int
    initiative_name: str
    year: int
    amount: Decimal | None
    formula: str
    approved: Decimal
    spent: Decimal


def _municipality(request: AuthenticatedHttpRequest, capability: str) -> Municipality | None:
    """The one resolver (`?gemeente=`, session choice, default); None when the user has none."""
    municipality: Municipality | None = resolve_municipality(
        request, allowed_ids=municipality_ids_with(request.user, capability), required=False)
    return municipality


@router.get("/overdue", response={200: list[OverdueOut], 403: dict}, summary="Overdue contacts (contact rhythm)")
def overdue(request: AuthenticatedHttpRequest) -> Any:
    municipality = _municipality(request, Cap.LOG_CONTACT)
    if municipality is None:
        raise PermissionDenied
    items = overdue_contacts_visible_to(user=request.user, municipality=municipality)
    return [{"initiative": i.initiative.pk, "initiative_name": i.initiative.name, "person": str(i.person),
             "kind": i.kind, "last_contact": i.last_contact, "due": i.due, "days_overdue": i.days,
             "professional": str(i.professional) if i.professional else None} for i in items]


@router.get("/budgets", response={200: list[BudgetOut], 403: dict}, summary="Computed team budgets with formula")
def budgets(request: AuthenticatedHttpRequest, year: int | None = None) -> Any:
    municipality = _municipality(request, Cap.MANAGE_BUDGETS)
    if municipality is None:
        return Status(403, {"detail": "Geen toegang."})
    year = year or timezone.localdate().year
    rows = budgets_visible_to(user=request.user, municipality=municipality, year=year)
    return [{"initiative": r.initiative.pk, "initiative_name": r.initiative.name, "year": year,
             "amount": r.computed.amount if r.computed else None,
             "formula": r.computed.formula if r.computed else "", "approved": r.approved, "spent": r.spent}
            for r in rows]
