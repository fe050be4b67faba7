"""Error pages as a person sees them: in the layout, on a phone, with a way back, in both languages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

from buurtpreventie.testing.browser import browser_login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_not_found_on_a_phone_has_the_layout_and_a_way_back(phone_page: Any) -> None:
    page = phone_page
    page.goto("/gemeente/")
    response = page.goto("/deze-pagina-bestaat-niet/")
    assert response.status == 404
    page.wait_for_selector(".error-page[data-status='404']")
    assert page.inner_text("h1") == "Pagina niet gevonden"
    assert page.is_visible(".site-header")
    # fits a 360 px phone: nothing wider than the viewport
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("text=Naar de startpagina")
    page.wait_for_url(lambda url: urlparse(url).path == "/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_access_in_english_for_a_member(phone_page: Any, member: Any) -> None:
    page = phone_page
    browser_login(page, member.username)
    toggle = page.locator("[data-menu-toggle]")
    if toggle.is_visible():  # on a phone the language switch sits behind the menu button
        toggle.click()
    page.click("button[lang='en']")
    page.wait_for_selector("html[lang='en']")
    response = page.goto("/initiatieven/nieuw/")
    assert response.status == 403
    page.wait_for_selector(".error-page[data-status='403']")
    assert page.inner_text("h1") == "No access"
    assert page.is_visible("text=To the start page")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_api_errors_stay_json_in_the_browser(page: Any) -> None:
    response = page.goto("/api/bestaat-niet")
    assert response.status == 404 and response.json() == {"detail": "not found"}
