"""Rosters and patrol mode: planning, sign-up, start/end, position sharing, reminders, calendar feed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from buurtpreventie.notifications.models import Notice
from buurtpreventie.patrols import services
from buurtpreventie.patrols.models import Position, Round, RoundParticipant, RoundStatus
from buurtpreventie.patrols.selectors import round_list_visible_to
from buurtpreventie.testing.factories import RoundFactory
from buurtpreventie.testing.helpers import make_member

pytestmark = pytest.mark.django_db


def _plan(actor, team, **kw):
    start = timezone.now() + timedelta(hours=5)
    return services.round_plan(actor=actor, initiative=team, planned_start=start,
                               planned_end=start + timedelta(hours=2), **kw)


def test_member_plans_round_and_is_signed_up(member, team, wijk):
    round = _plan(member, team, meeting_point="Grote Markt")
    assert round.wijk == wijk
    assert round.minimum_walkers == 2
    assert list(RoundParticipant.objects.filter(round=round).values_list("user_id", flat=True)) == [member.pk]


def test_member_of_other_team_cannot_plan_or_sign_up(team, other_team, member):
    outsider = make_member(other_team, username="buiten")
    with pytest.raises(PermissionDenied):
        _plan(outsider, team)
    round = RoundFactory(initiative=team, wijk=None)
    with pytest.raises(PermissionDenied):
        services.round_signup(actor=outsider, round=round)


def test_professional_cannot_plan(team, wijkagent):
    with pytest.raises(PermissionDenied):
        _plan(wijkagent, team)


def test_signup_and_cancel(member, team):
    round = RoundFactory(initiative=team)
    services.round_signup(actor=member, round=round)
    services.round_signup_cancel(actor=member, round=round)
    assert RoundParticipant.objects.get(round=round, user=member).cancelled_at is not None
    services.round_signup(actor=member, round=round)
    assert RoundParticipant.objects.get(round=round, user=member).cancelled_at is None


def test_member_sees_only_own_team_rounds(member, team, other_team, client_for):
    own = RoundFactory(initiative=team)
    other = RoundFactory(initiative=other_team)
    visible = set(round_list_visible_to(user=member))
    assert own in visible and other not in visible
    client = client_for(member)
    assert client.get(f"/rondes/{own.pk}/").status_code == 200
    assert client.get(f"/rondes/{other.pk}/").status_code == 404
    assert client.get(f"/api/patrols/rounds/{other.pk}").status_code == 404


def test_professional_sees_rounds_in_their_wijk_only(team, wijk, municipality, wijkagent, other_safety_officer,
                                                     client_for):
    from buurtpreventie.testing.factories import WijkFactory

    round = RoundFactory(initiative=team, wijk=wijk)
    elsewhere = WijkFactory(municipality=municipality, code="WK026899")
    outside = RoundFactory(initiative=team, wijk=elsewhere)
    visible = set(round_list_visible_to(user=wijkagent))
    assert round in visible and outside not in visible
    assert client_for(other_safety_officer).get(f"/rondes/{round.pk}/").status_code == 404


def test_anonymous_is_sent_to_login(client, team):
    round = RoundFactory(initiative=team)
    response = client.get(f"/rondes/{round.pk}/")
    assert response.status_code == 302 and "/account/inloggen" in response["Location"]
    assert client.get("/api/patrols/rounds").status_code == 401


def test_start_share_position_end_publishes_events(member, team, wijk, events, django_capture_on_commit_callbacks):
    round = RoundFactory(initiative=team, wijk=wijk)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_start(actor=member, round=round)
    round.refresh_from_db()
    assert round.status == RoundStatus.RUNNING and round.started_at
    channel = f"municipality:{team.municipality_id}:live"
    assert events[-1] == (channel, {"type": "round_started", "round_id": round.pk, "initiative_id": team.pk})

    # Not opted in: refused.
    with pytest.raises(PermissionDenied):
        services.position_record(actor=member, round=round, lat=51.847, lon=5.864)
    services.position_sharing_set(actor=member, round=round, enabled=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.position_record(actor=member, round=round, lat=51.847, lon=5.864)
    kind, event = events[-1]
    assert event["type"] == "position" and event["user_id"] == member.pk and event["lat"] == 51.847
    assert "at" in event

    with django_capture_on_commit_callbacks(execute=True):
        services.round_end(actor=member, round=round)
    assert events[-1][1] == {"type": "round_ended", "round_id": round.pk}
    # After the round: no more positions, sharing switched off.
    round.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.position_record(actor=member, round=round, lat=51.847, lon=5.864)
    assert not RoundParticipant.objects.get(round=round, user=member).shares_position


def test_position_api_refused_when_round_not_running(member, team, client_for):
    round = RoundFactory(initiative=team)
    client = client_for(member)
    response = client.post(f"/api/patrols/rounds/{round.pk}/positions", {"lat": 51.8, "lon": 5.8},
                           content_type="application/json")
    assert response.status_code == 403
    assert client.post(f"/api/patrols/rounds/{round.pk}/sharing", {"enabled": True},
                       content_type="application/json").status_code == 400
    client.post(f"/rondes/{round.pk}/start/")
    assert client.post(f"/api/patrols/rounds/{round.pk}/sharing", {"enabled": True},
                       content_type="application/json").status_code == 200
    response = client.post(f"/api/patrols/rounds/{round.pk}/positions", {"lat": 51.8, "lon": 5.8},
                           content_type="application/json")
    assert response.status_code == 201
    assert Position.objects.filter(round=round, user=member).count() == 1


def test_cannot_start_twice(member, team):
    round = RoundFactory(initiative=team)
    services.round_start(actor=member, round=round)
    with pytest.raises(ValidationError):
        services.round_start(actor=member, round=round)


def test_reminders_and_below_minimum_flag(member, coordinator, team, django_capture_on_commit_callbacks):
    round = RoundFactory(initiative=team, planned_start=timezone.now() + timedelta(hours=3), minimum_walkers=2)
    services.round_signup(actor=member, round=round)
    with django_capture_on_commit_callbacks(execute=True):  # e-mail leaves after the commit
        result = services.round_reminders_send()
    assert result == {"reminded": 1, "warned": 1}
    subjects = [m.subject for m in mail.outbox]
    assert any("Herinnering" in s for s in subjects)
    assert any(member.email in m.to for m in mail.outbox)
    assert Notice.objects.filter(user=coordinator, text__contains="Te weinig lopers").exists()
    # Idempotent: a second run sends nothing new.
    assert services.round_reminders_send() == {"reminded": 0, "warned": 0}


def test_team_calendar_flags_below_minimum(coordinator, team, client_for):
    RoundFactory(initiative=team, planned_start=timezone.now() + timedelta(hours=1), minimum_walkers=3)
    response = client_for(coordinator).get(f"/rondes/team/{team.pk}/")
    assert response.status_code == 200
    assert "te weinig lopers" in response.content.decode()


def test_ics_feed_with_secret_token(member, team, client, client_for):
    round = RoundFactory(initiative=team, meeting_point="Grote Markt, bij de Waag")
    services.round_signup(actor=member, round=round)
    feed = services.calendar_feed_for(user=member)
    response = client.get(f"/rondes/agenda/{feed.token}.ics")
    assert response.status_code == 200
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and f"UID:round-{round.pk}@testserver" in body  # the host it was asked on, without PUBLIC_BASE_URL
    assert "Grote Markt\\, bij de Waag" in body
    assert client.get("/rondes/agenda/wrong-token.ics").status_code == 404
    old = feed.token
    client_for(member).post("/rondes/agenda/vernieuwen/")
    assert client.get(f"/rondes/agenda/{old}.ics").status_code == 404


def test_plan_page_keeps_input_on_error(member, client_for):
    client = client_for(member)
    response = client.post("/rondes/plannen/", {"date": "", "start_time": "20:00", "end_time": "22:00",
                                                "meeting_point": "Bij de Waag", "minimum_walkers": 2})
    assert response.status_code == 200
    assert "Bij de Waag" in response.content.decode()
    assert Round.objects.count() == 0


def test_plan_page_creates_round(member, team, client_for, nijmegen_streets):
    client = client_for(member)
    response = client.post("/rondes/plannen/", {
        "initiative": team.pk, "date": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "start_time": "20:00", "end_time": "22:00", "meeting_point": "Bij de Waag", "minimum_walkers": 2,
        "planned_streets": "Grote Markt\nBurchtstraat",
    })
    assert response.status_code == 302
    round = Round.objects.get()
    assert [f["properties"]["name"] for f in (round.planned_route or {})["features"]] == ["Grote Markt", "Burchtstraat"]
    page = client.get(f"/rondes/{round.pk}/patrouille/").content.decode()
    assert "Ronde starten" in page and "Burchtstraat" in page


def test_rounds_api_plan_and_list(member, team, other_team, wijkagent, client_for):
    start = timezone.now() + timedelta(days=1)
    payload = {"initiative_id": team.pk, "planned_start": start.isoformat(),
               "planned_end": (start + timedelta(hours=2)).isoformat(), "meeting_point": "Waag"}
    response = client_for(member).post("/api/patrols/rounds", payload, content_type="application/json")
    assert response.status_code == 201 and response.json()["minimum_walkers"] == 2
    assert client_for(wijkagent).post("/api/patrols/rounds", payload, content_type="application/json").status_code == 403
    RoundFactory(initiative=other_team)
    ids = [r["id"] for r in client_for(member).get("/api/patrols/rounds").json()]
    assert ids == [response.json()["id"]]
    signup = client_for(member).post(f"/api/patrols/rounds/{ids[0]}/cancel-signup")
    assert signup.status_code == 200


def test_patrol_mode_includes_the_alert_banner(member, team, client_for):
    round = RoundFactory(initiative=team)
    response = client_for(member).get(f"/rondes/{round.pk}/patrouille/")
    assert "alerts/patrol_alerts.html" in [t.name for t in response.templates]
    assert client_for(make_member(team, username="lid3")).get(f"/rondes/{round.pk}/patrouille/").status_code == 200


def test_reminder_and_forward_commands_run(member, team):
    from io import StringIO

    from django.core.management import call_command

    RoundFactory(initiative=team, planned_start=timezone.now() + timedelta(hours=2))
    out = StringIO()
    call_command("send_round_reminders", stdout=out)
    assert "coordinators warned" in out.getvalue()
    out = StringIO()
    call_command("forward_defects", stdout=out)
    assert "forwarded" in out.getvalue()


def test_cancel_below_minimum_warns_coordinator_once(member, coordinator, team):
    other = make_member(team, username="lid2")
    round = RoundFactory(initiative=team, minimum_walkers=2)
    services.round_signup(actor=member, round=round)
    services.round_signup(actor=other, round=round)
    assert not Notice.objects.filter(user=coordinator).exists()
    services.round_signup_cancel(actor=other, round=round)
    assert Notice.objects.filter(user=coordinator, text__contains="1 van minimaal 2").count() == 1
    services.round_signup_cancel(actor=member, round=round)
    assert Notice.objects.filter(user=coordinator).count() == 1


def test_round_wijk_must_be_in_team_area(member, team, municipality):
    from buurtpreventie.testing.factories import WijkFactory

    elsewhere = WijkFactory(municipality=municipality, code="WK026896")
    with pytest.raises(ValidationError):
        _plan(member, team, wijk=elsewhere)


def test_service_worker_is_served_for_the_rounds_scope(client):
    response = client.get("/rondes/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/rondes/"
    assert b"bp-patrol-v1" in response.content
