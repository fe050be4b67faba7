"""Seed for the multi-process test (runs in a subprocess against the PostgreSQL test database)."""

from __future__ import annotations

import json
from datetime import timedelta

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from buurtpreventie.patrols.models import Position, RoundParticipant
from buurtpreventie.testing.factories import InitiativeFactory, MunicipalityFactory, RoundFactory, WijkFactory
from buurtpreventie.testing.helpers import make_member, make_professional


def _session(user) -> str:
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="mp", defaults={"confirmed": True})
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "buurtpreventie.accounts.backends.UsernameOrEmailBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["otp_device_id"] = device.persistent_id
    store.create()
    return store.session_key or ""


def run() -> None:
    municipality = MunicipalityFactory(code="GM0268", name="Nijmegen", slug="nijmegen")
    wijk = WijkFactory(municipality=municipality, code="WK026801", name="Nijmegen-Centrum")
    team = InitiativeFactory(municipality=municipality, name="Team Centrum", wijken=[wijk])
    member = make_member(team, username="lid")
    dispatcher = make_professional("dispatcher", municipality, username="meldkamer")
    now = timezone.now()
    rnd = RoundFactory(initiative=team, status="running", started_at=now, planned_start=now - timedelta(minutes=5))
    RoundParticipant.objects.create(round=rnd, user=member, shares_position=True)
    Position.objects.create(round=rnd, user=member, lat=51.845, lon=5.865)
    print(json.dumps({"member": _session(member), "dispatcher": _session(dispatcher)}))
