"""Registration moments and the information meeting for new initiatives."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from buurtpreventie.areas.models import Municipality
from buurtpreventie.core.audit import audit_record
from buurtpreventie.notifications.service import notify

from ..models import (
    InitiativeStatus,
    MeetingInvitation,
    Membership,
    RegistrationMoment,
)
from ..policies import can_manage_initiatives
from ._common import _require

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User


def moment_save(
    *,
    actor: User,
    municipality: Municipality,
    title: str,
    opens_on: date,
    closes_on: date,
    info_meeting_at: datetime | None,
    info_meeting_location: str,
    description: str,
    moment: RegistrationMoment | None = None,
) -> RegistrationMoment:
    _require(can_manage_initiatives(actor, municipality.pk))
    if moment is not None and moment.municipality_id != municipality.pk:
        raise PermissionDenied
    moment = moment or RegistrationMoment(municipality=municipality)
    moment.title = title
    moment.opens_on = opens_on
    moment.closes_on = closes_on
    moment.info_meeting_at = info_meeting_at
    moment.info_meeting_location = info_meeting_location
    moment.description = description
    moment.full_clean()
    with transaction.atomic():
        moment.save()
        audit_record(actor=actor, action="moment.save", obj=moment, municipality_id=municipality.pk)
    return moment


def meeting_invite_coordinators(*, actor: User, moment: RegistrationMoment) -> int:
    """Invite the coordinators and admins of all active initiatives to the information meeting."""
    _require(can_manage_initiatives(actor, moment.municipality_id))
    leads = (
        Membership.objects.leads()
        .filter(initiative__municipality_id=moment.municipality_id, initiative__status=InitiativeStatus.ACTIVE)
        .select_related("user", "initiative")
    )
    invited = []
    with transaction.atomic():
        for lead in leads:
            _inv, new = MeetingInvitation.objects.get_or_create(
                moment=moment, user=lead.user, defaults={"initiative": lead.initiative}
            )
            if new:
                invited.append(lead.user)
        created = len(invited)
        notify(
            invited,
            "initiatives/email/meeting_invitation",
            {
                "when": (
                    timezone.localtime(moment.info_meeting_at).strftime("%d-%m-%Y %H:%M")
                    if moment.info_meeting_at
                    else ""
                ),
                "where": moment.info_meeting_location,
            },
        )
        audit_record(actor=actor, action="moment.invite", obj=moment, detail={"invited": created})
    return created


def meeting_attendance_record(*, actor: User, moment: RegistrationMoment, present_user_ids: set[int]) -> None:
    _require(can_manage_initiatives(actor, moment.municipality_id))
    with transaction.atomic():
        for invitation in moment.invitations.all():
            invitation.attended = invitation.user_id in present_user_ids
            invitation.save(update_fields=["attended"])
        audit_record(actor=actor, action="moment.attendance", obj=moment, detail={"present": sorted(present_user_ids)})


