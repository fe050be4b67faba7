from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from buurtpreventie.surveys.matching import suggestions_for
from buurtpreventie.surveys.models import Channel, Invitation, Involvement, ProfessionalPreference, Response, TeamWishes
from buurtpreventie.surveys.selectors import result_of_response, team_mix_for, team_mix_visible_to
from buurtpreventie.surveys.services import (
    invitation_from_token,
    invitations_send,
    questionnaire_install_standard,
    response_delete,
    response_submit,
)
from buurtpreventie.testing.factories import WijkFactory
from buurtpreventie.testing.helpers import make_member, make_professional

from .helpers import answered_members, answers_for, install, motivation

pytestmark = pytest.mark.django_db

TABLE_2 = [
    "Als buurtbewoner deel ik in de verantwoordelijkheid voor de veiligheid in en leefbaarheid van mijn wijk.",
    "Via het buurtpreventieteam wil ik de sociale controle in de buurt versterken.",
    "Het ontvangen van professionele feedback over wat met de ontvangen informatie van het buurtpreventieteam "
    "is gedaan, is voor mij belangrijk.",
    "Ik vind het belangrijk om samen met mijn buurtgenoten bij te dragen aan veiligheid/leefbaarheid.",
    "Ik vind het sowieso belangrijk om vrijwilligerswerk te doen.",
    "Het is belangrijk dat het buurtpreventieteam concrete resultaten boekt.",
]


def test_standard_questionnaires_have_table_2_and_weighing_factors(municipality):
    qs = install(municipality)
    assert set(qs) == {"motivation", "professional", "evaluation"}
    statements = [q for q in qs["motivation"].questions.all() if q.profile]
    assert [q.text for q in statements] == TABLE_2
    assert [q.profile for q in statements] == ["normative"] * 2 + ["pragmatic"] * 2 + ["rational"] * 2
    assert {q.factor for q in qs["motivation"].questions.all() if q.factor} == {
        "importance", "tasks", "ability", "added_value", "trust"}
    assert "Hoe staat u tegenover samenwerking met buurtpreventie?" in [q.text for q in qs["professional"].questions.all()]
    # idempotent: installing twice keeps one of each
    questionnaire_install_standard(actor=None, municipality=municipality)
    assert municipality.questionnaires.count() == 3


def test_install_requires_manage_surveys(municipality, member, safety_officer):
    with pytest.raises(PermissionDenied):
        questionnaire_install_standard(actor=member, municipality=municipality)
    assert len(questionnaire_install_standard(actor=safety_officer, municipality=municipality)) == 3


def test_member_answers_online_and_gets_a_profile(municipality, team, member):
    q = motivation(municipality)
    response = response_submit(actor=member, questionnaire=q, channel=Channel.ONLINE, consent=True, initiative=team,
                               answers=answers_for(q, [2, 2, 2, 3, 5, 5]))
    result = result_of_response(response)
    assert result.dominant == "rational" and result.certainty == "high"
    assert response.respondent == member and response.channel == "online"


def test_consent_and_required_statements_are_enforced(municipality, team, member):
    q = motivation(municipality)
    with pytest.raises(ValidationError):
        response_submit(actor=member, questionnaire=q, channel=Channel.ONLINE, consent=False, initiative=team,
                        answers=answers_for(q, [3] * 6))
    with pytest.raises(ValidationError) as exc:
        response_submit(actor=member, questionnaire=q, channel=Channel.ONLINE, consent=True, initiative=team,
                        answers=answers_for(q, [3, 3, 3]))
    assert len(exc.value.message_dict) == 3
    with pytest.raises(ValidationError):
        response_submit(actor=member, questionnaire=q, channel=Channel.ONLINE, consent=True, initiative=team,
                        answers=answers_for(q, [3, 3, 3, 3, 3, 7]))


def test_member_cannot_answer_for_another_team_or_municipality(municipality, other_municipality, team, other_team,
                                                               member):
    q = motivation(municipality)
    with pytest.raises(PermissionDenied):
        response_submit(actor=member, questionnaire=q, channel=Channel.ONLINE, consent=True, initiative=other_team,
                        answers=answers_for(q, [3] * 6))
    with pytest.raises(PermissionDenied):
        response_submit(actor=member, questionnaire=motivation(other_municipality), channel=Channel.ONLINE,
                        consent=True, answers=answers_for(motivation(other_municipality), [3] * 6))


def test_paper_entry_only_by_staff_and_marked(municipality, team, member, safety_officer, wijkagent):
    q = motivation(municipality)
    for actor in (member, wijkagent):
        with pytest.raises(PermissionDenied):
            response_submit(actor=actor, questionnaire=q, channel=Channel.PAPER, consent=True, initiative=team,
                            answers=answers_for(q, [3] * 6))
    response = response_submit(actor=safety_officer, questionnaire=q, channel=Channel.PAPER, consent=True,
                               initiative=team, respondent=member, paper_note="gemeentehuis",
                               answers=answers_for(q, [3] * 6))
    assert response.channel == "paper" and response.entered_by == safety_officer and response.respondent == member


