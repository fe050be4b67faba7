"""Helpers for Playwright browser tests (fixtures `page`, `phone_page` live in conftest)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def browser_login(page: Any, username: str, password: str = "correct-horse-battery") -> None:
    """Log in through the real form; for professionals also enter the current TOTP code."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from buurtpreventie.accounts.models import User as _User

    # A professional's first authenticator is enrolled by an administrator or through an invitation
    # link (accounts.views.enrol); tests start from an enrolled device.
    _user = _User.objects.filter(username=username).first()
    if _user is not None and not TOTPDevice.objects.filter(user=_user, confirmed=True).exists():
        TOTPDevice.objects.create(user=_user, name="test", confirmed=True)
    page.goto("/account/inloggen/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit] >> text=Inloggen")
    page.wait_for_load_state()
    if "/account/tweestaps/" in page.url:
        from buurtpreventie.accounts.models import User

        user = User.objects.get(username=username)
        device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "-pk").first()
        assert device is not None
        code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
        page.fill("#id_code", code)
        page.click("button[type=submit] >> text=Bevestigen")
        page.wait_for_load_state()


def wait_ready_for_offline(page: Any) -> None:
    """Wait until the service worker has stored this page and its files and controls the page
    (outbox.js sets `data-offline-ready` only then), so a reload without connection still works."""
    page.wait_for_selector("html[data-offline-ready='1']", state="attached")


def wait_until(predicate: Callable[[], bool], timeout: float = 20.0) -> bool:
    """Poll a server-side state (a row arrived) while the browser works; True when it held in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def apply_for_new_team(page: Any, *, municipality_slug: str, wijk_name: str) -> None:
    """A resident applies for a new team "Team Hunnerberg" on the public page (no account) and
    waits until the status page of the application is shown."""
    page.goto(f"/gemeente/{municipality_slug}/")
    form = page.locator("#application-form")
    form.get_by_label("Een nieuw initiatief starten").check()
    form.get_by_label("Fysiek buurtpreventieteam").check()
    form.get_by_label("Naam van het nieuwe initiatief (mag leeg)").fill("Team Hunnerberg")
    form.get_by_label("In welke wijk?").select_option(label=wijk_name)
    form.get_by_label("Uw naam").fill("Anna de Vries")
    form.get_by_label("Uw e-mailadres").fill("anna@example.org")
    form.get_by_label("Waarom wilt u meedoen?").fill("Er wordt veel ingebroken in onze straat.")
    form.get_by_label("Ik ben 18 jaar of ouder.").check()
    form.get_by_label("De gemeente mag mijn gegevens").check()
    form.get_by_role("button", name="Aanmelding versturen").click()
    page.wait_for_url("**/aanmelding/**")
