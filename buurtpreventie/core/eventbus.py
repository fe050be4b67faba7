"""Event transports. Minimal in-process bus; the live-operations work extends this module
(Redis pub/sub, replay buffers) behind the same `publish(channel, event)` interface."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Any

Listener = Callable[[str, dict[str, Any]], None]


class MemoryBus:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: dict[str, list[Listener]] = defaultdict(list)
        self.published: list[tuple[str, dict[str, Any]]] = []

    def publish(self, channel: str, event: dict[str, Any]) -> None:
        with self._lock:
            self.published.append((channel, event))
            del self.published[:-1000]
            listeners = list(self._listeners.get(channel, ())) + list(self._listeners.get("*", ()))
        for listener in listeners:
            listener(channel, event)

    def subscribe(self, channel: str, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners[channel].append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners[channel]:
                    self._listeners[channel].remove(listener)

        return unsubscribe


_bus: MemoryBus | None = None


def get_bus() -> MemoryBus:
    global _bus
    if _bus is None:
        _bus = MemoryBus()
    return _bus
