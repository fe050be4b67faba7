from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtpreventie.accounts.policies import municipality_ids_with
from buurtpreventie.accounts.roles import Cap
from buurtpreventie.areas.models import Municipality
from buurtpreventie.core.net import client_ip
from buurtpreventie.core.tenancy import resolve_municipality
from buurtpreventie.initiatives.models import Initiative, Membership

from . import policies, selectors, services
from .forms import InviteForm, PreferenceForm, QuestionForm, QuestionnaireForm, ResponseForm, TeamWishesForm
from .matching import suggestions_for
from .models import Channel, ProfessionalPreference, Question, Questionnaire, Response, TeamWishes
from .scoring import IMPLICATIONS, MIXED, PROFILES

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest

POLL_LIMIT = 5  # submissions per address per hour per municipality


def _labels() -> dict[str, str]:
    from .models import Profile

    labels: dict[str, str] = {str(k): str(v) for k, v in Profile.choices}
    labels[MIXED] = _("Gemengd profiel")
    labels["unknown"] = _("Onbekend")
    return labels


def _staff_municipality(request: HttpRequest, capability: str) -> Municipality:
    municipality: Municipality = resolve_municipality(
        request, allowed_ids=municipality_ids_with(request.user, capability))
    return municipality


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


# --- Overview ------------------------------------------------------------------------------------

@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    municipality = resolve_municipality(request, required=False)
    open_questionnaires = selectors.questionnaires_open_for(user=user)
    answered_ids = set(Response.objects.filter(respondent_id=user.pk).values_list("questionnaire_id", flat=True))
    teams = selectors.teams_visible_for_mix(user=user, municipality_id=municipality.pk) if municipality else []
    can_manage = bool(municipality and policies.can_manage_surveys(user, municipality.pk))
    can_prefs = bool(municipality and policies.can_set_preferences(user, municipality.pk))
    wish_teams = [m.initiative for m in Membership.objects.leads().filter(
        user_id=user.pk).select_related("initiative")]
    return render(request, "surveys/index.html", {
        "open_questionnaires": open_questionnaires, "answered_ids": answered_ids, "teams": teams,
        "can_manage": can_manage, "can_prefs": can_prefs, "wish_teams": wish_teams,
    })


# --- Answering ----------------------------------------------------------------------------------

def _submit(request: HttpRequest, form: ResponseForm, **kwargs: Any) -> Response | None:
    if not form.is_valid():
        return None
    try:
        return services.response_submit(answers=form.answers(), consent=form.cleaned_data["consent"], **kwargs)
    except ValidationError as exc:
        _apply_errors(form, exc)
        return None


@login_required
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    questionnaire, teams = selectors.questionnaire_for_answering(user=request.user, pk=pk)
    request.municipality = questionnaire.municipality  # type: ignore[attr-defined]
    form = ResponseForm(request.POST or None, questionnaire=questionnaire, teams=teams)
    if request.method == "POST" and form.is_valid():
        team = None
        if "team" in form.fields and form.cleaned_data.get("team"):
            team = next((t for t in teams if str(t.pk) == form.cleaned_data["team"]), None)
        elif len(teams) == 1:
            team = teams[0]
        response = _submit(request, form, actor=request.user, questionnaire=questionnaire, channel=Channel.ONLINE,
                           initiative=team)
        if response is not None:
            messages.success(request, _("Bedankt! Uw antwoorden zijn opgeslagen."))
            return redirect("surveys:my_answers")
    return render(request, "surveys/answer.html", {"questionnaire": questionnaire, "form": form})


