"""Members: join/leave, trainings, equipment, house rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtpreventie.core.audit import audit_record

from ..models import (
    APP_GROUP_HOUSE_RULES,
    TEAM_HOUSE_RULES,
    EquipmentIssue,
    HouseRulesAcceptance,
    Initiative,
    Membership,
    TrainingRecord,
)
from ..policies import can_manage_initiatives, can_manage_team
from ._common import _require, _user_for_email


def membership_add(
    *, actor: Any, initiative: Initiative, email: str, full_name: str, role: str = "member"
) -> Membership:
    """Add a person (found or invited by e-mail) to the team."""
    _require(can_manage_team(actor, initiative))
    if role not in dict(Membership.ROLE_CHOICES):
        raise ValidationError(_("Onbekende rol."))
    if role != "member" and not can_manage_initiatives(actor, initiative.municipality_id):
        raise PermissionDenied
    with transaction.atomic():
        user = _user_for_email(email=email, full_name=full_name)
        if Membership.objects.current().filter(initiative=initiative, user=user).exists():
            raise ValidationError(_("Deze persoon is al lid."))
        membership = Membership.objects.create(initiative=initiative, user=user, role=role)
        audit_record(actor=actor, action="membership.add", obj=initiative, detail={"user": user.pk, "role": role})
    user.__dict__.pop("_membership_cache", None)
    return membership


def membership_end(*, actor: Any, membership: Membership, left_on: date | None = None, reason: str = "") -> None:
    initiative = membership.initiative
    allowed = can_manage_team(actor, initiative) or (actor is not None and actor.pk == membership.user_id)
    _require(allowed)
    with transaction.atomic():
        membership.left_on = left_on or timezone.localdate()
        membership.save(update_fields=["left_on"])
        audit_record(
            actor=actor,
            action="membership.end",
            obj=initiative,
            detail={"membership": membership.pk, "reason": reason},
        )


def training_record(
    *, actor: Any, membership: Membership, kind: str, completed_on: date, description: str = ""
) -> TrainingRecord:
    _require(can_manage_team(actor, membership.initiative))
    with transaction.atomic():
        record = TrainingRecord.objects.create(
            membership=membership,
            kind=kind,
            completed_on=completed_on,
            description=description,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="training.record",
            obj=membership.initiative,
            detail={"membership": membership.pk, "kind": kind},
        )
    return record


def equipment_issue(*, actor: Any, membership: Membership, item: str, issued_on: date) -> EquipmentIssue:
    _require(can_manage_team(actor, membership.initiative))
    with transaction.atomic():
        issue = EquipmentIssue.objects.create(membership=membership, item=item, issued_on=issued_on)
        audit_record(
            actor=actor,
            action="equipment.issue",
            obj=membership.initiative,
            detail={"membership": membership.pk, "item": item},
        )
    return issue


def equipment_return(*, actor: Any, issue: EquipmentIssue, returned_on: date | None = None) -> None:
    _require(can_manage_team(actor, issue.membership.initiative))
    with transaction.atomic():
        issue.returned_on = returned_on or timezone.localdate()
        issue.save(update_fields=["returned_on"])
        audit_record(
            actor=actor,
            action="equipment.return",
            obj=issue.membership.initiative,
            detail={"issue": issue.pk},
        )


def house_rules_text(initiative: Initiative) -> str:
    return str(APP_GROUP_HOUSE_RULES if initiative.is_app_group else TEAM_HOUSE_RULES)


def house_rules_accept(*, actor: Any, membership: Membership, confirms_adult: bool) -> HouseRulesAcceptance:
    """The member accepts the house rules (app groups: also confirms being 18+)."""
    if actor is None or actor.pk != membership.user_id:
        _require(can_manage_team(actor, membership.initiative))
    initiative = membership.initiative
    if initiative.is_app_group and not confirms_adult:
        raise ValidationError(_("Deelnemers aan een buurtpreventie-appgroep moeten 18 jaar of ouder zijn."))
    with transaction.atomic():
        acceptance = HouseRulesAcceptance.objects.create(
            membership=membership, rules_text=house_rules_text(initiative), confirms_adult=confirms_adult
        )
        audit_record(actor=actor, action="house_rules.accept", obj=initiative, detail={"membership": membership.pk})
    return acceptance


