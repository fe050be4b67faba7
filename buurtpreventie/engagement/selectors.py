"""Permission-scoped reads: overdue contacts, appreciation reminders, budgets, events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, QuerySet
from django.http import Http404

from buurtpreventie.accounts.models import User
from buurtpreventie.accounts.policies import wijk_scope
from buurtpreventie.accounts.roles import Cap, team_roles_with
from buurtpreventie.areas.models import Municipality
from buurtpreventie.initiatives.models import Initiative, Membership

from . import policies
from .budgets import BudgetAmount, compute
from .models import (
    Appreciation,
    BudgetRequest,
    BudgetRequestStatus,
    BudgetRule,
    ContactKind,
    ContactLog,
    ContactRhythm,
    EvaluationMeeting,
    Event,
    Expense,
    Newsletter,
    NewsletterOptOut,
)
from .rhythm import days_overdue, due_on, local_date, today_local

WORKING_STATUSES = ("agreement", "active", "dormant")  # initiatives the municipality works with
MANAGER_ROLES = tuple(sorted(team_roles_with(Cap.MANAGE_TEAM)))  # the leads (Membership.objects.leads)


def rhythm_for(municipality: Municipality) -> ContactRhythm:
    """The municipality's rhythm, or the guideline's default (monthly check-in, yearly meeting)."""
    return ContactRhythm.objects.filter(municipality=municipality).first() or ContactRhythm(municipality=municipality)


def _active_initiatives(municipality_id: int) -> QuerySet[Initiative]:
    return Initiative.objects.filter(municipality_id=municipality_id, status__in=WORKING_STATUSES)


def contact_persons(municipality_id: int) -> list[Membership]:
    """Current coordinators and app-group admins of the municipality's active initiatives."""
    return list(
        Membership.objects.current()
        .filter(initiative__in=_active_initiatives(municipality_id), role__in=MANAGER_ROLES)
        .select_related("user", "initiative")
        .order_by("initiative__name", "user__last_name")
    )


@dataclass
class OverdueItem:
    membership: Membership
    kind: str  # "checkin" or "meeting"
    last_contact: date | None
    due: date
    days: int
    professional: Any = None  # who had the last contact (responsible), or None

    @property
    def person(self) -> Any:
        return self.membership.user

    @property
    def initiative(self) -> Initiative:
        return self.membership.initiative


def overdue_for(municipality: Municipality, *, today: date | None = None) -> list[OverdueItem]:
    """Every overdue contact in a municipality (unscoped; callers check permissions)."""
    today = today or today_local()
    rhythm = rhythm_for(municipality)
    persons = contact_persons(municipality.pk)
    logs = ContactLog.objects.filter(municipality=municipality)
    last_any: dict[tuple[int, int], Any] = {}
    last_pro: dict[tuple[int, int], Any] = {}
    for log in logs.order_by("occurred_at").select_related("professional"):
        last_any[(log.contact_person_id, log.initiative_id)] = log.occurred_at
        if log.professional_id:
            last_pro[(log.contact_person_id, log.initiative_id)] = log.professional
    last_meeting = dict(
        logs.filter(kind=ContactKind.COORDINATORS_MEETING).values("contact_person_id")
        .annotate(last=Max("occurred_at")).values_list("contact_person_id", "last")
    )
    items: list[OverdueItem] = []
    for m in persons:
        key = (m.user_id, m.initiative_id)
        last = last_any.get(key)
        start = local_date(last) if last else m.joined_on
        due = due_on(start, rhythm.checkin_months)
        if today > due:
            items.append(OverdueItem(m, "checkin", local_date(last) if last else None, due, days_overdue(due, today),
                                     last_pro.get(key)))
        meeting = last_meeting.get(m.user_id)
        start = local_date(meeting) if meeting else m.joined_on
        due = due_on(start, rhythm.meeting_months)
        if today > due:
            items.append(OverdueItem(m, "meeting", local_date(meeting) if meeting else None, due,
                                     days_overdue(due, today), last_pro.get(key)))
    items.sort(key=lambda i: (-i.days, i.initiative.name))
    return items


