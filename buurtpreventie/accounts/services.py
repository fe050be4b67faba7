"""Writes about users and grants. Every write checks permission and leaves an audit row."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from buurtpreventie.areas.models import Municipality, Wijk
from buurtpreventie.core.audit import audit_record

from .models import RoleGrant, User
from .policies import has_capability
from .roles import Cap, Role


def role_grant_add(
    *, actor: Any | None, user: User, role: str, municipality: Municipality, wijk: Wijk | None = None
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
        audit_record(actor=actor, action="role_grant.add", obj=grant, municipality_id=municipality.pk,
                     detail={"role": role, "user": user.pk})
    user.__dict__.pop("_grant_cache", None)
    return grant


def role_grant_revoke(*, actor: Any, grant: RoleGrant) -> None:
    if not (actor.is_superuser or has_capability(actor, Cap.MANAGE_USERS, municipality_id=grant.municipality_id)):
        raise PermissionDenied
    with transaction.atomic():
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="role_grant.revoke", obj=grant, municipality_id=grant.municipality_id)


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
