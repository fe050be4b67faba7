"""Open311 GeoReport v2 API, and forwarding with retries to a local Open311 receiver stand-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from buurtpreventie.feedback import forwarding
from buurtpreventie.feedback.models import ForwardEndpoint, Open311Key
from buurtpreventie.patrols.models import Defect, ForwardState

pytestmark = pytest.mark.django_db


@pytest.fixture
def defect(municipality, wijk):
    return Defect.objects.create(municipality=municipality, wijk=wijk, category="street_light",
                                 place="Burchtstraat, paal 23", description="Lamp brandt niet",
                                 lat=51.8472, lon=5.8655, forward_state=ForwardState.PENDING,
                                 forward_next_at=timezone.now())


def test_services_and_requests(client, municipality, other_municipality, defect):
    services = client.get("/open311/v2/services.json?jurisdiction_id=GM0268").json()
    assert {"service_code": "street_light", "group": "Openbare ruimte"}.items() <= services[0].items() or any(
        s["service_code"] == "street_light" for s in services)
    rows = client.get("/open311/v2/requests.json?jurisdiction_id=GM0268").json()
    assert rows[0]["service_request_id"] == str(defect.pk)
    assert rows[0]["status"] == "open" and rows[0]["lat"] == 51.8472 and rows[0]["long"] == 5.8655
    assert "reporter" not in rows[0]
    one = client.get(f"/open311/v2/requests/{defect.pk}.json?jurisdiction_id=GM0268").json()
    assert one[0]["service_code"] == "street_light"
    # Another jurisdiction does not see it.
    assert client.get("/open311/v2/requests.json?jurisdiction_id=GM0361").json() == []
    assert client.get(f"/open311/v2/requests/{defect.pk}.json?jurisdiction_id=GM0361").status_code == 404
    assert client.get("/open311/v2/requests.json?jurisdiction_id=GM0268&status=closed").json() == []
    assert client.get("/open311/v2/requests.html?jurisdiction_id=GM0268").status_code == 400
    assert client.get("/open311/v2/requests.json").status_code == 400  # two municipalities: must choose


def test_post_request_needs_a_key(client, municipality, wijk, django_capture_on_commit_callbacks):
    Open311Key.objects.create(municipality=municipality, name="app", key="k-123")
    data = {"jurisdiction_id": "GM0268", "service_code": "pavement", "lat": "51.845", "long": "5.865",
            "description": "Losse tegel"}
    assert client.post("/open311/v2/requests.json", data).status_code == 403
    assert client.post("/open311/v2/requests.json", {**data, "api_key": "k-123", "service_code": "x"}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/open311/v2/requests.json", {**data, "api_key": "k-123"})
    assert response.status_code == 201
    created = Defect.objects.get(pk=int(response.json()[0]["service_request_id"]))
    assert created.category == "pavement" and created.wijk == wijk
    assert created.forward_state == ForwardState.NOT_CONFIGURED  # no endpoint: pulled through Open311


@pytest.fixture
def receiver():
    from buurtpreventie.testing.standins.open311 import Open311StandIn
    from buurtpreventie.testing.standins.server import ThreadedServer

    app = Open311StandIn(api_keys={"secret"}, service_codes={"street_light", "LAMP"}, jurisdictions={"GM0268"})
    with ThreadedServer(app) as server:
        app.url = f"{server.url}/open311/v2/requests.json"  # type: ignore[attr-defined]
        yield app


def test_forwarding_retries_with_backoff_then_succeeds(defect, municipality, receiver):
    ForwardEndpoint.objects.create(municipality=municipality, url=receiver.url, api_key="secret")
    receiver.answers = [503, 503]
    now = timezone.now()
    assert forwarding.defect_forward(defect_id=defect.pk, now=now) == ForwardState.PENDING
    defect.refresh_from_db()
    assert defect.forward_attempts == 1 and "503" in defect.forward_error
    assert defect.forward_next_at == now + timedelta(minutes=1)
    # Not yet due: nothing happens.
    assert forwarding.defects_forward_due(now=now + timedelta(seconds=30)) == {}
    assert forwarding.defects_forward_due(now=now + timedelta(minutes=1)) == {ForwardState.PENDING: 1}
    defect.refresh_from_db()
    assert defect.forward_next_at == now + timedelta(minutes=1) + timedelta(minutes=2)
    assert forwarding.defects_forward_due(now=now + timedelta(minutes=4)) == {ForwardState.SENT: 1}
    defect.refresh_from_db()
    assert defect.forward_state == ForwardState.SENT and defect.external_id == "EXT-1"
    form = receiver.received[-1]
    assert form["service_code"] == "street_light" and form["jurisdiction_id"] == "GM0268"
    assert form["lat"] == "51.8472" and form["long"] == "5.8655"


def test_forwarding_uses_the_mapped_service_code_and_shows_refusals(defect, municipality, receiver):
    from buurtpreventie.feedback.models import CategoryMapping

    endpoint = ForwardEndpoint.objects.create(municipality=municipality, url=receiver.url, api_key="fout")
    forwarding.defect_forward(defect_id=defect.pk)
    defect.refresh_from_db()
    assert "HTTP 403" in defect.forward_error and "api_key" in defect.forward_error
    endpoint.api_key = "secret"
    endpoint.save()
    CategoryMapping.objects.create(municipality=municipality, category="street_light", open311_service_code="LAMP")
    Defect.objects.filter(pk=defect.pk).update(forward_next_at=timezone.now())
    assert forwarding.defect_forward(defect_id=defect.pk) == ForwardState.SENT
    assert receiver.received[-1]["service_code"] == "LAMP"


def test_forwarding_fails_visibly_and_can_be_retried(defect, municipality, wijkagent, client_for, receiver,
                                                     django_capture_on_commit_callbacks):
    from buurtpreventie.testing.standins.server import refused_port

    now = timezone.now()
    with refused_port() as port:  # the receiver is down
        endpoint = ForwardEndpoint.objects.create(municipality=municipality, kind="open311", api_key="secret",
                                                  url=f"http://127.0.0.1:{port}/open311/v2/requests.json")
        for i in range(forwarding.MAX_ATTEMPTS):
            forwarding.defect_forward(defect_id=defect.pk, now=now + timedelta(hours=10 * i))
    defect.refresh_from_db()
    assert defect.forward_state == ForwardState.FAILED and "ConnectError" in defect.forward_error
    assert Defect.objects.filter(pk=defect.pk).exists()  # nothing lost
    client = client_for(wijkagent)
    page = client.get("/loket/meldingen/?doorsturen=failed").content.decode()
    assert "Doorsturen mislukt" in page and "Burchtstraat, paal 23" in page
    assert "niet konden worden doorgestuurd" in client.get("/loket/").content.decode()

    endpoint.url = receiver.url  # the receiver is back
    endpoint.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/loket/meldingen/{defect.pk}/opnieuw/").status_code == 302
    defect.refresh_from_db()
    assert defect.forward_state == ForwardState.SENT and defect.external_id == "EXT-1"
    assert receiver.content_types[0].startswith("application/x-www-form-urlencoded")


def test_backoff_is_capped():
    assert forwarding.backoff(1) == timedelta(minutes=1)
    assert forwarding.backoff(3) == timedelta(minutes=4)
    assert forwarding.backoff(30) == forwarding.MAX_DELAY


def test_unexpected_error_is_a_georeport_500(client, municipality, monkeypatch):
    from buurtpreventie.feedback import open311

    def broken(municipality):
        raise RuntimeError("database went away")

    monkeypatch.setattr(open311, "_service_codes", broken)
    response = client.get("/open311/v2/services.xml?jurisdiction_id=GM0268")
    assert response.status_code == 500
    assert b"<errors><error><code>500</code>" in response.content and b"database" not in response.content
    assert client.get("/open311/v2/services.json?jurisdiction_id=GM0268").json()[0]["code"] == 500
