"""Yes/no questions of insights. Whose figures a user sees is decided in `figures.insight_scope`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from buurtpreventie.accounts.policies import has_capability, wijk_scope
from buurtpreventie.accounts.roles import Cap

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User


def can_configure_insights(user: User, municipality_id: int) -> bool:
    """Thresholds and publication: municipality-wide insight staff who manage initiatives or settings."""
    if wijk_scope(user, Cap.VIEW_INSIGHTS, municipality_id=municipality_id) is not None:
        return False
    return has_capability(user, Cap.MANAGE_INITIATIVES, municipality_id=municipality_id) or has_capability(
        user, Cap.MANAGE_SETTINGS, municipality_id=municipality_id)
