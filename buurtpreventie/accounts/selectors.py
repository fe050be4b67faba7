"""Permission-scoped reads about users, their grants and their municipalities."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
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
    return access_fingerprints(user_ids=[user_id])[user_id]


def access_fingerprints(*, user_ids: Iterable[int]) -> dict[int, str]:
    """`access_fingerprint` of many users in three queries (the re-check of all open streams)."""
    import hashlib

    ids = set(user_ids)
    membership_model = apps.get_model("initiatives", "Membership")
    superuser = dict(User.objects.filter(pk__in=ids, is_active=True).values_list("pk", "is_superuser"))
    grants: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for user_id, *grant in RoleGrant.objects.active().filter(user_id__in=ids).values_list(
            "user_id", "role", "municipality_id", "wijk_id"):
        grants[user_id].append(tuple(grant))
    teams: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for user_id, *team in membership_model.objects.current().filter(user_id__in=ids).values_list(
            "user_id", "initiative_id", "role"):
        teams[user_id].append(tuple(team))
    result = {}
    for user_id in ids:
        if user_id not in superuser:
            result[user_id] = "gone"
            continue
        raw = f"{superuser[user_id]}|{sorted(grants[user_id], key=str)}|{sorted(teams[user_id], key=str)}"
        result[user_id] = hashlib.sha256(raw.encode()).hexdigest()[:16]
    return result
