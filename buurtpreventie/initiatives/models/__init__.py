"""Teams and app groups (initiatives), their members and the work around them.

One module per sub-domain; this package re-exports every model and constant, so
`from buurtpreventie.initiatives.models import X` keeps working.
"""

from .agreements import (
    Agreement,
    AgreementAcceptance,
)
from .applications import (
    Application,
    ApplicationEvent,
    ApplicationKind,
    ApplicationStatus,
    MeetingInvitation,
    RegistrationMoment,
)
from .house_rules import HouseRulesVersion
from .initiative import (
    STATUS_TRANSITIONS,
    AppendOnlyModel,
    Initiative,
    InitiativeKind,
    InitiativeStatus,
    InitiativeStatusChange,
    Membership,
    MembershipQuerySet,
    translate_stored,
)
from .members import (
    APP_GROUP_HOUSE_RULES,
    TEAM_HOUSE_RULES,
    EquipmentIssue,
    HouseRulesAcceptance,
    TrainingKind,
    TrainingRecord,
)
from .policy_goals import (
    Commitment,
    ContinuityDecision,
    ContinuityReview,
    GoalType,
    Party,
    PolicyGoal,
    ProfessionalInvolvement,
)

__all__ = [
    "APP_GROUP_HOUSE_RULES",
    "Agreement",
    "AgreementAcceptance",
    "AppendOnlyModel",
    "Application",
    "ApplicationEvent",
    "ApplicationKind",
    "ApplicationStatus",
    "Commitment",
    "ContinuityDecision",
    "ContinuityReview",
    "EquipmentIssue",
    "GoalType",
    "HouseRulesAcceptance",
    "HouseRulesVersion",
    "Initiative",
    "InitiativeKind",
    "InitiativeStatus",
    "InitiativeStatusChange",
    "MeetingInvitation",
    "Membership",
    "MembershipQuerySet",
    "Party",
    "PolicyGoal",
    "ProfessionalInvolvement",
    "RegistrationMoment",
    "STATUS_TRANSITIONS",
    "TEAM_HOUSE_RULES",
    "TrainingKind",
    "TrainingRecord",
    "translate_stored",
]
