"""SOS: only a walker of a running round raises it; the board shows it within the viewer's wijken."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from buurtpreventie.alerts import services
from buurtpreventie.alerts.models import SosSignal
from buurtpreventie.core.eventbus import get_bus
from buurtpreventie.testing.helpers import login, make_member, make_professional

from .conftest import CENTRE, start_round

pytestmark = pytest.mark.django_db(transaction=True)


def test_walker_raises_sos_and_events_reach_board_and_coordinator(municipality, team, member, coordinator):
    rnd = start_round(team, [member], at=CENTRE)
    sos = services.sos_raise(actor=member, round=rnd)  # no fix on the phone: the last shared position
    assert (sos.lat, sos.lon) == CENTRE
    published = {c: e for c, e in get_bus().published if e["type"] == "sos"}
    assert published[f"municipality:{municipality.pk}:live"]["round_id"] == rnd.pk
    assert published[f"municipality:{municipality.pk}:alerts"]["audience"] == [coordinator.pk]


def test_only_walkers_of_a_running_round(municipality, team, member, walker2):
    rnd = start_round(team, [member], at=CENTRE)
    with pytest.raises(PermissionDenied):
        services.sos_raise(actor=walker2, round=rnd)
    ended = start_round(team, [walker2], at=CENTRE, status="ended")
    with pytest.raises(PermissionDenied):
        services.sos_raise(actor=walker2, round=ended)


def test_board_shows_sos_only_in_scope_and_cancel_needs_confirmation(client, municipality, wijk, east_wijk, team,
                                                                      member, dispatcher):
    rnd = start_round(team, [member], at=CENTRE, wijk=wijk)
    login(client, member)
    r = client.post("/alarm/sos/", {"round": rnd.pk, "lat": "51.845", "lon": "5.865"})
    assert r.status_code == 201
    sos = SosSignal.objects.get()
    assert client.post(f"/alarm/sos/{sos.pk}/intrekken/").status_code == 400  # no confirmation
    client.logout()
    login(client, dispatcher)
    assert f'data-sos-id="{sos.pk}"' in client.get("/alarm/live/sos/").content.decode()
    client.logout()
    other_agent = make_professional("wijkagent", municipality, wijk=east_wijk, username="agent-oost")
    login(client, other_agent)
    assert f'data-sos-id="{sos.pk}"' not in client.get("/alarm/live/sos/").content.decode()
    client.logout()
    login(client, make_member(team, username="ander-lid"))
    assert client.post(f"/alarm/sos/{sos.pk}/intrekken/", {"confirm": "1"}).status_code == 404  # not theirs
    client.logout()
    login(client, member)
    assert client.post(f"/alarm/sos/{sos.pk}/intrekken/", {"confirm": "1"}).status_code == 200
    sos.refresh_from_db()
    assert sos.cancelled_at is not None


def test_team_mates_only_for_opted_in_walkers_of_a_running_round(client, team, member, walker2):
    from buurtpreventie.alerts.models import RoundMateSharing

    rnd = start_round(team, [member, walker2], at=CENTRE)
    RoundMateSharing.objects.create(round=rnd, user=walker2)
    login(client, member)
    url = f"/alarm/ronde/{rnd.pk}/medelopers/"
    assert client.get(url).json() == {"sharing": False, "mates": []}  # seeing others means being seen
    data = client.post(url, {"enabled": "1"}).json()
    assert [m["id"] for m in data["mates"]] == [walker2.pk]
    client.logout()
    login(client, make_member(team, username="niet-mee"))
    assert client.get(url).status_code == 404  # team, but not on this round
    client.logout()
    rnd.status = "ended"
    rnd.save(update_fields=["status"])
    login(client, member)
    assert client.get(url).json()["mates"] == []  # not after the round
