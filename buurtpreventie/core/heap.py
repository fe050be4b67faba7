"""The garbage collector of a serving process: the start-up heap frozen, long pauses logged.

CPython's full (generation 2) collection walks every tracked object of the process and nothing else
runs meanwhile. A process holding 10,000 open live streams tracks about a million objects, of which
~220,000 are the loaded code itself (modules, classes, functions, settings, URL patterns, templates);
a full pass then stops every stream and request on that process for several hundred milliseconds
(docs/performance.md, "Alert fan-out"). `settle()` runs once per serving process, when its
application has been built (config/asgi.py, config/wsgi.py):

- the URLconf and the views it names are imported now instead of on the first request, then one
  full collection and `gc.freeze()` move everything alive to a permanent generation that no later
  collection walks (the approach Python's documentation describes for long-running servers).
  Frozen objects are still freed by reference counting when they are no longer used; only a
  reference cycle among them would stay, and start-up leaves none behind after that collection;
- the thresholds become `SERVING_THRESHOLD` (700, 10, 100: full passes ten times rarer), or
  `GC_THRESHOLD` ("700,10,100" style) when set (docs/performance.md shows the values tried);
- `hold()` / `release()` (or `with holding():`) keep the collector from starting while an alert is
  sent (alerts.services.alert_send) and while an event is handed to thousands of streams
  (core/eventbus.py): a full collection that starts in that moment would delay the alert on every
  phone of the process; the garbage made meanwhile is collected right after;
- a full collection that took `GC_ABSORB_MS` (default 50 ms) or longer is followed by `gc.freeze()`:
  what survived it is alive (the pass has just freed every cycle), and walking it again on every
  later pass is what made 10,000 phones connecting cost a dozen full passes of a growing heap, one
  every half second, the last of them meeting the first alert (docs/performance.md, fourth round;
  CPython starts a full pass whenever the heap grew by a quarter). Objects frozen this way are
  still freed by reference counting; a cycle among them that dies later (a closed stream's) is
  kept until `GC_UNFREEZE_SECONDS` (default 900) after the freeze, when the next full pass walks
  the whole heap again, frees such cycles and freezes what survives;
- every full collection longer than `GC_PAUSE_LOG_MS` (default 100 ms; 0 switches the log off) is
  logged as a warning with its duration and what it collected, so a stall in
  production is attributed to the collector instead of guessed at.

`GC_FREEZE=0` leaves the collector as Python sets it; `GC_ABSORB_MS=0` keeps the start-up freeze only.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

logger = logging.getLogger("buurtpreventie.gc")

# Serving processes: the young generations as Python sets them; a full collection after 100 instead
# of 10 collections of the middle one (and, as always, only once the objects that reached the oldest
# generation since the last full one are a quarter of those it holds). Measured in docs/performance.md.
SERVING_THRESHOLD = (700, 10, 100)
HOLD_MAX_SECONDS = 5.0  # a hold older than this is dropped by the next hold (a holder that never released)
ABSORB_MS = 50.0  # a full pass at least this long freezes what survived it
UNFREEZE_SECONDS = 900.0  # frozen survivors are walked again (dead cycles freed) this long after

_settled = False
_started: list[float] = []
_absorbed_at: list[float] = []  # when survivors of a long pass were first frozen since the last unfreeze
_hold_lock = threading.Lock()
_holds = 0
_held_since = 0.0
_disabled_by_hold = False


def thresholds(value: str) -> tuple[int, ...]:
    """`GC_THRESHOLD`'s value as `gc.set_threshold` arguments; ValueError on anything else."""
    try:
        parts = tuple(int(part) for part in value.replace(" ", "").split(",") if part)
    except ValueError:
        parts = ()
    if not 1 <= len(parts) <= 3 or any(part < 0 for part in parts):
        raise ValueError(f"GC_THRESHOLD: one to three whole numbers >= 0, not {value!r}")
    return parts


