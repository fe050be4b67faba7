"""The round calendar read back by third-party parsers (icalendar, vobject), with a meeting point that
has a line break, a comma and a semicolon (which broke strict parsers before)."""

from __future__ import annotations

import pytest
import vobject
from icalendar import Calendar

from buurtpreventie.patrols import services
from buurtpreventie.testing.factories import RoundFactory

pytestmark = pytest.mark.django_db

MEETING_POINT = "Hoek Kerkstraat\r\nbij de kerk; ingang, links — Łukasz wacht"


@pytest.fixture
def feed_body(member, team, client, settings):
    settings.BUURTPREVENTIE = {**settings.BUURTPREVENTIE, "PUBLIC_BASE_URL": "https://buurt.nijmegen.nl"}
    rounds = [RoundFactory(initiative=team, meeting_point=MEETING_POINT), RoundFactory(initiative=team)]
    for r in rounds:
        services.round_signup(actor=member, round=r)
    feed = services.calendar_feed_for(user=member)
    response = client.get(f"/rondes/agenda/{feed.token}.ics")
    assert response.status_code == 200
    return response.content, rounds


def test_icalendar_reads_the_feed(feed_body):
    body, rounds = feed_body
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))  # folded at 75 octets
    calendar = Calendar.from_ical(body)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"round-{r.pk}@buurt.nijmegen.nl" for r in rounds}
    first = events[f"round-{rounds[0].pk}@buurt.nijmegen.nl"]
    assert str(first["location"]) == "Hoek Kerkstraat\nbij de kerk; ingang, links — Łukasz wacht"
    assert first.decoded("dtstart") == rounds[0].planned_start.replace(microsecond=0)
    assert str(first["url"]) == f"https://buurt.nijmegen.nl/rondes/{rounds[0].pk}/"


def test_vobject_reads_the_feed(feed_body):
    body, rounds = feed_body
    calendar = vobject.readOne(body.decode("utf-8"))
    events = {e.uid.value: e for e in calendar.vevent_list}
    first = events[f"round-{rounds[0].pk}@buurt.nijmegen.nl"]
    assert first.location.value == "Hoek Kerkstraat\nbij de kerk; ingang, links — Łukasz wacht"
    assert first.summary.value.startswith("Loopronde ")
