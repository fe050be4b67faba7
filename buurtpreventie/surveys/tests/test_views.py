from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from buurtpreventie.surveys.models import Invitation, Questionnaire, Response
from buurtpreventie.testing.factories import InitiativeFactory

from .helpers import answered_members, answers_for, motivation

pytestmark = pytest.mark.django_db


def _post_data(q: Questionnaire, values: list[int], **extra: str) -> dict[str, str]:
    data = {f"q_{pk}": str(v) for pk, v in answers_for(q, values).items()}
    data["consent"] = "on"
    data.update(extra)
    return data


def test_member_answers_via_the_page_and_sees_own_profile(client_for, municipality, team, member):
    q = motivation(municipality)
    c = client_for(member)
    page = c.get(f"/vragenlijsten/{q.pk}/invullen/")
    assert page.status_code == 200
    html = page.content.decode()
    assert q.purpose[:40] in html and q.consent_text[:40] in html  # purpose and consent shown first
    assert html.index(q.consent_text[:40]) < html.index('name="consent"')
    r = c.post(f"/vragenlijsten/{q.pk}/invullen/", _post_data(q, [1, 2, 2, 2, 5, 5]))
    assert r.status_code == 302
    mine = c.get("/vragenlijsten/mijn-antwoorden/").content.decode()
    assert "Rationele vrijwilliger" in mine and "hoog" in mine


def test_invalid_answers_rerender_with_input_kept(client_for, municipality, team, member):
    q = motivation(municipality)
    data = _post_data(q, [4, 4, 4])
    open_q = next(x for x in q.questions.all() if x.kind == "open")
    data[f"q_{open_q.pk}"] = "Omdat ik mijn buurt ken"
    r = client_for(member).post(f"/vragenlijsten/{q.pk}/invullen/", data)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Omdat ik mijn buurt ken" in html
    assert "fouten in het formulier" in html
    assert not Response.objects.exists()


def test_member_deletes_own_answers_over_http(client_for, municipality, team, member):
    q = motivation(municipality)
    c = client_for(member)
    c.post(f"/vragenlijsten/{q.pk}/invullen/", _post_data(q, [3] * 6))
    response = Response.objects.get()
    other = answered_members(team, q, [[3] * 6], prefix="o")[0]
    theirs = Response.objects.get(respondent=other)
    assert c.post(f"/vragenlijsten/antwoorden/{theirs.pk}/verwijderen/").status_code == 404
    assert c.post(f"/vragenlijsten/antwoorden/{response.pk}/verwijderen/").status_code == 302
    assert list(Response.objects.all()) == [theirs]


def test_team_mix_page_by_role(client_for, municipality, team, member, coordinator, safety_officer,
                               other_safety_officer, dispatcher):
    q = motivation(municipality)
    answered_members(team, q, [[3, 3, 3, 3, 5, 5]] * 5)
    url = f"/vragenlijsten/team/{team.pk}/"
    coord_page = client_for(coordinator).get(url)
    assert coord_page.status_code == 200
    assert "team-mix-data" in coord_page.content.decode()
    assert "Voorgestelde professional" not in coord_page.content.decode()
    officer_page = client_for(safety_officer).get(url).content.decode()
    assert "Rationele vrijwilliger" in officer_page and "Voorgestelde professional" in officer_page
    assert client_for(member).get(url).status_code == 403
    assert client_for(dispatcher).get(url).status_code == 403
    assert client_for(other_safety_officer).get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_team_mix_page_hides_small_teams(client_for, municipality, team, coordinator):
    q = motivation(municipality)
    answered_members(team, q, [[5, 5, 1, 1, 1, 1]] * 3)
    html = client_for(coordinator).get(f"/vragenlijsten/team/{team.pk}/").content.decode()
    assert "Nog te weinig antwoorden" in html
    assert "team-mix-data" not in html


def test_personal_link_without_login(municipality, team, member, coordinator, client_for):
    q = motivation(municipality)
    client_for(coordinator).post(f"/vragenlijsten/beheer/{q.pk}/", {"action": "invite", "inv-team": team.pk})
    assert not Invitation.objects.exists()  # coordinator has no MANAGE_SURVEYS: page is 404 for them
    from buurtpreventie.surveys.services import invitations_send

    invitations_send(actor=coordinator, questionnaire=q, initiative=team)
    token = Invitation.objects.get(user=member).token
    anon = Client()
    assert anon.get(f"/vragenlijsten/link/{token}/").status_code == 200
    r = anon.post(f"/vragenlijsten/link/{token}/", _post_data(q, [4] * 6))
    assert r.status_code == 200 and "Bedankt" in r.content.decode()
    assert Response.objects.get().respondent == member
    assert "al ingevuld" in anon.get(f"/vragenlijsten/link/{token}/").content.decode()
    assert anon.get("/vragenlijsten/link/nep-token/").status_code == 403


def test_anonymous_poll_honeypot_and_rate_limit(municipality):
    cache.clear()
    q = motivation(municipality)
    anon = Client()
    url = f"/vragenlijsten/poll/{municipality.slug}/"
    page = anon.get(url).content.decode()
    assert 'name="website"' in page and "Voor welk team" not in page
    assert anon.post(url, _post_data(q, [3] * 6, website="http://spam")).status_code == 200
    assert not Response.objects.exists()  # honeypot: nothing stored
    for _ in range(5):
        assert anon.post(url, _post_data(q, [3] * 6)).status_code == 200
    assert Response.objects.filter(channel="poll", respondent__isnull=True).count() == 5
    assert anon.post(url, _post_data(q, [3] * 6)).status_code == 429
    assert Response.objects.count() == 5


