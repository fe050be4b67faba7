"""Address search for forms (the reusable `address-search.js` widget): PDOK Locatieserver suggest,
lookup and reverse through our server, so pages need no third-party connect-src and tests use a
local stand-in. Signed-in users only; answers are small JSON objects."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from . import pdok
from .models import Municipality

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest


def _municipality_code(request: HttpRequest) -> str:
    code = request.GET.get("gemeente", "").strip().upper()
    return code if code and Municipality.objects.filter(code=code).exists() else ""


@login_required
@require_GET
def suggest(request: AuthenticatedHttpRequest) -> JsonResponse:
    query = request.GET.get("q", "")[:120]
    return JsonResponse({"results": pdok.suggest(query, municipality_code=_municipality_code(request))})


@login_required
@require_GET
def lookup(request: AuthenticatedHttpRequest) -> JsonResponse:
    address_id = request.GET.get("id", "")[:200]
    address = pdok.lookup(address_id) if address_id else None
    if address is None:
        return JsonResponse({"detail": "not found"}, status=404)
    return JsonResponse(address.as_json())


@login_required
@require_GET
def reverse(request: AuthenticatedHttpRequest) -> JsonResponse:
    try:
        lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
    except (KeyError, ValueError):
        return JsonResponse({"detail": "lat and lon are required numbers"}, status=400)
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return JsonResponse({"detail": "lat/lon out of range"}, status=400)
    address = pdok.reverse(lat=lat, lon=lon)
    if address is None:
        return JsonResponse({"detail": "no address nearby"}, status=404)
    return JsonResponse(address.as_json())
