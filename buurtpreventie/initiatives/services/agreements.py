"""The covenant (agreement): versions and acceptance by each party (F18)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from buurtpreventie.core.audit import audit_record

from ..models import (
    Agreement,
    AgreementAcceptance,
    Initiative,
    InitiativeStatus,
    Party,
)
from ..policies import can_accept_agreement, can_manage_initiatives
from ._common import _history_note, _require, _source, _status_change

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User


def agreement_create(
    *,
    actor: User,
    initiative: Initiative,
    citizens_roles: str,
    professionals_roles: str,
    offered: str,
    not_offered: str,
    action_points: str,
) -> Agreement:
    """A new version of the covenant. Earlier versions and their acceptances stay as they were."""
    _require(can_manage_initiatives(actor, initiative.municipality_id))
    with transaction.atomic():
        last = initiative.agreements.select_for_update().order_by("-version").first()
        agreement = Agreement.objects.create(
            initiative=initiative,
            version=(last.version + 1) if last else 1,
            citizens_roles=citizens_roles,
            professionals_roles=professionals_roles,
            offered=offered,
            not_offered=not_offered,
            action_points=action_points,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="agreement.create",
            obj=initiative,
            detail={"agreement": agreement.pk, "version": agreement.version},
        )
        reason = gettext_noop("Convenant versie %(v)s opgesteld.")
        if initiative.status == InitiativeStatus.INTAKE:
            _status_change(
                actor=actor,
                initiative=initiative,
                status=InitiativeStatus.AGREEMENT,
                reason=reason,
                params={"v": agreement.version},
            )
        else:
            _history_note(actor=actor, initiative=initiative, reason=reason, params={"v": agreement.version})
    return agreement


def agreement_accept(*, actor: User, agreement: Agreement, party: str, signed_by_name: str) -> AgreementAcceptance:
    initiative = agreement.initiative
    if party not in Party.values:
        raise ValidationError(_("Onbekende partij."))
    if not signed_by_name.strip():
        raise ValidationError({"signed_by_name": _("Vul de naam in van wie namens deze partij tekent.")})
    _require(can_accept_agreement(actor, initiative, party))
    latest = initiative.agreements.order_by("-version").first()
    if latest is None or latest.pk != agreement.pk:
        raise ValidationError(_("Alleen de nieuwste versie van het convenant kan worden geaccepteerd."))
    if agreement.acceptances.filter(party=party).exists():
        raise ValidationError(_("Deze partij heeft dit convenant al geaccepteerd."))
    with transaction.atomic():
        acceptance = AgreementAcceptance.objects.create(
            agreement=agreement, party=party, signed_by_name=signed_by_name.strip(), recorded_by=actor
        )
        _history_note(
            actor=actor,
            initiative=initiative,
            reason=gettext_noop("Convenant versie %(v)s geaccepteerd door %(party)s (%(name)s)."),
            params={
                "v": agreement.version,
                "party": _source(Party(party).label),
                "name": acceptance.signed_by_name,
            },
        )
        audit_record(
            actor=actor,
            action="agreement.accept",
            obj=initiative,
            detail={"agreement": agreement.pk, "party": party},
        )
    return acceptance