def test_poll_teaser_links_to_the_poll(municipality, other_municipality):
    from django.template.loader import render_to_string

    assert render_to_string("surveys/public_poll_teaser.html", {"municipality": municipality}).strip() == ""
    motivation(municipality)
    html = render_to_string("surveys/public_poll_teaser.html", {"municipality": municipality})
    assert f"/vragenlijsten/poll/{municipality.slug}/" in html


def test_paper_entry_page_for_staff_only(client_for, municipality, team, member, safety_officer, wijkagent):
    q = motivation(municipality)
    url = f"/vragenlijsten/beheer/{q.pk}/papier/"
    assert client_for(wijkagent).get(url).status_code == 404
    assert client_for(member).get(url).status_code == 404
    r = client_for(safety_officer).post(url, _post_data(q, [3] * 6, team=str(team.pk), paper_note="deur aan deur"))
    assert r.status_code == 302
    response = Response.objects.get()
    assert response.channel == "paper" and response.entered_by == safety_officer and response.initiative == team


def test_staff_edits_questionnaire_and_adds_question(client_for, municipality, safety_officer, other_safety_officer):
    q = motivation(municipality)
    c = client_for(safety_officer)
    r = c.post(f"/vragenlijsten/beheer/{q.pk}/", {"action": "add_question", "new-order": 300, "new-kind": "statement",
                                                   "new-text": "Ik voel me veilig in mijn buurt.", "new-profile": "",
                                                   "new-factor": "", "new-topic": "", "new-help_text": ""})
    assert r.status_code == 302
    assert q.questions.filter(text="Ik voel me veilig in mijn buurt.").exists()
    assert client_for(other_safety_officer).get(f"/vragenlijsten/beheer/{q.pk}/").status_code == 404


def test_team_wishes_and_preferences(client_for, municipality, team, other_team, coordinator, wijkagent, member):
    r = client_for(coordinator).post(f"/vragenlijsten/team/{team.pk}/wensen/",
                                     {"wants_campaigns": "on", "desired_involvement": 3, "notes": "graag"})
    assert r.status_code == 302
    assert team.survey_wishes.wants_campaigns
    assert client_for(coordinator).get(f"/vragenlijsten/team/{other_team.pk}/wensen/").status_code == 404
    assert client_for(member).get(f"/vragenlijsten/team/{team.pk}/wensen/").status_code == 404
    r = client_for(wijkagent).post("/vragenlijsten/voorkeuren/", {"campaigns": "Buitenverlichting", "involvement": 2,
                                                                   "hours_per_month": 6})
    assert r.status_code == 302
    assert client_for(member).get("/vragenlijsten/voorkeuren/").status_code == 403


def test_other_municipality_team_is_not_found(client_for, other_municipality, safety_officer):
    foreign = InitiativeFactory(municipality=other_municipality)
    assert client_for(safety_officer).get(f"/vragenlijsten/team/{foreign.pk}/").status_code == 404


def test_api_team_mix(client_for, municipality, team, member, coordinator, other_safety_officer):
    q = motivation(municipality)
    answered_members(team, q, [[3, 3, 3, 3, 5, 5]] * 5)
    data = client_for(coordinator).get(f"/api/surveys/teams/{team.pk}/mix").json()
    assert data["shown"] and data["leading"] == "rational" and data["respondents"] == 5
    assert client_for(member).get(f"/api/surveys/teams/{team.pk}/mix").status_code == 403
    assert client_for(other_safety_officer).get(f"/api/surveys/teams/{team.pk}/mix").status_code == 404


def test_pages_in_english(client_for, municipality, team, coordinator):
    c = client_for(coordinator)
    c.cookies["django_language"] = "en"
    html = c.get(f"/vragenlijsten/team/{team.pk}/").content.decode()
    assert "Profile mix" in html and "Too few answers" in html


def test_safety_officer_reads_professional_answers(client_for, municipality, wijkagent, safety_officer):
    from buurtpreventie.surveys.models import Channel
    from buurtpreventie.surveys.services import response_submit

    from .helpers import install

    q = install(municipality)["professional"]
    first = q.questions.order_by("order").first()
    assert client_for(wijkagent).get("/vragenlijsten/").content.decode().count(f"/vragenlijsten/{q.pk}/invullen/")
    response_submit(actor=wijkagent, questionnaire=q, channel=Channel.ONLINE, consent=True,
                    answers={first.pk: "Positief, als ik 's avonds mag werken."})
    html = client_for(safety_officer).get(f"/vragenlijsten/beheer/{q.pk}/").content.decode()
    assert "Positief, als ik" in html and str(wijkagent) in html


def test_coordinator_sends_personal_links_to_own_team_only(client_for, municipality, team, other_team, member,
                                                           coordinator):
    motivation(municipality)
    assert client_for(coordinator).post(f"/vragenlijsten/team/{team.pk}/uitnodigen/").status_code == 302
    assert Invitation.objects.filter(initiative=team).count() == 2
    assert client_for(coordinator).post(f"/vragenlijsten/team/{other_team.pk}/uitnodigen/").status_code == 404
    assert client_for(member).post(f"/vragenlijsten/team/{team.pk}/uitnodigen/").status_code == 404
