"""The login-session check of open streams uses one cache client per process, not one per stream.

`django.core.cache.cache` is bound to the async context; each stream checks its session from its
own task, so it used to build a cache client (with Redis: an open connection) per open stream:
10,000 streams held 10,000 Redis connections and ran out of file descriptors."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import sync_to_async
from django.test import override_settings

from buurtpreventie.core import live


def _check(ref_data: dict[str, object]) -> tuple[int, bool]:
    return id(live.stream_cache()), live.session_alive(ref_data)


@pytest.mark.django_db
def test_streams_in_many_tasks_share_one_cache_client() -> None:
    token = live.sign_stream_token(user_id=7, subscriptions=[], session_key="s" * 32)
    data = live.read_stream_token(token)
    assert data is not None

    async def many() -> list[tuple[int, bool]]:
        async def one_stream() -> tuple[int, bool]:  # its own task, as every stream has
            return await sync_to_async(_check, thread_sensitive=False)(data)

        return await asyncio.gather(*(asyncio.create_task(one_stream()) for _ in range(20)))

    results = asyncio.run(many())
    assert {alive for _client, alive in results} == {True}
    assert len({client for client, _alive in results}) == 1
    live.end_session_streams("s" * 32)
    assert live.session_alive(data) is False


def test_a_new_cache_setting_gives_a_new_client() -> None:
    before = live.stream_cache()
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                               "LOCATION": "stream-cache-test"}}):
        assert live.stream_cache() is not before
    assert live.stream_cache() is not None