def _in_scope(user: User, municipality_id: int, initiative: Initiative, capability: str) -> bool:
    scope = wijk_scope(user, capability, municipality_id=municipality_id)
    if scope is None:
        return True
    return bool(scope & {w.pk for w in initiative.wijken.all()})


def overdue_contacts_visible_to(*, user: User, municipality: Municipality, today: date | None = None
                                ) -> list[OverdueItem]:
    if not policies.can_log_contact(user, municipality.pk):
        raise PermissionDenied
    return [i for i in overdue_for(municipality, today=today)
            if _in_scope(user, municipality.pk, i.initiative, Cap.LOG_CONTACT)]


def overdue_by_professional(items: list[OverdueItem]) -> list[tuple[Any, list[OverdueItem]]]:
    groups: dict[Any, list[OverdueItem]] = {}
    for item in items:
        groups.setdefault(item.professional, []).append(item)
    return sorted(groups.items(), key=lambda kv: (kv[0] is None, str(kv[0] or "")))


def contacts_visible_to(*, user: User, municipality: Municipality, limit: int = 50) -> list[ContactLog]:
    if not policies.can_log_contact(user, municipality.pk):
        raise PermissionDenied
    logs = (ContactLog.objects.filter(municipality=municipality)
            .select_related("initiative", "contact_person", "professional")
            .prefetch_related("initiative__wijken")[: limit * 3])
    return [lg for lg in logs if _in_scope(user, municipality.pk, lg.initiative, Cap.LOG_CONTACT)][:limit]


@dataclass
class AppreciationReminder:
    initiative: Initiative
    last: date | None
    days_silent: int


def appreciation_reminders_for(municipality: Municipality, *, today: date | None = None
                               ) -> list[AppreciationReminder]:
    today = today or today_local()
    rhythm = rhythm_for(municipality)
    last = dict(
        Appreciation.objects.filter(initiative__municipality=municipality).values("initiative_id")
        .annotate(last=Max("occurred_on")).values_list("initiative_id", "last")
    )
    result = []
    for initiative in _active_initiatives(municipality.pk).order_by("name"):
        since = last.get(initiative.pk) or local_date(initiative.created_at)
        silent = (today - since).days
        if silent > rhythm.appreciation_days:
            result.append(AppreciationReminder(initiative, last.get(initiative.pk), silent))
    return result


def appreciation_visible_to(*, user: User, municipality: Municipality, today: date | None = None
                            ) -> tuple[list[Appreciation], list[AppreciationReminder]]:
    if not policies.can_log_contact(user, municipality.pk):
        raise PermissionDenied
    log = list(Appreciation.objects.filter(initiative__municipality=municipality)
               .select_related("initiative", "logged_by")[:100])
    return log, appreciation_reminders_for(municipality, today=today)


# --- Budgets --------------------------------------------------------------------------------------

@dataclass
class TeamBudget:
    initiative: Initiative
    year: int
    rule: BudgetRule | None
    computed: BudgetAmount | None
    members: int
    inhabitants: int | None
    requested: Decimal = Decimal("0")
    approved: Decimal = Decimal("0")
    spent: Decimal = Decimal("0")
    requests: list[BudgetRequest] = field(default_factory=list)

    @property
    def remaining(self) -> Decimal:
        """Approved but not yet spent."""
        return self.approved - self.spent

    @property
    def still_available(self) -> Decimal | None:
        """Allocation not yet approved or pending; None when the allocation is unknown."""
        if self.computed is None or self.computed.amount is None:
            return None
        return self.computed.amount - self.approved - self.requested


