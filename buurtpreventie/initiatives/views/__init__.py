"""Staff and coordinator pages under /initiatieven/. Thin: forms in, services out.

One module per sub-domain; this package re-exports the views that urls.py names.
"""

from .agreements import (
    agreement_accept,
    agreement_detail,
    agreement_download,
    agreement_new,
    agreement_terms,
)
from .intake import (
    application_detail,
    applications,
)
from .overview import (
    at_risk,
    detail,
    edit,
    index,
    initiative_new,
    status_change,
)
from .policy_goals import (
    commitment_new,
    continuity_new,
    goal_edit,
    goal_new,
    involvement_new,
    policy,
)
from .registration import (
    moment_detail,
    moments,
)
from .team import (
    member_action,
    members,
)

__all__ = [
    "agreement_accept",
    "agreement_detail",
    "agreement_download",
    "agreement_terms",
    "agreement_new",
    "application_detail",
    "applications",
    "at_risk",
    "commitment_new",
    "continuity_new",
    "detail",
    "edit",
    "goal_edit",
    "goal_new",
    "index",
    "initiative_new",
    "involvement_new",
    "member_action",
    "members",
    "moment_detail",
    "moments",
    "policy",
    "status_change",
]
