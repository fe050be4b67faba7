"""Fixed-window counters in Django's cache (Redis in production), shared by every process.

`take(key, limit=..., window=...)` counts one use and says whether it was allowed and, if not,
after how many seconds the window ends (for a `Retry-After` header). A broken cache never locks
people out: the call is then allowed and a warning logged.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0


def take(key: str, *, limit: int, window: int) -> Verdict:
    now = int(time.time())
    start = now - now % window
    cache_key = f"rl:{key}:{start}"
    try:
        if cache.add(cache_key, 1, timeout=window + 5):
            count = 1
        else:
            try:
                count = cache.incr(cache_key)
            except ValueError:
                cache.set(cache_key, 1, timeout=window + 5)
                count = 1
    except Exception:
        logger.warning("Rate limit cache unavailable", exc_info=True)
        return Verdict(True)
    if count > limit:
        return Verdict(False, max(1, start + window - now))
    return Verdict(True)


def reset(key: str, *, window: int) -> None:
    """Forget the current window's count for `key` (support desk: unblock someone)."""
    now = int(time.time())
    cache.delete(f"rl:{key}:{now - now % window}")
