"""A Redis cache for test runs that share one Redis database."""

from __future__ import annotations

from buurtpreventie.core.cache import RedisCache


class PrefixedRedisCache(RedisCache):
    """`clear()` removes this run's keys only (those under its KEY_PREFIX).

    Django's RedisCache.clear() is FLUSHDB: with pytest-xdist workers (or several test runs on one
    machine) sharing a Redis database, one test's fresh cache would empty the other run's cache
    and event streams in the middle of its tests."""

    def clear(self) -> None:
        if not self.key_prefix:
            super().clear()
            return
        client = self._cache.get_client(write=True)
        batch: list[bytes] = []
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=1000):
            batch.append(key)
            if len(batch) >= 500:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
