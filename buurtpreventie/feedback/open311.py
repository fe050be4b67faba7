"""Open311 GeoReport v2 for public-space defects, mounted at /open311/v2/, in XML (the spec's required
format) and JSON.

- GET  discovery.{xml,json}
- GET  services.{xml,json}?jurisdiction_id=GM0268      GET services/<code>.{xml,json} (definition)
- GET  requests.{xml,json}?jurisdiction_id=…[&service_request_id=1,2][&service_code=a,b][&status=open,closed]
       [&start_date=…&end_date=…]  (at most 1000, newest first; default and maximum span 90 days)
- GET  requests/<id>.{xml,json}?jurisdiction_id=…
- POST requests.{xml,json}  (api_key of an `Open311Key` for that municipality; form or JSON body)

jurisdiction_id is the CBS municipality code; POSTed coordinates must lie in that municipality.
Every error is a GeoReport error list (`[{"code", "description"}]` / `<errors><error>…`), including
500. JSON never contains NaN or Infinity (`allow_nan=False`). The GETs allow any origin (CORS);
reporter identities are never exposed.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any
from xml.etree import ElementTree as ET

from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from buurtpreventie.areas.models import Municipality
from buurtpreventie.areas.selectors import point_in_municipality, wijk_for_point
from buurtpreventie.core.audit import audit_record
from buurtpreventie.patrols.models import Defect, DefectCategory, ForwardState
from buurtpreventie.patrols.selectors import defects_public
from buurtpreventie.patrols.signals import defects_created

from .models import CategoryMapping, Open311Key

logger = logging.getLogger(__name__)

GROUP = "Openbare ruimte"
FORMATS = ("json", "xml")
MAX_IDS = 100
MAX_SPAN = timedelta(days=90)
DESCRIPTION_MAX = 4000
ADDRESS_MAX = 200
CHANGESET = "2026-12-02T00:00:00Z"
# Element names of one item in a list response, per GeoReport v2.
ITEM = {"services": "service", "service_requests": "request", "errors": "error", "attributes": "attribute",
        "endpoints": "endpoint", "formats": "format"}


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


# --- Output ---------------------------------------------------------------------------------------

def _xml_value(parent: ET.Element, key: str, value: Any) -> None:
    element = ET.SubElement(parent, key)
    if isinstance(value, list):
        for item in value:
            _xml_value(element, ITEM.get(key, "item"), item)
    elif isinstance(value, dict):
        for k, v in value.items():
            _xml_value(element, k, v)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def _render(data: Any, fmt: str, *, root: str, status: int = 200, cors: bool = False) -> HttpResponse:
    if fmt == "xml":
        element = ET.Element(root)
        if isinstance(data, dict):
            for k, v in data.items():
                _xml_value(element, k, v)
        else:
            for item in data:
                child = ET.SubElement(element, ITEM.get(root, "item"))
                for k, v in item.items():
                    _xml_value(child, k, v)
        body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8")
        response = HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
    else:
        body_text = json.dumps(data, allow_nan=False, ensure_ascii=False)
        response = HttpResponse(body_text, status=status, content_type="application/json; charset=utf-8")
    if cors:
        response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(status: int, description: str, fmt: str = "json", *, cors: bool = False) -> HttpResponse:
    return _render([{"code": status, "description": description}], fmt, root="errors", status=status, cors=cors)


def open311_view(*, methods: tuple[str, ...]) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Format check, method check, CORS and GeoReport-shaped errors (also for unexpected 500s)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, fmt: str | None = None, **kwargs: Any) -> HttpResponse:
            fmt_ok = (fmt or "json").lower()
            cors = request.method in ("GET", "HEAD", "OPTIONS")
            if fmt_ok not in FORMATS:
                return _error(400, f"unsupported format '{fmt}'; use .xml or .json", "json", cors=cors)
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Access-Control-Allow-Origin"] = "*"
                response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
                response["Access-Control-Max-Age"] = "86400"
                return response
            if request.method not in methods:
                response = _error(405, f"method {request.method} not allowed", fmt_ok, cors=cors)
                response["Allow"] = ", ".join((*methods, "OPTIONS"))
                return response
            try:
                return view(request, *args, fmt=fmt_ok, **kwargs)
            except Open311Error as exc:
                return _error(exc.status, exc.description, fmt_ok, cors=cors)
            except RequestDataTooBig:
                return _error(413, "request body too large", fmt_ok, cors=cors)
            except Exception:
                logger.exception("Open311 %s failed", request.path)
                return _error(500, "internal error; the request was not processed", fmt_ok, cors=cors)

        return csrf_exempt(wrapper)

    return decorate


# --- Input ----------------------------------------------------------------------------------------

def _text(value: Any, name: str, limit: int) -> str:
    text = "" if value is None else str(value)
    if "\x00" in text:
        raise Open311Error(400, f"{name} contains a NUL character")
    text = text.strip()
    if len(text) > limit:
        raise Open311Error(400, f"{name} is longer than {limit} characters")
    return text


def _jurisdiction(request: HttpRequest, data: dict[str, Any] | None = None) -> Municipality:
    code = _text((data or {}).get("jurisdiction_id") or request.GET.get("jurisdiction_id"), "jurisdiction_id", 10)
    if not code:
        if Municipality.objects.count() == 1:
            return Municipality.objects.get()
        raise Open311Error(400, "jurisdiction_id is required (the CBS municipality code, e.g. GM0268)")
    municipality = Municipality.objects.filter(code=code.upper()).first()
    if municipality is None:
        raise Open311Error(404, f"unknown jurisdiction_id {code}")
    return municipality


def _parse_date(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    value = _text(value, name, 40)
    try:
        parsed = parse_datetime(value.replace(" ", "+")) if "T" in value else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise Open311Error(400, f"{name} must be a W3C date-time such as 2026-01-31T00:00:00Z")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    if parsed.year < 2000 or parsed.year > 2100:
        raise Open311Error(400, f"{name} is out of range")
    return parsed


def _coordinate(value: Any, name: str, low: float, high: float) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(_text(value, name, 40))
    except ValueError:
        raise Open311Error(400, f"{name} must be a number") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise Open311Error(400, f"{name} is out of range")
    return number


# --- Output rows ----------------------------------------------------------------------------------

def _iso(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _service_codes(municipality: Municipality) -> dict[str, str]:
    """Our category → the service_code this municipality publishes (its mapping, else our own code)."""
    mapped = dict(CategoryMapping.objects.filter(municipality=municipality).exclude(open311_service_code="")
                  .values_list("category", "open311_service_code"))
    return {code: mapped.get(code, code) for code in DefectCategory.values}


def _as_request(defect: Defect, request: HttpRequest, codes: dict[str, str]) -> dict[str, Any]:
    return {
        "service_request_id": str(defect.pk),
        "status": defect.open311_status,
        "status_notes": defect.status_notes or None,
        "service_name": str(defect.get_category_display()),
        "service_code": codes.get(defect.category, defect.category),
        "description": defect.description or None,
        "agency_responsible": None,
        "service_notice": None,
        "requested_datetime": _iso(defect.created_at),
        "updated_datetime": _iso(defect.updated_at),
        "expected_datetime": None,
        "address": defect.place or None,
        "address_id": None,
        "zipcode": None,
        "lat": _finite(defect.lat),
        "long": _finite(defect.lon),
        "media_url": request.build_absolute_uri(defect.photo.url) if defect.photo else None,
    }


# --- Views ----------------------------------------------------------------------------------------

@open311_view(methods=("GET", "HEAD"))
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    url = request.build_absolute_uri(reverse("open311-discovery", kwargs={"fmt": fmt})).rsplit("/", 1)[0]
    data = {
        "changeset": CHANGESET,
        "contact": "Neem contact op met de gemeente via het loket buurtpreventie.",
        "key_service": "Een api_key voor POST vraagt u aan bij de gemeente (per jurisdiction_id).",
        "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "url": url,
                       "changeset": CHANGESET, "type": "production",
                       "formats": ["text/xml", "application/json"]}],
    }
    return _render(data, fmt, root="discovery", cors=True)


@open311_view(methods=("GET", "HEAD"))
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    municipality = _jurisdiction(request)
    codes = _service_codes(municipality)
    return _render([
        {"service_code": codes[code], "service_name": str(label), "description": str(label), "metadata": False,
         "type": "realtime", "keywords": "buurtpreventie", "group": GROUP}
        for code, label in DefectCategory.choices
    ], fmt, root="services", cors=True)


@open311_view(methods=("GET", "HEAD"))
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    municipality = _jurisdiction(request)
    if code not in _service_codes(municipality).values():
        raise Open311Error(404, f"service_code {code} not found")
    data = {"service_code": code, "attributes": []}
    if fmt == "xml":
        element = ET.Element("service_definition")
        ET.SubElement(element, "service_code").text = code
        ET.SubElement(element, "attributes")
        body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8")
        response = HttpResponse(body, content_type="text/xml; charset=utf-8")
        response["Access-Control-Allow-Origin"] = "*"
        return response
    return _render(data, fmt, root="service_definition", cors=True)


@open311_view(methods=("GET", "HEAD", "POST"))
def requests_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    municipality = _jurisdiction(request)
    codes = _service_codes(municipality)
    qs = defects_public(municipality_id=municipality.pk)
    ids = request.GET.get("service_request_id")
    if ids:
        parts = [p.strip() for p in _text(ids, "service_request_id", 2000).split(",") if p.strip()]
        if not parts or len(parts) > MAX_IDS or not all(p.isdigit() and len(p) < 12 for p in parts):
            raise Open311Error(400, f"service_request_id must be 1 to {MAX_IDS} comma-separated numbers")
        qs = qs.filter(pk__in=[int(p) for p in parts])
    else:
        end = _parse_date(request.GET.get("end_date"), "end_date")
        start = _parse_date(request.GET.get("start_date"), "start_date")
        if end is None:
            end = start + MAX_SPAN if start else timezone.now()
        start = start or end - MAX_SPAN
        if start > end:
            raise Open311Error(400, "start_date is after end_date")
        if end - start > MAX_SPAN:
            raise Open311Error(400, "the date range may not span more than 90 days")
        qs = qs.filter(created_at__gte=start, created_at__lte=end)
        wanted = request.GET.get("service_code")
        if wanted:
            reverse_codes = {published: ours for ours, published in codes.items()}
            asked = [c.strip() for c in _text(wanted, "service_code", 1000).split(",") if c.strip()]
            qs = qs.filter(category__in=[reverse_codes.get(c, "") for c in asked])
        status = request.GET.get("status")
        if status:
            asked_status = {s.strip().lower() for s in _text(status, "status", 40).split(",") if s.strip()}
            if not asked_status or not asked_status <= {"open", "closed"}:
                raise Open311Error(400, "status must be open, closed or open,closed")
            if asked_status != {"open", "closed"}:
                qs = qs.filter(is_open=("open" in asked_status))
    rows = [_as_request(d, request, codes) for d in qs.order_by("-created_at", "-id")[:1000]]
    return _render(rows, fmt, root="service_requests", cors=True)


@open311_view(methods=("GET", "HEAD"))
def request_detail(request: HttpRequest, pk: str, fmt: str) -> HttpResponse:
    municipality = _jurisdiction(request)
    if not pk.isdigit() or len(pk) > 12:
        raise Open311Error(400, "service_request_id must be a number")
    defect = defects_public(municipality_id=municipality.pk).filter(pk=int(pk)).first()
    if defect is None:
        raise Open311Error(404, "service request not found")
    return _render([_as_request(defect, request, _service_codes(municipality))], fmt, root="service_requests",
                   cors=True)


def _key_rate_limited(key: Open311Key, fmt: str) -> HttpResponse | None:
    """Posts per api_key per hour (settings.OPEN311_POSTS_PER_HOUR): 429 with Retry-After."""
    from django.conf import settings

    from buurtpreventie.core.ratelimit import take

    verdict = take(f"open311:key:{key.pk}", limit=int(getattr(settings, "OPEN311_POSTS_PER_HOUR", 600)), window=3600)
    if verdict.allowed:
        return None
    response = _error(429, "too many requests for this api_key", fmt)
    response["Retry-After"] = str(verdict.retry_after)
    return response


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}", parse_constant=_refuse_constant)
        except ValueError:
            raise Open311Error(400, "invalid JSON body") from None
        if not isinstance(data, dict):
            raise Open311Error(400, "expected a JSON object")
    else:
        data = request.POST.dict()
    municipality = _jurisdiction(request, data)
    key = Open311Key.objects.filter(key=_text(data.get("api_key"), "api_key", 64), municipality=municipality,
                                    active=True).first()
    if key is None:
        raise Open311Error(403, "a valid api_key for this jurisdiction is required")
    limited = _key_rate_limited(key, fmt)
    if limited is not None:
        return limited
    codes = _service_codes(municipality)
    published = _text(data.get("service_code"), "service_code", 100)
    category = {v: k for k, v in codes.items()}.get(published)
    if category is None:
        raise Open311Error(400, "service_code not found")
    lat = _coordinate(data.get("lat"), "lat", -90, 90)
    lon = _coordinate(data.get("long"), "long", -180, 180)
    address = _text(data.get("address_string"), "address_string", ADDRESS_MAX)
    description = _text(data.get("description"), "description", DESCRIPTION_MAX)
    if (lat is None) != (lon is None):
        raise Open311Error(400, "lat and long go together")
    if lat is None and not address:
        raise Open311Error(400, "lat & long or address_string is required")
    if lat is not None and lon is not None and not point_in_municipality(lat=lat, lon=lon,
                                                                         municipality_id=municipality.pk):
        raise Open311Error(400, f"lat/long lie outside jurisdiction {municipality.code} "
                                    "(are lat and long swapped?)")
    wijk = wijk_for_point(lat=lat, lon=lon, municipality_id=municipality.pk) if lat is not None and lon is not None \
        else None
    with transaction.atomic():
        defect = Defect.objects.create(
            municipality=municipality, wijk=wijk, category=category, description=description,
            place=address or f"{lat:.5f}, {lon:.5f}", lat=lat, lon=lon,
            forward_state=ForwardState.PENDING, forward_next_at=timezone.now(),
        )
        audit_record(actor=None, action="open311.create", obj=defect, municipality_id=municipality.pk,
                     detail={"key": key.name})
        pk = defect.pk
        transaction.on_commit(lambda: defects_created.send(sender=Defect, defect_ids=[pk]))
    return _render([{"service_request_id": str(defect.pk), "service_notice": None, "account_id": None}], fmt,
                   root="service_requests", status=201)


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed")
