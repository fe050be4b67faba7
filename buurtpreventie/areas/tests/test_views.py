from __future__ import annotations

import pytest

from buurtpreventie.testing.factories import WijkFactory
from buurtpreventie.testing.helpers import make_professional

pytestmark = pytest.mark.django_db


def test_wijk_overview_shows_own_municipality_only(client_for, municipality, other_municipality, wijk):
    WijkFactory(municipality=other_municipality, code="WK036101", name="Zuid-Alkmaar")
    user = make_professional("safety_officer", municipality)
    client = client_for(user)
    response = client.get("/wijken/")
    assert response.status_code == 200
    assert b"Nijmegen-Centrum" in response.content
    assert b"Zuid-Alkmaar" not in response.content
    # Asking for the other municipality explicitly gives nothing of it
    response = client.get("/wijken/?gemeente=GM0361")
    assert response.status_code == 404
    geo = client.get("/wijken/kaart.geojson?gemeente=GM0361")
    assert geo.status_code == 404
    assert client.get("/wijken/WK036101/").status_code == 404


def test_geojson_has_wijk_shapes_and_metrics(client_for, municipality, wijk):
    client = client_for(make_professional("wijkagent", municipality, wijk=wijk))
    data = client.get("/wijken/kaart.geojson").json()
    assert data["type"] == "FeatureCollection"
    assert data["features"][0]["properties"]["code"] == "WK026801"
    assert data["features"][0]["geometry"]["type"] == "Polygon"


def test_anonymous_is_sent_to_login(client, wijk):
    response = client.get("/wijken/")
    assert response.status_code == 302
    assert "/account/inloggen/" in response["Location"]


def test_member_sees_own_municipality_map(client_for, member, wijk, other_municipality):
    WijkFactory(municipality=other_municipality, code="WK036102", name="Overstad")
    response = client_for(member).get("/wijken/")
    assert response.status_code == 200
    assert b"Overstad" not in response.content


def test_street_autocomplete_is_scoped(client_for, municipality, other_municipality, member):
    from buurtpreventie.testing.factories import StreetFactory

    StreetFactory(municipality=municipality, name="Burchtstraat")
    StreetFactory(municipality=other_municipality, name="Burgemeester Straat Alkmaar")
    client = client_for(member)
    names = [s["name"] for s in client.get("/api/areas/streets?q=Bur").json()]
    assert names == ["Burchtstraat"]
    # Another municipality is refused, not silently replaced by one's own.
    assert client.get(f"/api/areas/streets?q=Bur&municipality={other_municipality.pk}").status_code == 404


def test_wijk_overview_query_count_does_not_grow_with_wijken(client_for, municipality, django_assert_max_num_queries):
    for _ in range(20):
        WijkFactory(municipality=municipality)
    client = client_for(make_professional("safety_officer", municipality))
    client.get("/wijken/")  # warm caches
    with django_assert_max_num_queries(12):
        assert client.get("/wijken/").status_code == 200
