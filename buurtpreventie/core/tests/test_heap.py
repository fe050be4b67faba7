"""A serving process freezes its start-up heap, takes the configured thresholds and logs long pauses (core/heap.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from buurtpreventie.core.heap import thresholds

ROOT = Path(__file__).resolve().parents[3]

# What a serving process looks like after `import config.asgi`: frozen objects, thresholds, whether the
# views named by the URLconf are loaded already, and one full collection to be logged.
PROBE = """
import gc, sys
import config.asgi
print("frozen", gc.get_freeze_count())
print("threshold", ",".join(map(str, gc.get_threshold())))
print("views loaded", "buurtpreventie.alerts.views" in sys.modules)
gc.collect()
"""


def _serve(**env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("GC_")}
    full.update({"DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(ROOT), "GC_FREEZE": "1",
                 "GC_PAUSE_LOG_MS": "100", **env})
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=full, capture_output=True, text=True,
                          timeout=120)


def _values(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    assert result.returncode == 0, result.stderr[-3000:]
    return {line.rsplit(" ", 1)[0]: line.rsplit(" ", 1)[1] for line in result.stdout.splitlines() if " " in line}


def test_a_serving_process_freezes_what_start_up_loaded_and_logs_a_long_pause():
    result = _serve(GC_PAUSE_LOG_MS="0.0001", GC_THRESHOLD="5000,20,30")
    values = _values(result)
    # The loaded code (Django, the apps, the URLconf and its views) is out of every later full pass.
    assert int(values["frozen"]) > 50_000
    assert values["views loaded"] == "True"
    assert values["threshold"] == "5000,20,30"
    assert "buurtpreventie.gc" in result.stderr and "gc pause" in result.stderr


def test_switched_off_the_collector_stays_as_python_sets_it():
    values = _values(_serve(GC_FREEZE="0", GC_PAUSE_LOG_MS="0"))
    assert values["frozen"] == "0"
    assert values["threshold"] == ",".join(map(str, (700, 10, 10)))


def test_the_pause_log_stays_quiet_below_its_threshold():
    result = _serve(GC_PAUSE_LOG_MS="60000")
    assert int(_values(result)["frozen"]) > 0
    assert "gc pause" not in result.stderr


@pytest.mark.parametrize("value", ["", "a,b", "1,2,3,4", "-1"])
def test_a_wrong_threshold_is_refused_with_its_value(value):
    with pytest.raises(ValueError, match="GC_THRESHOLD"):
        thresholds(value)


def test_thresholds_read_like_set_threshold():
    assert thresholds("50000, 20,100") == (50_000, 20, 100)
    assert thresholds("1000") == (1000,)


def test_serving_processes_collect_the_oldest_generation_less_often_by_default():
    from buurtpreventie.core.heap import SERVING_THRESHOLD

    assert _values(_serve())["threshold"] == ",".join(map(str, SERVING_THRESHOLD))


def test_holds_nest_and_the_last_release_switches_the_collector_back_on():
    import gc

    from buurtpreventie.core import heap

    assert gc.isenabled()
    heap.hold()
    heap.hold()
    assert not gc.isenabled()
    heap.release()
    assert not gc.isenabled()
    heap.release()
    assert gc.isenabled()
    heap.release()  # one too many does nothing
    assert gc.isenabled()


def test_a_hold_never_outlasts_its_limit(monkeypatch):
    import gc

    from buurtpreventie.core import heap

    heap.hold()  # a holder that never releases
    assert not gc.isenabled()
    monkeypatch.setattr(heap, "HOLD_MAX_SECONDS", 0.0)
    heap.hold()  # the next hold finds it stale: the collector ran again in between, this one holds anew
    monkeypatch.setattr(heap, "HOLD_MAX_SECONDS", 5.0)
    heap.release()
    assert gc.isenabled()


def test_a_hold_leaves_a_collector_switched_off_by_someone_else_off():
    import gc

    from buurtpreventie.core import heap

    gc.disable()
    try:
        heap.hold()
        heap.release()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_serving_process_still_collects_the_cycles_requests_leave_behind():
    """Objects in reference cycles (a request and its lazy user, an exception and its traceback) are
    freed by the young generations, with the start-up heap frozen and the serving thresholds."""
    code = """
import gc
import config.asgi
class Request:
    pass
start = len(gc.get_objects())
peak = 0
for n in range(300_000):
    request = Request()
    request.user = lambda request=request: request  # a cycle, as SimpleLazyObject(lambda: get_user(request))
    request.data = {"n": n}
    del request
    if n % 10_000 == 0:
        peak = max(peak, len(gc.get_objects()) - start)
print("growth", peak)
"""
    full = {k: v for k, v in os.environ.items() if not k.startswith("GC_")}
    full.update({"DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(ROOT), "GC_FREEZE": "1",
                 "GC_PAUSE_LOG_MS": "100"})
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=full, capture_output=True, text=True,
                            timeout=120)
    # 300,000 cycles of 4 objects made; never more than a few young generations' worth alive at once.
    assert int(_values(result)["growth"]) < 100_000


# A heap that grows with live objects (phones connecting): with GC_ABSORB_MS each long full pass freezes
# what survived it, so later passes walk only what came after; a cycle that dies among frozen objects
# is freed once GC_UNFREEZE_SECONDS have passed.
GROWTH = """
import gc, time, weakref
import config.asgi

class Node:
    pass

start_frozen = gc.get_freeze_count()
doomed = Node()
doomed.me = doomed  # a cycle: only the collector can free it
alive = weakref.ref(doomed)
keep = []
for i in range(300_000):
    keep.append([i])  # live, tracked objects, as 10,000 streams make
gc.collect()  # a full pass the growth would have made due
print("frozen grew", gc.get_freeze_count() - start_frozen)
print("oldest generation", len(gc.get_objects(generation=2)))
del doomed
gc.collect()
print("cycle freed before unfreeze", alive() is None)
time.sleep(float(__import__("os").environ.get("GC_UNFREEZE_SECONDS", "0")) + 0.2)
gc.collect()  # the first full pass after the period: everything unfrozen
gc.collect()  # the next walks the whole heap
print("cycle freed after unfreeze", alive() is None)
"""


def _grow(**env: str) -> dict[str, str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("GC_")}
    full.update({"DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(ROOT), "GC_FREEZE": "1",
                 "GC_PAUSE_LOG_MS": "0", **env})
    result = subprocess.run([sys.executable, "-c", GROWTH], cwd=ROOT, env=full, capture_output=True, text=True,
                            timeout=120)
    return _values(result)


def test_survivors_of_a_long_full_pass_are_frozen_and_dead_cycles_freed_after_the_period():
    values = _grow(GC_ABSORB_MS="0.0001", GC_UNFREEZE_SECONDS="1")
    assert int(values["frozen grew"]) >= 300_000  # the grown heap is out of the next full passes
    assert int(values["oldest generation"]) < 50_000  # what a later full pass still walks
    assert values["cycle freed before unfreeze"] == "False"  # the price: kept while frozen ...
    assert values["cycle freed after unfreeze"] == "True"  # ... for at most the period


def test_without_absorbing_only_the_start_up_heap_is_frozen():
    values = _grow(GC_ABSORB_MS="0", GC_UNFREEZE_SECONDS="0")
    assert int(values["frozen grew"]) == 0
    assert int(values["oldest generation"]) >= 300_000  # every later full pass walks all of it
    assert values["cycle freed before unfreeze"] == "True"
