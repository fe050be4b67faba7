"""Policy goals, commitments, professionals' involvement and continuity reviews (F2, F4)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from buurtpreventie.accounts.roles import Role
from buurtpreventie.areas.models import Municipality, Wijk
from buurtpreventie.core.audit import audit_record

from ..models import (
    STATUS_TRANSITIONS,
    Commitment,
    ContinuityDecision,
    ContinuityReview,
    Initiative,
    InitiativeStatus,
    PolicyGoal,
    ProfessionalInvolvement,
)
from ..policies import can_manage_initiatives
from ._common import _history_note, _history_row, _require, _source, _status_change

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User


def policy_goal_save(
    *,
    actor: User,
    municipality: Municipality,
    initiative: Initiative | None,
    goal: PolicyGoal | None = None,
    **fields: Any,
) -> PolicyGoal:
    _require(can_manage_initiatives(actor, municipality.pk))
    if initiative is not None and initiative.municipality_id != municipality.pk:
        raise PermissionDenied
    if goal is not None and goal.municipality_id != municipality.pk:
        raise PermissionDenied
    goal = goal or PolicyGoal(municipality=municipality, initiative=initiative)
    allowed = {"goal_type", "description", "indicators", "review_on", "is_public", "reached", "review_note"}
    for key, value in fields.items():
        if key in allowed:
            setattr(goal, key, value)
    with transaction.atomic():
        goal.save()
        audit_record(actor=actor, action="policy_goal.save", obj=goal)
    return goal


def commitment_save(
    *,
    actor: User,
    municipality: Municipality,
    initiative: Initiative | None,
    party: str,
    contact_frequency: str,
    information_shared: str,
    time_and_resources: str,
) -> Commitment:
    _require(can_manage_initiatives(actor, municipality.pk))
    if initiative is not None and initiative.municipality_id != municipality.pk:
        raise PermissionDenied
    with transaction.atomic():
        commitment = Commitment.objects.create(
            municipality=municipality,
            initiative=initiative,
            party=party,
            contact_frequency=contact_frequency,
            information_shared=information_shared,
            time_and_resources=time_and_resources,
        )
        audit_record(actor=actor, action="commitment.save", obj=commitment)
    return commitment


def involvement_record(
    *,
    actor: User,
    municipality: Municipality,
    professional: Any,
    initiative: Initiative | None,
    wijken: list[Wijk],
    attitude: str,
    setup_wishes: str,
    needs: str,
    objections: str,
    objections_resolution: str,
) -> ProfessionalInvolvement:
    """Record early how a wijkagent/BOA stands in relation to an initiative (F4)."""
    _require(can_manage_initiatives(actor, municipality.pk) or (actor is not None and actor.pk == professional.pk))
    from buurtpreventie.accounts.policies import roles_of

    if not roles_of(professional, municipality_id=municipality.pk) & {Role.WIJKAGENT, Role.BOA}:
        raise ValidationError(_("Kies een wijkagent of BOA van deze gemeente."))
    if initiative is not None and initiative.municipality_id != municipality.pk:
        raise PermissionDenied
    with transaction.atomic():
        involvement = ProfessionalInvolvement.objects.create(
            municipality=municipality,
            professional=professional,
            initiative=initiative,
            attitude=attitude,
            setup_wishes=setup_wishes,
            needs=needs,
            objections=objections,
            objections_resolution=objections_resolution,
            recorded_by=actor,
        )
        involvement.wijken.set([w for w in wijken if w.municipality_id == municipality.pk])
        audit_record(actor=actor, action="involvement.record", obj=involvement, municipality_id=municipality.pk)
    return involvement


_DECISION_STATUS = {
    ContinuityDecision.DORMANT: InitiativeStatus.DORMANT,
    ContinuityDecision.STOP: InitiativeStatus.STOPPED,
}


def continuity_review_record(
    *,
    actor: User,
    initiative: Initiative,
    trigger: str,
    causes: str,
    solvable: bool | None,
    solvable_how: str,
    goal_reached: str,
    reachable_without: str,
    decision: str,
    decision_reason: str,
) -> ContinuityReview:
    """The guided review (F2); the decision changes the life cycle where it says so."""
    _require(can_manage_initiatives(actor, initiative.municipality_id))
    with transaction.atomic():
        initiative.refresh_from_db(fields=["status"])
        review = ContinuityReview.objects.create(
            initiative=initiative,
            trigger=trigger,
            causes=causes,
            solvable=solvable,
            solvable_how=solvable_how,
            goal_reached=goal_reached,
            reachable_without=reachable_without,
            decision=decision,
            decision_reason=decision_reason,
            decided_by=actor,
        )
        target = _DECISION_STATUS.get(ContinuityDecision(decision))
        reason = gettext_noop("Continuïteitsgesprek: %(decision)s. %(reason)s")
        params = {"decision": _source(ContinuityDecision(decision).label), "reason": decision_reason}
        if target and target != initiative.status and target in STATUS_TRANSITIONS.get(initiative.status, set()):
            # The status change is public (applicants follow it); the review's reasoning is not:
            # it stays in the review, for the people who may read internal notes.
            _status_change(actor=actor, initiative=initiative, status=target,
                           reason=gettext_noop("Continuïteitsgesprek: %(decision)s."),
                           params={"decision": params["decision"]})
        else:
            _history_note(actor=actor, initiative=initiative, reason=reason, params=params, public=False)
        initiative.at_risk = decision == ContinuityDecision.CONTINUE_WITH_SUPPORT
        initiative.save(update_fields=["at_risk"])
        audit_record(actor=actor, action="continuity.review", obj=initiative, detail={"decision": decision})
    return review


EARLY_WARNING_REASON = gettext_noop("Vroegsignalering %(month)s (activiteitsindex %(index)s): %(reasons)s")


def initiative_at_risk_signal(*, initiative: Initiative, reasons: str, index: int, month: str) -> None:
    """System: a measured early warning (F24, computed outside this app) marks the initiative at
    risk, the trigger of the continuity review (F2), and records the reasons in words in its
    (non-public) history so the review starts from them. No actor: the scheduler raises it."""
    with transaction.atomic():
        initiative.at_risk = True
        initiative.save(update_fields=["at_risk"])
        _history_row(actor=None, initiative=initiative, from_status=initiative.status, to_status=initiative.status,
                     reason=EARLY_WARNING_REASON, public=False, actor_label="Vroegsignalering",
                     params={"month": month, "index": index, "reasons": reasons})
        audit_record(actor=None, action="initiative.early_warning", obj=initiative,
                     detail={"month": month, "index": index, "reasons": reasons})
