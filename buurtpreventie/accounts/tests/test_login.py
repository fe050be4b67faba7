from __future__ import annotations

import base64

import pytest
from django.core import mail
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from buurtpreventie.testing.factories import UserFactory
from buurtpreventie.testing.helpers import make_professional

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_professional_must_enrol_and_verify_totp(municipality, wijk):
    user = make_professional("wijkagent", municipality, wijk=wijk, username="agent")
    client = Client()
    response = client.post("/account/inloggen/", {"username": "agent", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/account/tweestaps/")
    # Every other page is closed until the second step is done
    blocked = client.get("/wijken/")
    assert blocked.status_code == 302 and "/account/tweestaps/" in blocked["Location"]
    assert client.get("/api/areas/streets").status_code == 403
    # Without an invitation the password alone never leads to enrolment
    refused = client.get("/account/tweestaps/")
    assert refused.status_code == 403 and b"<svg" not in refused.content
    assert not TOTPDevice.objects.filter(user=user).exists()
    from buurtpreventie.accounts.invitations import enrolment_invitation_send

    link = enrolment_invitation_send(actor=None, user=user)
    assert client.get(link.split("8000", 1)[-1]).status_code == 302
    page = client.get("/account/tweestaps/")
    assert b"<svg" in page.content  # QR code for enrolment
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post("/account/tweestaps/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "klopt niet" in wrong.content.decode()
    ok = client.post("/account/tweestaps/", {"code": current_code(device), "next": "/wijken/"})
    assert ok.status_code == 302 and ok["Location"] == "/wijken/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/wijken/").status_code == 200


def test_member_logs_in_without_second_factor(member, wijk):
    client = Client()
    response = client.post("/account/inloggen/", {"username": "lid", "password": PASSWORD})
    assert response.status_code == 302
    assert "/tweestaps/" not in response["Location"]
    assert client.get("/wijken/").status_code == 200


def test_login_by_email_and_wrong_password_keeps_username(member):
    member.email = "Lid@Example.org"
    member.save()
    client = Client()
    assert client.post("/account/inloggen/", {"username": "lid@example.org", "password": PASSWORD}).status_code == 302
    client = Client()
    response = client.post("/account/inloggen/", {"username": "lid", "password": "fout"})
    assert response.status_code == 200
    assert 'value="lid"' in response.content.decode()


def test_password_reset_sends_mail(member):
    member.email = "lid@example.org"
    member.save()
    response = Client().post("/account/wachtwoord-vergeten/", {"email": "lid@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/account/wachtwoord-herstellen/" in mail.outbox[0].body


def test_demo_users_refused_when_demo_not_allowed(municipality, settings):
    UserFactory(username="demo", is_demo=True)
    settings.BUURTPREVENTIE = {**settings.BUURTPREVENTIE, "ALLOW_DEMO_USERS": False}
    response = Client().post("/account/inloggen/", {"username": "demo", "password": PASSWORD})
    assert response.status_code == 200  # refused: form shown again


def test_demo_code_shown_only_for_demo_accounts(municipality):
    demo = make_professional("dispatcher", municipality, username="meldkamer-demo", is_demo=True)
    device = TOTPDevice.objects.create(user=demo, name="demo", confirmed=True)
    client = Client()
    client.post("/account/inloggen/", {"username": "meldkamer-demo", "password": PASSWORD})
    before = current_code(device)
    page = client.get("/account/tweestaps/").content.decode()
    # the 30-second code may turn while the page is made (a slow request on a loaded machine)
    assert before in page or current_code(device) in page
    real = make_professional("dispatcher", municipality, username="meldkamer-echt")
    device2 = TOTPDevice.objects.create(user=real, name="real", confirmed=True)
    client = Client()
    client.post("/account/inloggen/", {"username": "meldkamer-echt", "password": PASSWORD})
    assert 'data-testid="demo-code"' not in client.get("/account/tweestaps/").content.decode()
    assert base64.b32encode(device2.bin_key).decode() not in client.get("/account/tweestaps/").content.decode()


@override_settings(LANGUAGE_CODE="nl")
def test_language_switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/account/inloggen/"}, follow=True)
    assert "Log in" in response.content.decode()


def test_repeated_wrong_codes_are_throttled(municipality):
    user = make_professional("boa", municipality, username="boa1")
    device = TOTPDevice.objects.create(user=user, name="x", confirmed=True)
    client = Client()
    client.post("/account/inloggen/", {"username": "boa1", "password": PASSWORD})
    client.post("/account/tweestaps/", {"code": "000000"})
    response = client.post("/account/tweestaps/", {"code": current_code(device)})
    assert response.status_code == 200
    assert "Te veel pogingen" in response.content.decode()


def test_dutch_by_default_even_for_english_browsers(client):
    response = client.get("/account/inloggen/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Inloggen" in response.content.decode()
    assert '<html lang="nl"' in response.content.decode()
