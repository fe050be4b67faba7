"""End to end on the real ASGI app: a member in patrol mode gets an alert while the dispatcher
watches the answer arrive; a team in another wijk gets nothing."""

from __future__ import annotations

import time

import pytest

from buurtpreventie.testing.browser import browser_login

from .asgi_server import ThreadedAsgiServer
from .conftest import CENTRE, EAST_POINT, start_round


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_receives_alert_and_dispatcher_sees_answer(browser, dispatcher, team, member, east_team, east_member,
                                                          east_wijk):
    start_round(team, [member], at=CENTRE)
    start_round(east_team, [east_member], at=EAST_POINT)
    with ThreadedAsgiServer() as server:
        contexts = []

        def new_page(phone: bool = False):
            ctx = browser.new_context(base_url=server.url, locale="nl-NL",
                                      viewport={"width": 360, "height": 740} if phone else {"width": 1280, "height": 900})
            contexts.append(ctx)
            p = ctx.new_page()
            p.set_default_timeout(10_000)
            return p

        try:
            walker = new_page(phone=True)
            browser_login(walker, member.username)
            walker.goto("/alarm/mijn-ronde/")
            walker.wait_for_selector("#patrol-alerts[data-state='open']")

            elsewhere = new_page(phone=True)
            browser_login(elsewhere, east_member.username)
            elsewhere.goto("/alarm/mijn-ronde/")
            elsewhere.wait_for_selector("#patrol-alerts[data-state='open']")

            desk = new_page()
            browser_login(desk, dispatcher.username)
            desk.goto("/alarm/nieuw/")
            desk.check("input[name=area_kind][value=circle]")
            desk.fill("#id_lat", str(CENTRE[0]))
            desk.fill("#id_lon", str(CENTRE[1]))
            desk.fill("#id_radius_m", "500")
            desk.fill("#id_situation", "Overval bij de juwelier, twee verdachten te voet gevlucht")
            desk.fill("#id_instructions", "Grijp niet in. Bel 112 als u ze ziet.")
            desk.locator("#id_radius_m").dispatch_event("change")
            desk.wait_for_selector("#alert-preview >> text=1 persoon")
            assert "Team Centrum" in desk.inner_text("#alert-preview")
            assert "Team Oost" not in desk.inner_text("#alert-preview")
            desk.click("button[type=submit] >> text=Alarm versturen")
            desk.wait_for_selector("#dispatch-state .live-dot[data-state='open']")
            sent = time.monotonic()

            card = walker.locator(".patrol-alert >> text=Overval bij de juwelier")
            card.wait_for(timeout=5_000)
            latency = time.monotonic() - sent
            assert latency < 2.0, f"alert took {latency:.2f}s to show"
            walker.click(".patrol-alert button[value=safe]")
            walker.wait_for_selector(".patrol-alert [data-answer] >> text=Wij zijn veilig")

            desk.wait_for_selector(f"#alert-status tr[data-user-id='{member.pk}'] [data-answer] >> text=Wij zijn veilig")
            assert "Wij zijn veilig" in desk.inner_text("#dispatch-announce")

            time.sleep(0.3)
            assert elsewhere.locator(".patrol-alert").count() == 0  # the round in another wijk got nothing
        finally:
            for ctx in contexts:
                ctx.close()