def team_budgets(initiatives: list[Initiative], year: int) -> list[TeamBudget]:
    """Budgets for many teams in a constant number of queries (rules, members, requests, expenses)."""
    if not initiatives:
        return []
    ids = [i.pk for i in initiatives]
    municipality_ids = {i.municipality_id for i in initiatives}
    rules = list(BudgetRule.objects.filter(municipality_id__in=municipality_ids, year=year))
    team_rules = {r.initiative_id: r for r in rules if r.initiative_id is not None}
    defaults = {r.municipality_id: r for r in rules if r.initiative_id is None}
    members: dict[int, int] = dict(
        Membership.objects.current().filter(initiative_id__in=ids).values("initiative_id")
        .annotate(n=Count("user_id", distinct=True)).values_list("initiative_id", "n")
    )
    requests: dict[int, list[BudgetRequest]] = {}
    for r in (BudgetRequest.objects.filter(initiative_id__in=ids, year=year)
              .select_related("requested_by", "decided_by", "initiative").prefetch_related("expenses")):
        requests.setdefault(r.initiative_id, []).append(r)
    result = []
    for initiative in initiatives:
        rule = team_rules.get(initiative.pk) or defaults.get(initiative.municipality_id)
        wijken = list(initiative.wijken.all())
        unknown = [w.name for w in wijken if w.inhabitants is None]
        inhabitants = None if unknown or not wijken else sum(w.inhabitants or 0 for w in wijken)
        n = initiative.reach or members.get(initiative.pk, 0)  # an app group counts its real chat size
        computed = compute(rule, active_members=n, inhabitants=inhabitants, unknown_wijken=unknown) if rule else None
        reqs = requests.get(initiative.pk, [])
        approved = sum((r.amount for r in reqs if r.status == BudgetRequestStatus.APPROVED), Decimal("0"))
        pending = sum((r.amount for r in reqs if r.status == BudgetRequestStatus.REQUESTED), Decimal("0"))
        spent = sum((e.amount for r in reqs for e in r.expenses.all()), Decimal("0"))
        result.append(TeamBudget(initiative, year, rule, computed, n, inhabitants, pending, approved, spent, reqs))
    return result


def team_budget(initiative: Initiative, year: int) -> TeamBudget:
    return team_budgets([initiative], year)[0]


def team_budget_visible_to(*, user: User, initiative: Initiative, year: int) -> TeamBudget:
    if not policies.can_view_team_budget(user, initiative):
        raise PermissionDenied
    return team_budget(initiative, year)


def budgets_visible_to(*, user: User, municipality: Municipality, year: int) -> list[TeamBudget]:
    if not policies.can_manage_budgets(user, municipality.pk):
        raise PermissionDenied
    return team_budgets(list(_active_initiatives(municipality.pk).prefetch_related("wijken").order_by("name")), year)


def rules_visible_to(*, user: User, municipality: Municipality) -> QuerySet[BudgetRule]:
    if not policies.can_manage_budgets(user, municipality.pk):
        raise PermissionDenied
    return BudgetRule.objects.filter(municipality=municipality).select_related("initiative")


# --- Events and newsletters -----------------------------------------------------------------------

def events_visible_to(*, user: User, municipality: Municipality) -> QuerySet[Event]:
    if not policies.can_log_contact(user, municipality.pk):
        raise PermissionDenied
    return Event.objects.filter(municipality=municipality)


def newsletter_recipients(municipality: Municipality) -> list[User]:
    """Coordinators, admins and members of active initiatives with an e-mail address, minus opt-outs."""
    opted_out = set(NewsletterOptOut.objects.filter(municipality=municipality).values_list("user_id", flat=True))
    user_ids = set(
        Membership.objects.current().filter(initiative__in=_active_initiatives(municipality.pk))
        .values_list("user_id", flat=True)
    ) - opted_out
    return list(User.objects.filter(pk__in=user_ids, is_active=True).exclude(email="").order_by("pk"))


def newsletters_visible_to(*, user: User, municipality: Municipality) -> QuerySet[Newsletter]:
    if not policies.can_manage_engagement(user, municipality.pk):
        raise PermissionDenied
    return Newsletter.objects.filter(municipality=municipality)


@dataclass
class TeamEvaluation:
    initiative: Any
    submitted_at: Any
    themes: list[tuple[str, float | None, str]]  # label, mean, colour
    open_answers: list[tuple[str, str]]


