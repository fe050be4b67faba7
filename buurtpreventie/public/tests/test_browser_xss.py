"""Stored XSS (issue 9): a script in a team name, a wijk name or a help text runs nowhere —
not on the live board, the alert form, the public dossier page or the public poll."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from buurtpreventie.patrols.models import Position, RoundParticipant
from buurtpreventie.surveys.models import Questionnaire
from buurtpreventie.surveys.services import questionnaire_install_standard
from buurtpreventie.testing.browser import browser_login
from buurtpreventie.testing.factories import RoundFactory

PAYLOAD = '<img src=x onerror="window.__xss=(window.__xss||0)+1">'
CENTRE = (51.845, 5.865)  # middle of the factory wijk square


def _hover_centre_and_read_tooltip(page, selector: str) -> str:
    page.wait_for_selector(f"{selector} .leaflet-interactive")
    box = page.locator(selector).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = page.wait_for_selector(".leaflet-tooltip")
    return tooltip.inner_text()


def _assert_nothing_ran(page) -> None:
    page.wait_for_timeout(300)  # give an injected onerror the chance to fire
    assert page.evaluate("window.__xss === undefined")
    assert page.locator(".leaflet-tooltip img, .utrecht-form-field-description img").count() == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_payload_in_names_and_help_text_runs_nowhere(page, municipality, wijk, team, member, dispatcher):
    team.name = "Team " + PAYLOAD
    team.save()
    wijk.name = "Wijk " + PAYLOAD
    wijk.save()
    now = timezone.now()
    rnd = RoundFactory(initiative=team, status="running", started_at=now - timedelta(minutes=10), wijk=wijk,
                       planned_start=now - timedelta(minutes=15))
    RoundParticipant.objects.create(round=rnd, user=member, shares_position=True)
    Position.objects.create(round=rnd, user=member, lat=CENTRE[0], lon=CENTRE[1], recorded_at=now)
    for q in questionnaire_install_standard(actor=None, municipality=municipality):
        if q.kind == "motivation":
            Questionnaire.objects.filter(pk=q.pk).update(public_poll=True, is_active=True)
            question = q.questions.first()
            question.help_text = "Uitleg " + PAYLOAD
            question.save()

    # Public pages, anonymous
    page.goto(f"/gemeente/{municipality.slug}/")
    assert "<img" in _hover_centre_and_read_tooltip(page, "#initiatives-map")
    _assert_nothing_ran(page)
    page.goto(f"/vragenlijsten/poll/{municipality.slug}/")
    assert "<img" in page.locator(".utrecht-form-field-description").first.inner_text()
    _assert_nothing_ran(page)

    # The dispatcher's live board and alert form
    browser_login(page, dispatcher.username)
    page.goto("/alarm/live/")
    assert "<img" in _hover_centre_and_read_tooltip(page, "#board-map")
    _assert_nothing_ran(page)
    page.goto("/alarm/nieuw/")
    assert "<img" in _hover_centre_and_read_tooltip(page, "#alert-map")
    _assert_nothing_ran(page)
