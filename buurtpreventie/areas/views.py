from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from buurtpreventie.core.tenancy import resolve_municipality, switchable_municipalities

from .models import Municipality, Wijk
from .selectors import streets_in_wijk, wijken_of

if TYPE_CHECKING:
    from buurtpreventie.accounts.types import AuthenticatedHttpRequest

METRICS = {  # lazy: translated when a page shows them, in that page's language
    "inhabitants": _("Inwoners"),
    "crime_per_1000": _("Geregistreerde misdrijven per 1.000 inwoners"),
}


def _municipality_for(request: HttpRequest) -> Municipality:
    """The municipality the user may look at: their own; staff of several choose with ?gemeente=."""
    municipality: Municipality = resolve_municipality(request)
    return municipality


def _metric_value(wijk: Wijk, metric: str) -> float | None:
    if metric == "crime_per_1000":
        return wijk.crime_rate()
    value = wijk.inhabitants
    return float(value) if value is not None else None


@login_required
def wijk_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality_for(request)
    metric = request.GET.get("kleur", "crime_per_1000")
    if metric not in METRICS:
        metric = "crime_per_1000"
    wijken = list(wijken_of(municipality=municipality))
    rows = [{"wijk": w, "value": _metric_value(w, metric), "crime_rate": w.crime_rate()} for w in wijken]
    municipalities = switchable_municipalities(request) or [municipality]
    return render(
        request,
        "areas/wijk_overview.html",
        {
            "municipality": municipality,
            "rows": rows,
            "metric": metric,
            "metric_label": METRICS[metric],
            "metrics": METRICS,
            "municipalities": municipalities,
        },
    )


@login_required
def wijken_geojson(request: AuthenticatedHttpRequest) -> JsonResponse:
    municipality = _municipality_for(request)
    features = []
    for wijk in wijken_of(municipality=municipality).exclude(geometry=None):
        features.append(
            {
                "type": "Feature",
                "id": wijk.code,
                "properties": {
                    "code": wijk.code,
                    "name": wijk.name,
                    "inhabitants": wijk.inhabitants,
                    "crime_per_1000": wijk.crime_rate(),
                    "url": f"/wijken/{wijk.code}/",
                },
                "geometry": wijk.geometry,
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


@login_required
def wijk_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    user = request.user
    wijk = get_object_or_404(Wijk.objects.select_related("municipality"), code=code)
    if not user.is_superuser and wijk.municipality_id not in user.municipality_ids():
        raise Http404
    request.municipality = wijk.municipality  # type: ignore[attr-defined]
    streets = list(streets_in_wijk(wijk=wijk))
    return render(
        request,
        "areas/wijk_detail.html",
        {
            "wijk": wijk,
            "buurten": wijk.buurten.all(),
            "streets": streets,
            "streets_geojson": {"type": "FeatureCollection", "features": [s.as_feature() for s in streets]},
            "wijk_geojson": {"type": "Feature", "properties": {"name": wijk.name}, "geometry": wijk.geometry},
        },
    )
