"""Permission-scoped reads of signals: the one selector pair (`signals_visible_to`, `access_signal`)
and the professionals' feed of app-group signals. The counter scoping is the inbox's own
(`patrols.selectors._professional_filter` on municipality and wijk, capability VIEW_AREA_REPORTS)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404

from buurtpreventie.accounts.policies import team_ids
from buurtpreventie.accounts.roles import Cap, Role
from buurtpreventie.patrols.selectors import _professional_filter

from .models import Signal

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser, User


def _counter_filter(user: User) -> Q | None:
    return _professional_filter(user, Cap.VIEW_AREA_REPORTS, wijk_field="wijk_id", municipality_field="municipality_id")


def signals_visible_to(user: AnyUser) -> QuerySet[Signal]:
    """Own signals; all signals of the groups one leads; signals in the area a professional covers."""
    qs = Signal.objects.select_related("initiative", "author", "wijk", "assigned_to")
    if not user.is_authenticated:
        return qs.none()
    condition = Q(author_id=user.pk) | Q(initiative_id__in=team_ids(user, roles={Role.COORDINATOR,
                                                                                Role.APP_GROUP_ADMIN}))
    professional = _counter_filter(user)
    if professional is not None:
        condition |= professional
    return qs.filter(condition)


def access_signal(user: User, signal_id: int) -> Signal:
    """One signal the user may see, or Http404 (the existence of others' signals is not revealed)."""
    signal = signals_visible_to(user).select_related("municipality", "defect").filter(pk=signal_id).first()
    if signal is None:
        raise Http404
    return signal


def signal_counter_page(
    *, user: User, municipality_id: int, status: str = "", wijk_id: int | None = None, assigned_to_me: bool = False,
    initiative_id: int | None = None, since: datetime | None = None, until: datetime | None = None,
    app_groups_only: bool = False, before: tuple[datetime, int] | None = None, limit: int = 50,
) -> list[Signal]:
    """Signals in the one counter (and the wijkagent's feed), newest first, keyset-paginated.

    Returns up to `limit + 1` rows so the caller knows whether a next page exists."""
    condition = _counter_filter(user)
    if condition is None:
        return []
    qs = Signal.objects.filter(condition).filter(municipality_id=municipality_id)
    if status:
        qs = qs.filter(status=status)
    if wijk_id:
        qs = qs.filter(wijk_id=wijk_id)
    if assigned_to_me:
        qs = qs.filter(assigned_to_id=user.pk)
    if initiative_id:
        qs = qs.filter(initiative_id=initiative_id)
    if app_groups_only:
        qs = qs.filter(initiative__kind="app_group")
    if since is not None:
        qs = qs.filter(observed_at__gte=since)
    if until is not None:
        qs = qs.filter(observed_at__lt=until)
    if before is not None:
        at, pk = before
        qs = qs.filter(submitted_at__lte=at).filter(Q(submitted_at__lt=at) | Q(submitted_at=at, id__lt=pk))
    qs = qs.select_related("initiative", "author", "wijk", "assigned_to").order_by("-submitted_at", "-id")
    return list(qs[: limit + 1])


def feed_groups(*, user: User, municipality_id: int) -> QuerySet[Any]:
    """App groups whose signals the professional may see (for the feed's group filter)."""
    from buurtpreventie.initiatives.models import Initiative, InitiativeKind

    condition = _professional_filter(user, Cap.VIEW_AREA_REPORTS, wijk_field="wijken",
                                     municipality_field="municipality_id")
    if condition is None:
        return Initiative.objects.none()
    return (Initiative.objects.filter(condition).filter(municipality_id=municipality_id,
                                                        kind=InitiativeKind.APP_GROUP)
            .distinct().order_by("name"))


def initiatives_to_file_for(*, user: User) -> list[Any]:
    """The initiatives the user may file a signal for (app groups first)."""
    from buurtpreventie.initiatives.models import Initiative

    from .policies import may_file_signal

    candidates = Initiative.objects.filter(pk__in=team_ids(user)).select_related("municipality")
    return sorted((i for i in candidates if may_file_signal(user, i)),
                  key=lambda i: (not i.is_app_group, i.name))


def signals_of_user(*, user: User) -> QuerySet[Signal]:
    """What the member filed, and (for admins/coordinators) what their group filed."""
    return signals_visible_to(user).filter(
        Q(author_id=user.pk) | Q(initiative_id__in=team_ids(user, roles={Role.COORDINATOR, Role.APP_GROUP_ADMIN}))
    )
