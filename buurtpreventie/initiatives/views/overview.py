"""The overview and one initiative: detail, edit, status, at-risk flag."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import (
    InitiativeCreateForm,
    InitiativeForm,
    StatusForm,
)
from ..models import (
    STATUS_TRANSITIONS,
    ApplicationStatus,
    InitiativeStatus,
)
from ..policies import (
    can_manage_initiatives,
    can_manage_team,
    can_see_internal_notes,
    can_see_member_details,
    can_use_initiatives_pages,
)
from ..selectors import (
    application_list_visible_to,
    commitments_of,
    current_members,
    goals_of,
    initiative_area,
    initiative_history_visible_to,
    initiative_list_visible_to,
    latest_agreement,
)
from ._common import _errors_to_form, _initiative, _municipality, _require_manager

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_use_initiatives_pages(request.user):
        raise PermissionDenied
    municipality = _municipality(request)
    qs = initiative_list_visible_to(user=request.user, municipality=municipality)
    status = request.GET.get("status", "")
    if status in InitiativeStatus.values:
        qs = qs.filter(status=status)
    initiatives = list(qs.annotate(n_members=Count("memberships", distinct=True)).order_by("status", "name"))
    manager = can_manage_initiatives(request.user, municipality.pk)
    open_applications = (
        application_list_visible_to(user=request.user, municipality=municipality)
        .filter(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.INTAKE])
        .count()
    )
    return render(
        request,
        "initiatives/index.html",
        {
            "municipality": municipality,
            "initiatives": initiatives,
            "status": status,
            "statuses": InitiativeStatus.choices,
            "manager": manager,
            "open_applications": open_applications,
        },
    )


@login_required
def initiative_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    _require_manager(request, municipality)
    form = InitiativeCreateForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        initiative = services.initiative_create(
            actor=request.user,
            municipality=municipality,
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            wijken=list(form.cleaned_data["wijken"]),
            reason=form.cleaned_data["reason"],
        )
        return redirect("initiatives:detail", pk=initiative.pk)
    return render(
        request,
        "initiatives/form_page.html",
        {"form": form, "title": _("Initiatief registreren"), "municipality": municipality},
        status=400 if form.is_bound else 200,
    )


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    user = request.user
    manager = can_manage_initiatives(user, initiative.municipality_id)
    agreement = latest_agreement(initiative=initiative)
    area = initiative_area(initiative)
    internal = can_see_internal_notes(user, initiative)
    context = {
        "initiative": initiative,
        "manager": manager,
        "team_manager": can_manage_team(user, initiative),
        "see_members": can_see_member_details(user, initiative),
        "history": initiative_history_visible_to(user=user, initiative=initiative),
        "agreement": agreement,
        "agreement_parties": agreement.accepted_parties() if agreement else set(),
        "goals": goals_of(municipality=initiative.municipality, initiative=initiative),
        "commitments": commitments_of(municipality=initiative.municipality, initiative=initiative),
        "internal": internal,
        "involvements": (
            initiative.involvements.select_related("professional").prefetch_related("wijken") if internal else []
        ),
        "reviews": initiative.continuity_reviews.select_related("decided_by") if internal else [],
        "applications": initiative.applications.all() if manager else [],
        "members": current_members(initiative=initiative) if can_see_member_details(user, initiative) else [],
        "status_form": StatusForm(allowed=STATUS_TRANSITIONS.get(initiative.status, set())) if manager else None,
        "area": {"type": "Feature", "properties": {"name": initiative.name}, "geometry": area} if area else None,
        "wijken": initiative.wijken.all(),
    }
    return render(request, "initiatives/detail.html", context)


@login_required
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    if not can_manage_team(request.user, initiative):
        raise PermissionDenied
    import json

    initial = {
        "name": initiative.name,
        "kind": initiative.kind,
        "wijken": initiative.wijken.all(),
        "buurten": initiative.buurten.all(),
        "area_geometry": json.dumps(initiative.area_geometry) if initiative.area_geometry else "",
        "public_description": initiative.public_description,
        "how_to_join": initiative.how_to_join,
    }
    form = InitiativeForm(request.POST or None, initial=initial, municipality=initiative.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_update(
                actor=request.user,
                initiative=initiative,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                wijken=list(form.cleaned_data["wijken"]),
                buurten=list(form.cleaned_data["buurten"]),
                area_geometry=form.cleaned_data["area_geometry"],
                public_description=form.cleaned_data["public_description"],
                how_to_join=form.cleaned_data["how_to_join"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Het initiatief is bijgewerkt."))
            return redirect("initiatives:detail", pk=pk)
    wijken_geojson = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": w.name}, "geometry": w.geometry}
            for w in initiative.municipality.wijken.exclude(geometry=None)
        ],
    }
    return render(
        request,
        "initiatives/edit.html",
        {"initiative": initiative, "form": form, "wijken_geojson": wijken_geojson},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def status_change(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    if not can_manage_initiatives(request.user, initiative.municipality_id):
        raise PermissionDenied
    form = StatusForm(request.POST, allowed=STATUS_TRANSITIONS.get(initiative.status, set()))
    if form.is_valid():
        try:
            services.initiative_status_set(
                actor=request.user,
                initiative=initiative,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
        else:
            messages.success(request, _("De status is gewijzigd."))
    else:
        messages.error(request, _("Kies een status en geef een reden."))
    return redirect("initiatives:detail", pk=pk)


@login_required
@require_POST
def at_risk(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    services.initiative_at_risk_set(
        actor=request.user,
        initiative=initiative,
        at_risk=request.POST.get("at_risk") == "1",
        reason=request.POST.get("reason", ""),
    )
    return redirect("initiatives:detail", pk=pk)


