"""API keys for machine clients of one municipality (hashed, revocable), and the ninja auth class.

A client sends `Authorization: Bearer bp_<prefix>_<secret>`. We look the key up by its SHA-256
hash (the secret is 32 random bytes, so a fast hash is safe), refuse revoked keys and keys whose
account lost its role in the key's municipality, refuse writes for read-only keys, and then act as
the key's service account — `request.api_key` tells views which municipality the key is for."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from buurtpreventie.core.audit import audit_record

from .models import ApiKey, RoleGrant

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User

PREFIX = "bp_"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_key_create(*, actor: User, municipality: Any, user: User, name: str,
                   may_write: bool = False) -> tuple[ApiKey, str]:
    """Returns the key and its secret (shown once, never stored)."""
    from .policies import has_capability
    from .roles import Cap

    if not has_capability(actor, Cap.MANAGE_USERS, municipality_id=municipality.pk):
        raise PermissionDenied
    if not RoleGrant.objects.active().filter(user=user, municipality=municipality).exists():
        raise PermissionDenied("the service account needs a role in this municipality")
    prefix = secrets.token_hex(4)
    secret = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        key = ApiKey.objects.create(municipality=municipality, user=user, name=name.strip()[:120], prefix=prefix,
                                    key_hash=_hash(secret), may_write=may_write, created_by=actor)
        audit_record(actor=actor, action="api_key.create", obj=key, municipality_id=municipality.pk,
                     detail={"name": key.name, "prefix": prefix, "may_write": may_write})
    return key, secret


def api_key_revoke(*, actor: User, key: ApiKey) -> ApiKey:
    from .policies import has_capability
    from .roles import Cap

    if not has_capability(actor, Cap.MANAGE_USERS, municipality_id=key.municipality_id):
        raise PermissionDenied
    with transaction.atomic():
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_key.revoke", obj=key, municipality_id=key.municipality_id)
    return key


def api_key_for(secret: str) -> ApiKey | None:
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    key = ApiKey.objects.select_related("user").filter(key_hash=_hash(secret), revoked_at__isnull=True).first()
    if key is None or not key.user.is_active:
        return None
    if not RoleGrant.objects.active().filter(user_id=key.user_id, municipality_id=key.municipality_id).exists():
        return None
    return key


class ApiKeyAuth(HttpBearer):
    """Bearer API key; documented in OpenAPI as the `ApiKeyAuth` security scheme."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        key = api_key_for(token)
        if key is None:
            return None
        if request.method not in SAFE_METHODS and not key.may_write:
            return None
        now = timezone.now()
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        request.user = key.user
        request.api_key = key  # type: ignore[attr-defined]
        # An API key is not a browser session: no TOTP step applies.
        return key.user
