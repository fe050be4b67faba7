"""Central yes/no questions about what a user may do, and where.

Every view and API call goes through these functions (or the scoping helpers built on them),
so "municipality A never sees B" and "a member sees only their own team" are enforced in one
place and tested there. Superusers are platform operators: they may manage, but audited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

from .roles import PROFESSIONAL_ROLES, ROLE_CAPABILITIES, TEAM_ROLES, Cap, team_roles_with
from .selectors import user_grants, user_memberships

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser


def roles_of(user: AnyUser, *, municipality_id: int | None = None) -> set[str]:
    roles: set[str] = set()
    for grant in user_grants(user=user):
        if municipality_id is None or grant.municipality_id == municipality_id:
            roles.add(grant.role)
    for membership in user_memberships(user=user):
        if municipality_id is None or membership.initiative.municipality_id == municipality_id:
            roles.add(membership.role)
    return roles


def capabilities_of(user: AnyUser, *, municipality_id: int | None = None) -> set[str]:
    caps: set[str] = set()
    for role in roles_of(user, municipality_id=municipality_id):
        caps |= ROLE_CAPABILITIES.get(role, frozenset())
    return caps


def has_capability(
    user: AnyUser, capability: str, *, municipality_id: int | None = None, wijk_id: int | None = None
) -> bool:
    """May `user` do `capability` (in this municipality, in this wijk)?

    A wijk-scoped grant allows only its own wijk; a grant without wijk allows the whole
    municipality. Team roles count in the municipality of the team.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    for grant in user_grants(user=user):
        if capability not in ROLE_CAPABILITIES.get(grant.role, frozenset()):
            continue
        if municipality_id is not None and grant.municipality_id != municipality_id:
            continue
        if wijk_id is not None and grant.wijk_id is not None and grant.wijk_id != wijk_id:
            continue
        return True
    if wijk_id is None:
        for membership in user_memberships(user=user):
            if capability not in ROLE_CAPABILITIES.get(membership.role, frozenset()):
                continue
            if municipality_id is not None and membership.initiative.municipality_id != municipality_id:
                continue
            return True
    return False


def municipality_ids_with(user: AnyUser, capability: str) -> set[int]:
    """Municipalities where the user holds `capability` through a grant."""
    return {
        g.municipality_id
        for g in user_grants(user=user)
        if capability in ROLE_CAPABILITIES.get(g.role, frozenset())
    }


def wijk_scope(user: AnyUser, capability: str, *, municipality_id: int) -> set[int] | None:
    """Which wijken of a municipality the capability covers: None = all, a set = only those.

    Returns an empty set when the user has no such grant there.
    """
    wijken: set[int] = set()
    for grant in user_grants(user=user):
        if grant.municipality_id != municipality_id:
            continue
        if capability not in ROLE_CAPABILITIES.get(grant.role, frozenset()):
            continue
        if grant.wijk_id is None:
            return None
        wijken.add(grant.wijk_id)
    return wijken


def is_professional(user: AnyUser) -> bool:
    return any(g.role in PROFESSIONAL_ROLES for g in user_grants(user=user))


def requires_two_factor(user: AnyUser) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if not settings.BUURTPREVENTIE.get("TWO_FACTOR_ENFORCED", True):
        return False
    roles: set[str] = set(settings.BUURTPREVENTIE.get("TWO_FACTOR_ROLES", []))  # type: ignore[call-overload]
    return bool(user.is_superuser or any(g.role in roles for g in user_grants(user=user)))


def team_ids(user: AnyUser, *, roles: set[str] | None = None) -> set[int]:
    """Initiatives the user currently belongs to (optionally only with given team roles)."""
    wanted: set[str] = set(roles) if roles else {str(r) for r in TEAM_ROLES}
    return {m.initiative_id for m in user_memberships(user=user) if m.role in wanted}


def managed_team_ids(user: AnyUser) -> set[int]:
    """Initiatives the user leads: team roles with `Cap.MANAGE_TEAM` (coordinator, app-group admin)."""
    return team_ids(user, roles=set(team_roles_with(Cap.MANAGE_TEAM)))


def manages_team(user: AnyUser, initiative_id: int) -> bool:
    return initiative_id in managed_team_ids(user)


def is_team_member(user: AnyUser, initiative_id: int) -> bool:
    return initiative_id in team_ids(user)
