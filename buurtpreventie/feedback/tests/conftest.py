from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

STREETS = Path(__file__).resolve().parents[2] / "demo" / "data" / "nijmegen" / "streets_centrum.geojson"


@pytest.fixture
def nijmegen_streets(municipality: Any, wijk: Any) -> Any:
    """The real Nijmegen centre streets (NWB), assigned to the `wijk` fixture (its square covers them)."""
    from buurtpreventie.areas.importers import import_streets
    from buurtpreventie.areas.selectors import clear_geometry_cache

    clear_geometry_cache()
    import_streets(STREETS, municipality_code=municipality.code)
    return wijk.streets.all()


@pytest.fixture
def events(monkeypatch: Any) -> list[tuple[str, dict[str, Any]]]:
    """Capture live events published after commit."""
    published: list[tuple[str, dict[str, Any]]] = []

    class FakeBus:
        def publish(self, channel: str, event: dict[str, Any]) -> str:
            published.append((channel, event))
            return str(len(published))

    monkeypatch.setattr("buurtpreventie.core.eventbus.get_bus", lambda: FakeBus())
    return published
