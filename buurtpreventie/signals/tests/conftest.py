from __future__ import annotations

from typing import Any

import pytest

from buurtpreventie.testing.factories import InitiativeFactory
from buurtpreventie.testing.helpers import make_member


@pytest.fixture
def app_group(municipality: Any, wijk: Any) -> Any:
    return InitiativeFactory(municipality=municipality, name="Appgroep Centrum", kind="app_group", wijken=[wijk])


@pytest.fixture
def group_admin(app_group: Any) -> Any:
    return make_member(app_group, role="app_group_admin", username="beheerder", email="beheerder@example.org")


@pytest.fixture
def group_member(app_group: Any) -> Any:
    return make_member(app_group, username="appgroeplid", email="lid@example.org")