def evaluation_results(*, user: User, meeting: Any) -> list[TeamEvaluation]:
    """Each team's latest answers to the meeting's question set, coloured per theme (Kleurenwijzer)."""
    if not policies.can_manage_engagement(user, meeting.municipality_id):
        raise PermissionDenied
    if meeting.questionnaire_id is None:
        return []
    from buurtpreventie.surveys.models import Response
    from buurtpreventie.surveys.scoring import kleur
    from buurtpreventie.surveys.standard import EVALUATION_THEMES

    responses = (Response.objects.filter(questionnaire_id=meeting.questionnaire_id, initiative__isnull=False)
                 .select_related("initiative").prefetch_related("answers__question").order_by("-submitted_at"))
    seen: set[int] = set()
    result = []
    for r in responses:
        if r.initiative_id is None or r.initiative_id in seen:
            continue
        seen.add(r.initiative_id)
        by_theme: dict[str, list[int]] = {}
        open_answers = []
        for a in sorted(r.answers.all(), key=lambda a: a.question.order):
            if a.value is not None:
                by_theme.setdefault(a.question.topic or "overig", []).append(a.value)
            elif a.text:
                open_answers.append((a.question.text, a.text))
        themes: list[tuple[str, float | None, str]] = []
        for key, vals in by_theme.items():
            mean = round(sum(vals) / len(vals), 1)
            themes.append((EVALUATION_THEMES.get(key, key), mean, kleur(mean)))
        result.append(TeamEvaluation(r.initiative, r.submitted_at, themes, open_answers))
    return sorted(result, key=lambda t: t.initiative.name)


# --- Access: one object rule per aggregate (ADR access layer) ------------------------------------
# 404 for another municipality's object (or one that does not exist), 403 for the wrong role in
# the user's own municipality. Views, the API and exports use these instead of their own checks.

_M = TypeVar("_M")


def _checked(user: User, obj: _M | None, municipality_id: int, allowed: Callable[[], bool]) -> _M:
    from buurtpreventie.accounts.selectors import user_municipality_ids

    if obj is None or municipality_id not in user_municipality_ids(user=user):
        raise Http404
    if not allowed():
        raise PermissionDenied
    return obj


def access_event(*, user: User, pk: int) -> Event:
    event = Event.objects.select_related("municipality").filter(pk=pk).first()
    return _checked(user, event, event.municipality_id if event else 0,
                    lambda: policies.can_log_contact(user, event.municipality_id))  # type: ignore[union-attr]


def access_budget_rule(*, user: User, pk: int) -> BudgetRule:
    rule = BudgetRule.objects.select_related("municipality").filter(pk=pk).first()
    return _checked(user, rule, rule.municipality_id if rule else 0,
                    lambda: policies.can_manage_budgets(user, rule.municipality_id))  # type: ignore[union-attr]


def access_team_budget(*, user: User, initiative_pk: int) -> Initiative:
    """A team's budget (requests, spending, receipts): its leads and the budget managers."""
    initiative = Initiative.objects.select_related("municipality").filter(pk=initiative_pk).first()
    return _checked(user, initiative, initiative.municipality_id if initiative else 0,
                    lambda: policies.can_view_team_budget(user, initiative))


def access_receipt(*, user: User, pk: int) -> Expense:
    """A receipt follows its team's budget: whoever may see that budget may download it."""
    expense = Expense.objects.select_related("request__initiative").filter(pk=pk).first()
    if expense is None:
        raise Http404
    access_team_budget(user=user, initiative_pk=expense.request.initiative_id)
    return expense


def access_newsletter(*, user: User, pk: int) -> Newsletter:
    newsletter = Newsletter.objects.select_related("municipality").filter(pk=pk).first()
    return _checked(user, newsletter, newsletter.municipality_id if newsletter else 0,
                    lambda: policies.can_manage_engagement(user, newsletter.municipality_id))  # type: ignore[union-attr]


def access_evaluation(*, user: User, pk: int) -> EvaluationMeeting:
    meeting = EvaluationMeeting.objects.select_related("municipality").filter(pk=pk).first()
    return _checked(user, meeting, meeting.municipality_id if meeting else 0,
                    lambda: policies.can_manage_engagement(user, meeting.municipality_id))  # type: ignore[union-attr]
