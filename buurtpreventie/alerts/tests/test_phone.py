"""The phone (360 px): a new alert takes the screen wherever the walker scrolled to."""

from __future__ import annotations

import time

import pytest

from buurtpreventie.alerts import services
from buurtpreventie.alerts.models import AlertRecipient
from buurtpreventie.alerts.targeting import AlertArea
from buurtpreventie.testing.browser import browser_login

from .asgi_server import ThreadedAsgiServer
from .conftest import CENTRE, start_round

IN_VIEW = """() => {
  const el = document.querySelector('#alarm-overlay .patrol-alert [data-title]');
  if (!el) return false;
  const r = el.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
}"""


def _wait(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_alert_arriving_while_scrolled_down_takes_the_screen(browser, municipality, dispatcher, team, member):
    start_round(team, [member], at=CENTRE)
    with ThreadedAsgiServer() as server:
        ctx = browser.new_context(base_url=server.url, locale="nl-NL", viewport={"width": 360, "height": 740},
                                  has_touch=True, is_mobile=True)
        try:
            page = ctx.new_page()
            page.set_default_timeout(10_000)
            browser_login(page, member.username)
            page.goto("/alarm/mijn-ronde/")
            page.wait_for_selector("#patrol-alerts[data-state='open']")
            # A long page (map, route, report) scrolled to the bottom: the alert list is far above.
            page.evaluate("""() => { const d = document.createElement('div'); d.style.height = '3000px';
                                     d.id = 'spacer'; document.querySelector('main, body').appendChild(d);
                                     window.scrollTo(0, document.body.scrollHeight); }""")
            assert page.evaluate("() => document.getElementById('patrol-alerts').getBoundingClientRect().bottom < 0")

            alert = services.alert_send(actor=dispatcher, municipality=municipality, situation="Inbraak Hoogstraat",
                                        instructions="Blijf op afstand", area=AlertArea(
                                            lat=CENTRE[0], lon=CENTRE[1], radius_m=500))
            page.wait_for_selector(f"#patrol-alert-{alert.pk}", state="attached")  # arrived on the phone
            page.wait_for_function(IN_VIEW, timeout=1_000)  # in view within 1 s of arriving
            assert page.evaluate("() => document.activeElement && document.activeElement.matches("
                                 "'#alarm-overlay [data-title]')")
            box = page.locator("#alarm-overlay button[value=safe]").bounding_box()
            assert box is not None and box["y"] > 740 / 2 and box["y"] + box["height"] <= 740  # thumb reach
            assert _wait(lambda: AlertRecipient.objects.filter(alert=alert, user=member,
                                                               seen_at__isnull=False).exists())

            page.click("#alarm-overlay button[value=safe]")
            page.wait_for_selector("#alarm-overlay", state="hidden")
            page.wait_for_selector("#patrol-alert-list .patrol-alert [data-answer] >> text=Wij zijn veilig")

            services.alert_clear(actor=dispatcher, alert=alert, outcome="Verdachte aangehouden.")
            page.wait_for_selector(f"#patrol-alert-past #patrol-alert-{alert.pk}", state="attached")
            assert page.locator("#patrol-alert-list .patrol-alert").count() == 0  # past alerts collapse
        finally:
            ctx.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_ik_zie_iets_with_photo_reaches_the_dispatcher(browser, municipality, dispatcher, team, member):
    import io

    from PIL import Image

    from buurtpreventie.alerts.models import AlertSighting

    start_round(team, [member], at=CENTRE)
    alert = services.alert_send(actor=dispatcher, municipality=municipality, situation="Verdachte auto",
                                instructions="Kijk en meld", area=AlertArea(lat=CENTRE[0], lon=CENTRE[1], radius_m=500))
    photo = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 30, 30)).save(photo, "PNG")
    with ThreadedAsgiServer() as server:
        phone = browser.new_context(base_url=server.url, locale="nl-NL", viewport={"width": 360, "height": 740},
                                    geolocation={"latitude": CENTRE[0], "longitude": CENTRE[1]},
                                    permissions=["geolocation"], has_touch=True, is_mobile=True)
        desk_ctx = browser.new_context(base_url=server.url, locale="nl-NL", viewport={"width": 1280, "height": 900})
        try:
            desk = desk_ctx.new_page()
            desk.set_default_timeout(10_000)
            browser_login(desk, dispatcher.username)
            desk.goto(f"/alarm/{alert.pk}/")
            desk.wait_for_selector("#dispatch-state .live-dot[data-state='open']")

            page = phone.new_page()
            page.set_default_timeout(10_000)
            browser_login(page, member.username)
            page.goto("/alarm/mijn-ronde/")
            page.wait_for_selector("#alarm-overlay:not([hidden]) .patrol-alert")  # unanswered: takes the screen
            page.click("#alarm-overlay [data-sighting-open]")
            page.wait_for_function("() => document.querySelector('#alarm-overlay input[name=lat]').value !== ''")
            page.fill("#alarm-overlay textarea[name=text]", "Grijze bestelbus, rijdt richting station")
            page.set_input_files("#alarm-overlay input[name=photo]",
                                 files=[{"name": "bus.png", "mimeType": "image/png", "buffer": photo.getvalue()}])
            page.click("#alarm-overlay [data-sighting-form] button[type=submit]")
            page.wait_for_selector("#alarm-overlay [data-sighting-result][data-state='sent']")

            desk.wait_for_selector("#alert-status [data-sighting] >> text=Grijze bestelbus")
            assert "Grijze bestelbus" in desk.inner_text("#dispatch-announce")
            desk.wait_for_function("() => { const i = document.querySelector('#alert-status [data-sighting] img');"
                                   " return i && i.complete && i.naturalWidth === 640; }")
            sighting = AlertSighting.objects.get()
            assert sighting.lat is not None and abs(sighting.lat - CENTRE[0]) < 1e-4
            assert bytes(sighting.photo_jpeg or b"")[:2] == b"\xff\xd8"
        finally:
            phone.close()
            desk_ctx.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sos_long_press_reaches_the_live_board_and_is_withdrawn_with_confirmation(
        browser, municipality, dispatcher, team, member, coordinator):
    from django.core import mail

    from buurtpreventie.alerts.models import SosSignal

    start_round(team, [member], at=CENTRE)
    with ThreadedAsgiServer() as server:
        phone = browser.new_context(base_url=server.url, locale="nl-NL", viewport={"width": 360, "height": 740},
                                    geolocation={"latitude": CENTRE[0], "longitude": CENTRE[1]},
                                    permissions=["geolocation"], has_touch=True, is_mobile=True)
        desk_ctx = browser.new_context(base_url=server.url, locale="nl-NL", viewport={"width": 1280, "height": 900})
        try:
            desk = desk_ctx.new_page()
            desk.set_default_timeout(10_000)
            browser_login(desk, dispatcher.username)
            desk.goto("/alarm/live/")
            desk.wait_for_selector("#board-state .live-dot[data-state='open']")

            page = phone.new_page()
            page.set_default_timeout(10_000)
            browser_login(page, member.username)
            page.goto("/alarm/mijn-ronde/")
            page.wait_for_selector("#patrol-alerts[data-state='open']")
            button = page.locator("[data-sos-button]")
            button.hover()
            page.mouse.down()
            page.wait_for_timeout(500)
            page.mouse.up()  # a short press does nothing
            page.wait_for_timeout(300)
            assert not SosSignal.objects.exists()
            button.hover()
            page.mouse.down()
            page.wait_for_timeout(2300)
            page.mouse.up()
            page.wait_for_selector("#sos [data-sos-active]:not([hidden])")

            sos = SosSignal.objects.get()
            assert sos.lat is not None and abs(sos.lat - CENTRE[0]) < 1e-4
            desk.wait_for_selector(f"#board-sos [data-sos-id='{sos.pk}']")
            assert member.get_full_name() in desk.inner_text("#board-sos") or str(member) in desk.inner_text("#board-sos")
            assert "SOS" in desk.inner_text("#board-announce")
            assert [m.to for m in mail.outbox] == [[coordinator.email]]

            page.click("[data-sos-cancel]")
            page.click("[data-sos-confirm-yes]")
            page.wait_for_selector("#sos [data-sos-active]", state="hidden")
            desk.wait_for_selector(f"#board-sos [data-sos-id='{sos.pk}']", state="detached")
            sos.refresh_from_db()
            assert sos.cancelled_at is not None
        finally:
            phone.close()
            desk_ctx.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_walker_sees_team_mate_and_you_are_here_on_the_map(browser, municipality, team, member, walker2):
    from buurtpreventie.alerts.models import RoundMateSharing

    rnd = start_round(team, [member, walker2], at=CENTRE)
    RoundMateSharing.objects.create(round=rnd, user=walker2)  # the mate opted in on their phone
    with ThreadedAsgiServer() as server:
        phone = browser.new_context(base_url=server.url, locale="nl-NL", viewport={"width": 360, "height": 740},
                                    geolocation={"latitude": CENTRE[0] + 0.001, "longitude": CENTRE[1]},
                                    permissions=["geolocation"], has_touch=True, is_mobile=True)
        try:
            page = phone.new_page()
            page.set_default_timeout(10_000)
            browser_login(page, member.username)
            page.goto(f"/rondes/{rnd.pk}/patrouille/")
            page.wait_for_selector("#patrol-map [data-you-are-here]", state="attached")
            assert page.locator("#patrol-map [data-mate]").count() == 0  # not before opting in oneself
            page.check("#round-mates [data-mates-enable]")
            page.wait_for_selector(f"#patrol-map [data-mate='{walker2.pk}']", state="attached")
            assert walker2.first_name in page.inner_text("#patrol-map")
            page.uncheck("#round-mates [data-mates-enable]")
            page.wait_for_selector(f"#patrol-map [data-mate='{walker2.pk}']", state="detached")
        finally:
            phone.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_compact_phone_header_installable_and_logout_clears_offline_copies(browser, team, member):
    rnd = start_round(team, [member], at=CENTRE)
    with ThreadedAsgiServer() as server:
        phone = browser.new_context(base_url=server.url, locale="nl-NL", viewport={"width": 360, "height": 740},
                                    has_touch=True, is_mobile=True)
        try:
            page = phone.new_page()
            page.set_default_timeout(10_000)
            browser_login(page, member.username)
            page.goto(f"/rondes/{rnd.pk}/patrouille/")
            # The first screen shows the task: menu collapsed behind one button.
            assert page.locator(".site-nav").is_hidden() and page.locator("#site-menu").is_hidden()
            assert page.locator("h1").bounding_box()["y"] < 150
            page.click("[data-menu-toggle]")
            assert page.locator(".site-nav").is_visible()
            assert page.get_attribute("[data-menu-toggle]", "aria-expanded") == "true"
            # Installable: manifest with icons, theme colour.
            manifest = page.evaluate("() => fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())")
            assert manifest["display"] == "standalone" and {"192x192", "512x512"} <= {i["sizes"] for i in manifest["icons"]}
            for icon in manifest["icons"]:
                assert page.request.get(icon["src"]).ok
            assert page.get_attribute("meta[name=theme-color]", "content")
            # Shared phone: logging out empties the offline copies of patrol pages.
            page.wait_for_function("() => caches.keys().then(k => k.some(n => n.startsWith('bp-')))")
            page.evaluate("() => localStorage.setItem('bp-report-outbox', '[]')")
            with page.expect_navigation():
                page.click("form[data-logout] button")
            page.wait_for_load_state()
            assert "/patrouille/" not in page.url
            assert page.evaluate("() => caches.keys().then(k => k.filter(n => n.startsWith('bp-')).length)") == 0
            assert page.evaluate("() => localStorage.getItem('bp-report-outbox')") is None
        finally:
            phone.close()
