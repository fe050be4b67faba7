"""End to end: a wijkagent logs in (password + TOTP) and opens the wijk map."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from buurtpreventie.areas.models import Municipality, Wijk
from buurtpreventie.testing.browser import browser_login
from buurtpreventie.testing.helpers import make_professional

NIJMEGEN = Path(__file__).resolve().parents[2] / "demo" / "data" / "nijmegen"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_wijkagent_logs_in_and_sees_the_wijk_map(page):
    call_command(
        "import_areas",
        wijken=NIJMEGEN / "wijken_2024_simplified.geojson",
        kerncijfers=NIJMEGEN / "kerncijfers_wijken_buurten_2024.csv",
        no_progress=True,
        stdout=StringIO(),
    )
    nijmegen = Municipality.objects.get(code="GM0268")
    make_professional("wijkagent", nijmegen, wijk=Wijk.objects.get(code="WK026801"), username="agent")

    browser_login(page, "agent")
    page.goto("/wijken/")
    assert page.locator("h1").inner_text() == "Wijken van Nijmegen"
    # Nine wijk shapes drawn from our own data, without any tile server
    page.wait_for_selector("#wijk-map[data-loaded='9']")
    assert page.locator("#wijk-map path.leaflet-interactive").count() == 9
    assert page.locator(".legend").is_visible()
    assert page.locator("#wijk-table tbody tr").count() == 9
    # Switch the colouring to inhabitants and to English
    page.select_option("#kleur", "inhabitants")
    page.click("button >> text=Toon")
    page.wait_for_selector("#wijk-map[data-loaded='9']")
    page.click("button[lang=en]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Districts of Nijmegen"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_map_page_fits_a_phone(phone_page):
    call_command("import_areas", wijken=NIJMEGEN / "wijken_2024_simplified.geojson", no_progress=True, stdout=StringIO())
    nijmegen = Municipality.objects.get(code="GM0268")
    make_professional("safety_officer", nijmegen, username="oov")
    browser_login(phone_page, "oov")
    phone_page.goto("/wijken/")
    phone_page.wait_for_selector("#wijk-map[data-loaded='9']")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 362, f"page is {width}px wide on a 360px phone"
