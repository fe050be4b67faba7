"""Holes from issue 9: login throttling, limited reset mails, enrolment only by invitation, session length."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from buurtpreventie.accounts.invitations import enrolment_invitation_send
from buurtpreventie.accounts.models import EnrolmentInvitation
from buurtpreventie.testing.helpers import make_professional

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def test_thirty_wrong_passwords_then_the_right_one_is_locked_out(member, settings):
    client = Client()
    codes = [client.post("/account/inloggen/", {"username": "lid", "password": f"fout{i}"}).status_code
             for i in range(settings.AXES_FAILURE_LIMIT + 2)]
    assert codes[0] == 200 and codes[-1] == 429
    response = client.post("/account/inloggen/", {"username": "lid", "password": PASSWORD})
    assert response.status_code == 429
    assert "Er is te vaak een verkeerd wachtwoord ingevuld" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


def test_lockout_per_address_covers_guessing_many_accounts(member, coordinator, settings):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post("/account/inloggen/", {"username": f"gok{i}", "password": "fout"})
    assert client.post("/account/inloggen/", {"username": "lid", "password": PASSWORD}).status_code == 429
    # Another address can still log in to the same account
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post("/account/inloggen/", {"username": "lid", "password": PASSWORD}).status_code == 302


def test_spoofed_forwarded_for_does_not_escape_the_lockout(member, settings):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for i in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post("/account/inloggen/", {"username": f"gok{i}", "password": "fout"},
                    HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    response = client.post("/account/inloggen/", {"username": "lid", "password": PASSWORD},
                           HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429


def test_reset_mails_are_limited_per_address(member):
    from buurtpreventie.core.ratelimit import reset

    member.email = "lid@example.org"
    member.save()
    for key in ("pwreset:email:lid@example.org", "pwreset:ip:127.0.0.1"):  # the cache may be Redis, shared
        reset(key, window=3600)
    client = Client()
    codes = [client.post("/account/wachtwoord-vergeten/", {"email": "lid@example.org"}).status_code
             for _ in range(10)]
    for key in ("pwreset:email:lid@example.org", "pwreset:ip:127.0.0.1"):  # leave no counters to other tests
        reset(key, window=3600)
    assert codes == [302] * 10  # the page never tells whether a mail went out
    assert len(mail.outbox) == 3


def test_enrolment_without_invitation_refused_and_invitation_is_one_time(municipality, wijk):
    user = make_professional("wijkagent", municipality, wijk=wijk, username="agent", email="agent@example.org")
    attacker = Client()
    attacker.post("/account/inloggen/", {"username": "agent", "password": PASSWORD})
    page = attacker.get("/account/tweestaps/")
    assert page.status_code == 403 and "activeringslink" in page.content.decode()
    assert attacker.get("/account/tweestaps/activeren/geraden-token/").status_code == 403
    assert not TOTPDevice.objects.filter(user=user).exists()

    link = enrolment_invitation_send(actor=None, user=user)
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body
    path = link.split("8000", 1)[-1]
    owner = Client()
    owner.post("/account/inloggen/", {"username": "agent", "password": PASSWORD})
    assert owner.get(path).status_code == 302
    assert b"<svg" in owner.get("/account/tweestaps/").content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    from django_otp.oath import totp

    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    assert owner.post("/account/tweestaps/", {"code": code}).status_code == 302
    assert EnrolmentInvitation.objects.get(user=user).used_at is not None
    # Used once: the same link does nothing for anyone else
    assert attacker.get(path).status_code == 403


def test_expired_invitation_refused(municipality, wijk):
    user = make_professional("wijkagent", municipality, wijk=wijk, username="agent")
    link = enrolment_invitation_send(actor=None, user=user)
    EnrolmentInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client = Client()
    client.post("/account/inloggen/", {"username": "agent", "password": PASSWORD})
    assert client.get(link.split("8000", 1)[-1]).status_code == 403


def test_professional_session_ends_after_a_working_day_members_keep_longer(municipality, wijk, member, settings):
    user = make_professional("wijkagent", municipality, wijk=wijk, username="agent")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    pro = Client()
    pro.post("/account/inloggen/", {"username": "agent", "password": PASSWORD})
    assert pro.session.get_expiry_age() == settings.PROFESSIONAL_SESSION_SECONDS <= 10 * 3600
    lid = Client()
    lid.post("/account/inloggen/", {"username": "lid", "password": PASSWORD})
    assert lid.session.get_expiry_age() == settings.SESSION_COOKIE_AGE >= 7 * 86400
