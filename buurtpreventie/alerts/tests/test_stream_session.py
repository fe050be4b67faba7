"""Live-stream tokens are bound to the login session: logout or a role change ends them (issue 9)."""

from __future__ import annotations

import asyncio

import pytest
from django.urls import reverse

from buurtpreventie.core import live

from .test_live import Client, run

pytestmark = pytest.mark.django_db(transaction=True)


def _token(client) -> str:
    url = client.get(reverse("alerts:stream_token") + "?soort=meldkamer").json()["url"]
    return url.split("token=")[1]


def test_token_refused_after_logout(client_for, dispatcher, wijk):
    client = client_for(dispatcher)
    token = _token(client)
    client.post(reverse("accounts:logout"))

    async def scenario():
        c = Client(token).start()
        await asyncio.wait_for(c.task, 5)
        return c.status

    assert run(scenario()) == 403


def test_open_stream_closed_on_logout_and_on_role_change(client_for, dispatcher, wijk, monkeypatch):
    monkeypatch.setattr(live, "REVALIDATE_SECONDS", 0.2)
    client = client_for(dispatcher)
    token = _token(client)

    async def open_then(action):
        c = Client(token).start()
        await c.wait_for('"hello"', timeout=5)
        assert not c.task.done()
        from asgiref.sync import sync_to_async

        await sync_to_async(action, thread_sensitive=False)()
        await asyncio.wait_for(c.task, 5)  # the handler returns: the stream is closed
        return c.status

    assert run(open_then(lambda: client.post(reverse("accounts:logout")))) == 200

    client = client_for(dispatcher)
    token = _token(client)

    def revoke():
        from buurtpreventie.accounts.models import RoleGrant

        RoleGrant.objects.filter(user=dispatcher).update(role="boa")

    assert run(open_then(revoke)) == 200
