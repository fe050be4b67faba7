"""The one municipality resolver: `?gemeente=`, the session choice, the default, superusers."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from buurtpreventie.accounts.models import RoleGrant
from buurtpreventie.testing.factories import MunicipalityFactory, UserFactory
from buurtpreventie.testing.helpers import make_professional

pytestmark = pytest.mark.django_db

# Pages where a safety officer works in "the current municipality".
STAFF_PAGES = ["/contact/", "/vragenlijsten/", "/inzicht/", "/initiatieven/", "/loket/", "/wijken/"]


@pytest.fixture
def two_municipality_officer(municipality: Any, other_municipality: Any) -> Any:
    user = make_professional("safety_officer", municipality, username="oov-beide")
    RoleGrant.objects.create(user=user, role="safety_officer", municipality=other_municipality)
    return user


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_of_two_municipalities_switch_on_every_page(
    url: str, two_municipality_officer: Any, municipality: Any, other_municipality: Any, client_for: Any
) -> None:
    client = client_for(two_municipality_officer)
    first = client.get(url)
    assert first.status_code == 200
    assert first.context["current_municipality"] == other_municipality  # Alkmaar before Nijmegen
    chosen = client.get(url, {"gemeente": municipality.code})
    assert chosen.status_code == 200
    assert chosen.context["current_municipality"] == municipality
    # The choice is remembered: the next page, without a parameter, stays in Nijmegen.
    again = client.get(url)
    assert again.context["current_municipality"] == municipality


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_other_municipality_in_the_url_is_refused_not_replaced(
    url: str, safety_officer: Any, other_municipality: Any, client_for: Any
) -> None:
    client = client_for(safety_officer)
    response = client.get(url, {"gemeente": other_municipality.code})
    assert response.status_code == 404


def test_unknown_municipality_is_404(safety_officer: Any, client_for: Any) -> None:
    assert client_for(safety_officer).get("/inzicht/", {"gemeente": "GM9999"}).status_code == 404


def test_switch_in_the_header_is_remembered_and_checked(
    two_municipality_officer: Any, safety_officer: Any, municipality: Any, other_municipality: Any, client_for: Any
) -> None:
    client = client_for(two_municipality_officer)
    page = client.get("/inzicht/")
    assert 'name="gemeente"' in page.content.decode()  # the switch is offered
    response = client.post(reverse("core:choose_municipality"), {"gemeente": municipality.code, "next": "/inzicht/"})
    assert response.status_code == 302 and response["Location"] == "/inzicht/"
    assert client.get("/contact/").context["current_municipality"] == municipality
    # Someone who works in one municipality cannot choose another.
    single = client_for(safety_officer)
    refused = single.post(reverse("core:choose_municipality"), {"gemeente": other_municipality.code, "next": "/"})
    assert refused.status_code == 404
    # An off-site `next` is not followed.
    off_site = client.post(reverse("core:choose_municipality"), {"gemeente": municipality.code,
                                                                 "next": "https://evil.example/"})
    assert off_site["Location"] == "/"


def test_api_follows_the_same_resolver(
    two_municipality_officer: Any, safety_officer: Any, municipality: Any, other_municipality: Any, client_for: Any
) -> None:
    from buurtpreventie.testing.factories import InitiativeFactory

    InitiativeFactory(municipality=municipality, name="Team Nijmegen")
    InitiativeFactory(municipality=other_municipality, name="Team Alkmaar")
    client = client_for(two_municipality_officer)
    names = [i["name"] for i in client.get("/api/initiatives/", {"municipality": municipality.code}).json()]
    assert names == ["Team Nijmegen"]
    names = [i["name"] for i in client.get("/api/initiatives/", {"gemeente": other_municipality.code}).json()]
    assert names == ["Team Alkmaar"]
    refused = client_for(safety_officer).get("/api/initiatives/", {"municipality": other_municipality.code})
    assert refused.status_code == 404


def test_superuser_sees_every_municipality(municipality: Any, other_municipality: Any, client_for: Any) -> None:
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = client_for(admin)
    response = client.get("/initiatieven/", {"gemeente": municipality.code})
    assert response.status_code == 200 and response.context["current_municipality"] == municipality
    MunicipalityFactory(code="GM0344", name="Utrecht", slug="utrecht")
    assert client.get("/initiatieven/", {"gemeente": "utrecht"}).status_code == 200
