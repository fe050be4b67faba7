"""Roles are data (grants); code asks for capabilities, never for role names.

Municipality- and wijk-scoped roles are `RoleGrant` rows; team-scoped roles (member,
coordinator, app-group admin) are `initiatives.Membership` rows. See docs/adr/0003.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("Bewoner")
    MEMBER = "member", _("Buurtprevent")
    COORDINATOR = "coordinator", _("Coördinator")
    APP_GROUP_ADMIN = "app_group_admin", _("Beheerder appgroep")
    WIJKAGENT = "wijkagent", _("Wijkagent")
    BOA = "boa", _("BOA")
    SAFETY_OFFICER = "safety_officer", _("OOV-adviseur")
    DISPATCHER = "dispatcher", _("Meldkamer")
    ADMINISTRATOR = "administrator", _("Applicatiebeheerder")


class Cap:
    """Capability names. Add new ones here and to ROLE_CAPABILITIES."""

    PATROL = "patrol"  # walk rounds, share position while a round runs
    FILE_REPORT = "file_report"
    MANAGE_TEAM = "manage_team"  # coordinator/admin of their own initiative
    PLAN_ROUNDS = "plan_rounds"
    REQUEST_BUDGET = "request_budget"
    ANSWER_SURVEY = "answer_survey"
    VIEW_AREA_REPORTS = "view_area_reports"  # the one counter (inbox)
    GIVE_FEEDBACK = "give_feedback"
    VIEW_TEAMS = "view_teams"  # see teams and members in their area
    VIEW_LIVE_BOARD = "view_live_board"
    SEND_ALERT = "send_alert"
    LOG_CONTACT = "log_contact"
    MANAGE_INITIATIVES = "manage_initiatives"  # intake, agreements, life cycle
    MANAGE_PUBLIC_PAGE = "manage_public_page"
    MANAGE_BUDGETS = "manage_budgets"
    MANAGE_SURVEYS = "manage_surveys"
    VIEW_INSIGHTS = "view_insights"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    VIEW_COORDINATOR_PHONE = "view_coordinator_phone"  # live board: call the coordinator (dispatch)


TEAM_ROLES = {Role.MEMBER, Role.COORDINATOR, Role.APP_GROUP_ADMIN}
PROFESSIONAL_ROLES = {Role.WIJKAGENT, Role.BOA, Role.SAFETY_OFFICER, Role.DISPATCHER, Role.ADMINISTRATOR}

_PROFESSIONAL_COMMON = {Cap.VIEW_AREA_REPORTS, Cap.GIVE_FEEDBACK, Cap.VIEW_TEAMS, Cap.LOG_CONTACT}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.RESIDENT: frozenset({Cap.ANSWER_SURVEY}),
    Role.MEMBER: frozenset({Cap.PATROL, Cap.FILE_REPORT, Cap.ANSWER_SURVEY}),
    Role.COORDINATOR: frozenset(
        {Cap.PATROL, Cap.FILE_REPORT, Cap.ANSWER_SURVEY, Cap.MANAGE_TEAM, Cap.PLAN_ROUNDS, Cap.REQUEST_BUDGET}
    ),
    Role.APP_GROUP_ADMIN: frozenset(
        {Cap.FILE_REPORT, Cap.ANSWER_SURVEY, Cap.MANAGE_TEAM, Cap.REQUEST_BUDGET}
    ),
    Role.WIJKAGENT: frozenset(
        _PROFESSIONAL_COMMON | {Cap.VIEW_LIVE_BOARD, Cap.SEND_ALERT, Cap.VIEW_COORDINATOR_PHONE}  # walkers' numbers
    ),
    Role.BOA: frozenset(_PROFESSIONAL_COMMON),
    Role.SAFETY_OFFICER: frozenset(
        _PROFESSIONAL_COMMON
        | {
            Cap.MANAGE_INITIATIVES,
            Cap.MANAGE_PUBLIC_PAGE,
            Cap.MANAGE_BUDGETS,
            Cap.MANAGE_SURVEYS,
            Cap.VIEW_INSIGHTS,
        }
    ),
    Role.DISPATCHER: frozenset({Cap.VIEW_LIVE_BOARD, Cap.SEND_ALERT, Cap.VIEW_COORDINATOR_PHONE}),
    Role.ADMINISTRATOR: frozenset(
        {Cap.MANAGE_USERS, Cap.MANAGE_SETTINGS, Cap.VIEW_INSIGHTS}
    ),
}


def roles_with(capability: str) -> frozenset[str]:
    """The roles that carry a capability: code asks "who may manage a team", never names roles."""
    return frozenset(str(role) for role, caps in ROLE_CAPABILITIES.items() if capability in caps)


def team_roles_with(capability: str) -> frozenset[str]:
    """Team (membership) roles that carry a capability, e.g. the leads: `team_roles_with(Cap.MANAGE_TEAM)`."""
    return frozenset(r for r in roles_with(capability) if r in {str(t) for t in TEAM_ROLES})
