"""A member's own data (AVG): everything linked to their account, to download, and account deletion.

Both work from the model graph, so a new app's data is covered without registering anything:
every model with a foreign key or one-to-one to the user is exported; on deletion every row whose
link to the user cascades is removed (answers, positions, memberships, sign-ups, home location,
push subscriptions, …). Rows that protect or keep their link (patrol reports, feedback) stay and
point to the anonymised account: the municipality keeps the report, not the person.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from buurtpreventie.core.audit import audit_record

from .models import RoleGrant, User

HIDDEN_FIELDS = {"password", "token", "token_hash", "key", "bin_key", "secret", "auth", "p256dh", "endpoint",
                 "session_key", "session_data"}
SKIP_MODELS = {("otp_static", "staticdevice"), ("otp_static", "statictoken"), ("django_otp", "device")}


def _links() -> list[tuple[type[models.Model], models.Field[Any, Any]]]:
    result = []
    for rel in User._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        model = rel.related_model
        field = rel.field  # type: ignore[union-attr]
        if model is None or (model._meta.app_label, model._meta.model_name) in SKIP_MODELS:
            continue
        result.append((model, field))
    return result


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict | list | str | int | float | bool) or value is None:
        return value
    if hasattr(value, "name"):  # file fields
        return value.name or ""
    return str(value)


def _row(obj: models.Model) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in HIDDEN_FIELDS:
            continue
        out[f.attname] = _value(getattr(obj, f.attname))
    return out


def personal_data_export(*, user: User) -> dict[str, Any]:
    """Everything stored about `user`, grouped by kind of record."""
    data: dict[str, Any] = {
        "account": {k: v for k, v in _row(user).items() if k not in {"password"}},
        "exported_at": timezone.now().isoformat(),
    }
    for model, field in _links():
        rows = [_row(o) for o in model._default_manager.filter(**{field.name: user}).order_by("pk")[:10_000]]
        if rows:
            key = f"{model._meta.app_label}.{model._meta.model_name}"
            data.setdefault("records", {}).setdefault(key, {"label": str(model._meta.verbose_name_plural),
                                                             "rows": []})["rows"].extend(rows)
    audit_record(actor=user, action="personal_data.exported", obj=user)
    return data


def may_delete_own_account(user: User) -> bool:
    """Members and residents delete their account themselves; professionals through an administrator."""
    from .policies import is_professional

    return bool(user.is_authenticated and not user.is_superuser and not user.is_staff and not is_professional(user))


def account_delete(*, actor: User, user: User) -> None:
    """Remove the person: cascading records go, the account row stays anonymised for kept reports."""
    if actor.pk != user.pk or not may_delete_own_account(user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    with transaction.atomic():
        # Role grants are history (ended, never deleted): a resident's grant is ended with the account.
        RoleGrant.objects.filter(user=user).active().update(revoked_at=timezone.now())
        for model, field in _links():
            if model is RoleGrant:
                continue  # ended grants are history of who had which role (never deleted); the row stays anonymised
            if field.remote_field.on_delete is models.CASCADE and model is not User:  # type: ignore[union-attr]
                model._default_manager.filter(**{field.name: user}).delete()
        from django_otp.plugins.otp_static.models import StaticDevice

        StaticDevice.objects.filter(user=user).delete()
        user.username = f"verwijderd-{user.pk}-{secrets.token_hex(3)}"
        user.first_name = ""
        user.last_name = ""
        user.email = ""
        user.phone = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        audit_record(actor=None, action="account.deleted", obj=user)
