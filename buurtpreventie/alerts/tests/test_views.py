from __future__ import annotations

import pytest
from django.urls import reverse

from buurtpreventie.alerts.models import Alert
from buurtpreventie.core.live import read_stream_token
from buurtpreventie.core.models import AuditEntry

from .conftest import CENTRE, EAST_POINT, start_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(team, member, east_team, east_member, east_wijk, coordinator):
    coordinator.phone = "06-11112222"
    coordinator.save()
    member.phone = "06-33334444"
    member.save()
    return start_round(team, [member], at=CENTRE), start_round(east_team, [east_member], at=EAST_POINT)


def test_board_for_dispatcher_names_walkers_with_phone_and_is_audited(client_for, dispatcher, rounds, member,
                                                                     coordinator, team):
    response = client_for(dispatcher).get(reverse("alerts:board"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Team Centrum" in body and "Team Oost" in body and member.get_full_name() in body
    assert "06-33334444" in body
    assert "06-11112222" not in body  # the coordinator does not walk: no number
    assert AuditEntry.objects.filter(action="live_board.view", actor=dispatcher).exists()
    start_round(team, [coordinator], at=CENTRE)  # a second round of the same team, the coordinator walks
    data = client_for(dispatcher).get(reverse("alerts:board_data")).json()
    centrum = [r for r in data["rounds"] if r["team"] == "Team Centrum"]
    assert len({r["label"] for r in centrum}) == 2  # two rounds of one team told apart
    assert any("06-11112222" in (r["coordinator_phone"] or "") for r in centrum)


def test_board_for_wijkagent_is_limited_to_their_wijk_with_walkers_phone(client_for, wijkagent, rounds):
    body = client_for(wijkagent).get(reverse("alerts:board")).content.decode()
    assert "Team Centrum" in body and "Team Oost" not in body and "06-33334444" in body
    data = client_for(wijkagent).get(reverse("alerts:board_data")).json()
    assert [r["team"] for r in data["rounds"]] == ["Team Centrum"]


def test_walkers_phone_numbers_only_for_dispatch_and_wijkagent():
    from buurtpreventie.accounts.roles import ROLE_CAPABILITIES, Cap, Role

    assert {r for r, caps in ROLE_CAPABILITIES.items() if Cap.VIEW_COORDINATOR_PHONE in caps} == {
        Role.DISPATCHER, Role.WIJKAGENT}


@pytest.mark.parametrize("who", ["member", "coordinator", "safety_officer", "other_safety_officer"])
def test_board_refused_to_others(client_for, request, who, rounds):
    user = request.getfixturevalue(who)
    assert client_for(user).get(reverse("alerts:board")).status_code == 403
    assert client_for(user).get(reverse("alerts:board_data")).status_code == 403
    assert client_for(user).get(reverse("alerts:stream_token") + "?soort=meldkamer").status_code == 403


def test_board_anonymous_redirects_to_login(client, rounds):
    assert client.get(reverse("alerts:board")).status_code == 302
    assert client.get(reverse("alerts:stream_token")).status_code == 302


def test_member_stream_token_never_includes_positions(client_for, member, rounds):
    url = client_for(member).get(reverse("alerts:stream_token") + "?soort=lid").json()["url"]
    token = read_stream_token(url.split("token=")[1])
    assert token is not None and token["u"] == member.pk
    assert [s["k"] for s in token["s"]] == ["member"] and all(s["c"].endswith(":alerts") for s in token["s"])


def test_wijkagent_stream_token_is_scoped(client_for, wijkagent, wijk, rounds):
    url = client_for(wijkagent).get(reverse("alerts:stream_token") + "?soort=meldkamer").json()["url"]
    token = read_stream_token(url.split("token=")[1])
    assert token is not None
    assert {s["k"]: s["w"] for s in token["s"]} == {"live": [wijk.pk], "dispatch": [wijk.pk]}


def test_preview_shows_people_and_teams_before_sending(client_for, dispatcher, rounds):
    response = client_for(dispatcher).post(reverse("alerts:preview"), {
        "area_kind": "circle", "lat": CENTRE[0], "lon": CENTRE[1], "radius_m": 500})
    body = response.content.decode()
    assert response.status_code == 200 and "1 persoon" in body and "Team Centrum" in body and "Team Oost" not in body
    assert not Alert.objects.exists()


def test_preview_and_form_refused_to_member(client_for, member, rounds):
    c = client_for(member)
    assert c.post(reverse("alerts:preview"), {"area_kind": "circle"}).status_code == 403
    assert c.get(reverse("alerts:new")).status_code == 403


def test_send_form_keeps_input_on_error_and_sends(client_for, dispatcher, rounds, member):
    c = client_for(dispatcher)
    response = c.post(reverse("alerts:new"), {"area_kind": "circle", "radius_m": 500, "situation": "Overval bij de bank",
                                              "instructions": "Blijf weg", "escalate_after_minutes": 3})
    assert response.status_code == 200 and "Overval bij de bank" in response.content.decode()
    assert "Klik op de kaart" in response.content.decode()
    response = c.post(reverse("alerts:new"), {"area_kind": "circle", "lat": CENTRE[0], "lon": CENTRE[1],
                                              "radius_m": 500, "situation": "Overval", "instructions": "Blijf weg",
                                              "escalate_after_minutes": 3})
    alert = Alert.objects.get()
    assert response.status_code == 302 and response.url == reverse("alerts:detail", args=[alert.pk])
    detail = c.get(response.url).content.decode()
    assert str(member) in detail


def test_member_answers_and_sees_only_their_alert(client_for, dispatcher, member, east_member, rounds):
    c = client_for(dispatcher)
    c.post(reverse("alerts:new"), {"area_kind": "circle", "lat": CENTRE[0], "lon": CENTRE[1], "radius_m": 500,
                                   "situation": "Overval", "instructions": "Blijf weg", "escalate_after_minutes": 3})
    alert = Alert.objects.get()
    m = client_for(member)
    page = m.get(reverse("alerts:my_round")).content.decode()
    assert "Overval" in page and "Wij zijn veilig" in page
    response = m.post(reverse("alerts:ack", args=[alert.pk]), {"kind": "safe"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Uw antwoord: Wij zijn veilig" in response.content.decode()
    assert "Wij zijn veilig" in c.get(reverse("alerts:status", args=[alert.pk])).content.decode()
    other = client_for(east_member)
    assert "Overval" not in other.get(reverse("alerts:my_round")).content.decode()
    assert other.get(reverse("alerts:detail", args=[alert.pk])).status_code == 404
    assert other.post(reverse("alerts:ack", args=[alert.pk]), {"kind": "safe"}).status_code == 404


def test_home_location_opt_in_and_out(client_for, member, municipality):
    c = client_for(member)
    assert c.post(reverse("alerts:home"), {"lat": 51.84, "lon": 5.86}).status_code == 302
    assert member.alert_home.lat == 51.84
    c.post(reverse("alerts:home"), {"remove": "1", "lat": 0, "lon": 0})
    member.refresh_from_db()
    from buurtpreventie.alerts.models import HomeLocation
    assert not HomeLocation.objects.filter(user=member).exists()


def test_service_worker_and_push_subscription(client, client_for, member):
    sw = client.get(reverse("alerts:service_worker"))
    assert sw.status_code == 200 and sw["Service-Worker-Allowed"] == "/" and b"showNotification" in sw.content
    c = client_for(member)
    ok = c.post(reverse("alerts:push_subscribe"), {"endpoint": "https://push.example/abc",
                                                    "keys": {"p256dh": "k", "auth": "a"}}, content_type="application/json")
    assert ok.json() == {"ok": True}
    bad = c.post(reverse("alerts:push_subscribe"), {"endpoint": "http://evil"}, content_type="application/json")
    assert bad.status_code == 400


def test_board_data_query_count_does_not_grow_with_rounds(client_for, dispatcher, team, municipality,
                                                         django_assert_max_num_queries):
    from buurtpreventie.testing.factories import InitiativeFactory
    from buurtpreventie.testing.helpers import make_member

    for i in range(6):
        initiative = InitiativeFactory(municipality=municipality, name=f"Team {i}")
        start_round(initiative, [make_member(initiative, username=f"w{i}a"), make_member(initiative, username=f"w{i}b")],
                    at=CENTRE)
    c = client_for(dispatcher)
    c.get(reverse("alerts:board_data"))
    with django_assert_max_num_queries(16):
        data = c.get(reverse("alerts:board_data")).json()
    assert len(data["rounds"]) == 6 and all(r["walkers"] == 2 for r in data["rounds"])


def test_board_shows_active_alert_with_late_teams(client_for, dispatcher, rounds, member, municipality):
    from datetime import timedelta

    from django.utils import timezone

    from buurtpreventie.alerts import services
    from buurtpreventie.alerts.targeting import AlertArea

    alert = services.alert_send(actor=dispatcher, municipality=municipality,
                                area=AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=500), situation="Overval",
                                instructions="Blijf weg", escalate_after_minutes=1)
    c = client_for(dispatcher)
    assert "Wacht op antwoord" in c.get(reverse("alerts:board_alerts")).content.decode()
    Alert.objects.filter(pk=alert.pk).update(sent_at=timezone.now() - timedelta(minutes=2))
    body = c.get(reverse("alerts:board")).content.decode()
    assert "Geen antwoord — bel de coördinator" in body and "Team Centrum" in body


def test_templates_are_edited_by_municipality_wide_dispatch_only(client_for, dispatcher, wijkagent, member,
                                                                 municipality, other_municipality):
    from buurtpreventie.alerts.models import AlertTemplate

    c = client_for(dispatcher)
    response = c.post(reverse("alerts:template_new"), {"name": "Blijf weg", "situation": "",
                                                       "instructions": "Blijf weg van de Grote Markt", "order": 1})
    assert response.status_code == 302
    template = AlertTemplate.objects.get(municipality=municipality, name="Blijf weg")
    assert "Blijf weg van de Grote Markt" in c.get(reverse("alerts:new")).content.decode()  # offered in the form
    foreign = AlertTemplate.objects.create(municipality=other_municipality, name="X", instructions="Y")
    assert c.get(reverse("alerts:template_edit", args=[foreign.pk])).status_code == 404
    assert client_for(wijkagent).get(reverse("alerts:template_edit", args=[template.pk])).status_code == 403
    assert client_for(member).get(reverse("alerts:templates")).status_code == 403
    invalid = c.post(reverse("alerts:template_new"), {"name": "", "instructions": "Iets"})
    assert invalid.status_code == 200 and "Iets" in invalid.content.decode()


def test_board_places_each_round_at_its_walkers_latest_position(client_for, dispatcher, team, member, walker2,
                                                                east_team, east_member):
    from datetime import timedelta

    from django.utils import timezone

    from buurtpreventie.patrols.models import Position

    rnd = start_round(team, [member, walker2], at=None)
    quiet = start_round(east_team, [east_member], at=None)  # nobody shared a position yet
    now = timezone.now()
    Position.objects.bulk_create(
        [Position(round=rnd, user=member, lat=51.80 + i / 1000, lon=5.80, recorded_at=now - timedelta(seconds=600 - i))
         for i in range(100)]  # an evening's trail: the newest of these is 501 s old
        + [Position(round=rnd, user=walker2, lat=51.9, lon=5.9, recorded_at=now - timedelta(seconds=90))])
    rows = {r["round_id"]: r for r in client_for(dispatcher).get(reverse("alerts:board_data")).json()["rounds"]}
    assert (rows[rnd.pk]["last_lat"], rows[rnd.pk]["last_lon"]) == (51.9, 5.9)  # the walker seen last
    assert 85 <= rows[rnd.pk]["age_s"] <= 120
    assert rows[quiet.pk]["last_lat"] is None and rows[quiet.pk]["age_s"] is None
    at = now - timedelta(seconds=5)  # two walkers sharing at the same instant: one walker's point, not a mix
    Position.objects.create(round=rnd, user=member, lat=51.70, lon=5.70, recorded_at=at)
    Position.objects.create(round=rnd, user=walker2, lat=51.60, lon=5.60, recorded_at=at)
    rows = {r["round_id"]: r for r in client_for(dispatcher).get(reverse("alerts:board_data")).json()["rounds"]}
    assert (rows[rnd.pk]["last_lat"], rows[rnd.pk]["last_lon"]) == (51.60, 5.60)


def test_board_shows_an_active_alert_behind_a_long_history(client_for, dispatcher, municipality):
    from datetime import timedelta

    from django.utils import timezone

    from buurtpreventie.alerts.models import AlertStatus

    now = timezone.now()
    active = Alert.objects.create(municipality=municipality, situation="Vermist kind", instructions="Kijk uit",
                                  lat=CENTRE[0], lon=CENTRE[1], radius_m=500, sent_at=now - timedelta(hours=2))
    Alert.objects.bulk_create([  # 250 alerts sent (and cleared) after it: the board still shows it
        Alert(municipality=municipality, situation=f"Oud {i}", instructions="-", status=AlertStatus.CLEARED,
              lat=CENTRE[0], lon=CENTRE[1], radius_m=500, sent_at=now - timedelta(minutes=i + 1))
        for i in range(250)])
    body = client_for(dispatcher).get(reverse("alerts:board")).content.decode()
    assert active.situation in body and "Oud 1" not in body
