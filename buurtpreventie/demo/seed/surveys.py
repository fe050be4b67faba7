"""Demo: the guideline's questionnaires for Nijmegen, answers from team "centrum", preferences."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.utils import timezone

from buurtpreventie.accounts.models import User
from buurtpreventie.demo.context import DemoContext
from buurtpreventie.demo.seed.base import demo_membership
from buurtpreventie.surveys.models import (
    Channel,
    Involvement,
    ProfessionalPreference,
    Questionnaire,
    QuestionnaireKind,
    Response,
    TeamWishes,
)
from buurtpreventie.surveys.services import questionnaire_install_standard, response_submit

# Extra demo members of team "centrum": username, first, last, answers to the six profile
# statements (normative×2, pragmatic×2, rational×2), five weighing factors, age band, gender.
EXTRA_MEMBERS = [
    ("lid-centrum-1", "Femke", "de Vries", [4, 4, 3, 4, 5, 5], [5, 4, 4, 4, 3], "45-65", "Vrouw"),
    ("lid-centrum-2", "Hasan", "Yilmaz", [3, 3, 4, 4, 5, 5], [4, 4, 5, 4, 3], "25-45", "Man"),
    ("lid-centrum-3", "Ingrid", "Bakker", [5, 5, 3, 3, 3, 4], [5, 4, 4, 5, 4], "65+", "Vrouw"),
    ("lid-centrum-4", "Joost", "Jansen", [3, 3, 5, 5, 3, 3], [4, 3, 4, 3, 2], "65+", "Man"),
    ("lid-centrum-5", "Karin", "Smit", [3, 4, 3, 3, 5, 4], [4, 4, 4, 4, 3], "45-65", "Vrouw"),
]
LID2_ANSWERS = ([4, 3, 4, 4, 4, 5], [4, 4, 4, 4, 4], "25-45", "Vrouw")
POLL_PATTERNS = [
    [5, 4, 3, 3, 2, 3], [4, 4, 5, 4, 3, 3], [3, 3, 3, 4, 5, 5], [4, 5, 4, 3, 3, 4], [2, 3, 4, 5, 4, 4],
    [5, 5, 3, 3, 3, 3],
]


def _answers(questionnaire: Questionnaire, profile_values: Sequence[object], factor_values: Sequence[object] = (),
             age: str = "", gender: str = "") -> dict[int, object]:
    answers: dict[int, object] = {}
    profile_qs = [q for q in questionnaire.questions.all() if q.profile]
    factor_qs = [q for q in questionnaire.questions.all() if q.factor]
    for q, v in zip(profile_qs, profile_values, strict=False):
        answers[q.pk] = v
    for q, v in zip(factor_qs, factor_values, strict=False):
        answers[q.pk] = v
    for q in questionnaire.questions.all():
        if q.topic == "age_band" and age:
            answers[q.pk] = age
        if q.topic == "gender" and gender:
            answers[q.pk] = gender
        if q.kind == "open" and not q.topic and q.order == 120:
            answers[q.pk] = "Ik wil dat mijn straat veilig blijft."
    return answers


def seed(ctx: DemoContext) -> None:
    questionnaires = questionnaire_install_standard(actor=None, municipality=ctx.municipality)
    motivation = next(q for q in questionnaires if q.kind == QuestionnaireKind.MOTIVATION)
    centrum = ctx.initiatives["centrum"]
    now = timezone.now()

    for username, first, last, profile_values, factors, age, gender in EXTRA_MEMBERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.buurtpreventie.local",
                      "is_demo": True},
        )
        if created:
            user.set_unusable_password()
            user.save()
        demo_membership(user, centrum, role="member", joined_on=timezone.localdate() - timedelta(days=200))
        ctx.users[username] = user
        if not Response.objects.filter(respondent=user, questionnaire=motivation).exists():
            response_submit(actor=user, questionnaire=motivation, channel=Channel.ONLINE, consent=True,
                            initiative=centrum, answers=_answers(motivation, profile_values, factors, age, gender))

    lid2 = ctx.users["lid2"]
    if not Response.objects.filter(respondent=lid2, questionnaire=motivation).exists():
        values, factors, age, gender = LID2_ANSWERS
        response_submit(actor=lid2, questionnaire=motivation, channel=Channel.ONLINE, consent=True,
                        initiative=centrum, answers=_answers(motivation, values, factors, age, gender))

    if not Response.objects.filter(questionnaire=motivation, channel=Channel.POLL).exists():
        for pattern in POLL_PATTERNS:
            response_submit(actor=None, questionnaire=motivation, channel=Channel.POLL, consent=True,
                            answers=_answers(motivation, pattern))
    if not Response.objects.filter(questionnaire=motivation, channel=Channel.PAPER).exists():
        response_submit(actor=ctx.users["oov"], questionnaire=motivation, channel=Channel.PAPER, consent=True,
                        initiative=ctx.initiatives["oost_team"], paper_note="Gemeentehuis, spreekuur",
                        answers=_answers(motivation, [5, 4, 3, 3, 3, 3], [5, 4, 4, 4, 4]))

    ProfessionalPreference.objects.update_or_create(
        user=ctx.users["wijkagent"], municipality=ctx.municipality,
        defaults={"campaigns": "Witte-voetjes-actie\nBuitenverlichting aan", "involvement": Involvement.CLOSE,
                  "gives_feedback": True, "hours_per_month": 8, "evenings_available": True,
                  "notes": "Loop graag eens mee op een avondronde."},
    )
    ProfessionalPreference.objects.update_or_create(
        user=ctx.users["boa"], municipality=ctx.municipality,
        defaults={"campaigns": "", "involvement": Involvement.DISTANT, "gives_feedback": True,
                  "hours_per_month": 3, "evenings_available": False,
                  "notes": "Vooral terugkoppeling over overlast en openbare ruimte."},
    )
    TeamWishes.objects.update_or_create(
        initiative=centrum,
        defaults={"wants_campaigns": True, "desired_involvement": Involvement.CLOSE, "wants_feedback": True,
                  "evening_meetings": True, "notes": "Graag een vast aanspreekpunt bij de politie.",
                  "updated_by": ctx.users["coordinator"]},
    )
    ctx.extra["motivation_questionnaire"] = motivation
    ctx.say(f"surveys: motivation questionnaire answered by {Response.objects.filter(questionnaire=motivation).count()}"
            f" (team mix: /vragenlijsten/team/{centrum.pk}/) — {now:%Y-%m-%d}")
