"""Teams and app groups (initiatives), their members and the work around them.

One module per sub-domain; this package re-exports every model and constant, so
`from buurtpreventie.initiatives.models import X` keeps working.
"""

from .agreements import (
    Agreement,
    AgreementAcceptance,
    AgreementTerms,
)
from .applications import (
    APPLICATION_TRANSITIONS,
    Application,
    ApplicationEvent,
    ApplicationKind,
    ApplicationStatus,
    MeetingInvitation,
    RegistrationMoment,
)
from .house_rules import HouseRulesVersion
from .initiative import (
    PUBLIC_TEXT_FIELDS,
    STATUS_TONES,
    STATUS_TRANSITIONS,
    AppendOnlyModel,
    Initiative,
    InitiativeKind,
    InitiativeStatus,
    InitiativeStatusChange,
    Membership,
    MembershipQuerySet,
    contact_details_problem,
    initiative_transition_allowed,
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
    "PUBLIC_TEXT_FIELDS",
    "STATUS_TONES",
    "contact_details_problem",
    "APP_GROUP_HOUSE_RULES",
    "Agreement",
    "AgreementAcceptance",
    "AgreementTerms",
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
    "APPLICATION_TRANSITIONS",
    "initiative_transition_allowed",
    "TEAM_HOUSE_RULES",
    "TrainingKind",
    "TrainingRecord",
    "translate_stored",
]
