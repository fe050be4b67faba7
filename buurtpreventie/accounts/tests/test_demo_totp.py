"""The demo's two-step page shows a code that works, also when the same account logs in again at once."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from buurtpreventie.testing.helpers import make_professional

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def _log_in_with_the_shown_code(username: str) -> int:
    client = Client()
    client.post("/account/inloggen/", {"username": username, "password": PASSWORD})
    page = client.get("/account/tweestaps/").content.decode()
    match = re.search(r'data-testid="demo-code"[^>]*>\s*(\d{6})', page)
    assert match, "the demo code is shown"
    response = client.post("/account/tweestaps/", {"code": match.group(1), "next": "/"})
    return response.status_code


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_a_second_login_within_30_seconds_gets_a_fresh_code(municipality):
    demo = make_professional("dispatcher", municipality, username="meldkamer-demo", is_demo=True)
    TOTPDevice.objects.create(user=demo, name="demo", confirmed=True)
    assert _log_in_with_the_shown_code("meldkamer-demo") == 302
    assert _log_in_with_the_shown_code("meldkamer-demo") == 302  # same 30 s: the used code is not shown again
    assert _log_in_with_the_shown_code("meldkamer-demo") == 302
