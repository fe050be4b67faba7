"""Test helpers for questionnaires."""

from __future__ import annotations

from typing import Any

from buurtpreventie.surveys.models import Channel, Questionnaire, QuestionnaireKind
from buurtpreventie.surveys.services import questionnaire_install_standard, response_submit
from buurtpreventie.testing.helpers import make_member


def install(municipality: Any) -> dict[str, Questionnaire]:
    return {q.kind: q for q in questionnaire_install_standard(actor=None, municipality=municipality)}


def motivation(municipality: Any) -> Questionnaire:
    return install(municipality)[QuestionnaireKind.MOTIVATION]


def answers_for(questionnaire: Questionnaire, profile_values: list[int], factors: list[int] | None = None,
                **topics: str) -> dict[int, Any]:
    """profile_values: normative×2, pragmatic×2, rational×2 (the questionnaire's order)."""
    answers: dict[int, Any] = {}
    questions = list(questionnaire.questions.all())
    for q, v in zip([q for q in questions if q.profile], profile_values, strict=False):
        answers[q.pk] = v
    for q, v in zip([q for q in questions if q.factor], factors or [], strict=False):
        answers[q.pk] = v
    for q in questions:
        if q.topic in topics:
            answers[q.pk] = topics[q.topic]
    return answers


def answered_members(team: Any, questionnaire: Questionnaire, patterns: list[list[int]], prefix: str = "m") -> list:
    users = []
    for i, values in enumerate(patterns):
        user = make_member(team, username=f"{prefix}{team.pk}-{i}")
        response_submit(actor=user, questionnaire=questionnaire, channel=Channel.ONLINE, consent=True,
                         initiative=team, answers=answers_for(questionnaire, values, [4, 4, 4, 4, 4]))
        users.append(user)
    return users
