"""Team members: list, add, and one view per member action."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtpreventie.accounts.policies import is_team_member

from .. import services
from ..forms import (
    EquipmentForm,
    HouseRulesForm,
    MemberAddForm,
    TrainingForm,
)
from ..models import (
    EquipmentIssue,
    Membership,
)
from ..policies import (
    can_manage_initiatives,
    can_manage_team,
    can_see_member_details,
)
from ..selectors import (
    current_members,
    former_members,
)
from ._common import _errors_to_form, _initiative

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest


@login_required
def members(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    user = request.user
    if not (can_see_member_details(user, initiative) or is_team_member(user, initiative.pk)):
        raise PermissionDenied
    team_manager = can_manage_team(user, initiative)
    add_form = MemberAddForm(
        request.POST or None, prefix="add", may_assign_roles=can_manage_initiatives(user, initiative.municipality_id)
    )
    if request.method == "POST":
        if not team_manager:
            raise PermissionDenied
        if add_form.is_valid():
            try:
                services.membership_add(
                    actor=user,
                    initiative=initiative,
                    email=add_form.cleaned_data["email"],
                    full_name=add_form.cleaned_data["full_name"],
                    role=add_form.cleaned_data.get("role", "member"),
                )
            except ValidationError as exc:
                _errors_to_form(add_form, exc)
            else:
                messages.success(request, _("Lid toegevoegd."))
                return redirect("initiatives:members", pk=pk)
    own = Membership.objects.current().filter(initiative=initiative, user=user).first()
    return render(
        request,
        "initiatives/members.html",
        {
            "initiative": initiative,
            "team_manager": team_manager,
            "see_members": can_see_member_details(user, initiative),
            "members": [
                (m, TrainingForm(prefix=f"t{m.pk}"), EquipmentForm(prefix=f"e{m.pk}"))
                for m in current_members(initiative=initiative)
            ],
            "former": former_members(initiative=initiative),
            "add_form": add_form,
            "training_form": TrainingForm(prefix="t"),
            "equipment_form": EquipmentForm(prefix="e"),
            "own": own,
            "rules_text": services.house_rules_text(initiative),
            "rules_form": HouseRulesForm(),
            "own_accepted": own.house_rules_acceptances.first() if own else None,
        },
        status=400 if add_form.is_bound else 200,
    )


def member_stop(request: AuthenticatedHttpRequest, membership: Membership) -> None:
    services.membership_end(actor=request.user, membership=membership, reason=request.POST.get("reason", ""))
    messages.success(request, _("Het lidmaatschap is beëindigd."))


def member_training(request: AuthenticatedHttpRequest, membership: Membership) -> None:
    tf = TrainingForm(request.POST, prefix=f"t{membership.pk}")
    if not tf.is_valid():
        raise ValidationError(_("Kies een training en een datum."))
    services.training_record(actor=request.user, membership=membership, **tf.cleaned_data)
    messages.success(request, _("Training vastgelegd."))


def member_equipment(request: AuthenticatedHttpRequest, membership: Membership) -> None:
    ef = EquipmentForm(request.POST, prefix=f"e{membership.pk}")
    if not ef.is_valid():
        raise ValidationError(_("Vul de uitrusting en de datum in."))
    services.equipment_issue(actor=request.user, membership=membership, **ef.cleaned_data)
    messages.success(request, _("Uitgifte vastgelegd."))


def member_return(request: AuthenticatedHttpRequest, membership: Membership) -> None:
    issue = get_object_or_404(EquipmentIssue, pk=request.POST.get("issue"), membership=membership)
    services.equipment_return(actor=request.user, issue=issue)
    messages.success(request, _("Inlevering vastgelegd."))


def member_rules(request: AuthenticatedHttpRequest, membership: Membership) -> None:
    rf = HouseRulesForm(request.POST)
    if not rf.is_valid():
        raise ValidationError(_("Vink aan dat u akkoord gaat met de huisregels."))
    services.house_rules_accept(
        actor=request.user, membership=membership, confirms_adult=rf.cleaned_data["confirms_adult"]
    )
    messages.success(request, _("Huisregels geaccepteerd."))


# One handler per action; the URL names the action (…/leden/<membership>/<action>/).
MEMBER_ACTIONS: dict[str, Callable[[AuthenticatedHttpRequest, Membership], None]] = {
    "stop": member_stop,
    "training": member_training,
    "equipment": member_equipment,
    "return": member_return,
    "rules": member_rules,
}


@login_required
@require_POST
def member_action(request: AuthenticatedHttpRequest, pk: int, membership_pk: int, action: str) -> HttpResponse:
    initiative = _initiative(request, pk)
    membership = get_object_or_404(Membership, pk=membership_pk, initiative=initiative)
    handler = MEMBER_ACTIONS.get(action)
    if handler is None:
        raise Http404
    # The team's managers act on memberships; a member may only accept the house rules themselves.
    own_rules = action == "rules" and membership.user_id == request.user.pk
    if not (own_rules or can_manage_team(request.user, initiative)):
        raise PermissionDenied
    try:
        handler(request, membership)
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    return redirect("initiatives:members", pk=pk)
