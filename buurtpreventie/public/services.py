"""Writes of the public context: the page texts (staff) and relayed contact messages (anyone)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtpreventie.accounts.policies import has_capability
from buurtpreventie.accounts.roles import Cap
from buurtpreventie.areas.models import Municipality
from buurtpreventie.core.audit import audit_record
from buurtpreventie.initiatives.models import Initiative, InitiativeStatus, Membership
from buurtpreventie.notifications.service import notify

from .models import ContactRelay, PublicPage

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser, User


def can_edit_public_page(user: AnyUser, municipality: Municipality) -> bool:
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or has_capability(user, Cap.MANAGE_PUBLIC_PAGE, municipality_id=municipality.pk))


def public_page_update(*, actor: User, municipality: Municipality, **texts: str) -> PublicPage:
    if not can_edit_public_page(actor, municipality):
        raise PermissionDenied
    with transaction.atomic():
        page, _created = PublicPage.objects.select_for_update().get_or_create(municipality=municipality)
        changed = []
        for name in PublicPage.TEXT_FIELDS:
            if name in texts and getattr(page, name) != texts[name]:
                setattr(page, name, texts[name])
                changed.append(name)
        page.updated_at = timezone.now()
        page.updated_by = actor
        page.save()
        audit_record(
            actor=actor,
            action="public_page.update",
            obj=page,
            municipality_id=municipality.pk,
            detail={"fields": changed},
        )
    return page


def contact_relay_send(*, initiative: Initiative, sender_name: str, sender_email: str, message: str) -> ContactRelay:
    """Relay a visitor's message to the coordinator(s)/admin(s) by e-mail, with Reply-To the visitor.

    The visitor never sees the coordinator's address; the coordinator decides whether to answer.
    """
    if initiative.status != InitiativeStatus.ACTIVE:
        raise ValidationError(_("Dit initiatief is niet actief."))
    leads = list(
        Membership.objects.leads()
        .filter(initiative=initiative)
        .select_related("user")
    )
    recipients = [(m.user.email, m.user.language) for m in leads if m.user.email]
    with transaction.atomic():
        relay = ContactRelay.objects.create(
            initiative=initiative, sender_name=sender_name, sender_email=sender_email, recipients=len(recipients)
        )
        audit_record(
            actor=None,
            action="public.contact_relay",
            obj=relay,
            municipality_id=initiative.municipality_id,
            detail={"initiative": initiative.pk},
        )

        notify(
            [m.user for m in leads if m.user.email],
            "public/email/contact_relay",
            {
                "initiative_name": initiative.name,
                "sender_name": sender_name,
                "sender_email": sender_email,
                "message": message,
            },
            reply_to=[sender_email],
        )
    return relay
