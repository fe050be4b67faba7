"""PDOK base map with vector-only fallback, and the address search endpoints against a local
PDOK Locatieserver stand-in."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from buurtpreventie.areas.models import Municipality, Wijk
from buurtpreventie.testing.browser import browser_login
from buurtpreventie.testing.helpers import make_professional
from buurtpreventie.testing.standins.pdok import PdokStandIn
from buurtpreventie.testing.standins.server import ThreadedServer, refused_port

NIJMEGEN = Path(__file__).resolve().parents[2] / "demo" / "data" / "nijmegen"


def test_default_tile_layer_is_pdok_brt():
    from config.settings import base

    assert str(base.BUURTPREVENTIE["MAP_TILE_URL"]).startswith("https://service.pdok.nl/brt/achtergrondkaart/wmts/")
    assert "Kadaster" in str(base.BUURTPREVENTIE["MAP_TILE_ATTRIBUTION"])


@pytest.fixture
def pdok(settings):
    with ThreadedServer(PdokStandIn()) as server:
        settings.BUURTPREVENTIE = {**settings.BUURTPREVENTIE, "PDOK_LOCATIESERVER_URL": server.url}
        yield server


@pytest.mark.django_db
def test_address_endpoints(pdok, member, client_for, client):
    c = client_for(member)
    results = c.get("/wijken/adres/suggesties/?q=burchtstraat 43&gemeente=GM0268").json()["results"]
    assert results == [{"id": "adr-burchtstraat-43a", "display": "Burchtstraat 43A, 6511RA Nijmegen"}]
    assert c.get("/wijken/adres/suggesties/?q=langestraat&gemeente=GM0268").json()["results"] == []  # Alkmaar
    found = c.get("/wijken/adres/opzoeken/?id=adr-burchtstraat-43a").json()
    assert found["lat"] == 51.84651 and found["lon"] == 5.86695 and found["street"] == "Burchtstraat"
    near = c.get("/wijken/adres/bij-punt/?lat=51.8472&lon=5.8632").json()
    assert near["display"].startswith("Grote Markt 1")
    assert c.get("/wijken/adres/bij-punt/?lat=nan&lon=5").status_code == 400
    assert c.get("/wijken/adres/bij-punt/?lat=52.0&lon=4.0").status_code == 404  # nothing within 100 m
    assert c.get("/wijken/adres/opzoeken/?id=bestaat-niet").status_code == 404
    assert client.get("/wijken/adres/suggesties/?q=grote").status_code == 302  # signed in only


@pytest.mark.django_db
def test_pdok_down_fails_soft(settings, member, client_for):
    with refused_port() as port:  # PDOK is down
        settings.BUURTPREVENTIE = {**settings.BUURTPREVENTIE, "PDOK_LOCATIESERVER_URL": f"http://127.0.0.1:{port}"}
        assert client_for(member).get("/wijken/adres/suggesties/?q=grote markt").json() == {"results": []}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_map_falls_back_to_our_shapes_when_tiles_fail(page, settings):
    with refused_port() as port:  # the tile server is down
        settings.BUURTPREVENTIE = {**settings.BUURTPREVENTIE,
                                   "MAP_TILE_URL": f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png",
                                   "MAP_TILE_ATTRIBUTION": "Kaartgegevens © Kadaster"}
        call_command("import_areas", wijken=NIJMEGEN / "wijken_2024_simplified.geojson", no_progress=True,
                     stdout=StringIO())
        nijmegen = Municipality.objects.get(code="GM0268")
        make_professional("wijkagent", nijmegen, wijk=Wijk.objects.get(code="WK026801"), username="agent")
        browser_login(page, "agent")
        page.goto("/wijken/")
        page.wait_for_selector("#wijk-map[data-tiles='failed']")
        page.wait_for_selector("#wijk-map[data-loaded='9']")
        assert page.locator("#wijk-map path.leaflet-interactive").count() == 9
        assert "Achtergrondkaart niet beschikbaar" in page.locator(".map-note").inner_text()
        assert page.locator("#wijk-map img.leaflet-tile").count() == 0
