"""Open311 GeoReport v2 (JSON) for public-space defects, mounted at /open311/v2/.

- GET  services.json?jurisdiction_id=GM0268
- GET  requests.json?jurisdiction_id=…[&service_request_id=1,2][&service_code=…][&status=open|closed]
       [&start_date=…&end_date=…]  (at most 1000, newest first; default the last 90 days)
- GET  requests/<id>.json?jurisdiction_id=…
- POST requests.json  (api_key of an `Open311Key` for that municipality; form or JSON body)

jurisdiction_id is the CBS municipality code. Reporter identities are never exposed.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from buurtpreventie.areas.models import Municipality
from buurtpreventie.areas.selectors import wijk_for_point
from buurtpreventie.core.audit import audit_record
from buurtpreventie.patrols.models import Defect, DefectCategory, ForwardState
from buurtpreventie.patrols.signals import defects_created

from .models import Open311Key

GROUP = "Openbare ruimte"


def _error(status: int, description: str) -> JsonResponse:
    return JsonResponse([{"code": status, "description": description}], status=status, safe=False)


def _format_ok(fmt: str | None) -> bool:
    return fmt in (None, "", "json")


def _jurisdiction(request: HttpRequest, data: Any = None) -> Municipality | JsonResponse:
    code = (data or {}).get("jurisdiction_id") or request.GET.get("jurisdiction_id")
    if not code:
        if Municipality.objects.count() == 1:
            return Municipality.objects.get()
        return _error(400, "jurisdiction_id is required (the CBS municipality code, e.g. GM0268)")
    municipality = Municipality.objects.filter(code=str(code).upper()).first()
    if municipality is None:
        return _error(404, f"unknown jurisdiction_id {code}")
    return municipality


def _iso(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _as_request(defect: Defect, request: HttpRequest) -> dict[str, Any]:
    return {
        "service_request_id": str(defect.pk),
        "status": defect.open311_status,
        "status_notes": defect.status_notes or None,
        "service_name": defect.get_category_display(),
        "service_code": defect.category,
        "description": defect.description or None,
        "agency_responsible": None,
        "service_notice": None,
        "requested_datetime": _iso(defect.created_at),
        "updated_datetime": _iso(defect.updated_at),
        "expected_datetime": None,
        "address": defect.place or None,
        "address_id": None,
        "zipcode": None,
        "lat": defect.lat,
        "long": defect.lon,
        "media_url": request.build_absolute_uri(defect.photo.url) if defect.photo else None,
    }


@require_http_methods(["GET"])
def services(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    if not _format_ok(fmt):
        return _error(400, "only JSON is supported")
    municipality = _jurisdiction(request)
    if isinstance(municipality, JsonResponse):
        return municipality
    return JsonResponse([
        {"service_code": code, "service_name": str(label), "description": str(label), "metadata": False,
         "type": "realtime", "keywords": "buurtpreventie", "group": GROUP}
        for code, label in DefectCategory.choices
    ], safe=False)


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests_view(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    if not _format_ok(fmt):
        return _error(400, "only JSON is supported")
    if request.method == "POST":
        return _create(request)
    municipality = _jurisdiction(request)
    if isinstance(municipality, JsonResponse):
        return municipality
    qs = Defect.objects.filter(municipality=municipality)
    ids = request.GET.get("service_request_id")
    if ids:
        qs = qs.filter(pk__in=[int(i) for i in ids.split(",") if i.strip().isdigit()])
    else:
        end = _parse_date(request.GET.get("end_date")) or timezone.now()
        start = _parse_date(request.GET.get("start_date")) or end - timedelta(days=90)
        qs = qs.filter(created_at__gte=start, created_at__lte=end)
        codes = request.GET.get("service_code")
        if codes:
            qs = qs.filter(category__in=codes.split(","))
        status = request.GET.get("status")
        if status in ("open", "closed"):
            qs = qs.filter(is_open=(status == "open"))
    return JsonResponse([_as_request(d, request) for d in qs.order_by("-created_at", "-id")[:1000]], safe=False)


@require_http_methods(["GET"])
def request_detail(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    if not _format_ok(fmt):
        return _error(400, "only JSON is supported")
    municipality = _jurisdiction(request)
    if isinstance(municipality, JsonResponse):
        return municipality
    defect = Defect.objects.filter(pk=pk, municipality=municipality).first()
    if defect is None:
        return _error(404, "service request not found")
    return JsonResponse([_as_request(defect, request)], safe=False)


def _float(value: Any) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _key_rate_limited(key: Open311Key) -> HttpResponse | None:
    """Posts per api_key per hour (settings.OPEN311_POSTS_PER_HOUR): 429 with Retry-After."""
    from django.conf import settings

    from buurtpreventie.core.ratelimit import take

    verdict = take(f"open311:key:{key.pk}", limit=int(getattr(settings, "OPEN311_POSTS_PER_HOUR", 600)), window=3600)
    if verdict.allowed:
        return None
    response = _error(429, "too many requests for this api_key")
    response["Retry-After"] = str(verdict.retry_after)
    return response


def _create(request: HttpRequest) -> HttpResponse:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return _error(400, "invalid JSON")
        if not isinstance(data, dict):
            return _error(400, "expected a JSON object")
    else:
        data = request.POST.dict()
    municipality = _jurisdiction(request, data)
    if isinstance(municipality, JsonResponse):
        return municipality
    key = Open311Key.objects.filter(key=str(data.get("api_key") or ""), municipality=municipality,
                                    active=True).first()
    if key is None:
        return _error(403, "a valid api_key for this jurisdiction is required")
    limited = _key_rate_limited(key)
    if limited is not None:
        return limited
    code = data.get("service_code")
    if code not in DefectCategory.values:
        return _error(400, "service_code not found")
    lat, lon = _float(data.get("lat")), _float(data.get("long"))
    address = str(data.get("address_string") or "").strip()
    if (lat is None or lon is None) and not address:
        return _error(400, "lat & long or address_string is required")
    wijk = wijk_for_point(lat=lat, lon=lon, municipality_id=municipality.pk) if lat is not None and lon is not None \
        else None
    with transaction.atomic():
        defect = Defect.objects.create(
            municipality=municipality, wijk=wijk, category=code, description=str(data.get("description") or "")[:4000],
            place=address[:200] or f"{lat:.5f}, {lon:.5f}", lat=lat, lon=lon,
            forward_state=ForwardState.PENDING, forward_next_at=timezone.now(),
        )
        audit_record(actor=None, action="open311.create", obj=defect, municipality_id=municipality.pk,
                     detail={"key": key.name})
        pk = defect.pk
        transaction.on_commit(lambda: defects_created.send(sender=Defect, defect_ids=[pk]))
    return JsonResponse([{"service_request_id": str(defect.pk), "service_notice": None, "account_id": None}],
                        status=201, safe=False)
