"""Error pages in the site's layout, in the visitor's language, with a way back; JSON for the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory

from buurtpreventie.core import errors

pytestmark = pytest.mark.django_db


def test_404_is_a_page_of_the_site_with_a_way_back() -> None:
    response = Client().get("/bestaat-niet/", HTTP_REFERER="http://testserver/gemeente/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in html and 'class="utrecht-page-header site-header"' in html
    assert 'href="http://testserver/gemeente/"' in html and "Naar de startpagina" in html
    assert 'name="viewport"' in html


def test_a_foreign_referer_is_not_offered_as_the_way_back() -> None:
    html = Client().get("/bestaat-niet/", HTTP_REFERER="https://evil.example/").content.decode()
    assert "evil.example" not in html


def test_error_pages_follow_the_language_switch() -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/bestaat-niet/").content.decode()
    assert "Page not found" in html and "To the start page" in html


def test_403_offers_login_to_a_visitor(member: Any, client_for: Any) -> None:
    response = client_for(member).get("/initiatieven/nieuw/")
    assert response.status_code in (403, 404)
    assert "Naar de startpagina" in response.content.decode()
    anonymous = errors.permission_denied(RequestFactory().get("/x/"))
    assert anonymous.status_code == 403 and "/account/inloggen/?next=/x/" in anonymous.content.decode()


def test_api_errors_stay_json() -> None:
    response = Client().get("/api/bestaat-niet")
    assert response.status_code == 404 and response.json() == {"detail": "not found"}
    assert errors.server_error(RequestFactory().get("/api/x")).status_code == 500


def test_500_in_the_layout_and_without_the_database_if_need_be(monkeypatch: Any) -> None:
    request = RequestFactory().get("/kapot/")
    response = errors.server_error(request)
    assert response.status_code == 500 and "Er ging iets mis bij ons" in response.content.decode()

    real = errors.render_to_string  # type: ignore[attr-defined]  # the name the module looks up

    def layout_fails(name: str, *args: Any, **kwargs: Any) -> str:
        if name == "errors/error.html":
            raise RuntimeError("database unavailable")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(errors, "render_to_string", layout_fails)
    plain = errors.server_error(request)
    assert plain.status_code == 500 and "Foutcode 500" in plain.content.decode()


def test_a_form_sent_after_logout_explains_itself(member: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/inloggen/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Dit formulier is verlopen" in response.content.decode()
