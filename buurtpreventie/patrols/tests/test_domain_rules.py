"""Rules live in the domain, so every door (form, service, API) enforces the same rule."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from buurtpreventie.patrols import services
from buurtpreventie.patrols.models import Round, person_description_problems, round_times_problem
from buurtpreventie.patrols.quality import Quality, quality_band


def test_the_api_cannot_plan_a_round_of_30_hours(coordinator: Any, team: Any, client_for: Any) -> None:
    start = timezone.now() + timedelta(days=1)
    payload = {"initiative_id": team.pk, "planned_start": start.isoformat(),
               "planned_end": (start + timedelta(hours=30)).isoformat()}
    response = client_for(coordinator).post("/api/patrols/rounds", payload, content_type="application/json")
    assert response.status_code == 400
    assert "12 uur" in response.json()["detail"]
    assert not Round.objects.filter(initiative=team).exists()
    payload["planned_end"] = (start + timedelta(hours=12)).isoformat()
    assert client_for(coordinator).post("/api/patrols/rounds", payload,
                                        content_type="application/json").status_code == 201


def test_the_service_refuses_long_and_backwards_rounds(coordinator: Any, team: Any) -> None:
    start = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError, match="12 uur"):
        services.round_plan(actor=coordinator, initiative=team, planned_start=start,
                            planned_end=start + timedelta(hours=12, minutes=1))
    with pytest.raises(ValidationError, match="na de start"):
        services.round_plan(actor=coordinator, initiative=team, planned_start=start, planned_end=start)


def test_round_times_rule() -> None:
    start = timezone.now()
    assert round_times_problem(start, start + timedelta(hours=3)) == ""
    assert round_times_problem(start, start + timedelta(hours=12)) == ""
    assert "12 uur" in round_times_problem(start, start + timedelta(hours=30))


def test_anti_profiling_rule_by_field() -> None:
    assert person_description_problems({}) == {}
    assert person_description_problems({"person_clothing": "rode jas", "person_age": "30", "person_height": "lang"}) == {}
    one_trait = person_description_problems({"person_gender": "man"})
    assert set(one_trait) == {"", "person_clothing"}
    assert "3 kenmerken" in one_trait[""]


def test_quality_bands_are_defined_once() -> None:
    assert [quality_band(s) for s in (100, 80, 79, 50, 49, 0)] == ["good", "good", "fair", "fair", "thin", "thin"]
    assert Quality(score=85).tone == "success" and Quality(score=20).tone == "warning"
    assert str(Quality(score=60).label) == "redelijk"


def test_the_planner_refuses_the_past_and_unknown_streets_with_clear_messages(
        member: Any, team: Any, client_for: Any, nijmegen_streets: Any) -> None:
    from django.utils import timezone as tz

    client = client_for(member)
    yesterday = (tz.localdate() - timedelta(days=1)).isoformat()
    response = client.post("/rondes/plannen/", {"initiative": team.pk, "date": yesterday, "start_time": "20:00",
                                                "end_time": "22:00", "minimum_walkers": 2})
    assert "Een ronde kan niet in het verleden beginnen" in response.content.decode()
    tomorrow = (tz.localdate() + timedelta(days=1)).isoformat()
    response = client.post("/rondes/plannen/", {"initiative": team.pk, "date": tomorrow, "start_time": "20:00",
                                                "end_time": "22:00", "minimum_walkers": 2,
                                                "planned_streets": "Grote Markt\nGrote Markkt"})
    html = response.content.decode()
    assert "Deze straat kennen wij niet" in html and "Grote Markkt" in html
    assert not Round.objects.filter(initiative=team).exists()


def test_the_planner_says_so_when_the_end_is_before_the_start(member: Any, team: Any, client_for: Any) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    client = client_for(member)
    response = client.post("/rondes/plannen/", {"initiative": team.pk, "date": tomorrow, "start_time": "20:00",
                                                "end_time": "19:00", "minimum_walkers": 2})
    html = response.content.decode()
    assert "De eindtijd ligt vóór de starttijd" in html and 'href="#id_end_time"' in html  # in the error summary
    assert not Round.objects.filter(initiative=team).exists()
    night = client.post("/rondes/plannen/", {"initiative": team.pk, "date": tomorrow, "start_time": "23:00",
                                             "end_time": "02:00", "minimum_walkers": 2})
    assert night.status_code == 302  # a night round past midnight is a round
    round = Round.objects.get(initiative=team)
    assert round.planned_end - round.planned_start == timedelta(hours=3)


def test_round_page_shows_the_year_and_the_planned_route(member: Any, team: Any, client_for: Any,
                                                         nijmegen_streets: Any) -> None:
    start = timezone.localtime() + timedelta(days=2)
    round = services.round_plan(actor=member, initiative=team, planned_start=start,
                                planned_end=start + timedelta(hours=2), planned_streets=["Grote Markt", "Burchtstraat"])
    html = client_for(member).get(f"/rondes/{round.pk}/").content.decode()
    assert f"{start.day} " in html and str(start.year) in html.split("<h1", 1)[1].split("</h1>", 1)[0]
    route = html.split('id="planned-route"', 1)[1].split("</ol>", 1)[0]
    assert route.index("Grote Markt") < route.index("Burchtstraat")
    assert 'id="patrol-map"' in html and 'id="route-geojson"' in html and "patrol.js" in html
