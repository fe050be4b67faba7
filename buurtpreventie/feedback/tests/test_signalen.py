"""Forwarding to Signalen, tested against a local stand-in that enforces Signalen's own rules
(buurtpreventie.testing.standins.signalen) and a PDOK Locatieserver stand-in. No mocked transport."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from buurtpreventie.feedback import forwarding, signalen
from buurtpreventie.feedback.models import (
    CategoryMapping,
    DefectStatusEvent,
    ForwardEndpoint,
    ForwardKind,
    ReceiverCategory,
    SignalenSettings,
)
from buurtpreventie.notifications.models import Notice
from buurtpreventie.patrols.models import Defect, ForwardState
from buurtpreventie.testing.standins.pdok import PdokStandIn
from buurtpreventie.testing.standins.server import ThreadedServer
from buurtpreventie.testing.standins.signalen import SIGNALS_PATH, TOKEN_PATH, SignalenStandIn

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pdok_server():
    with ThreadedServer(PdokStandIn()) as server:
        yield server


@pytest.fixture
def standin():
    app = SignalenStandIn(bounding_box=(5.75, 51.78, 5.95, 51.90))  # Nijmegen, as a real installation sets it
    with ThreadedServer(app) as server:
        app.base = server.url
        app.server = server  # type: ignore[attr-defined]
        signalen.forget_tokens()
        yield app
    signalen.forget_tokens()


@pytest.fixture
def receiver(standin, municipality, settings, pdok_server):
    settings.BUURTPREVENTIE = {**settings.BUURTPREVENTIE, "PDOK_LOCATIESERVER_URL": pdok_server.url}
    endpoint = ForwardEndpoint.objects.create(municipality=municipality, kind=ForwardKind.SIGNALEN,
                                              url=f"{standin.base}{SIGNALS_PATH}")
    SignalenSettings.objects.create(endpoint=endpoint, token_url=f"{standin.base}{TOKEN_PATH}",
                                    client_id="buurtpreventie", client_secret="geheim",
                                    categories_url=f"{standin.base}/signals/v1/public/terms/categories/",
                                    reporter_email="veiligheid@nijmegen.nl", webhook_secret="s3cret")
    CategoryMapping.objects.create(municipality=municipality, category="street_light",
                                   signalen_category_url=standin.sub_category_url("wegen-verkeer-straatmeubilair",
                                                                                  "lantaarnpaal-straatverlichting"),
                                   open311_service_code="LAMP")
    return endpoint


def make_defect(municipality, wijk, **kwargs):
    values = {"category": "street_light", "place": "Burchtstraat, paal 23", "description": "Lamp brandt niet",
              "lat": 51.8465, "lon": 5.8669, "forward_state": ForwardState.PENDING, "forward_next_at": timezone.now()}
    values.update(kwargs)
    return Defect.objects.create(municipality=municipality, wijk=wijk, **values)


def test_defect_forwarded_as_a_valid_signal(standin, receiver, municipality, wijk):
    defect = make_defect(municipality, wijk, description="x" * 5000)
    assert forwarding.defect_forward(defect_id=defect.pk) == ForwardState.SENT
    defect.refresh_from_db()
    assert defect.external_id == "1" and defect.forward_error == ""
    signal = standin.signals[1]
    assert len(signal["text"]) == 3000 and signal["text"].endswith("…")
    assert signal["location"]["geometrie"] == {"type": "Point", "coordinates": [5.8669, 51.8465]}
    # The address comes from a PDOK reverse lookup of the point.
    assert signal["location"]["address"] == {"openbare_ruimte": "Burchtstraat", "huisnummer": 43, "huisletter": "A",
                                             "postcode": "6511RA", "woonplaats": "Nijmegen"}
    assert signal["reporter"] == {"email": "veiligheid@nijmegen.nl", "phone": "", "sharing_allowed": False}
    labels = {p["id"]: p["label"] for p in signal["extra_properties"]}
    assert labels["buurtpreventie_kenmerk"] == "Kenmerk buurtpreventie"
    assert all(p["category_url"].endswith("lantaarnpaal-straatverlichting") for p in signal["extra_properties"])


def test_address_only_defect_is_geocoded(standin, receiver, municipality, wijk):
    defect = make_defect(municipality, wijk, lat=None, lon=None, place="Grote Markt 1, Nijmegen")
    assert forwarding.defect_forward(defect_id=defect.pk) == ForwardState.SENT
    location = standin.signals[1]["location"]
    assert location["geometrie"]["coordinates"] == [5.8632, 51.84718]
    assert location["address"]["openbare_ruimte"] == "Grote Markt"


def test_unknown_address_and_missing_mapping_stay_visible(standin, receiver, municipality, wijk):
    defect = make_defect(municipality, wijk, lat=None, lon=None, place="Nergensstraat 99")
    assert forwarding.defect_forward(defect_id=defect.pk) == ForwardState.PENDING
    defect.refresh_from_db()
    assert "Nergensstraat 99" in defect.forward_error and "PDOK" in defect.forward_error
    graffiti = make_defect(municipality, wijk, category="graffiti")
    forwarding.defect_forward(defect_id=graffiti.pk)
    graffiti.refresh_from_db()
    assert "Geen Signalen-subcategorie" in graffiti.forward_error
    assert standin.signals == {}


def test_signalen_errors_are_shown_like_signalen_gives_them(standin, receiver, municipality, wijk):
    # A point outside the receiver's bounding box (here: a swapped lat/lon) is refused by Signalen.
    defect = make_defect(municipality, wijk, lat=5.8669, lon=51.8465)
    assert forwarding.defect_forward(defect_id=defect.pk) == ForwardState.PENDING
    defect.refresh_from_db()
    assert defect.forward_error.startswith("HTTP 400: location:")
    assert "bounding box" in defect.forward_error


@pytest.mark.parametrize("missing", ["text", "location", "category", "reporter", "incident_date_start"])
def test_standin_refuses_each_missing_field(standin, receiver, municipality, wijk, missing):
    """The stand-in is strict: our complete payload passes, each required field left out is refused."""
    import httpx

    defect = make_defect(municipality, wijk)
    conf = SignalenSettings.objects.get()
    payload = signalen.signal_payload(defect, conf, public_base_url="https://bp.example")
    assert standin.validate(payload) == {}
    del payload[missing]
    with httpx.Client() as client:
        response = signalen._request(client, conf, "POST", receiver.url, json=payload)
    assert response.status_code == 400
    assert response.json()[missing] == ["This field is required."]


def test_standin_enforces_schema_text_source_and_category(standin, receiver, municipality, wijk):
    defect = make_defect(municipality, wijk)
    payload = signalen.signal_payload(defect, SignalenSettings.objects.get(), public_base_url="")
    assert standin.validate({**payload, "text": "x" * 3001})["text"]
    assert standin.validate({**payload, "source": "online"})["source"] == ["Invalid source given for authenticated user"]
    assert standin.validate({**payload, "extra_properties": [{"id": "a", "answer": "b"}]})["extra_properties"]
    assert standin.validate({**payload, "category": {"sub_category": "http://x/y"}})["category"]
    assert standin.validate({**payload, "status": {"state": "o"}})["status"]


def test_token_is_fetched_reused_and_refreshed(standin, receiver, municipality, wijk):
    for _ in range(2):
        forwarding.defect_forward(defect_id=make_defect(municipality, wijk).pk)
    assert standin.tokens_issued == 1  # one token for both
    standin.revoke_tokens()  # the identity provider restarted: our token is refused with 401
    assert forwarding.defect_forward(defect_id=make_defect(municipality, wijk).pk) == ForwardState.SENT
    assert standin.tokens_issued == 2
    assert ("POST", SIGNALS_PATH, 401) in standin.log
    standin.token_lifetime = 31.0  # just above the refresh margin: the next call fetches a fresh one
    signalen.forget_tokens()
    forwarding.defect_forward(defect_id=make_defect(municipality, wijk).pk)
    time.sleep(1.1)
    forwarding.defect_forward(defect_id=make_defect(municipality, wijk).pk)
    assert standin.tokens_issued == 4
    assert len(standin.signals) == 5


def test_wrong_client_secret_is_a_visible_error(standin, receiver, municipality, wijk):
    SignalenSettings.objects.update(client_secret="fout")
    defect = make_defect(municipality, wijk)
    forwarding.defect_forward(defect_id=defect.pk)
    defect.refresh_from_db()
    assert defect.forward_error.startswith("token: HTTP 401") and "invalid_client" in defect.forward_error


def test_status_back_by_polling_closes_and_notifies_reporter(standin, receiver, municipality, wijk, member):
    defect = make_defect(municipality, wijk, reporter=member)
    forwarding.defect_forward(defect_id=defect.pk)
    assert signalen.signals_poll_status() == {"checked": 1, "changed": 1, "errors": 0}  # 'gemeld'
    assert signalen.signals_poll_status()["changed"] == 0  # nothing new
    standin.set_status(1, "b")
    standin.set_status(1, "o", "De lantaarnpaal is gerepareerd.")
    assert signalen.signals_poll_status()["changed"] == 1
    defect.refresh_from_db()
    assert not defect.is_open and defect.status_notes == "De lantaarnpaal is gerepareerd."
    events = list(DefectStatusEvent.objects.filter(defect=defect).values_list("state", "via"))
    assert events == [("m", "poll"), ("o", "poll")]
    notice = Notice.objects.get(user=member)
    assert "afgehandeld" in notice.text and "De lantaarnpaal is gerepareerd." in notice.text
    assert signalen.signals_poll_status()["checked"] == 0  # closed defects are not polled again


def _signed(client, body, secret="s3cret", code="GM0268"):
    raw = json.dumps(body).encode()
    signature = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return client.post(f"/loket/signalen/{code}/status/", raw, content_type="application/json",
                       HTTP_X_SIGNATURE=signature)


def test_webhook_with_shared_secret(client, standin, receiver, municipality, wijk, member, safety_officer,
                                    client_for):
    defect = make_defect(municipality, wijk, reporter=member)
    forwarding.defect_forward(defect_id=defect.pk)
    body = {"id": 1, "status": {"state": "o", "state_display": "Afgehandeld", "text": "Gerepareerd"}}
    assert _signed(client, body, secret="fout").status_code == 401
    assert client.post("/loket/signalen/GM0268/status/", body, content_type="application/json").status_code == 401
    assert _signed(client, {"id": 999, "status": {"state": "o"}}).status_code == 404
    assert not DefectStatusEvent.objects.exists()
    assert _signed(client, body).status_code == 204
    defect.refresh_from_db()
    assert not defect.is_open
    assert Notice.objects.filter(user=member).count() == 1
    assert _signed(client, body).status_code == 204  # repeated delivery: no second row or notice
    assert DefectStatusEvent.objects.count() == 1 and Notice.objects.filter(user=member).count() == 1
    # A webhook without status makes us ask Signalen.
    other = make_defect(municipality, wijk)
    forwarding.defect_forward(defect_id=other.pk)
    standin.set_status(2, "b")
    assert _signed(client, {"id": 2}).status_code == 202
    assert DefectStatusEvent.objects.filter(defect=other, state="b").exists()
    # The loket shows the receiver's history.
    page = client_for(safety_officer).get("/loket/meldingen/")
    assert "Afgehandeld" in page.content.decode() and "Gerepareerd" in page.content.decode()


def test_categories_imported_from_receiver_and_mapping_edited(standin, receiver, municipality, safety_officer,
                                                              client_for, member):
    admin = safety_officer
    assert signalen.receiver_categories_import(actor=admin, endpoint=receiver) == 6
    assert ReceiverCategory.objects.filter(name="Zwerfafval", parent_name="Afval").exists()
    client = client_for(admin)
    page = client.get("/loket/meldingen/categorieen/")
    assert page.status_code == 200 and "Zwerfafval" in page.content.decode()
    url = standin.sub_category_url("afval", "zwerfafval")
    response = client.post("/loket/meldingen/categorieen/", {"litter-signalen": url, "litter-open311": "AFVAL"})
    assert response.status_code == 302
    mapping = CategoryMapping.objects.get(municipality=municipality, category="litter")
    assert mapping.signalen_category_url == url and mapping.open311_service_code == "AFVAL"
    # A URL that is not one of the receiver's categories is refused with a message.
    response = client.post("/loket/meldingen/categorieen/", {"litter-signalen": "https://evil.example/x"})
    assert response.status_code == 200 and "Kies een categorie" in response.content.decode()
    assert client_for(member).get("/loket/meldingen/categorieen/").status_code in (403, 302)


def test_scheduler_polls_signalen():
    from buurtpreventie.core import scheduling

    assert {job.name: job.func for job in scheduling.jobs()}["feedback.poll_signalen"] is signalen.signals_poll_status


def test_poll_time_is_recorded(standin, receiver, municipality, wijk):
    defect = make_defect(municipality, wijk)
    forwarding.defect_forward(defect_id=defect.pk)
    at = timezone.now() + timedelta(minutes=5)
    signalen.signals_poll_status(now=at)
    assert DefectStatusEvent.objects.get(defect=defect).at == at


def test_receiver_down_then_up(standin, receiver, municipality, wijk):
    from buurtpreventie.testing.standins.server import refused_port

    real_url = receiver.url
    defect = make_defect(municipality, wijk)
    now = timezone.now()
    with refused_port() as port:  # Signalen is down
        ForwardEndpoint.objects.filter(pk=receiver.pk).update(url=f"http://127.0.0.1:{port}{SIGNALS_PATH}")
        SignalenSettings.objects.update(token_url=f"http://127.0.0.1:{port}{TOKEN_PATH}")
        assert forwarding.defect_forward(defect_id=defect.pk, now=now) == ForwardState.PENDING
    defect.refresh_from_db()
    assert "ConnectError" in defect.forward_error and defect.forward_next_at == now + timedelta(minutes=1)
    ForwardEndpoint.objects.filter(pk=receiver.pk).update(url=real_url)
    SignalenSettings.objects.update(token_url=f"{standin.base}{TOKEN_PATH}")
    assert forwarding.defects_forward_due(now=now + timedelta(minutes=1)) == {ForwardState.SENT: 1}
