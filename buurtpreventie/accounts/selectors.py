"""Permission-scoped reads about users, their grants and their municipalities."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import QuerySet

from .models import RoleGrant, User

if TYPE_CHECKING:
    from .types import AnyUser


def user_grants(*, user: AnyUser) -> list[RoleGrant]:
    """Active grants of a user, cached on the user object for the request."""
    if user is None or not user.is_authenticated:  # None: no request user (jobs, scripts)
        return []
    cached = getattr(user, "_grant_cache", None)
    if cached is None:
        cached = list(RoleGrant.objects.active().filter(user_id=user.pk).select_related("wijk"))
        user._grant_cache = cached
    return cached


def user_memberships(*, user: AnyUser) -> list[Any]:
    """Current team memberships (initiatives.Membership), cached on the user object."""
    if user is None or not user.is_authenticated:  # None: no request user (jobs, scripts)
        return []
    cached = getattr(user, "_membership_cache", None)
    if cached is None:
        membership_model = apps.get_model("initiatives", "Membership")
        cached = list(
            membership_model.objects.current()
            .filter(user_id=user.pk)
            .select_related("initiative", "initiative__municipality")
        )
        user._membership_cache = cached
    return cached


def user_municipality_ids(*, user: AnyUser) -> set[int]:
    ids = {g.municipality_id for g in user_grants(user=user)}
    ids |= {m.initiative.municipality_id for m in user_memberships(user=user)}
    return ids


def users_in_municipality(*, municipality_id: int) -> QuerySet[User]:
    return User.objects.filter(grants__municipality_id=municipality_id, grants__revoked_at__isnull=True).distinct()


def access_fingerprint(*, user_id: int) -> str:
    """A short digest of everything that decides what a user may see (active grants, team roles).

    Long-lived things handed out after a permission check (live-stream tokens) carry it and compare
    it again later: any grant or membership change gives another digest."""
    import hashlib

    membership_model = apps.get_model("initiatives", "Membership")
    user = User.objects.filter(pk=user_id, is_active=True).only("pk", "is_superuser").first()
    if user is None:
        return "gone"
    grants = sorted(
        RoleGrant.objects.active().filter(user_id=user_id).values_list("role", "municipality_id", "wijk_id"), key=str)
    teams = sorted(membership_model.objects.current().filter(user_id=user_id).values_list("initiative_id", "role"),
                   key=str)
    raw = f"{user.is_superuser}|{grants}|{teams}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]