def test_email_link_invitation_works_once_without_login(municipality, team, member, coordinator):
    q = motivation(municipality)
    count = invitations_send(actor=coordinator, questionnaire=q, initiative=team)
    assert count == 2
    invitation = Invitation.objects.get(user=member)
    assert invitation_from_token(invitation.token) == invitation
    with pytest.raises(PermissionDenied):
        invitation_from_token(invitation.token + "x")
    response_submit(actor=None, questionnaire=q, channel=Channel.EMAIL_LINK, consent=True, invitation=invitation,
                    answers=answers_for(q, [4] * 6))
    assert Response.objects.get(invitation=invitation).respondent == member
    with pytest.raises(ValidationError):
        response_submit(actor=None, questionnaire=q, channel=Channel.EMAIL_LINK, consent=True,
                        invitation=Invitation.objects.get(user=member), answers=answers_for(q, [4] * 6))


def test_invitations_mail_a_link(municipality, team, member, safety_officer, django_capture_on_commit_callbacks):
    q = motivation(municipality)
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(actor=safety_officer, questionnaire=q, initiative=team)
    assert len(mail.outbox) == 1
    assert "/vragenlijsten/link/" in mail.outbox[0].body


def test_invitations_refused_for_plain_member_and_other_municipality(municipality, team, member,
                                                                    other_safety_officer):
    q = motivation(municipality)
    for actor in (member, other_safety_officer):
        with pytest.raises(PermissionDenied):
            invitations_send(actor=actor, questionnaire=q, initiative=team)


def test_poll_is_anonymous_and_stores_no_free_text(municipality):
    q = motivation(municipality)
    answers = answers_for(q, [3] * 6)
    open_q = next(x for x in q.questions.all() if x.kind == "open")
    answers[open_q.pk] = "http://spam.example"
    response = response_submit(actor=None, questionnaire=q, channel=Channel.POLL, consent=True, answers=answers)
    assert response.respondent is None and response.initiative is None
    assert not response.answers.filter(question=open_q).exists()


def test_member_deletes_own_answers_but_not_others(municipality, team, member):
    q = motivation(municipality)
    other = make_member(team, username="ander")
    mine = response_submit(actor=member, questionnaire=q, channel=Channel.ONLINE, consent=True, initiative=team,
                           answers=answers_for(q, [3] * 6))
    theirs = response_submit(actor=other, questionnaire=q, channel=Channel.ONLINE, consent=True, initiative=team,
                             answers=answers_for(q, [3] * 6))
    with pytest.raises(PermissionDenied):
        response_delete(actor=member, response=theirs)
    response_delete(actor=member, response=mine)
    assert not Response.objects.filter(pk=mine.pk).exists()
    assert Response.objects.filter(pk=theirs.pk).exists()


def test_team_mix_floor_of_five_respondents(municipality, team):
    q = motivation(municipality)
    answered_members(team, q, [[1, 1, 1, 1, 5, 5]] * 4)
    assert team_mix_for(team).shown is False
    assert team_mix_for(team).respondents == 4
    answered_members(team, q, [[5, 5, 1, 1, 1, 1]], prefix="x")
    mix = team_mix_for(team)
    assert mix.shown and mix.respondents == 5
    assert mix.counts["rational"] == 4 and mix.counts["normative"] == 1


def test_only_latest_answer_per_member_counts(municipality, team, member):
    q = motivation(municipality)
    for values in ([5, 5, 1, 1, 1, 1], [1, 1, 1, 1, 5, 5]):
        response_submit(actor=member, questionnaire=q, channel=Channel.ONLINE, consent=True, initiative=team,
                        answers=answers_for(q, values))
    assert team_mix_for(team).respondents == 1


def test_team_mix_permissions(municipality, team, member, coordinator, wijkagent, safety_officer,
                             other_safety_officer, dispatcher):
    assert team_mix_visible_to(user=coordinator, initiative=team).respondents == 0
    assert team_mix_visible_to(user=safety_officer, initiative=team) is not None
    assert team_mix_visible_to(user=wijkagent, initiative=team) is not None
    other_wijk_agent = make_professional("wijkagent", municipality, wijk=WijkFactory(municipality=municipality),
                                         username="agent-elders")
    for user in (member, other_safety_officer, dispatcher, other_wijk_agent):
        with pytest.raises(PermissionDenied):
            team_mix_visible_to(user=user, initiative=team)


def test_matching_ranks_campaign_wijkagent_first_with_reasons(municipality, wijk, team, safety_officer, coordinator):
    q = motivation(municipality)
    answered_members(team, q, [[3, 3, 3, 3, 5, 5]] * 5)  # a result-driven (rational) team
    TeamWishes.objects.create(initiative=team, wants_campaigns=True, desired_involvement=Involvement.CLOSE)
    agent = make_professional("wijkagent", municipality, wijk=wijk, username="agent")
    boa = make_professional("boa", municipality, username="boa1")
    ProfessionalPreference.objects.create(user=agent, municipality=municipality, campaigns="Witte-voetjes-actie",
                                          involvement=Involvement.CLOSE, hours_per_month=8)
    ProfessionalPreference.objects.create(user=boa, municipality=municipality, involvement=Involvement.DISTANT,
                                          hours_per_month=2)
    suggestions, mix = suggestions_for(user=safety_officer, initiative=team)
    assert mix.shown
    assert [s.user for s in suggestions] == [agent, boa]
    reasons = " ".join(text for _pts, text in suggestions[0].reasons)
    assert "Witte-voetjes-actie" in reasons and "rationele vrijwilligers" in reasons
    assert suggestions[0].score == sum(p for p, _t in suggestions[0].reasons)
    with pytest.raises(PermissionDenied):
        suggestions_for(user=coordinator, initiative=team)
