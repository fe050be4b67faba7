"""Reads for the public page: only what may be public (no names or contact data of people)."""

from __future__ import annotations

from typing import Any

from shapely.geometry import mapping, shape
from shapely.ops import unary_union

from buurtpreventie.areas.models import Municipality
from buurtpreventie.initiatives.models import Initiative, PolicyGoal
from buurtpreventie.initiatives.selectors import initiatives_public

from .models import PublicPage


def public_page_for(*, municipality: Municipality) -> PublicPage:
    page = PublicPage.objects.filter(municipality=municipality).first()
    return page or PublicPage(municipality=municipality)


def initiative_area(initiative: Initiative) -> dict[str, Any] | None:
    """The drawn polygon if there is one, else the union of its buurten or wijken."""
    if initiative.area_geometry:
        drawn: dict[str, Any] = initiative.area_geometry
        return drawn
    shapes = [shape(b.geometry) for b in initiative.buurten.all() if b.geometry]
    if not shapes:
        shapes = [shape(w.geometry) for w in initiative.wijken.all() if w.geometry]
    if not shapes:
        return None
    return dict(mapping(unary_union(shapes)))


def public_initiative_features(*, initiatives: list[Initiative]) -> dict[str, Any]:
    features = []
    for initiative in initiatives:
        geometry = initiative_area(initiative)
        if geometry is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": initiative.pk,
                "properties": {
                    "name": initiative.name,
                    "kind": initiative.kind,
                    "kind_label": str(initiative.get_kind_display()),
                    "anchor": f"initiatief-{initiative.pk}",
                },
                "geometry": geometry,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def public_goals(*, municipality: Municipality) -> list[PolicyGoal]:
    return list(PolicyGoal.objects.filter(municipality=municipality, initiative__isnull=True, is_public=True))


def public_initiatives(*, municipality: Municipality) -> list[Initiative]:
    return list(initiatives_public(municipality=municipality))