def settle(environ: dict[str, str] | None = None) -> None:
    """Once per process, after its application is built: freeze the start-up heap, apply the
    thresholds, log long pauses. A second call does nothing."""
    global _settled
    if _settled:
        return
    _settled = True
    env = os.environ if environ is None else environ
    pause_ms = float(env.get("GC_PAUSE_LOG_MS", "100") or 0)
    if env.get("GC_FREEZE", "1") == "0":
        if env.get("GC_THRESHOLD"):
            gc.set_threshold(*thresholds(env["GC_THRESHOLD"]))
    else:
        gc.set_threshold(*thresholds(env["GC_THRESHOLD"]) if env.get("GC_THRESHOLD") else SERVING_THRESHOLD)
        _import_urlconf()
        gc.collect()
        gc.freeze()
        logger.debug("start-up heap frozen: %s objects", gc.get_freeze_count())
        absorb_ms = float(env.get("GC_ABSORB_MS", str(ABSORB_MS)) or 0)
        if absorb_ms > 0:
            absorb_growth(absorb_ms, float(env.get("GC_UNFREEZE_SECONDS", str(UNFREEZE_SECONDS))))
    if pause_ms > 0:
        log_pauses(pause_ms)  # after the start-up collection: that one is expected, not a stall


def _import_urlconf() -> None:
    """Import the URLconf and every view module it names, as the first request would."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the URL modules and the views they name


def log_pauses(threshold_ms: float) -> None:
    """Log each full collection that takes longer than `threshold_ms` (a gc callback: a few
    hundred nanoseconds per collection otherwise)."""

    def callback(phase: str, info: dict[str, Any]) -> None:
        if info.get("generation") != 2 or sys.is_finalizing():
            return
        if phase == "start":
            _started[:] = [time.perf_counter()]
        elif _started:
            took = (time.perf_counter() - _started[0]) * 1000
            if took >= threshold_ms:
                logger.warning("gc pause %.0f ms (full collection; %s collected, %s frozen)",
                               took, info.get("collected", 0), gc.get_freeze_count())

    gc.callbacks.append(callback)


def absorb_growth(min_ms: float, unfreeze_after: float) -> None:
    """Freeze the survivors of every full collection of `min_ms` or longer; unfreeze them all once
    `unfreeze_after` seconds have passed since the first such freeze, so the next full pass walks the
    whole heap (freeing cycles that died meanwhile) and, if long, freezes again (a gc callback)."""
    started: list[float] = []

    def callback(phase: str, info: dict[str, Any]) -> None:
        if info.get("generation") != 2 or sys.is_finalizing():
            return
        now = time.perf_counter()
        if phase == "start":
            started[:] = [now]
            return
        if not started:
            return
        took = (now - started[0]) * 1000
        if _absorbed_at and now - _absorbed_at[0] >= unfreeze_after:
            gc.unfreeze()  # the next full pass walks everything, start-up heap included
            _absorbed_at.clear()
        elif took >= min_ms:
            gc.freeze()  # everything alive now: this pass has just freed what was garbage
            if not _absorbed_at:
                _absorbed_at.append(now)

    gc.callbacks.append(callback)


def hold() -> None:
    """No automatic collection until the matching `release()` (calls nest; any thread)."""
    global _holds, _held_since, _disabled_by_hold
    with _hold_lock:
        now = time.monotonic()
        if _holds and now - _held_since > HOLD_MAX_SECONDS:
            logger.warning("gc hold released after %.0f s: a holder did not release", now - _held_since)
            _holds = 0
            if _disabled_by_hold:
                gc.enable()
                _disabled_by_hold = False
        if _holds == 0:
            _held_since = now
            if gc.isenabled():
                gc.disable()
                _disabled_by_hold = True
        _holds += 1


def release() -> None:
    """End one `hold()`; the last one switches the collector back on (if a hold switched it off)."""
    global _holds, _disabled_by_hold
    with _hold_lock:
        if _holds == 0:
            return
        _holds -= 1
        if _holds == 0 and _disabled_by_hold:
            gc.enable()
            _disabled_by_hold = False


@contextlib.contextmanager
def holding() -> Iterator[None]:
    """`hold()` for the block: latency-critical work (sending an alert) that a full collection must
    not interrupt."""
    hold()
    try:
        yield
    finally:
        release()
