"""JSON API input validation (issue 9): bad input gets a 4xx with a field message, never a 201 or a 500,
on SQLite and PostgreSQL; no response ever contains NaN/Infinity."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from buurtpreventie.patrols.models import PatrolReport, Position, Round, RoundParticipant
from buurtpreventie.testing.factories import RoundFactory

pytestmark = pytest.mark.django_db
CENTRE = {"lat": 51.845, "lon": 5.865}


@pytest.fixture
def running(team, wijk, member):
    now = timezone.now()
    rnd = RoundFactory(initiative=team, status="running", started_at=now - timedelta(minutes=10), wijk=wijk,
                       planned_start=now - timedelta(minutes=15))
    RoundParticipant.objects.create(round=rnd, user=member, shares_position=True)
    return rnd


def _post(client, url, body):
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(url, raw, content_type="application/json")


def _report(rnd, **changes):
    base = {
        "round_id": rnd.pk, "client_uuid": str(uuid.uuid4()),
        "observations": [{"observed_at": rnd.started_at.isoformat(), "place": "Grote Markt", "category": "nuisance",
                          "behaviour": "Groep gooide flessen kapot op straat."}],
        "defects": [{"category": "street_light", "place": "Burchtstraat 3", **CENTRE}],
    }
    base.update(changes)
    return base


@pytest.mark.parametrize("body", [
    {"lat": 999, "lon": 5.865},
    {"lat": 51.845, "lon": -500},
    '{"lat": NaN, "lon": 5.865}',
    '{"lat": 51.845, "lon": Infinity}',
    '{"lat": -Infinity, "lon": 5.865}',
    {"lat": 51.845, "lon": 5.865, "accuracy_m": -3},
    {"lat": 52.37, "lon": 4.90},  # Amsterdam: outside the municipality
    {"lat": "veel", "lon": 5.865},
])
def test_bad_positions_refused(client_for, member, running, body):
    response = _post(client_for(member), f"/api/patrols/rounds/{running.pk}/positions", body)
    assert 400 <= response.status_code < 500, response.content
    assert response.json()["detail"]
    assert not Position.objects.exists()


def test_good_position_accepted_with_margin(client_for, member, running):
    client = client_for(member)
    assert _post(client, f"/api/patrols/rounds/{running.pk}/positions", CENTRE).status_code == 201
    just_outside_wijk = {"lat": 51.865, "lon": 5.89}  # within the margin around the municipality
    assert _post(client, f"/api/patrols/rounds/{running.pk}/positions", just_outside_wijk).status_code == 201


@pytest.mark.parametrize("changes, field", [
    ({"observations": [{"observed_at": "1900-01-01T10:00:00Z", "place": "x", "category": "nuisance",
                        "behaviour": "Groep gooide flessen kapot op straat."}]}, "observed_at"),
    ({"observations": [{"observed_at": "2026-01-01T10:00:00Z", "place": "x", "category": "onbekend",
                        "behaviour": "Groep gooide flessen kapot op straat."}]}, "category"),
    ({"defects": [{"category": "nep", "place": "x"}]}, "category"),
    ({"notes": "x" * 10_000}, "notes"),
    ({"notes": "nul\u0000byte"}, "notes"),
    ({"extra_answers": {"vraag\u0000": "a"}}, "extra_answers"),
    ({"defects": [{"category": "street_light", "place": "x" * 5000}]}, "place"),
    ({"started_at": "1900-01-01T00:00:00Z"}, "started_at"),
    ({"defects": [{"category": "street_light", "place": "x", "lat": 999, "lon": 5.8}]}, "lat"),
])
def test_bad_reports_refused_with_field_message(client_for, member, running, changes, field):
    response = _post(client_for(member), "/api/patrols/reports", _report(running, **changes))
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert any(field in [str(p) for p in d["loc"]] for d in detail), detail
    assert not PatrolReport.objects.exists()


def test_defect_outside_municipality_refused(client_for, member, running):
    body = _report(running, defects=[{"category": "street_light", "place": "Dam", "lat": 52.37, "lon": 4.9}])
    response = _post(client_for(member), "/api/patrols/reports", body)
    assert response.status_code == 400 and "buiten de gemeente" in response.json()["detail"]


def test_round_plan_limits(client_for, coordinator, team):
    start = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    body = {"initiative_id": team.pk, "planned_start": start.isoformat(),
            "planned_end": (start + timedelta(hours=2)).isoformat()}
    client = client_for(coordinator)
    assert _post(client, "/api/patrols/rounds", {**body, "minimum_walkers": 10**12}).status_code == 422
    assert _post(client, "/api/patrols/rounds", {**body, "meeting_point": "x" * 10_000}).status_code == 422
    assert _post(client, "/api/patrols/rounds", {**body, "planned_start": "1900-01-01T00:00:00Z"}).status_code == 422
    assert _post(client, "/api/patrols/rounds", {**body, "initiative_id": 10**15}).status_code == 422
    assert not Round.objects.filter(initiative=team, planned_start=start).exists()
    assert _post(client, "/api/patrols/rounds", body).status_code == 201


def test_huge_body_refused(client_for, member, running):
    big = json.dumps(_report(running, notes="x" * (3 * 1024 * 1024)))
    response = _post(client_for(member), "/api/patrols/reports", big)
    assert response.status_code in (400, 413)  # Django refuses it before the parser, or the parser does


def test_no_response_contains_nan(client_for, member, running):
    client = client_for(member)
    _post(client, f"/api/patrols/rounds/{running.pk}/positions", '{"lat": NaN, "lon": NaN}')
    for url in ["/api/patrols/rounds", "/api/patrols/defects", "/api/patrols/reports"]:
        text = client.get(url).content.decode()
        assert "NaN" not in text and "Infinity" not in text
