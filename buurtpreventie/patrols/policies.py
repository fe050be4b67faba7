"""Yes/no questions about rounds and patrol reports. Built on accounts.policies only."""

from __future__ import annotations

from typing import Any

from buurtpreventie.accounts.policies import has_capability, is_team_member, manages_team, wijk_scope
from buurtpreventie.accounts.roles import Cap

from .models import PatrolReport, Round


def professional_covers(user: Any, capability: str, *, municipality_id: int, wijk_ids: set[int]) -> bool:
    """Does a professional grant with `capability` cover one of these wijken of this municipality?"""
    scope = wijk_scope(user, capability, municipality_id=municipality_id)
    if scope is None:
        return True
    return bool(scope & wijk_ids)


def may_view_round(user: Any, round: Round) -> bool:
    """The list rule, asked for one round (selectors.rounds_visible_to is the one rule)."""
    from .selectors import rounds_visible_to

    return rounds_visible_to(user=user).filter(pk=round.pk).exists()


def may_plan_round(user: Any, initiative: Any) -> bool:
    """Coordinators plan rounds; members of a physical team may propose one for their own team."""
    if not getattr(user, "is_authenticated", False):
        return False
    if manages_team(user, initiative.pk) and has_capability(user, Cap.PLAN_ROUNDS,
                                                           municipality_id=initiative.municipality_id):
        return True
    return is_team_member(user, initiative.pk) and has_capability(
        user, Cap.PATROL, municipality_id=initiative.municipality_id
    )


def may_manage_round(user: Any, round: Round) -> bool:
    """Change or cancel a planned round: its team's coordinator."""
    return manages_team(user, round.initiative_id)


def may_walk(user: Any, round: Round) -> bool:
    """Sign up for, start, end and share a position in a round of one's own team."""
    return is_team_member(user, round.initiative_id) and has_capability(
        user, Cap.PATROL, municipality_id=round.initiative.municipality_id
    )


def may_file_report(user: Any, round: Round) -> bool:
    return is_team_member(user, round.initiative_id) and has_capability(
        user, Cap.FILE_REPORT, municipality_id=round.initiative.municipality_id
    )


def may_view_report(user: Any, report: PatrolReport) -> bool:
    """The list rule, asked for one report (selectors.reports_visible_to is the one rule)."""
    from .selectors import reports_visible_to

    return reports_visible_to(user=user).filter(pk=report.pk).exists()
