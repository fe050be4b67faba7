"""Fixtures shared by all apps' tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from buurtpreventie.accounts.models import User
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

    def _make(user: User) -> Client:
        return login(Client(), user)

    return _make


# --- Browser tests (Playwright driving the system Chromium) ---------------------------------

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium_path() -> str | None:
    import shutil

    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Any:
    """A headless system Chromium. `make test` installs it; without it browser tests fail loudly."""
    import os

    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs in this thread
    path = _chromium_path()
    if path is None:
        pytest.fail("Chromium not found: run `make test` (it installs the system chromium package).")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Any:
    """A desktop-sized page; use `phone_page` for a 360 px phone."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)  # a loaded 2-core CI machine; waits are for states, so only slowness costs
    yield page
    context.close()


@pytest.fixture
def phone_page(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 360, "height": 740}, is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(20_000)  # a loaded 2-core CI machine; waits are for states, so only slowness costs
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _dutch_for_every_test() -> Any:
    """Each test starts in the default language, whatever an earlier test activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_reference_caches() -> Any:
    """Process caches (street names, report settings, the blank public form, fast-route memory) start empty."""
    from buurtpreventie.core.fastpath import forget_all
    from buurtpreventie.patrols.selectors import reference_cache_clear
    from buurtpreventie.public.views import blank_form_cache_clear

    reference_cache_clear()
    blank_form_cache_clear()
    forget_all()  # the fast route's users and rounds (ids repeat across tests)
    yield


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Every test starts with an empty cache: rate-limit counters (login, password reset, public
    forms) of one test must not refuse the next one's requests."""
    from django.core.cache import cache

    from buurtpreventie.areas.selectors import clear_geometry_cache

    cache.clear()
    clear_geometry_cache()  # wijk shapes of an earlier test's (rolled back) wijken
    yield
