"""The Server-Sent Events endpoint of live operations: `/live/stream?token=...`.

A raw ASGI handler on the lean path (no Django middleware). The token is signed by a Django
view (`views.stream_token`) for the logged-in user after the permission checks, and names the
channels and filters of this stream:

- ``{"c": "municipality:<id>:alerts", "k": "member", "u": <user id>}``: alerts that reached this user;
- ``{"c": "municipality:<id>:alerts", "k": "dispatch", "w": null | [wijk ids]}``: everything the
  dispatcher/wijkagent follows (alerts, acknowledgements, escalations) in their wijken;
- ``{"c": "municipality:<id>:live", "k": "live", "w": null | [wijk ids]}``: rounds started/ended and
  positions, for the live board; wijk-bound staff only get rounds in their wijken.
"""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import sync_to_async
from django.db import connections

from buurtpreventie.core.live import (
    Recheck,
    Subscription,
    check_now,
    header,
    query_params,
    read_stream_token,
    respond,
    serve_sse,
    sessions_alive,
)

logger = logging.getLogger(__name__)
LIVE_TYPES = {"round_started", "round_ended", "position", "sos", "sos_cancelled"}
_round_wijks: dict[int, frozenset[int]] = {}


def _audience(event: dict[str, Any]) -> frozenset[int]:
    cached = event.get("_audience_set")
    if cached is None:
        cached = frozenset(event.get("audience") or ())
        event["_audience_set"] = cached
    return cached  # type: ignore[no-any-return]


def _load_round_wijks(round_id: int) -> frozenset[int]:
    from buurtpreventie.patrols.models import Round

    from .selectors import round_wijk_ids

    try:
        rnd = Round.objects.select_related("initiative").prefetch_related("initiative__wijken").filter(
            pk=round_id).first()
        return frozenset(round_wijk_ids(rnd)) if rnd else frozenset()
    finally:
        connections.close_all()  # a pool thread: do not keep a connection open


async def round_wijks(round_id: int) -> frozenset[int]:
    wijks = _round_wijks.get(round_id)
    if wijks is None:
        wijks = await sync_to_async(_load_round_wijks, thread_sensitive=False)(round_id)
        if len(_round_wijks) > 10_000:
            _round_wijks.clear()
        _round_wijks[round_id] = wijks
    return wijks


def build_subscription(spec: dict[str, Any]) -> Subscription | None:
    channel = spec.get("c")
    kind = spec.get("k")
    if not isinstance(channel, str):
        return None
    if kind == "member":
        user_id = spec.get("u")
        return Subscription(channel, accept=lambda e: user_id in _audience(e))
    if kind == "dispatch":
        scope = frozenset(spec["w"]) if spec.get("w") is not None else None
        return Subscription(channel, accept=lambda e: "dispatch_scope" in e and (
            scope is None or bool(scope & set(e["dispatch_scope"]))))
    if kind == "live":
        scope = frozenset(spec["w"]) if spec.get("w") is not None else None

        async def visible(event: dict[str, Any]) -> bool:
            if scope is None:
                return True
            round_id = event.get("round_id")
            return isinstance(round_id, int) and bool(await round_wijks(round_id) & scope)

        return Subscription(channel, accept=lambda e: e.get("type") in LIVE_TYPES,
                            async_accept=None if scope is None else visible)
    return None


async def stream(scope: dict[str, Any], receive: Any, send: Any) -> None:
    params = query_params(scope)
    data = read_stream_token(params.get("token", ""))
    if data is None:
        await respond(send, 403, "invalid or expired token")
        return
    subs = [s for s in (build_subscription(spec) for spec in data.get("s", [])) if s is not None]
    if not subs:
        await respond(send, 403, "no channels")
        return

    recheck = Recheck(tokens_still_valid, data)
    if not await check_now(recheck):
        await respond(send, 403, "logged out or role changed")
        return
    last = header(scope, b"last-event-id") or params.get("last_event_id")
    await serve_sse(scope, receive, send, subscriptions=subs, last_event_id=last, recheck=recheck)


def tokens_still_valid(tokens: list[dict[str, Any]]) -> list[bool]:
    """Per stream token: its login session is still logged in and the user's roles did not change.

    Called with every open stream's token of a process at once (`core.live.Recheck`): one cache
    round trip for the sessions and three queries for the roles of all their users."""
    from buurtpreventie.accounts.selectors import access_fingerprints

    try:
        alive = sessions_alive(tokens)
        users = {int(data.get("u") or 0) for data, ok in zip(tokens, alive, strict=True) if ok and data.get("f")}
        current = access_fingerprints(user_ids=users) if users else {}
        return [ok and (not data.get("f") or current.get(int(data.get("u") or 0)) == data.get("f"))
                for data, ok in zip(tokens, alive, strict=True)]
    finally:
        connections.close_all()  # a pool thread: do not keep a connection open

