from __future__ import annotations

import pytest
from django.test import Client

from buurtpreventie.insights.selectors import representativeness
from buurtpreventie.surveys.tests.helpers import answered_members, answers_for, motivation
from buurtpreventie.testing.factories import InitiativeFactory, WijkFactory
from buurtpreventie.testing.helpers import make_member, make_professional

pytestmark = pytest.mark.django_db


def test_dashboard_permissions(client_for, municipality, team, member, coordinator, wijkagent, safety_officer,
                               other_safety_officer):
    assert client_for(safety_officer).get("/inzicht/").status_code == 200
    admin = make_professional("administrator", municipality, username="beheerder")
    assert client_for(admin).get("/inzicht/").status_code == 200
    for user in (member, wijkagent):
        assert client_for(user).get("/inzicht/").status_code == 403
        assert client_for(user).get("/inzicht/teams/").status_code == 403
    # a coordinator is taken to their own team's figures
    assert client_for(coordinator).get("/inzicht/")["Location"] == f"/inzicht/team/{team.pk}/"
    assert client_for(coordinator).get("/inzicht/teams/").status_code == 403
    html = client_for(other_safety_officer).get("/inzicht/").content.decode()
    assert "Team Centrum" not in html  # only their own municipality
    assert Client().get("/inzicht/").status_code == 302


def test_dashboard_shows_mix_only_from_five(client_for, municipality, team, other_team, safety_officer):
    q = motivation(municipality)
    answered_members(team, q, [[3, 3, 3, 3, 5, 5]] * 5)
    answered_members(other_team, q, [[5, 5, 3, 3, 3, 3]] * 2, prefix="o")
    html = client_for(safety_officer).get("/inzicht/teams/").content.decode()
    assert "insights-mix" in html
    assert "100%" in html  # all five rational
    assert "te weinig antwoorden" in html  # other team has 2


def test_representativeness_compares_with_cbs(municipality):
    wijk = WijkFactory(municipality=municipality, inhabitants=1000, men=480, women=520, age_0_15_pct=20,
                       age_15_25_pct=10, age_25_45_pct=30, age_45_65_pct=25, age_65plus_pct=15)
    team = InitiativeFactory(municipality=municipality, wijken=[wijk])
    q = motivation(municipality)
    from buurtpreventie.surveys.models import Channel
    from buurtpreventie.surveys.services import response_submit

    for i, (age, gender) in enumerate([("65+", "Man")] * 3 + [("45-65", "Vrouw")] * 2):
        user = make_member(team, username=f"r{i}")
        response_submit(actor=user, questionnaire=q, channel=Channel.ONLINE, consent=True, initiative=team,
                        answers=answers_for(q, [3] * 6, age_band=age, gender=gender))
    rep = representativeness(team)
    rows = {label: (w, t) for label, w, t in rep.rows}
    assert rows["15-25"] == (12.5, 0.0)  # 10 of the 80% aged 15+
    assert rows["65+"] == (18.8, 60.0)
    assert rows["vrouw"] == (52.0, 40.0)


def test_representativeness_unknown_wijk_figures_and_small_teams(municipality):
    wijk = WijkFactory(municipality=municipality, inhabitants=None, men=None, women=None)
    team = InitiativeFactory(municipality=municipality, wijken=[wijk])
    rep = representativeness(team)
    assert all(w is None and t is None for _label, w, t in rep.rows)
    assert rep.team_shown is False
