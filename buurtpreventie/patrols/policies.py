"""Yes/no questions about rounds and patrol reports. Built on accounts.policies only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from buurtpreventie.accounts.policies import has_capability, is_team_member, manages_team, wijk_scope
from buurtpreventie.accounts.roles import Cap

from .models import PatrolReport, Round

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser, User


def professional_covers(user: User, capability: str, *, municipality_id: int, wijk_ids: set[int]) -> bool:
    """Does a professional grant with `capability` cover one of these wijken of this municipality?"""
    scope = wijk_scope(user, capability, municipality_id=municipality_id)
    if scope is None:
        return True
    return bool(scope & wijk_ids)


def may_view_round(user: User, round: Round) -> bool:
    """The list rule, asked for one round (selectors.rounds_visible_to is the one rule).

    Its first branch — a round of one of the user's own teams — is answered from the memberships
    the request already holds (no query; the report hot path asks this for every report)."""
    from .selectors import rounds_visible_to

    if getattr(user, "is_authenticated", False) and is_team_member(user, round.initiative_id):
        return True
    return rounds_visible_to(user=user).filter(pk=round.pk).exists()


def walks_rounds(initiative: Any) -> bool:
    """Only physical teams walk rounds; an app group never does (page, API and service alike)."""
    from buurtpreventie.initiatives.models import InitiativeKind

    return bool(initiative.kind == InitiativeKind.TEAM)


def may_plan_round(user: AnyUser, initiative: Any) -> bool:
    """Coordinators plan rounds; members of a physical team may propose one for their own team."""
    if not user.is_authenticated or not walks_rounds(initiative):
        return False
    if manages_team(user, initiative.pk) and has_capability(user, Cap.PLAN_ROUNDS,
                                                           municipality_id=initiative.municipality_id):
        return True
    return is_team_member(user, initiative.pk) and has_capability(
        user, Cap.PATROL, municipality_id=initiative.municipality_id
    )


def may_manage_round(user: User, round: Round) -> bool:
    """Change or cancel a planned round: its team's coordinator."""
    return manages_team(user, round.initiative_id)


def may_walk(user: User, round: Round) -> bool:
    """Sign up for, start, end and share a position in a round of one's own team."""
    return walks_rounds(round.initiative) and is_team_member(user, round.initiative_id) and has_capability(
        user, Cap.PATROL, municipality_id=round.initiative.municipality_id
    )


def may_file_report(user: User, round: Round) -> bool:
    return is_team_member(user, round.initiative_id) and has_capability(
        user, Cap.FILE_REPORT, municipality_id=round.initiative.municipality_id
    )


def may_view_report(user: User, report: PatrolReport) -> bool:
    """The list rule, asked for one report (selectors.reports_visible_to is the one rule)."""
    from .selectors import reports_visible_to

    return reports_visible_to(user=user).filter(pk=report.pk).exists()


def may_configure_report(user: User, municipality_id: int) -> bool:
    """The municipality's safety officer extends the report and signal forms (tenant-scoped)."""
    return has_capability(user, Cap.MANAGE_INITIATIVES, municipality_id=municipality_id)


def _round_wijk_ids(round: Round) -> set[int]:
    if round.wijk_id:
        return {round.wijk_id}
    return set(round.initiative.wijken.values_list("pk", flat=True))


def may_walk_along(user: AnyUser, round: Round) -> bool:
    """A wijkagent or BOA covering the round's area may sign up to walk with the team ("meelopen")."""
    if not user.is_authenticated or not walks_rounds(round.initiative):
        return False
    if is_team_member(user, round.initiative_id):
        return False
    return professional_covers(user, Cap.LOG_CONTACT, municipality_id=round.initiative.municipality_id,
                               wijk_ids=_round_wijk_ids(round))
