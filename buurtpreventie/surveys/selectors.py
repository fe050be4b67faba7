"""Permission-scoped reads: questionnaires, own answers, profiles and team mixes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from buurtpreventie.accounts.policies import has_capability, manages_team, municipality_ids_with
from buurtpreventie.accounts.roles import Cap, team_roles_with
from buurtpreventie.accounts.selectors import user_memberships
from buurtpreventie.initiatives.models import Initiative, Membership

from . import policies
from .models import Answer, Profile, Questionnaire, QuestionnaireKind, Response
from .scoring import MIN_RESPONDENTS, PROFILES, ProfileResult, TeamMix, profile_result, team_mix

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AnyUser, User


def questionnaires_manageable_by(*, user: User, municipality_id: int) -> QuerySet[Questionnaire]:
    if not policies.can_manage_surveys(user, municipality_id):
        raise PermissionDenied
    return Questionnaire.objects.filter(municipality_id=municipality_id).order_by("kind", "title")


def questionnaires_open_for(*, user: AnyUser) -> list[tuple[Questionnaire, list[Initiative]]]:
    """Active questionnaires the user is asked to fill in, with the teams it applies to.

    Members get the motivation questionnaire of their team's municipality; coordinators also
    the interim evaluation for the team they run; professionals the involvement questionnaire.
    """
    result: list[tuple[Questionnaire, list[Initiative]]] = []
    if not user.is_authenticated:
        return result
    teams_by_municipality: dict[int, list[Initiative]] = defaultdict(list)
    managed_by_municipality: dict[int, list[Initiative]] = defaultdict(list)
    for m in user_memberships(user=user):
        teams_by_municipality[m.initiative.municipality_id].append(m.initiative)
        if m.role in team_roles_with(Cap.MANAGE_TEAM):
            managed_by_municipality[m.initiative.municipality_id].append(m.initiative)
    pro_municipalities = municipality_ids_with(user, Cap.LOG_CONTACT)
    qs = Questionnaire.objects.filter(is_active=True).filter(
        Q(kind__in=[QuestionnaireKind.MOTIVATION, QuestionnaireKind.OTHER],
          municipality_id__in=list(teams_by_municipality))
        | Q(kind=QuestionnaireKind.EVALUATION, municipality_id__in=list(managed_by_municipality))
        | Q(kind=QuestionnaireKind.PROFESSIONAL, municipality_id__in=list(pro_municipalities))
    )
    for q in qs.order_by("kind", "title"):
        if q.kind == QuestionnaireKind.EVALUATION:
            teams = managed_by_municipality[q.municipality_id]
        elif q.kind == QuestionnaireKind.PROFESSIONAL:
            teams = []
        else:
            teams = teams_by_municipality[q.municipality_id]
        result.append((q, teams))
    return result


def questionnaire_for_answering(*, user: User, pk: int) -> tuple[Questionnaire, list[Initiative]]:
    """A questionnaire offered to this user: 404 for one of another municipality, 403 for one of
    their own municipality that is not for them."""
    from buurtpreventie.accounts.selectors import user_municipality_ids

    for q, teams in questionnaires_open_for(user=user):
        if q.pk == pk:
            return q, teams
    municipality_id = Questionnaire.objects.filter(pk=pk).values_list("municipality_id", flat=True).first()
    if municipality_id is None or municipality_id not in user_municipality_ids(user=user):
        raise Http404
    raise PermissionDenied


def responses_of(*, user: AnyUser) -> QuerySet[Response]:
    """The user's own answers (to see and delete)."""
    if not user.is_authenticated:
        return Response.objects.none()
    return (
        Response.objects.filter(respondent_id=user.pk)
        .select_related("questionnaire", "initiative")
        .prefetch_related("answers__question")
        .order_by("-submitted_at")
    )


def result_of_response(response: Response) -> ProfileResult | None:
    """Motivation profile of one response, or None for other questionnaires."""
    if response.questionnaire.kind != QuestionnaireKind.MOTIVATION:
        return None
    questions = [q for q in response.questionnaire.questions.all() if q.profile]
    expected = {p: sum(1 for q in questions if q.profile == p) for p in PROFILES}
    values: dict[str, list[int]] = defaultdict(list)
    for a in response.answers.all():
        if a.question.profile and a.value is not None:
            values[a.question.profile].append(a.value)
    return profile_result(values, expected)


def _team_motivation_responses(initiative: Initiative) -> list[Response]:
    """Latest motivation response per current member (plus anonymous paper forms for the team)."""
    member_ids = set(
        Membership.objects.current().filter(initiative=initiative).values_list("user_id", flat=True)
    )
    qs = (
        Response.objects.filter(questionnaire__municipality_id=initiative.municipality_id,
                                questionnaire__kind=QuestionnaireKind.MOTIVATION)
        .filter(Q(respondent_id__in=member_ids) | Q(initiative=initiative, respondent__isnull=True))
        .select_related("questionnaire")
        .prefetch_related("answers__question", "questionnaire__questions")
        .order_by("-submitted_at", "-pk")
    )
    seen: set[int] = set()
    latest: list[Response] = []
    for r in qs:
        if r.respondent_id is not None:
            if r.respondent_id in seen:
                continue
            seen.add(r.respondent_id)
        latest.append(r)
    return latest


