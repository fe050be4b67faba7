"""End to end on a 360 px phone: an app-group member (and a team member outside a round) files a
signal, also offline; the wijkagent sees it in the loket and in the group feed and gives
feedback; the member and the group's admin read it and copy the share text."""

from __future__ import annotations

import re
from typing import Any

import pytest

from buurtpreventie.signals.models import Signal
from buurtpreventie.testing.browser import browser_login, wait_ready_for_offline, wait_until


def _fill_signal(page: Any, behaviour: str) -> None:
    page.select_option("#id_category", "suspicious")
    page.fill("#id_behaviour", behaviour)
    # Tap the place on the map (the wijk square), then name the street.
    page.locator("#signal-map").scroll_into_view_if_needed()  # mouse clicks land only inside the viewport
    box = page.locator("#signal-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => document.querySelector('#signal-form input[name=lat]').value !== ''")
    page.fill("#id_place", "Grote Markt")
    page.check("input[name=called_112][value=yes]")
    page.select_option("#id_called_112_by", "me")


def _agent_gives_feedback(page: Any, live_server: Any, signal: Signal, body: str, group_feed: bool) -> None:
    desk = page.context.browser.new_context(base_url=live_server.url, locale="nl-NL")
    agent = desk.new_page()
    agent.set_default_timeout(20_000)
    browser_login(agent, "wijkagent")
    if group_feed:
        agent.goto("/signalen/feed/")
        agent.wait_for_selector(f"[data-signal='{signal.pk}']")
    agent.goto("/loket/?soort=signalen")
    agent.click(f"a[href='/loket/signaal/{signal.pk}/']")
    agent.select_option("#id_kind", "action")
    agent.fill("#id_body", body)
    agent.click("#signal-feedback-form button[type=submit]")
    agent.wait_for_selector("text=Terugkoppeling verstuurd")
    desk.close()


def _reads_and_copies(page: Any, signal: Signal, body: str) -> None:
    page.goto(f"/signalen/{signal.pk}/")
    page.wait_for_selector("[data-feedback]")
    assert body in page.inner_text("#main")
    share = page.input_value(".share-text")
    assert body in share and "Grote Markt" in share
    page.click("[data-copy]")
    page.wait_for_selector("[data-copied] >> text=Gekopieerd")
    assert page.evaluate("navigator.clipboard.readText()") == share


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_app_group_signal_offline_to_loket_feedback_and_share(phone_page: Any, live_server: Any, app_group: Any,
                                                              group_member: Any, group_admin: Any, wijkagent: Any,
                                                              wijk: Any) -> None:
    page = phone_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    browser_login(page, "appgroeplid")
    page.goto("/signalen/")
    assert "Looprondes" not in page.inner_text("nav.site-nav")
    page.click("#new-signal")
    page.wait_for_selector("#signal-form")
    assert "Signaleer, Alarmeer 112, App de groep, Reageer" in page.inner_text("#saar-rule")
    # The service worker keeps the form and its scripts for offline use.
    wait_ready_for_offline(page)
    page.context.set_offline(True)
    page.reload()  # no connection: the form still opens
    page.wait_for_selector("#signal-form[data-ready='1']")  # signal_form.js took over sending
    _fill_signal(page, "Twee mensen liepen langs de achterpaden en voelden aan de poorten.")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 362, f"signal form is {width}px wide on a 360px phone"
    page.click("#signal-submit")
    page.wait_for_selector("#outbox-status[data-state='queued']")  # a state, not a word (see outbox.js)
    assert "Geen verbinding" in page.inner_text("#outbox-status")
    assert Signal.objects.count() == 0
    page.context.set_offline(False)
    assert wait_until(lambda: Signal.objects.count() == 1), "the queued signal never arrived"
    # "verstuurd" also appears in the queued text: wait for the state.
    page.wait_for_selector("#outbox-status[data-state='sent']")
    signal = Signal.objects.get()
    assert signal.author == group_member and signal.wijk == wijk and signal.lat is not None
    assert signal.called_112 and signal.called_112_by == "me"

    body = "We hebben extra surveillance ingezet in de achterpaden."
    _agent_gives_feedback(page, live_server, signal, body, group_feed=True)
    _reads_and_copies(page, signal, body)
    page.goto("/loket/berichten/")
    assert "heeft gereageerd op het signaal" in page.inner_text("#main")

    # The group's admin reads it too and copies the share text.
    admin_context = page.context.browser.new_context(base_url=live_server.url, locale="nl-NL",
                                                     viewport={"width": 360, "height": 740}, is_mobile=True,
                                                     has_touch=True)
    admin_context.grant_permissions(["clipboard-read", "clipboard-write"])
    admin = admin_context.new_page()
    admin.set_default_timeout(20_000)
    browser_login(admin, "beheerder")
    _reads_and_copies(admin, signal, body)
    admin_context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_team_member_files_signal_outside_a_round(phone_page: Any, live_server: Any, team: Any, member: Any,
                                                  wijkagent: Any, wijk: Any) -> None:
    page = phone_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    browser_login(page, "lid")
    page.goto("/signalen/nieuw/")
    page.wait_for_selector("#signal-form")
    _fill_signal(page, "Een busje reed drie keer langzaam door de straat en stopte bij elke oprit.")
    page.click("#signal-submit")
    page.wait_for_url(re.compile(r"/signalen/\d+/$"))
    signal = Signal.objects.get()
    assert signal.initiative == team
    body = "Kenteken nagetrokken, we houden het in de gaten."
    _agent_gives_feedback(page, live_server, signal, body, group_feed=False)
    _reads_and_copies(page, signal, body)
