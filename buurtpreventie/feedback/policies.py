"""Who may work the one counter for a report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from buurtpreventie.accounts.roles import Cap
from buurtpreventie.patrols.models import PatrolReport
from buurtpreventie.patrols.policies import professional_covers
from buurtpreventie.signals.models import Signal

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser, User

# What the counter handles: a patrol report or a signal (both carry municipality, wijk, status).
CounterItem = PatrolReport | Signal


def _covers(user: AnyUser, capability: str, report: CounterItem) -> bool:
    if not user.is_authenticated:
        return False
    wijk_ids = {report.wijk_id} if report.wijk_id else set()
    return professional_covers(user, capability, municipality_id=report.municipality_id, wijk_ids=wijk_ids)


def may_triage(user: User, report: CounterItem) -> bool:
    """The counter's list rule, asked for one item (patrols.selectors.reports_for_counter for
    reports, signals.selectors for signals)."""
    if isinstance(report, PatrolReport):
        from buurtpreventie.patrols.selectors import reports_for_counter

        return reports_for_counter(user=user).filter(pk=report.pk).exists()
    return _covers(user, Cap.VIEW_AREA_REPORTS, report)


def may_give_feedback(user: User, report: CounterItem) -> bool:
    return _covers(user, Cap.GIVE_FEEDBACK, report)


def may_publish_news(user: User, municipality_id: int) -> bool:
    from buurtpreventie.accounts.policies import has_capability

    return has_capability(user, Cap.GIVE_FEEDBACK, municipality_id=municipality_id)


def may_manage_forwarding(user: User, municipality_id: int) -> bool:
    """Category mapping and receiver settings: the municipality's safety officer or administrator."""
    from buurtpreventie.accounts.policies import has_capability

    return (has_capability(user, Cap.MANAGE_INITIATIVES, municipality_id=municipality_id)
            or has_capability(user, Cap.MANAGE_SETTINGS, municipality_id=municipality_id))
