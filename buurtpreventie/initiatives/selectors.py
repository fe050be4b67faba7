"""Permission-scoped reads about initiatives, applications and registration moments."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

from buurtpreventie.accounts.policies import has_capability, managed_team_ids, team_ids, wijk_scope
from buurtpreventie.accounts.roles import Cap
from buurtpreventie.areas.models import Municipality
from buurtpreventie.core.fastpath import ShortMemory, short_memory

from .models import (
    Agreement,
    Application,
    ApplicationEvent,
    Commitment,
    Initiative,
    InitiativeStatus,
    InitiativeStatusChange,
    Membership,
    PolicyGoal,
    RegistrationMoment,
)
from .policies import can_manage_initiatives

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser, User

_team_members: ShortMemory[int, frozenset[int]] = short_memory()


def current_member_ids(*, initiative_id: int, among: Iterable[int]) -> set[int]:
    """Which of `among` are current members of the team (`Membership.objects.current()`).

    The report hot path asks this for every report's walkers: the team's members come from this
    process's memory (`FAST_PATH_MEMORY_SECONDS`, 10 s), and only ids it does not know are asked of
    the database, so someone who joined a moment ago counts at once; someone who left counts for at
    most those seconds more."""
    wanted = set(among)
    if not wanted:
        return set()
    loaded = False

    def load() -> frozenset[int]:
        nonlocal loaded
        loaded = True
        return frozenset(Membership.objects.current().filter(initiative_id=initiative_id)
                         .values_list("user_id", flat=True))

    known = _team_members.get(initiative_id, load)
    found = wanted & known
    if wanted - found and not loaded:
        newer = set(Membership.objects.current().filter(initiative_id=initiative_id, user_id__in=wanted - found)
                    .values_list("user_id", flat=True))
        if newer:
            _team_members.forget(initiative_id)
            found |= newer
    return found


def initiative_list_visible_to(*, user: AnyUser, municipality: Municipality) -> QuerySet[Initiative]:
    """Initiatives of one municipality the user may see: all for the safety officer and
    municipality-wide staff, their wijken for wijk-scoped staff, their own team for members."""
    base = Initiative.objects.filter(municipality=municipality).prefetch_related("wijken")
    if not user.is_authenticated:
        return base.none()
    if can_manage_initiatives(user, municipality.pk):
        return base
    own = Q(pk__in=team_ids(user))
    scope = wijk_scope(user, Cap.VIEW_TEAMS, municipality_id=municipality.pk)
    if scope is None:
        return base
    if scope:
        return base.filter(own | Q(wijken__in=scope)).distinct()
    return base.filter(own)


def initiative_for_user(*, user: User, pk: int) -> Initiative | None:
    """One initiative if the user may see it (None otherwise: the view answers 404)."""
    from .policies import can_view_initiative

    initiative = Initiative.objects.select_related("municipality").filter(pk=pk).first()
    if initiative is None or not can_view_initiative(user, initiative):
        return None
    return initiative


initiatives_visible_to = initiative_list_visible_to


def access_initiative(*, user: User, pk: int) -> Initiative:
    """One initiative (and what hangs under it: memberships, agreements, goals) or 404."""
    initiative = initiative_for_user(user=user, pk=pk)
    if initiative is None:
        raise Http404
    return initiative


def access_agreement(*, user: User, pk: int) -> Agreement:
    """An agreement follows its initiative."""
    agreement = Agreement.objects.select_related("initiative__municipality").filter(pk=pk).first()
    if agreement is None:
        raise Http404
    access_initiative(user=user, pk=agreement.initiative_id)
    return agreement


def access_application(*, user: User, pk: int) -> Application:
    """One application, by the list rule of `application_list_visible_to`; 404 otherwise."""
    application = Application.objects.select_related("municipality", "initiative").filter(pk=pk).first()
    if application is None or not application_list_visible_to(
        user=user, municipality=application.municipality
    ).filter(pk=pk).exists():
        raise Http404
    return application


def access_moment(*, user: User, pk: int) -> RegistrationMoment:
    """A registration moment: the safety officer of its municipality; 404 for anyone else."""
    moment = RegistrationMoment.objects.select_related("municipality").filter(pk=pk).first()
    if moment is None or not can_manage_initiatives(user, moment.municipality_id):
        raise Http404
    return moment


def access_goal(*, user: User, pk: int) -> PolicyGoal:
    """A policy goal to edit: the safety officer of its municipality; 404 for anyone else."""
    goal = PolicyGoal.objects.select_related("municipality", "initiative").filter(pk=pk).first()
    if goal is None or not can_manage_initiatives(user, goal.municipality_id):
        raise Http404
    return goal


def initiative_history_visible_to(*, user: AnyUser | None, initiative: Initiative) -> QuerySet[InitiativeStatusChange]:
    """The one rule for an initiative's life-cycle history: what each reader may see.

    Rows marked not public (a continuity review's internal reasoning, intake notes) are for the
    people who may read internal notes (the safety officer, police/municipal staff of the area);
    team members, coordinators and applicants see the public rows only. Anonymous: public rows.
    """
    from .policies import can_see_internal_notes

    qs = InitiativeStatusChange.objects.filter(initiative=initiative).select_related("actor").order_by("at", "pk")
    if user is not None and user.is_authenticated and can_see_internal_notes(user, initiative):
        return qs
    return qs.filter(public=True)


def application_history_visible_to(*, user: AnyUser | None, application: Application) -> QuerySet[ApplicationEvent]:
    """An application's events: internal ones (intake notes) only for the safety officer."""
    qs = ApplicationEvent.objects.filter(application=application).select_related("actor").order_by("at", "pk")
    if user is not None and user.is_authenticated and can_manage_initiatives(user, application.municipality_id):
        return qs
    return qs.filter(public=True)


def initiatives_public(*, municipality: Municipality) -> QuerySet[Initiative]:
    """What the public dossier page shows: active initiatives, with their areas and leads."""
    leads = Membership.objects.leads()
    return (
        Initiative.objects.filter(municipality=municipality, status=InitiativeStatus.ACTIVE)
        .prefetch_related("wijken", "buurten", Prefetch("memberships", queryset=leads, to_attr="leads"))
        .order_by("kind", "name")
    )


def current_members(*, initiative: Initiative) -> QuerySet[Membership]:
    return (
        Membership.objects.current()
        .filter(initiative=initiative)
        .select_related("user")
        .prefetch_related("trainings", "equipment", "house_rules_acceptances")
        .order_by("role", "user__last_name", "user__first_name")
    )


def former_members(*, initiative: Initiative) -> QuerySet[Membership]:
    today = timezone.localdate()
    return Membership.objects.filter(initiative=initiative, left_on__lte=today).select_related("user")


def application_list_visible_to(
    *, user: User, municipality: Municipality, status: str | None = None, moment_id: int | None = None
) -> QuerySet[Application]:
    """The safety officer sees all applications; a coordinator sees the join-applications for their team."""
    qs = Application.objects.filter(municipality=municipality).select_related("initiative", "wijk", "moment")
    if status:
        qs = qs.filter(status=status)
    if moment_id:
        qs = qs.filter(moment_id=moment_id)
    if can_manage_initiatives(user, municipality.pk):
        return qs
    managed = managed_team_ids(user)
    return qs.filter(kind="join", initiative_id__in=managed)


def application_by_token(*, token: str, municipality: Municipality) -> Application | None:
    if not token or len(token) < 20:
        return None
    return (
        Application.objects.select_related("initiative", "moment", "wijk")
        .filter(token=token, municipality=municipality)
        .first()
    )


def moments_upcoming(*, municipality: Municipality) -> QuerySet[RegistrationMoment]:
    return RegistrationMoment.objects.filter(municipality=municipality, closes_on__gte=timezone.localdate())


def moment_open_now(*, municipality: Municipality) -> RegistrationMoment | None:
    today = timezone.localdate()
    return (
        RegistrationMoment.objects.filter(municipality=municipality, opens_on__lte=today, closes_on__gte=today)
        .order_by("closes_on")
        .first()
    )


def moment_for_new_application(*, municipality: Municipality) -> RegistrationMoment | None:
    """The open moment, else the next one: applications gather per moment."""
    return moment_open_now(municipality=municipality) or moments_upcoming(municipality=municipality).first()


def moment_list_visible_to(*, user: User, municipality: Municipality) -> QuerySet[RegistrationMoment]:
    if not can_manage_initiatives(user, municipality.pk):
        return RegistrationMoment.objects.none()
    return RegistrationMoment.objects.filter(municipality=municipality).order_by("-opens_on")


def latest_agreement(*, initiative: Initiative) -> Agreement | None:
    return initiative.agreements.prefetch_related("acceptances").order_by("-version").first()


def goals_of(*, municipality: Municipality, initiative: Initiative | None = None) -> QuerySet[PolicyGoal]:
    qs = PolicyGoal.objects.filter(municipality=municipality)
    return qs.filter(initiative=initiative) if initiative is not None else qs.filter(initiative__isnull=True)


def commitments_of(*, municipality: Municipality, initiative: Initiative | None = None) -> QuerySet[Commitment]:
    qs = Commitment.objects.filter(municipality=municipality)
    return qs.filter(initiative=initiative) if initiative is not None else qs.filter(initiative__isnull=True)


def user_may_view_teams(*, user: User, municipality: Municipality) -> bool:
    return has_capability(user, Cap.VIEW_TEAMS, municipality_id=municipality.pk)


def early_warning_reasons(*, initiative: Initiative) -> str:
    """The reasons of the latest early warning while the initiative is at risk ('' otherwise)."""
    from .services.policy_goals import EARLY_WARNING_REASON

    if not initiative.at_risk:
        return ""
    change = (initiative.status_changes.filter(reason=EARLY_WARNING_REASON).order_by("-at", "-pk").first())
    return change.display_reason() if change else ""


def house_rules_current(*, initiative: Initiative) -> tuple[str, int, str]:
    """(text, version number, source) of the house rules that apply now: the initiative's newest
    version, else the municipality's newest for its kind, else the built-in default (version 0)."""
    from .models import APP_GROUP_HOUSE_RULES, TEAM_HOUSE_RULES, HouseRulesVersion

    own = HouseRulesVersion.objects.filter(initiative=initiative).order_by("-number", "-id").first()
    if own is not None:
        return own.text, own.number, "initiative"
    municipal = (HouseRulesVersion.objects.filter(municipality_id=initiative.municipality_id, initiative__isnull=True,
                                                  kind=initiative.kind).order_by("-number", "-id").first())
    if municipal is not None:
        return municipal.text, municipal.number, "municipality"
    return str(APP_GROUP_HOUSE_RULES if initiative.is_app_group else TEAM_HOUSE_RULES), 0, "default"


def initiative_area(initiative: Initiative) -> dict[str, Any] | None:
    """The drawn polygon if there is one, else the union of its buurten or wijken."""
    if initiative.area_geometry:
        drawn: dict[str, Any] = initiative.area_geometry
        return drawn
    shapes = [shape(b.geometry) for b in initiative.buurten.all() if b.geometry]
    if not shapes:
        shapes = [shape(w.geometry) for w in initiative.wijken.all() if w.geometry]
    if not shapes:
        return None
    return dict(mapping(unary_union(shapes)))
