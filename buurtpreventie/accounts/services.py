"""Writes about users and grants. Every write checks permission and leaves an audit row."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from buurtpreventie.areas.models import Municipality, Wijk
from buurtpreventie.core.audit import audit_record

from .models import EnrolmentInvitation, RoleGrant, User
from .policies import has_capability
from .roles import Cap, Role


def role_grant_add(
    *, actor: User | None, user: User, role: str, municipality: Municipality, wijk: Wijk | None = None
) -> RoleGrant:
    """Give `user` a role. `actor=None` is the system (imports, demo data)."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    if actor is not None and not (
        actor.is_superuser or has_capability(actor, Cap.MANAGE_USERS, municipality_id=municipality.pk)
    ):
        raise PermissionDenied
    if wijk is not None and wijk.municipality_id != municipality.pk:
        raise ValueError("wijk belongs to another municipality")
    with transaction.atomic():
        grant, _created = RoleGrant.objects.get_or_create(
            user=user, role=role, municipality=municipality, wijk=wijk, revoked_at=None,
            defaults={"granted_by": actor},
        )
        if _created:
            role_grant_audit(actor=actor, grant=grant, action="role_grant.add")
    user.__dict__.pop("_grant_cache", None)
    return grant


def role_grant_revoke(*, actor: User, grant: RoleGrant) -> None:
    """End a grant (never delete it). Idempotent: an ended grant stays ended at its first end."""
    if not (actor.is_superuser or has_capability(actor, Cap.MANAGE_USERS, municipality_id=grant.municipality_id)):
        raise PermissionDenied
    if grant.revoked_at is not None:
        return
    with transaction.atomic():
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        role_grant_audit(actor=actor, grant=grant, action="role_grant.revoke")
    grant.user.__dict__.pop("_grant_cache", None)


role_grant_end = role_grant_revoke


def role_grant_audit(*, actor: User | None, grant: RoleGrant, action: str) -> None:
    """The one audit row for a grant change (services and the Django admin both write it)."""
    audit_record(actor=actor, action=action, obj=grant, municipality_id=grant.municipality_id,
                 detail={"role": grant.role, "user": grant.user_id, "wijk": grant.wijk_id,
                         "ended_at": grant.revoked_at.isoformat() if grant.revoked_at else None})


def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed TOTP device for enrolment (replaces an earlier unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)


def totp_device_confirm(*, user: User, device: TOTPDevice, code: str) -> bool:
    if device.user_id != user.pk or not device.verify_token(code):
        return False
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(actor=user, action="two_factor.enrolled", obj=device)
    return True


ENROLMENT_INVITATION_HOURS = 72


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def enrolment_invitation_create(*, actor: User | None, user: User) -> tuple[EnrolmentInvitation, str]:
    """A one-time link for enrolling a first authenticator; returns the invitation and the raw token.

    `actor=None` is the system (management command). Earlier unused invitations of the user end."""
    if actor is not None and not actor.is_superuser:
        municipality_ids = {g.municipality_id for g in RoleGrant.objects.active().filter(user=user)}
        if not municipality_ids or not all(
            has_capability(actor, Cap.MANAGE_USERS, municipality_id=mid) for mid in municipality_ids
        ):
            raise PermissionDenied
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        EnrolmentInvitation.objects.filter(user=user, used_at__isnull=True).update(expires_at=now)
        invitation = EnrolmentInvitation.objects.create(
            user=user, token_hash=_token_hash(token), created_by=actor,
            expires_at=now + timedelta(hours=ENROLMENT_INVITATION_HOURS),
        )
        audit_record(actor=actor, action="two_factor.invited", obj=invitation, detail={"user": user.pk})
    return invitation, token


def enrolment_invitation_for(*, user: User, token: str) -> EnrolmentInvitation | None:
    invitation = EnrolmentInvitation.objects.filter(user=user, token_hash=_token_hash(token)).first()
    return invitation if invitation is not None and invitation.usable else None


def enrolment_invitation_use(*, user: User, invitation: EnrolmentInvitation) -> None:
    with transaction.atomic():
        updated = EnrolmentInvitation.objects.filter(pk=invitation.pk, user=user, used_at__isnull=True).update(
            used_at=timezone.now())
        if not updated:
            raise PermissionDenied