def team_mix_for(initiative: Initiative) -> TeamMix:
    """Unscoped aggregate (callers check policies). Applies the 5-respondent floor."""
    responses = _team_motivation_responses(initiative)
    results = [r for r in (result_of_response(resp) for resp in responses) if r is not None]
    factors: dict[str, list[int]] = defaultdict(list)
    for resp in responses:
        for a in resp.answers.all():
            if a.question.factor and a.value is not None:
                factors[a.question.factor].append(a.value)
    return team_mix(results, factors)


def team_mix_visible_to(*, user: User, initiative: Initiative) -> TeamMix:
    if not policies.can_view_team_mix(user, initiative):
        raise PermissionDenied
    return team_mix_for(initiative)


@dataclass
class Composition:
    respondents: int
    shown: bool
    age: dict[str, int]
    gender: dict[str, int]


def team_composition(initiative: Initiative) -> Composition:
    """Self-declared age band and gender of respondents (F22), with the same floor of 5."""
    responses = _team_motivation_responses(initiative)
    age: dict[str, int] = defaultdict(int)
    gender: dict[str, int] = defaultdict(int)
    for resp in responses:
        for a in resp.answers.all():
            if a.question.topic == "age_band" and a.text:
                age[a.text] += 1
            elif a.question.topic == "gender" and a.text:
                gender[a.text] += 1
    n = len(responses)
    if n < MIN_RESPONDENTS:
        return Composition(n, False, {}, {})
    return Composition(n, True, dict(age), dict(gender))


def teams_visible_for_mix(*, user: User, municipality_id: int) -> list[Initiative]:
    teams = Initiative.objects.filter(municipality_id=municipality_id).prefetch_related("wijken").order_by("name")
    return [t for t in teams if policies.can_view_team_mix(user, t)]


def poll_mix(*, user: User, municipality_id: int) -> TeamMix:
    """Aggregate of the anonymous public poll of a municipality (staff only)."""
    if not has_capability(user, Cap.VIEW_TEAMS, municipality_id=municipality_id):
        raise PermissionDenied
    responses = (
        Response.objects.filter(municipality_id=municipality_id, channel="poll",
                                questionnaire__kind=QuestionnaireKind.MOTIVATION)
        .select_related("questionnaire")
        .prefetch_related("answers__question", "questionnaire__questions")
    )
    results = [r for r in (result_of_response(resp) for resp in responses) if r is not None]
    return team_mix(results)


def questionnaire_summary(*, user: User, questionnaire: Questionnaire) -> dict[str, Any]:
    """Staff view of a questionnaire's answers: counts per channel and statement means (floor 5)."""
    if not policies.can_manage_surveys(user, questionnaire.municipality_id):
        raise PermissionDenied
    responses = list(questionnaire.responses.all())
    by_channel: dict[str, int] = defaultdict(int)
    for r in responses:
        by_channel[r.get_channel_display()] += 1
    means: list[tuple[Any, float | None, int]] = []
    for q in questionnaire.questions.all():
        if q.kind != "statement":
            continue
        vals = [v for v in Answer.objects.filter(question=q, value__isnull=False).values_list("value", flat=True)
                if v is not None]
        mean = round(sum(vals) / len(vals), 1) if len(vals) >= MIN_RESPONDENTS else None
        means.append((q, mean, len(vals)))
    return {"total": len(responses), "by_channel": dict(by_channel), "means": means}


def professional_answers(*, user: User, questionnaire: Questionnaire) -> list[Response]:
    """Named answers to the professionals' involvement questionnaire (2.2.2), for the safety officer.

    Professionals' answers are not anonymous: the consent text tells them the safety officer reads them.
    """
    if not policies.can_manage_surveys(user, questionnaire.municipality_id):
        raise PermissionDenied
    if questionnaire.kind != QuestionnaireKind.PROFESSIONAL:
        return []
    return list(questionnaire.responses.select_related("respondent").prefetch_related("answers__question")
                .order_by("-submitted_at")[:100])


def user_has_team_role(user: User, initiative_id: int) -> bool:
    return manages_team(user, initiative_id)


PROFILE_LABELS = dict(Profile.choices)


# --- Access: one object rule per aggregate (ADR access layer) ------------------------------------

def questionnaires_managed_by(*, user: User, municipality_id: int) -> QuerySet[Questionnaire]:
    """Questionnaires a survey manager works on in one municipality (none for anyone else)."""
    if not policies.can_manage_surveys(user, municipality_id):
        return Questionnaire.objects.none()
    return Questionnaire.objects.filter(municipality_id=municipality_id)


def access_questionnaire_for_management(*, user: User, pk: int) -> Questionnaire:
    """One questionnaire (with its questions and answers) for its manager; 404 for anyone else."""
    questionnaire = Questionnaire.objects.select_related("municipality").filter(pk=pk).first()
    if questionnaire is None or not policies.can_manage_surveys(user, questionnaire.municipality_id):
        raise Http404
    return questionnaire


def access_response(*, user: User, pk: int) -> Response:
    """One set of answers: its respondent, or the survey manager of its municipality; 404 otherwise."""
    response = Response.objects.filter(pk=pk).first()
    if response is None or not policies.can_delete_response(user, response):
        raise Http404
    return response


def access_team_mix(*, user: User, pk: int) -> tuple[Initiative, TeamMix]:
    """A team's profile mix: 404 outside the user's municipalities, 403 for the wrong role inside."""
    from buurtpreventie.accounts.selectors import user_municipality_ids

    initiative = Initiative.objects.prefetch_related("wijken").filter(pk=pk).first()
    if initiative is None or initiative.municipality_id not in user_municipality_ids(user=user):
        raise Http404
    return initiative, team_mix_visible_to(user=user, initiative=initiative)
