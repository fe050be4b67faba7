"""Fixtures shared by all apps' tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from buurtpreventie.testing.factories import InitiativeFactory, MunicipalityFactory, WijkFactory
from buurtpreventie.testing.helpers import login, make_member, make_professional


@pytest.fixture
def municipality(db: Any) -> Any:
    return MunicipalityFactory(code="GM0268", name="Nijmegen", slug="nijmegen")


@pytest.fixture
def other_municipality(db: Any) -> Any:
    return MunicipalityFactory(code="GM0361", name="Alkmaar", slug="alkmaar")


@pytest.fixture
def wijk(municipality: Any) -> Any:
    return WijkFactory(municipality=municipality, code="WK026801", name="Nijmegen-Centrum")


@pytest.fixture
def team(municipality: Any, wijk: Any) -> Any:
    return InitiativeFactory(municipality=municipality, name="Team Centrum", wijken=[wijk])


@pytest.fixture
def other_team(municipality: Any, wijk: Any) -> Any:
    return InitiativeFactory(municipality=municipality, name="Team Elders", wijken=[wijk])


@pytest.fixture
def member(team: Any) -> Any:
    return make_member(team, username="lid")


@pytest.fixture
def coordinator(team: Any) -> Any:
    return make_member(team, role="coordinator", username="coordinator")


@pytest.fixture
def wijkagent(municipality: Any, wijk: Any) -> Any:
    return make_professional("wijkagent", municipality, wijk=wijk, username="wijkagent")


@pytest.fixture
def safety_officer(municipality: Any) -> Any:
    return make_professional("safety_officer", municipality, username="oov")


@pytest.fixture
def dispatcher(municipality: Any) -> Any:
    return make_professional("dispatcher", municipality, username="meldkamer")


@pytest.fixture
def other_safety_officer(other_municipality: Any) -> Any:
    return make_professional("safety_officer", other_municipality, username="oov-alkmaar")


@pytest.fixture
def client_for() -> Any:
    """`client_for(user)` gives a logged-in, two-factor verified test client."""

    def _make(user: Any) -> Client:
        return login(Client(), user)

    return _make
