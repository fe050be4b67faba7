"""What the demo seeders share. `load_demo` builds it; each app's `demo.py` may add to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class DemoContext:
    municipality: Any
    wijken: dict[str, Any]  # by CBS code
    users: dict[str, Any]  # by demo username
    initiatives: dict[str, Any] = field(default_factory=dict)  # by short key
    extra: dict[str, Any] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.log.append(line)
