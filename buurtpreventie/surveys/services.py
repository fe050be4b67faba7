"""Writes: questionnaires, invitations, responses through every channel, preferences and wishes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtpreventie.accounts.policies import is_team_member, manages_team
from buurtpreventie.accounts.selectors import user_municipality_ids
from buurtpreventie.areas.models import Municipality
from buurtpreventie.core.audit import audit_record
from buurtpreventie.initiatives.models import Initiative, Membership
from buurtpreventie.notifications.links import absolute_url
from buurtpreventie.notifications.service import notify, recipient

from . import policies
from .models import (
    INVITATION_SALT,
    Answer,
    Channel,
    Invitation,
    ProfessionalPreference,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireKind,
    Response,
    TeamWishes,
)
from .standard import STANDARD_QUESTIONNAIRES

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import User

INVITATION_MAX_AGE = 60 * 60 * 24 * 60  # a personal link works for 60 days


def _require_manage(actor: User | None, municipality_id: int) -> None:
    if actor is not None and not policies.can_manage_surveys(actor, municipality_id):
        raise PermissionDenied


def questionnaire_install_standard(*, actor: User | None, municipality: Municipality) -> list[Questionnaire]:
    """Install (once) the guideline's ready-made questionnaires for a municipality.

    `actor=None` is the system (demo seed, data migration); otherwise MANAGE_SURVEYS is required.
    Existing versions are left alone, so staff edits are never overwritten.
    """
    _require_manage(actor, municipality.pk)
    installed = []
    with transaction.atomic():
        for spec in STANDARD_QUESTIONNAIRES:
            questionnaire, created = Questionnaire.objects.get_or_create(
                municipality=municipality, standard_key=spec["key"],
                defaults={"kind": spec["kind"], "title": spec["title"], "purpose": spec["purpose"],
                          "consent_text": spec["consent"], "public_poll": spec["public_poll"]},
            )
            if created:
                for order, q in enumerate(spec["questions"], start=1):
                    Question.objects.create(
                        questionnaire=questionnaire, order=order * 10, kind=q["kind"], text=q["text"],
                        help_text=q.get("help", ""), profile=q.get("profile", ""), factor=q.get("factor", ""),
                        topic=q.get("topic", ""), options=q.get("options", []), required=q.get("required", False),
                    )
                audit_record(actor=actor, action="surveys.questionnaire_installed", obj=questionnaire)
            installed.append(questionnaire)
    return installed


def questionnaire_save(
    *, actor: User, municipality: Municipality, questionnaire: Questionnaire | None = None, data: Mapping[str, Any]
) -> Questionnaire:
    _require_manage(actor, municipality.pk)
    if questionnaire is not None and questionnaire.municipality_id != municipality.pk:
        raise PermissionDenied
    fields = ("kind", "title", "purpose", "consent_text", "is_active", "public_poll")
    with transaction.atomic():
        if questionnaire is None:
            questionnaire = Questionnaire(municipality=municipality)
        for name in fields:
            if name in data:
                setattr(questionnaire, name, data[name])
        questionnaire.full_clean()
        questionnaire.save()
        audit_record(actor=actor, action="surveys.questionnaire_saved", obj=questionnaire)
    return questionnaire


def question_save(
    *, actor: User, questionnaire: Questionnaire, question: Question | None = None, data: Mapping[str, Any]
) -> Question:
    _require_manage(actor, questionnaire.municipality_id)
    if question is not None and question.questionnaire_id != questionnaire.pk:
        raise PermissionDenied
    with transaction.atomic():
        if question is None:
            last = questionnaire.questions.order_by("-order").first()
            question = Question(questionnaire=questionnaire, order=(last.order + 10) if last else 10)
        for name in ("kind", "text", "help_text", "profile", "factor", "topic", "options", "required", "order"):
            if name in data and data[name] is not None:
                setattr(question, name, data[name])
        if question.kind != QuestionKind.STATEMENT:
            question.profile = ""
            question.factor = ""
        if question.kind == QuestionKind.CHOICE and not question.options:
            raise ValidationError({"options": _("Een keuzevraag heeft minstens één keuze nodig.")})
        question.full_clean()
        question.save()
        audit_record(actor=actor, action="surveys.question_saved", obj=question,
                     municipality_id=questionnaire.municipality_id)
    return question


def question_delete(*, actor: User, question: Question) -> None:
    questionnaire = question.questionnaire
    _require_manage(actor, questionnaire.municipality_id)
    if question.answers.exists():
        raise ValidationError(_("Deze vraag is al beantwoord; zet de vragenlijst dicht en maak een nieuwe versie."))
    with transaction.atomic():
        audit_record(actor=actor, action="surveys.question_deleted", municipality_id=questionnaire.municipality_id,
                     detail={"question": question.text[:200], "questionnaire": questionnaire.pk})
        question.delete()


def invitations_send(*, actor: User, questionnaire: Questionnaire, initiative: Initiative) -> int:
    """E-mail a personal link to every current member of a team (staff, or the team's coordinator)."""
    if initiative.municipality_id != questionnaire.municipality_id:
        raise PermissionDenied
    if not (policies.can_manage_surveys(actor, questionnaire.municipality_id) or manages_team(actor, initiative.pk)):
        raise PermissionDenied
    if not questionnaire.is_active:
        raise ValidationError(_("Deze vragenlijst staat dicht."))
    memberships = Membership.objects.current().filter(initiative=initiative).select_related("user")
    invitations: list[Invitation] = []
    with transaction.atomic():
        for m in memberships:
            if not m.user.email:
                continue
            inv = Invitation.objects.create(questionnaire=questionnaire, user=m.user, initiative=initiative,
                                            created_by=actor)
            invitations.append(inv)
        audit_record(actor=actor, action="surveys.invitations_sent", obj=questionnaire,
                     detail={"initiative": initiative.pk, "count": len(invitations)})

    notify(
        [
            recipient(inv.user, invitation=inv, link=absolute_url(reverse("surveys:answer_link", args=[inv.token])))
            for inv in invitations
        ],
        "surveys/email/invitation",
        {"questionnaire": questionnaire, "initiative": initiative},
    )
    return len(invitations)


def invitation_from_token(token: str) -> Invitation:
    """The invitation behind a personal link; PermissionDenied when forged or expired."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature as exc:
        raise PermissionDenied(_("Deze link is ongeldig of verlopen.")) from exc
    invitation = Invitation.objects.select_related("questionnaire", "user", "initiative").filter(pk=pk).first()
    if invitation is None:
        raise PermissionDenied(_("Deze link is ongeldig of verlopen."))
    return invitation


def _clean_answers(questionnaire: Questionnaire, answers: Mapping[int, Any], *, poll: bool = False
                   ) -> list[tuple[Question, int | None, str]]:
    cleaned: list[tuple[Question, int | None, str]] = []
    errors: dict[str, str] = {}
    for q in questionnaire.questions.all():
        if poll and q.kind == QuestionKind.OPEN:
            continue  # the anonymous poll never stores free text
        raw = answers.get(q.pk)
        empty = raw is None or (isinstance(raw, str) and not raw.strip())
        if empty:
            if q.required:
                errors[f"q_{q.pk}"] = _("Dit antwoord is verplicht.")
            continue
        if q.kind == QuestionKind.STATEMENT:
            try:
                value = int(str(raw))
            except (TypeError, ValueError):
                value = 0
            if not 1 <= value <= 5:
                errors[f"q_{q.pk}"] = _("Kies een waarde van 1 tot en met 5.")
                continue
            cleaned.append((q, value, ""))
        elif q.kind == QuestionKind.CHOICE:
            if str(raw) not in [str(o) for o in q.options]:
                errors[f"q_{q.pk}"] = _("Kies een van de mogelijkheden.")
                continue
            cleaned.append((q, None, str(raw)))
        else:
            cleaned.append((q, None, str(raw).strip()[:4000]))
    if errors:
        raise ValidationError(errors)
    return cleaned


def response_submit(
    *,
    actor: User | None,
    questionnaire: Questionnaire,
    answers: Mapping[int, Any],
    channel: str,
    consent: bool,
    initiative: Initiative | None = None,
    respondent: Any = None,
    invitation: Invitation | None = None,
    paper_note: str = "",
) -> Response:
    """Store a filled-in questionnaire. Who may do it depends on the channel:

    - ONLINE: a logged-in user for themselves, in a municipality they belong to (evaluation:
      the coordinator for their own team);
    - EMAIL_LINK: whoever holds a valid, unused personal link (no login);
    - PAPER: staff with MANAGE_SURVEYS, marked as entered by them;
    - POLL: anyone, only for a questionnaire that is open as public poll; anonymous.
    """
    if not consent:
        raise ValidationError({"consent": _("Zonder toestemming kunnen we uw antwoorden niet bewaren.")})
    if not questionnaire.is_active:
        raise ValidationError(_("Deze vragenlijst staat dicht."))
    entered_by = None
    if initiative is not None and initiative.municipality_id != questionnaire.municipality_id:
        raise PermissionDenied
    if channel == Channel.ONLINE:
        if actor is None or not actor.is_authenticated:
            raise PermissionDenied
        if questionnaire.municipality_id not in user_municipality_ids(user=actor):
            raise PermissionDenied
        respondent = actor
        if questionnaire.kind == QuestionnaireKind.EVALUATION:
            if initiative is None or not manages_team(actor, initiative.pk):
                raise PermissionDenied
        elif initiative is not None and not is_team_member(actor, initiative.pk):
            raise PermissionDenied
    elif channel == Channel.EMAIL_LINK:
        if invitation is None or invitation.questionnaire_id != questionnaire.pk:
            raise PermissionDenied
        if invitation.used_at is not None:
            raise ValidationError(_("Deze link is al gebruikt."))
        respondent = invitation.user
        initiative = invitation.initiative
    elif channel == Channel.PAPER:
        if actor is None or not policies.can_manage_surveys(actor, questionnaire.municipality_id):
            raise PermissionDenied
        entered_by = actor
        if respondent is not None and (initiative is None or not is_team_member(respondent, initiative.pk)):
            raise ValidationError({"respondent": _("Deze persoon is geen lid van het gekozen team.")})
    elif channel == Channel.POLL:
        if not questionnaire.public_poll:
            raise PermissionDenied
        respondent = None
        initiative = None
    else:
        raise ValidationError(_("Onbekend kanaal."))
    cleaned = _clean_answers(questionnaire, answers, poll=channel == Channel.POLL)
    now = timezone.now()
    with transaction.atomic():
        response = Response.objects.create(
            questionnaire=questionnaire, municipality_id=questionnaire.municipality_id, initiative=initiative,
            respondent=respondent, channel=channel, entered_by=entered_by, paper_note=paper_note[:120],
            invitation=invitation, consent_at=now, submitted_at=now,
        )
        Answer.objects.bulk_create(
            [Answer(response=response, question=q, value=value, text=text) for q, value, text in cleaned]
        )
        if invitation is not None:
            invitation.used_at = now
            invitation.save(update_fields=["used_at"])
        audit_record(actor=actor, action="surveys.response_submitted", obj=response,
                     municipality_id=questionnaire.municipality_id,
                     detail={"channel": channel, "questionnaire": questionnaire.pk})
    return response


def response_delete(*, actor: User, response: Response) -> None:
    """Members delete their own answers (privacy); staff may delete e.g. a wrongly entered paper form."""
    if not policies.can_delete_response(actor, response):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(actor=actor, action="surveys.response_deleted", municipality_id=response.municipality_id,
                     detail={"questionnaire": response.questionnaire_id, "channel": response.channel})
        response.delete()


PREFERENCE_FIELDS = ("campaigns", "involvement", "gives_feedback", "hours_per_month", "evenings_available", "notes")
WISH_FIELDS = ("wants_campaigns", "desired_involvement", "wants_feedback", "evening_meetings", "notes")


def preference_save(*, actor: User, municipality: Municipality, data: Mapping[str, Any]) -> ProfessionalPreference:
    if not policies.can_set_preferences(actor, municipality.pk):
        raise PermissionDenied
    with transaction.atomic():
        pref, _created = ProfessionalPreference.objects.get_or_create(user=actor, municipality=municipality)
        for name in PREFERENCE_FIELDS:
            if name in data:
                setattr(pref, name, data[name])
        pref.full_clean()
        pref.save()
        audit_record(actor=actor, action="surveys.preference_saved", obj=pref, municipality_id=municipality.pk)
    return pref


def team_wishes_save(*, actor: User, initiative: Initiative, data: Mapping[str, Any]) -> TeamWishes:
    if not policies.can_edit_team_wishes(actor, initiative):
        raise PermissionDenied
    with transaction.atomic():
        wishes, _created = TeamWishes.objects.get_or_create(initiative=initiative)
        for name in WISH_FIELDS:
            if name in data:
                setattr(wishes, name, data[name])
        wishes.updated_by = actor
        wishes.full_clean()
        wishes.save()
        audit_record(actor=actor, action="surveys.team_wishes_saved", obj=wishes,
                     municipality_id=initiative.municipality_id)
    return wishes
