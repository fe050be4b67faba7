"""Open311 GeoReport v2 checked with the third-party `georeport` client (JSON and XML) over real HTTP,
every response parsed as XML/JSON, and a GeoReport error body for each bad request."""

from __future__ import annotations

import json
import math
from xml.etree import ElementTree as ET

import httpx
import pytest
import requests
from django.utils import timezone
from georeport import GeoReport

from buurtpreventie.feedback.models import CategoryMapping, Open311Key
from buurtpreventie.patrols.models import Defect, ForwardState

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data(municipality, other_municipality, wijk):
    from buurtpreventie.areas.selectors import clear_geometry_cache

    clear_geometry_cache()  # wijk ids are reused between transactional tests
    Open311Key.objects.create(municipality=municipality, name="app", key="k-123")
    CategoryMapping.objects.create(municipality=municipality, category="street_light", open311_service_code="LAMP")
    open_one = Defect.objects.create(municipality=municipality, wijk=wijk, category="street_light",
                                     place="Burchtstraat & Co <paal 23>", description="Lamp brandt niet",
                                     lat=51.8472, lon=5.8655, forward_state=ForwardState.NOT_CONFIGURED)
    closed_one = Defect.objects.create(municipality=municipality, wijk=wijk, category="litter", place="Grote Markt",
                                       is_open=False, status_notes="Opgeruimd", lat=51.8470, lon=5.8630)
    return open_one, closed_one


def _root(live_server):
    return f"{live_server.url}/open311/v2"


