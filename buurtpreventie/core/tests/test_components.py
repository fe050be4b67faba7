"""Template components under templates/components/ render the NL Design System (Utrecht) markup."""

from __future__ import annotations

from django.template.loader import render_to_string


def test_status_badge_has_the_utrecht_class_and_tone() -> None:
    html = render_to_string("components/status_badge.html", {"text": "Actief", "tone": "success", "id": "s"})
    assert 'class="utrecht-status-badge utrecht-status-badge--success' in html and 'id="s"' in html
    assert ">Actief</span>" in html
    assert "utrecht-status-badge--neutral" in render_to_string("components/status_badge.html", {"text": "x"})


def test_status_badge_escapes_its_text() -> None:
    assert "<script>" not in render_to_string("components/status_badge.html", {"text": "<script>"})


def test_button_link_and_data_list() -> None:
    link = render_to_string("components/button_link.html", {"href": "/terug/", "text": "Terug"})
    assert 'href="/terug/"' in link and "utrecht-button-link--secondary-action" in link
    rows = render_to_string("components/data_list.html", {"rows": [("Naam", "Team Oost"), ("Wijk", "")]})
    assert "utrecht-data-list__item-key" in rows and "Team Oost" in rows and "—" in rows
