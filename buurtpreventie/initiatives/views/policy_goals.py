"""Policy goals, commitments, professionals' involvement and continuity reviews."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from buurtpreventie.areas.models import Municipality

from .. import services
from ..forms import (
    CommitmentForm,
    ContinuityReviewForm,
    InvolvementForm,
    PolicyGoalForm,
)
from ..models import (
    Initiative,
)
from ..policies import (
    can_manage_initiatives,
)
from ..selectors import (
    access_goal,
    commitments_of,
    early_warning_reasons,
    goals_of,
)
from ._common import _errors_to_form, _initiative, _municipality, _require_manager

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest


@login_required
def policy(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Municipality-wide policy goals and commitments of municipality and police."""
    municipality = _municipality(request)
    manager = can_manage_initiatives(request.user, municipality.pk)
    if not manager:
        raise PermissionDenied
    return render(
        request,
        "initiatives/policy.html",
        {
            "municipality": municipality,
            "goals": goals_of(municipality=municipality),
            "commitments": commitments_of(municipality=municipality),
        },
    )


def _goal_or_commitment_target(
    request: AuthenticatedHttpRequest, pk: int | None
) -> tuple[Municipality, Initiative | None]:
    if pk is None:
        municipality = _municipality(request)
        return municipality, None
    initiative = _initiative(request, pk)
    return initiative.municipality, initiative


@login_required
def goal_new(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    municipality, initiative = _goal_or_commitment_target(request, pk)
    _require_manager(request, municipality)
    form = PolicyGoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.policy_goal_save(
            actor=request.user, municipality=municipality, initiative=initiative, **form.cleaned_data
        )
        messages.success(request, _("Beleidsdoel opgeslagen."))
        return redirect("initiatives:detail", pk=pk) if pk else redirect("initiatives:policy")
    title = _("Beleidsdoel voor %(name)s") % {"name": initiative or municipality}
    return render(
        request,
        "initiatives/form_page.html",
        {"form": form, "title": title, "initiative": initiative},
        status=400 if form.is_bound else 200,
    )


@login_required
def goal_edit(request: AuthenticatedHttpRequest, goal_pk: int) -> HttpResponse:
    """Edit a goal, e.g. at its review date: was it reached?"""
    goal = access_goal(user=request.user, pk=goal_pk)
    request.municipality = goal.municipality  # type: ignore[attr-defined]
    form = PolicyGoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        services.policy_goal_save(
            actor=request.user,
            municipality=goal.municipality,
            initiative=goal.initiative,
            goal=goal,
            **form.cleaned_data,
        )
        messages.success(request, _("Beleidsdoel opgeslagen."))
        if goal.initiative_id:
            return redirect("initiatives:detail", pk=goal.initiative_id)
        return redirect("initiatives:policy")
    title = _("Beleidsdoel voor %(name)s") % {"name": goal.initiative or goal.municipality}
    return render(
        request,
        "initiatives/form_page.html",
        {"form": form, "title": title, "initiative": goal.initiative},
        status=400 if form.is_bound else 200,
    )


@login_required
def commitment_new(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    municipality, initiative = _goal_or_commitment_target(request, pk)
    _require_manager(request, municipality)
    form = CommitmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.commitment_save(
            actor=request.user, municipality=municipality, initiative=initiative, **form.cleaned_data
        )
        messages.success(request, _("Inspanningsverplichting opgeslagen."))
        return redirect("initiatives:detail", pk=pk) if pk else redirect("initiatives:policy")
    title = _("Inspanningsverplichting voor %(name)s") % {"name": initiative or municipality}
    return render(
        request,
        "initiatives/form_page.html",
        {"form": form, "title": title, "initiative": initiative},
        status=400 if form.is_bound else 200,
    )


@login_required
def involvement_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    _require_manager(request, initiative.municipality)
    form = InvolvementForm(
        request.POST or None, municipality=initiative.municipality, initial={"wijken": initiative.wijken.all()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.involvement_record(
                actor=request.user,
                municipality=initiative.municipality,
                initiative=initiative,
                wijken=list(data.pop("wijken")),
                **data,
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Betrokkenheid vastgelegd."))
            return redirect("initiatives:detail", pk=pk)
    title = _("Betrokkenheid van een professional bij %(name)s") % {"name": initiative}
    return render(
        request,
        "initiatives/form_page.html",
        {"form": form, "title": title, "initiative": initiative},
        status=400 if form.is_bound else 200,
    )


@login_required
def continuity_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    _require_manager(request, initiative.municipality)
    form = ContinuityReviewForm(request.POST or None, initial={
        "trigger": "at_risk", "causes": early_warning_reasons(initiative=initiative)})
    if request.method == "POST" and form.is_valid():
        services.continuity_review_record(actor=request.user, initiative=initiative, **form.cleaned_data)
        messages.success(request, _("Het besluit is vastgelegd."))
        return redirect("initiatives:detail", pk=pk)
    return render(
        request,
        "initiatives/continuity_form.html",
        {
            "form": form,
            "initiative": initiative,
            "goals": goals_of(municipality=initiative.municipality, initiative=initiative),
        },
        status=400 if form.is_bound else 200,
    )