def answer_link(request: HttpRequest, token: str) -> HttpResponse:
    """Answer through a personal e-mail link: no login; the answers belong to the invited person."""
    try:
        invitation = services.invitation_from_token(token)
    except PermissionDenied:
        return render(request, "surveys/link_invalid.html", status=403)
    questionnaire = invitation.questionnaire
    request.municipality = questionnaire.municipality  # type: ignore[attr-defined]
    if invitation.used_at is not None or not questionnaire.is_active:
        return render(request, "surveys/link_used.html", {"questionnaire": questionnaire})
    form = ResponseForm(request.POST or None, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        response = _submit(request, form, actor=None, questionnaire=questionnaire, channel=Channel.EMAIL_LINK,
                           invitation=invitation)
        if response is not None:
            return render(request, "surveys/thanks.html", {"questionnaire": questionnaire, "via_link": True})
    return render(request, "surveys/answer.html", {"questionnaire": questionnaire, "form": form,
                                                   "invitation": invitation})


def _client_key(request: HttpRequest, municipality: Municipality) -> str:
    address = client_ip(request)
    digest = hashlib.sha256(f"{municipality.pk}:{address}".encode()).hexdigest()[:24]
    return f"surveys:poll:{digest}"


def poll(request: HttpRequest, slug: str) -> HttpResponse:
    """The anonymous poll on the municipality's public page: rate-limited, with a honeypot."""
    municipality = get_object_or_404(Municipality, slug=slug)
    request.municipality = municipality  # type: ignore[attr-defined]
    questionnaire = Questionnaire.objects.filter(municipality=municipality, public_poll=True, is_active=True,
                                                 kind="motivation").first()
    if questionnaire is None:
        raise Http404
    form = ResponseForm(request.POST or None, questionnaire=questionnaire, poll=True)
    if request.method == "POST":
        key = _client_key(request, municipality)
        if cache.get(key, 0) >= POLL_LIMIT:
            return render(request, "surveys/poll_limited.html", {"municipality": municipality}, status=429)
        if form.is_valid():
            if form.cleaned_data.get("website"):
                # A bot filled the honeypot: say thanks, store nothing.
                return render(request, "surveys/thanks.html", {"questionnaire": questionnaire, "poll": True})
            response = _submit(request, form, actor=None, questionnaire=questionnaire, channel=Channel.POLL)
            if response is not None:
                cache.set(key, cache.get(key, 0) + 1, 3600)
                return render(request, "surveys/thanks.html", {"questionnaire": questionnaire, "poll": True,
                                                               "municipality": municipality})
    return render(request, "surveys/answer.html", {"questionnaire": questionnaire, "form": form, "poll": True,
                                                   "municipality": municipality})


# --- Own answers ----------------------------------------------------------------------------------

@login_required
def my_answers(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = []
    labels = _labels()
    for response in selectors.responses_of(user=request.user):
        result = selectors.result_of_response(response)
        rows.append({
            "response": response, "result": result,
            "dominant_label": labels.get(result.dominant or "", "") if result else "",
            "scores": [(labels[p], result.scores.get(p)) for p in PROFILES] if result else [],
            "answers": sorted(response.answers.all(), key=lambda a: a.question.order),
        })
    return render(request, "surveys/my_answers.html", {"rows": rows})


@login_required
@require_POST
def response_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    response = selectors.access_response(user=request.user, pk=pk)
    services.response_delete(actor=request.user, response=response)
    messages.success(request, _("De antwoorden zijn verwijderd."))
    if response.respondent_id == request.user.pk:
        return redirect("surveys:my_answers")
    return redirect("surveys:manage_detail", pk=response.questionnaire_id)


# --- Team mix and matching -----------------------------------------------------------------------

def _mix_context(mix: Any) -> dict[str, Any]:
    labels = _labels()
    rows = []
    if mix.shown:
        for key in (*PROFILES, MIXED, "unknown"):
            count = mix.counts.get(key, 0)
            if key in ("unknown", MIXED) and not count:
                continue
            rows.append({"key": key, "label": labels[key], "count": count, "share": mix.shares.get(key, 0),
                         "mean": mix.mean_scores.get(key)})
    return {"mix": mix, "mix_rows": rows, "labels": labels,
            "chart": {"labels": [r["label"] for r in rows], "counts": [r["count"] for r in rows]},
            "implications": [(labels[p], IMPLICATIONS[p], mix.shown and mix.leading == p) for p in PROFILES]}


@login_required
def team_mix(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative, mix = selectors.access_team_mix(user=request.user, pk=pk)
    request.municipality = initiative.municipality  # type: ignore[attr-defined]
    context = {"initiative": initiative, **_mix_context(mix)}
    from .models import WeighingFactor

    context["factors"] = [(label, mix.factor_means.get(key)) for key, label in WeighingFactor.choices]
    if policies.can_view_matching(request.user, initiative):
        suggestions, _mix = suggestions_for(user=request.user, initiative=initiative)
        context["suggestions"] = suggestions
        context["can_match"] = True
    context["can_edit_wishes"] = policies.can_edit_team_wishes(request.user, initiative)
    context["wishes"] = TeamWishes.objects.filter(initiative=initiative).first()
    return render(request, "surveys/team_mix.html", context)


@login_required
@require_POST
def team_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The coordinator (or staff) e-mails every team member a personal link to the motivation questionnaire."""
    initiative = get_object_or_404(Initiative, pk=pk)
    questionnaire = Questionnaire.objects.filter(municipality_id=initiative.municipality_id, kind="motivation",
                                                 is_active=True).order_by("pk").first()
    if questionnaire is None:
        raise Http404
    try:
        count = services.invitations_send(actor=request.user, questionnaire=questionnaire, initiative=initiative)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("%(count)s persoonlijke links verstuurd.") % {"count": count})
    return redirect("surveys:team_mix", pk=pk)


@login_required
def team_wishes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative, pk=pk)
    if not policies.can_edit_team_wishes(request.user, initiative):
        raise Http404
    request.municipality = initiative.municipality  # type: ignore[attr-defined]
    instance = TeamWishes.objects.filter(initiative=initiative).first() or TeamWishes(initiative=initiative)
    form = TeamWishesForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.team_wishes_save(actor=request.user, initiative=initiative, data=form.cleaned_data)
        messages.success(request, _("De wensen van het team zijn opgeslagen."))
        if policies.can_view_team_mix(request.user, initiative):
            return redirect("surveys:team_mix", pk=initiative.pk)
        return redirect("surveys:index")
    return render(request, "surveys/form_page.html", {
        "form": form, "title": _("Wensen van %(team)s") % {"team": initiative.name},
        "intro": _("Wat wil het team van de wijkagent of BOA? Dit weegt mee bij het koppelen van een professional."),
    })


@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _staff_municipality(request, Cap.LOG_CONTACT)
    user = request.user
    instance = (ProfessionalPreference.objects.filter(user=user, municipality=municipality).first()
                or ProfessionalPreference(user=user, municipality=municipality))
    form = PreferenceForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.preference_save(actor=request.user, municipality=municipality, data=form.cleaned_data)
        messages.success(request, _("Uw voorkeuren zijn opgeslagen."))
        return redirect("surveys:index")
    return render(request, "surveys/form_page.html", {
        "form": form, "title": _("Mijn voorkeuren als professional"),
        "intro": _("Welke campagnes draait u, hoe nauw wilt u teams betrekken en hoeveel tijd heeft u? "
                   "De OOV-adviseur gebruikt dit om u aan een passend team te koppelen."),
    })


# --- Staff: manage questionnaires ----------------------------------------------------------------

@login_required
def manage_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _staff_municipality(request, Cap.MANAGE_SURVEYS)
    if request.method == "POST" and request.POST.get("action") == "install":
        services.questionnaire_install_standard(actor=request.user, municipality=municipality)
        messages.success(request, _("De standaardvragenlijsten uit de handreiking staan klaar."))
        return redirect("surveys:manage_list")
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "create" and form.is_valid():
        q = services.questionnaire_save(actor=request.user, municipality=municipality, data=form.cleaned_data)
        return redirect("surveys:manage_detail", pk=q.pk)
    questionnaires = selectors.questionnaires_manageable_by(user=request.user, municipality_id=municipality.pk)
    return render(request, "surveys/manage_list.html", {
        "municipality": municipality, "questionnaires": questionnaires, "form": form,
        "poll_mix": _mix_context(selectors.poll_mix(user=request.user, municipality_id=municipality.pk)),
    })


def _managed_questionnaire(request: AuthenticatedHttpRequest, pk: int) -> Questionnaire:
    questionnaire = selectors.access_questionnaire_for_management(user=request.user, pk=pk)
    request.municipality = questionnaire.municipality  # type: ignore[attr-defined]
    return questionnaire


@login_required
def manage_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    questionnaire = _managed_questionnaire(request, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    form = QuestionnaireForm(request.POST if action == "edit" else None, instance=questionnaire, prefix="ql")
    qform = QuestionForm(request.POST if action == "add_question" else None, prefix="new")
    teams = list(Initiative.objects.filter(municipality_id=questionnaire.municipality_id).order_by("name"))
    invite_form = InviteForm(request.POST if action == "invite" else None, teams=teams, prefix="inv")
    if action == "edit" and form.is_valid():
        services.questionnaire_save(actor=request.user, municipality=questionnaire.municipality,
                                    questionnaire=questionnaire, data=form.cleaned_data)
        messages.success(request, _("De vragenlijst is opgeslagen."))
        return redirect("surveys:manage_detail", pk=pk)
    if action == "add_question" and qform.is_valid():
        try:
            services.question_save(actor=request.user, questionnaire=questionnaire, data=qform.cleaned_data)
            messages.success(request, _("De vraag is toegevoegd."))
            return redirect("surveys:manage_detail", pk=pk)
        except ValidationError as exc:
            _apply_errors(qform, exc)
    if action == "invite" and invite_form.is_valid():
        team = next(t for t in teams if str(t.pk) == invite_form.cleaned_data["team"])
        try:
            count = services.invitations_send(actor=request.user, questionnaire=questionnaire, initiative=team)
            messages.success(request, _("%(count)s persoonlijke links verstuurd.") % {"count": count})
            return redirect("surveys:manage_detail", pk=pk)
        except ValidationError as exc:
            _apply_errors(invite_form, exc)
    responses = questionnaire.responses.select_related("initiative", "entered_by", "respondent")[:50]
    return render(request, "surveys/manage_detail.html", {
        "questionnaire": questionnaire, "form": form, "qform": qform, "invite_form": invite_form,
        "questions": questionnaire.questions.all(), "responses": responses,
        "summary": selectors.questionnaire_summary(user=request.user, questionnaire=questionnaire),
        "professional_answers": selectors.professional_answers(user=request.user, questionnaire=questionnaire),
    })


@login_required
def question_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("questionnaire"), pk=pk)
    questionnaire = _managed_questionnaire(request, question.questionnaire_id)
    if request.method == "POST" and request.POST.get("action") == "delete":
        try:
            services.question_delete(actor=request.user, question=question)
            messages.success(request, _("De vraag is verwijderd."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("surveys:manage_detail", pk=questionnaire.pk)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(actor=request.user, questionnaire=questionnaire, question=question,
                                   data=form.cleaned_data)
            messages.success(request, _("De vraag is opgeslagen."))
            return redirect("surveys:manage_detail", pk=questionnaire.pk)
        except ValidationError as exc:
            _apply_errors(form, exc)
    return render(request, "surveys/question_edit.html", {"form": form, "question": question,
                                                          "questionnaire": questionnaire})


@login_required
def paper_entry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Staff type in a paper form (town hall, door to door); it is marked as paper, entered by them."""
    questionnaire = _managed_questionnaire(request, pk)
    teams = list(Initiative.objects.filter(municipality_id=questionnaire.municipality_id).order_by("name"))
    team_id = request.POST.get("team") or request.GET.get("team")
    members = []
    if team_id:
        members = [m.user for m in Membership.objects.current().filter(
            initiative_id=team_id, initiative__municipality_id=questionnaire.municipality_id).select_related("user")]
    form = ResponseForm(request.POST or None, questionnaire=questionnaire, teams=teams, paper=True, members=members,
                        initial={"team": team_id or ""})
    if request.method == "POST" and form.is_valid():
        team = next((t for t in teams if str(t.pk) == form.cleaned_data.get("team")), None)
        respondent = next((u for u in members if str(u.pk) == form.cleaned_data.get("respondent")), None)
        response = _submit(request, form, actor=request.user, questionnaire=questionnaire, channel=Channel.PAPER,
                           initiative=team, respondent=respondent, paper_note=form.cleaned_data.get("paper_note", ""))
        if response is not None:
            messages.success(request, _("Het papieren formulier is ingevoerd."))
            return redirect(f"{request.path}?team={team.pk if team else ''}")
    return render(request, "surveys/answer.html", {"questionnaire": questionnaire, "form": form, "paper": True,
                                                   "teams": teams, "selected_team": team_id or ""})
