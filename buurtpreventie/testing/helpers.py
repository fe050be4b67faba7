"""Test helpers: users with roles, and logged-in clients that passed two-factor login."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from buurtpreventie.accounts.models import RoleGrant, User

from .factories import MembershipFactory, UserFactory


def make_professional(role: str, municipality: Any, *, wijk: Any = None, **user_kwargs: Any) -> User:
    user: User = UserFactory(**user_kwargs)  # type: ignore[assignment]
    RoleGrant.objects.create(user=user, role=role, municipality=municipality, wijk=wijk)
    return user


def make_member(initiative: Any, *, role: str = "member", **user_kwargs: Any) -> User:
    user: User = UserFactory(**user_kwargs)  # type: ignore[assignment]
    MembershipFactory(user=user, initiative=initiative, role=role)
    return user


def login(client: Client, user: User) -> Client:
    """Log in and, for any user, mark the session as two-factor verified (a confirmed TOTP device)."""
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client
