from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import navigation
from .tenancy import current_municipality, switchable_municipalities


def site(request: HttpRequest) -> dict[str, Any]:
    municipality = current_municipality(request)
    return {
        "current_municipality": municipality,
        "nav_items": navigation.items_for(request.user),
        "request_path": request.path,
        # Evaluated only when the header asks (no query for users of one municipality).
        "switch_municipalities": lambda: switchable_municipalities(request),
        "map_tile_url": settings.BUURTPREVENTIE.get("MAP_TILE_URL", ""),
        "map_tile_attribution": settings.BUURTPREVENTIE.get("MAP_TILE_ATTRIBUTION", ""),
        "theme_css": f"vendor/theme/{getattr(settings, 'THEME_CSS', 'theme.css')}",
        "theme_class": getattr(settings, "THEME_CLASS", "voorbeeld-theme"),
    }
