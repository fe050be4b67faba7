"""A stand-in PDOK Locatieserver v3.1 (free, suggest, lookup, reverse) over a small address table.

Answers have the real shape: `{"response": {"numFound": n, "start": 0, "docs": [...]}}` with the
fields `id`, `type`, `weergavenaam`, `straatnaam`, `huisnummer`, `huisletter`, `huisnummertoevoeging`,
`postcode`, `woonplaatsnaam`, `gemeentecode`, `centroide_ll` (WKT, lon lat) and, on reverse, `afstand`."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import parse_qs

from .server import read_body, respond

ADDRESSES: list[dict[str, Any]] = [
    {"id": "adr-grotemarkt-1", "straatnaam": "Grote Markt", "huisnummer": 1, "postcode": "6511KB",
     "woonplaatsnaam": "Nijmegen", "gemeentecode": "0268", "lat": 51.84718, "lon": 5.86320},
    {"id": "adr-burchtstraat-43a", "straatnaam": "Burchtstraat", "huisnummer": 43, "huisletter": "A",
     "postcode": "6511RA", "woonplaatsnaam": "Nijmegen", "gemeentecode": "0268", "lat": 51.84651, "lon": 5.86695},
    {"id": "adr-molenstraat-10", "straatnaam": "Molenstraat", "huisnummer": 10, "postcode": "6511HE",
     "woonplaatsnaam": "Nijmegen", "gemeentecode": "0268", "lat": 51.84466, "lon": 5.86309},
    {"id": "adr-langestraat-1", "straatnaam": "Langestraat", "huisnummer": 1, "postcode": "1811JA",
     "woonplaatsnaam": "Alkmaar", "gemeentecode": "0361", "lat": 52.63157, "lon": 4.74889},
]


def _doc(a: dict[str, Any]) -> dict[str, Any]:
    number = f"{a['huisnummer']}{a.get('huisletter', '')}"
    doc = {k: v for k, v in a.items() if k not in ("lat", "lon")}
    doc.update({"type": "adres", "weergavenaam": f"{a['straatnaam']} {number}, {a['postcode'][:4]}"
                f"{a['postcode'][4:]} {a['woonplaatsnaam']}", "centroide_ll": f"POINT({a['lon']} {a['lat']})"})
    return doc


def _distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat, dlon = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    return 2 * 6371000 * math.asin(math.sqrt(h))


class PdokStandIn:
    def __init__(self) -> None:
        self.log: list[tuple[str, dict[str, list[str]]]] = []

    def _filter(self, params: dict[str, list[str]]) -> list[dict[str, Any]]:
        found = ADDRESSES
        for fq in params.get("fq", []):
            key, _sep, value = fq.partition(":")
            if key == "gemeentecode":
                found = [a for a in found if a["gemeentecode"] == value]
            elif key == "type" and value != "adres":
                found = []
        words = [w for w in params.get("q", [""])[0].lower().replace(",", " ").split() if w]
        return [a for a in found if all(w in _doc(a)["weergavenaam"].lower() for w in words)]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await read_body(receive)
        params = parse_qs(scope.get("query_string", b"").decode())
        endpoint = scope["path"].rstrip("/").rsplit("/", 1)[-1]
        self.log.append((endpoint, params))
        rows = int(params.get("rows", ["10"])[0])
        if endpoint in ("free", "suggest"):
            if not params.get("q"):
                await respond(send, 400, {"error": {"msg": "q is required", "code": 400}})
                return
            docs = [_doc(a) for a in self._filter(params)][:rows]
            if endpoint == "suggest":
                docs = [{"id": d["id"], "type": d["type"], "weergavenaam": d["weergavenaam"], "score": 10.0}
                        for d in docs]
        elif endpoint == "lookup":
            docs = [_doc(a) for a in ADDRESSES if a["id"] == params.get("id", [""])[0]]
        elif endpoint == "reverse":
            try:
                lat, lon = float(params["lat"][0]), float(params["lon"][0])
            except (KeyError, ValueError):
                await respond(send, 400, {"error": {"msg": "lat and lon are required", "code": 400}})
                return
            ranked = sorted(ADDRESSES, key=lambda a: _distance_m(lat, lon, a["lat"], a["lon"]))[:rows]
            docs = [dict(_doc(a), afstand=round(_distance_m(lat, lon, a["lat"], a["lon"]), 1)) for a in ranked]
        else:
            await respond(send, 404, {"error": {"msg": "not found", "code": 404}})
            return
        await respond(send, 200, {"response": {"numFound": len(docs), "start": 0, "maxScore": 10.0, "docs": docs}})
