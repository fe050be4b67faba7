"""PDOK Locatieserver (v3.1): suggest, lookup, free search and reverse geocoding of Dutch addresses.

The base URL is `BUURTPREVENTIE["PDOK_LOCATIESERVER_URL"]` (default the public PDOK service), so a
municipality can point it at its own mirror and tests at a local stand-in. Every call fails soft:
a timeout or an error answer gives `None`/`[]`, never an exception to the caller's user.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

import httpx
from django.conf import settings

logger = logging.getLogger(__name__)

DEFAULT_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1"
TIMEOUT_S = 5.0
_POINT = re.compile(r"POINT\(\s*([-0-9.]+)\s+([-0-9.]+)\s*\)")


def base_url() -> str:
    return str(getattr(settings, "BUURTPREVENTIE", {}).get("PDOK_LOCATIESERVER_URL") or DEFAULT_URL).rstrip("/")


@dataclass(frozen=True)
class Address:
    id: str
    display: str
    street: str = ""
    number: int | None = None
    letter: str = ""
    addition: str = ""
    postcode: str = ""
    city: str = ""
    municipality_code: str = ""
    lat: float | None = None
    lon: float | None = None

    def as_signalen(self) -> dict[str, Any]:
        """The `location.address` object Signalen stores (and validates against PDOK itself)."""
        address: dict[str, Any] = {"openbare_ruimte": self.street, "woonplaats": self.city}
        if self.number is not None:
            address["huisnummer"] = self.number
        if self.letter:
            address["huisletter"] = self.letter
        if self.addition:
            address["huisnummer_toevoeging"] = self.addition
        if self.postcode:
            address["postcode"] = self.postcode
        return address

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "display": self.display, "street": self.street, "number": self.number,
                "letter": self.letter, "addition": self.addition, "postcode": self.postcode, "city": self.city,
                "lat": self.lat, "lon": self.lon}


def _point(value: Any) -> tuple[float, float] | tuple[None, None]:
    match = _POINT.match(str(value or ""))
    if not match:
        return None, None
    lon, lat = float(match.group(1)), float(match.group(2))
    return lat, lon


def _address(doc: dict[str, Any]) -> Address:
    lat, lon = _point(doc.get("centroide_ll"))
    number = doc.get("huisnummer")
    return Address(
        id=str(doc.get("id") or ""), display=str(doc.get("weergavenaam") or ""),
        street=str(doc.get("straatnaam") or ""), number=int(number) if isinstance(number, int | str)
        and str(number).isdigit() else None,
        letter=str(doc.get("huisletter") or ""), addition=str(doc.get("huisnummertoevoeging") or ""),
        postcode=str(doc.get("postcode") or ""), city=str(doc.get("woonplaatsnaam") or ""),
        municipality_code=str(doc.get("gemeentecode") or ""), lat=lat, lon=lon,
    )


def _get(path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    try:
        with httpx.Client(timeout=TIMEOUT_S) as client:
            response = client.get(f"{base_url()}/{path}", params=params)
        response.raise_for_status()
        docs = response.json().get("response", {}).get("docs", [])
    except (httpx.HTTPError, ValueError, AttributeError) as exc:
        logger.warning("PDOK Locatieserver %s failed: %s", path, exc)
        return []
    return [d for d in docs if isinstance(d, dict)]


def suggest(query: str, *, municipality_code: str = "", rows: int = 8) -> list[dict[str, str]]:
    """Type-ahead suggestions: [{"id", "display"}] of addresses (optionally within one municipality)."""
    query = query.strip()
    if len(query) < 2:
        return []
    params: dict[str, Any] = {"q": query, "rows": rows, "fq": ["type:adres"]}
    if municipality_code:
        params["fq"].append(f"gemeentecode:{municipality_code.upper().removeprefix('GM')}")
    return [{"id": str(d.get("id", "")), "display": str(d.get("weergavenaam", ""))}
            for d in _get("suggest", params) if d.get("id")]


def lookup(address_id: str) -> Address | None:
    docs = _get("lookup", {"id": address_id, "fl": "*"})
    return _address(docs[0]) if docs else None


def geocode(text: str, *, municipality_code: str = "") -> Address | None:
    """The best-matching address for a free text ("Grote Markt 1, Nijmegen"), with its point."""
    text = text.strip()
    if not text:
        return None
    params: dict[str, Any] = {"q": text, "rows": 1, "fl": "*", "fq": ["type:adres"]}
    if municipality_code:
        params["fq"].append(f"gemeentecode:{municipality_code.upper().removeprefix('GM')}")
    docs = _get("free", params)
    return _address(docs[0]) if docs else None


def reverse(*, lat: float, lon: float, max_distance_m: float = 100) -> Address | None:
    """The nearest address to a point (within `max_distance_m`)."""
    docs = _get("reverse", {"lat": f"{lat:.7f}", "lon": f"{lon:.7f}", "type": "adres", "rows": 1, "fl": "*"})
    if not docs:
        return None
    distance = docs[0].get("afstand")
    if isinstance(distance, int | float) and distance > max_distance_m:
        return None
    return _address(docs[0])
