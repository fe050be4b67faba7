"""Every write about initiatives, one module per sub-domain; this package re-exports them all.

Each service checks permission (PermissionDenied), writes inside a transaction, appends history
or an audit row, and schedules e-mails and real-time events for after the commit.

- lifecycle: status changes, at-risk flag, edits, direct registration
- applications: apply, intake, decision, withdrawal
- moments: registration moments and the information meeting
- agreements: the covenant and its acceptance
- members: join/leave, trainings, equipment, house rules
- policy_goals: goals, commitments, professionals, continuity reviews
"""

from .agreements import (
    agreement_accept,
    agreement_create,
)
from .applications import (
    application_decide,
    application_intake_plan,
    application_intake_record,
    application_submit,
    application_withdraw,
)
from .lifecycle import (
    initiative_at_risk_set,
    initiative_create,
    initiative_status_set,
    initiative_update,
)
from .members import (
    HouseRulesNotAccepted,
    equipment_issue,
    equipment_return,
    house_rules_accept,
    house_rules_publish,
    house_rules_require,
    house_rules_text,
    membership_add,
    membership_create_invited,
    membership_end,
    training_record,
)
from .moments import (
    meeting_attendance_record,
    meeting_invite_coordinators,
    moment_save,
)
from .policy_goals import (
    commitment_save,
    continuity_review_record,
    initiative_at_risk_signal,
    involvement_record,
    policy_goal_save,
)

__all__ = [
    "HouseRulesNotAccepted",
    "agreement_accept",
    "agreement_create",
    "application_decide",
    "application_intake_plan",
    "application_intake_record",
    "application_submit",
    "application_withdraw",
    "commitment_save",
    "continuity_review_record",
    "initiative_at_risk_signal",
    "equipment_issue",
    "equipment_return",
    "house_rules_accept",
    "house_rules_publish",
    "house_rules_require",
    "house_rules_text",
    "initiative_at_risk_set",
    "initiative_create",
    "initiative_status_set",
    "initiative_update",
    "involvement_record",
    "meeting_attendance_record",
    "meeting_invite_coordinators",
    "membership_add",
    "membership_create_invited",
    "membership_end",
    "moment_save",
    "policy_goal_save",
    "training_record",
]