def _xml_error(response) -> tuple[int, str]:
    assert response.headers["content-type"].startswith("text/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "errors"
    error = root.find("error")
    return int(error.findtext("code") or ""), error.findtext("description") or ""


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_client_reads_services_and_requests(live_server, data, fmt):
    open_one, closed_one = data
    client = GeoReport(_root(live_server), jurisdiction="GM0268", output_format=fmt)
    services = client.get_service_list()
    assert {s["service_code"] for s in services} >= {"LAMP", "litter"}  # the municipality's own code
    lamp = next(s for s in services if s["service_code"] == "LAMP")
    assert lamp["metadata"] in (False, "false")
    definition = client.get_service_definition("LAMP")
    assert definition["service_code"] == "LAMP"
    both = client.get_service_requests(status="open,closed")
    assert {r["service_request_id"] for r in both} == {str(open_one.pk), str(closed_one.pk)}
    only_open = client.get_service_requests(status="open")
    if fmt == "xml":  # xmltodict gives one element as a dict
        only_open = [only_open] if isinstance(only_open, dict) else only_open
    assert [r["service_request_id"] for r in only_open] == [str(open_one.pk)]
    one = client.get_service_request(str(closed_one.pk))
    assert one["status"] == "closed" and one["status_notes"] == "Opgeruimd"
    by_code = client.get_service_requests(service_code="LAMP")
    if fmt == "xml":
        by_code = [by_code] if isinstance(by_code, dict) else by_code
    assert by_code[0]["address"] == "Burchtstraat & Co <paal 23>"
    assert float(by_code[0]["lat"]) == 51.8472
    with pytest.raises(requests.HTTPError):
        GeoReport(_root(live_server), jurisdiction="GM9999", output_format=fmt).get_service_list()


def test_every_xml_response_parses_and_cors_on_gets(live_server, data):
    root = _root(live_server)
    urls = ["/discovery.xml", "/services.xml?jurisdiction_id=GM0268", "/requests.xml?jurisdiction_id=GM0268",
            f"/requests/{data[0].pk}.xml?jurisdiction_id=GM0268", "/services/LAMP.xml?jurisdiction_id=GM0268",
            "/requests.xml?jurisdiction_id=GM0361"]
    for url in urls:
        response = httpx.get(root + url)
        assert response.status_code == 200, url
        ET.fromstring(response.content)
        assert response.headers["access-control-allow-origin"] == "*"
    discovery = ET.fromstring(httpx.get(root + "/discovery.xml").content)
    assert discovery.find("endpoints/endpoint/specification").text == "http://wiki.open311.org/GeoReport_v2"
    assert [f.text for f in discovery.findall("endpoints/endpoint/formats/format")] == ["text/xml",
                                                                                        "application/json"]
    assert httpx.get(root + "/discovery.json").json()["endpoints"][0]["url"] == root
    assert ET.fromstring(httpx.get(root + "/requests.xml?jurisdiction_id=GM0361").content).findall("request") == []
    preflight = httpx.options(root + "/requests.json")
    assert preflight.status_code == 204 and "GET" in preflight.headers["access-control-allow-methods"]


BAD_GETS = [
    ("/requests.json?jurisdiction_id=GM0268&start_date=gisteren", 400, "start_date"),
    ("/requests.json?jurisdiction_id=GM0268&start_date=1900-01-01T00:00:00Z", 400, "start_date"),
    ("/requests.json?jurisdiction_id=GM0268&start_date=2026-13-45T00:00:00Z", 400, "start_date"),
    ("/requests.json?jurisdiction_id=GM0268&start_date=2025-01-01T00:00:00Z&end_date=2026-01-01T00:00:00Z", 400,
     "90 days"),
    ("/requests.json?jurisdiction_id=GM0268&service_request_id=1,abc", 400, "service_request_id"),
    ("/requests.json?jurisdiction_id=GM0268&status=pending", 400, "status"),
    ("/requests/abc.json?jurisdiction_id=GM0268", 400, "service_request_id"),
    ("/requests/99999.json?jurisdiction_id=GM0268", 404, "not found"),
    ("/requests.json?jurisdiction_id=GM9999", 404, "jurisdiction"),
    ("/requests.json", 400, "jurisdiction_id is required"),
    ("/requests.json?jurisdiction_id=GM0268%00", 400, "NUL"),
    ("/services/NOPE.json?jurisdiction_id=GM0268", 404, "NOPE"),
    ("/requests.html?jurisdiction_id=GM0268", 400, "format"),
]


@pytest.mark.parametrize(("url", "status", "words"), BAD_GETS)
def test_bad_gets_give_georeport_errors(live_server, data, url, status, words):
    response = httpx.get(_root(live_server) + url)
    assert response.status_code == status
    body = response.json()
    assert body[0]["code"] == status and words in body[0]["description"]
    if ".json" in url:
        xml = httpx.get(_root(live_server) + url.replace(".json", ".xml"))
        assert xml.status_code == status and _xml_error(xml)[0] == status


GOOD = {"jurisdiction_id": "GM0268", "api_key": "k-123", "service_code": "LAMP", "lat": "51.845", "long": "5.865",
        "description": "Lamp knippert"}
BAD_POSTS = [
    ({"api_key": "fout"}, 403, "api_key"),
    ({"service_code": "street_light"}, 400, "service_code"),  # our internal code is not the published one
    ({"lat": "999"}, 400, "lat"),
    ({"lat": "NaN"}, 400, "lat"),
    ({"long": "Infinity"}, 400, "long"),
    ({"lat": "5.865", "long": "51.845"}, 400, "swapped"),
    ({"lat": "52.37", "long": "4.89"}, 400, "outside"),  # Amsterdam is not Nijmegen
    ({"lat": "", "long": "5.865"}, 400, "together"),
    ({"lat": "", "long": ""}, 400, "address_string"),
    ({"description": "x" * 10_000}, 400, "description"),
    ({"description": "a\x00b"}, 400, "NUL"),
    ({"address_string": "y" * 300}, 400, "address_string"),
]


@pytest.mark.parametrize(("change", "status", "words"), BAD_POSTS)
def test_bad_posts_are_refused_with_a_georeport_error(live_server, data, change, status, words):
    before = Defect.objects.count()
    response = httpx.post(_root(live_server) + "/requests.xml", data={**GOOD, **change})
    assert response.status_code == status
    code, description = _xml_error(response)
    assert code == status and words in description
    assert Defect.objects.count() == before


def test_json_body_with_nan_is_refused_and_requests_stay_valid_json(live_server, data):
    root = _root(live_server)
    response = httpx.post(root + "/requests.json", content='{"jurisdiction_id": "GM0268", "api_key": "k-123", '
                          '"service_code": "LAMP", "lat": NaN, "long": 5.86}',
                          headers={"content-type": "application/json"})
    assert response.status_code == 400 and response.json()[0]["code"] == 400
    # Even a stored non-finite coordinate (from before this check) cannot break the public feed.
    Defect.objects.create(municipality=data[0].municipality, category="pavement", place="oud", lat=math.nan,
                          lon=math.inf, created_at=timezone.now())
    text = httpx.get(root + "/requests.json?jurisdiction_id=GM0268").text
    assert "NaN" not in text and "Infinity" not in text
    json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in feed"))


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_creates_in_json_and_xml(live_server, data, fmt):
    response = httpx.post(f"{_root(live_server)}/requests.{fmt}", data={**GOOD, "description": "Łukasz: lamp"})
    assert response.status_code == 201
    if fmt == "xml":
        new_id = ET.fromstring(response.content).find("request/service_request_id").text or ""
    else:
        new_id = response.json()[0]["service_request_id"]
    defect = Defect.objects.get(pk=int(new_id))
    assert defect.category == "street_light" and defect.description == "Łukasz: lamp"
    assert defect.wijk is not None
    client = GeoReport(_root(live_server), jurisdiction="GM0268", output_format=fmt)
    assert client.get_service_request(new_id)["service_code"] == "LAMP"
