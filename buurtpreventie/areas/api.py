"""Areas API: wijk lookup for a point, street autocomplete within the user's municipalities."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, cast

from django.http import HttpRequest
from ninja import Field, Router, Schema

from buurtpreventie.core.tenancy import resolve_municipality
from buurtpreventie.core.validation import Id, Latitude, Longitude

from .selectors import streets_search, wijk_for_point

if TYPE_CHECKING:  # areas sits below accounts: the user type only for the checker
    from buurtpreventie.accounts.types import User

SearchText = Annotated[str, Field(max_length=100)]

router = Router(tags=["areas"])


class StreetOut(Schema):
    id: int
    name: str
    length_m: float


class WijkOut(Schema):
    code: str
    name: str


@router.get("/streets", response=list[StreetOut], summary="Street autocomplete")
def streets(
    request: HttpRequest, q: SearchText = "", wijk: Id | None = None, municipality: Id | None = None
) -> Any:
    # The one resolver: `municipality` (an id) or ?gemeente=, else the session choice; not yours → 404.
    chosen = resolve_municipality(request, code=str(municipality) if municipality else None, required=False)
    if chosen is None:
        return []
    return list(streets_search(municipality_id=chosen.pk, query=q, wijk_ids=[wijk] if wijk else None))


@router.get("/wijk-at", response={200: WijkOut, 404: dict}, summary="Which wijk contains a point")
def wijk_at(request: HttpRequest, lat: Latitude, lon: Longitude) -> Any:
    user = cast("User", request.user)  # the API router requires a login
    for municipality_id in user.municipality_ids():  # accounts.selectors, via the User model (no cycle)
        wijk = wijk_for_point(lat=lat, lon=lon, municipality_id=municipality_id)
        if wijk:
            return wijk
    return 404, {"detail": "Geen wijk op dit punt."}
