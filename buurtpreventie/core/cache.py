"""Django's Redis cache, keeping one client per connection pool instead of building one per call.

`django.core.cache.backends.redis.RedisCacheClient.get_client` constructs a `redis.Redis` object
for every cache operation (each fills a dictionary of ~170 response callbacks): about a third of a
millisecond of CPU per `cache.get`, paid several times by every signed-in request (session,
throttle). `redis.Redis` is thread-safe and holds no state of its own beyond its pool, so one per
pool serves every call (bench/report_ingest.py --profile shows the difference).

`RedisCache.sliding_log_hit` is the API rate limit's counter (`api.input.ApiThrottle`) as one atomic
script: ninja's throttle reads a pickled list of timestamps and writes it back (two round trips, the
whole list both ways, and two processes can each read the old list and both pass).
"""

from __future__ import annotations

import os
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


# A sliding log in a sorted set: forget what is older than the period, count, and record this request
# if the count is under the limit. The scores are the callers' clocks (seconds, as ninja's timer).
_SLIDING_LOG = """
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
local n = redis.call('ZCARD', KEYS[1])
if n < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2])))
  return {1, n + 1, ARGV[1]}
end
return {0, n, redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2] or ARGV[1]}
"""


class RedisCache(DjangoRedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._scripts: dict[int, Any] = {}

    def sliding_log_hit(self, key: str, *, now: float, period: float, limit: int) -> tuple[bool, int, float]:
        """Record a request at `now` under `key` unless `limit` requests already fall within the last
        `period` seconds; atomic, one round trip. Returns (allowed, requests in the window, the oldest
        of them, as a time)."""
        full_key = self.make_and_validate_key(key)
        client = self._cache.get_client(full_key, write=True)
        script = self._scripts.get(id(client))
        if script is None:
            script = self._scripts[id(client)] = client.register_script(_SLIDING_LOG)
        member = f"{now!r}:{os.urandom(4).hex()}"
        allowed, count, oldest = script(keys=[full_key], args=[repr(now), period, limit, member], client=client)
        return bool(allowed), int(count), float(oldest)
