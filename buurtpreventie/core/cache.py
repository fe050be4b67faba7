"""Django's Redis cache, keeping one client per connection pool instead of building one per call.

`django.core.cache.backends.redis.RedisCacheClient.get_client` constructs a `redis.Redis` object
for every cache operation (each fills a dictionary of ~170 response callbacks): about a third of a
millisecond of CPU per `cache.get`, paid several times by every signed-in request (session,
throttle). `redis.Redis` is thread-safe and holds no state of its own beyond its pool, so one per
pool serves every call (bench/report_ingest.py --profile shows the difference).
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
