"""Importers for CBS/PDOK wijken, CBS kerncijfers and street geometry.

Every importer first parses and validates the *whole* file into plain records, and only then
writes, inside one transaction. A broken file raises `ImportFileError` naming the file, the
feature or row and the field, and nothing is changed. Re-importing updates rows by their CBS
code (or street name), so running an import twice changes nothing.

Semantics of missing data:
- a field the file does not have at all is left as it is (a full-resolution geometry file
  without statistics does not wipe the statistics an earlier import stored);
- a field that is present but empty, null or a CBS "secret" sentinel (negative numbers such as
  -99997) is stored as NULL: unknown, never zero.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union
from shapely.validation import make_valid

from buurtpreventie.core.geo import haversine_m

from .models import Buurt, Municipality, Street, Wijk

Progress = Callable[[str, int, int], None]

# CBS codes: 4 digits of the municipality, then 2 (wijk) or 4 (buurt) characters that are digits for
# most municipalities and letters for some (Amsterdam: WK0363AA, BU0363AA01).
WIJK_CODE_RE = re.compile(r"^WK\d{4}[0-9A-Z]{2}$")
BUURT_CODE_RE = re.compile(r"^BU\d{4}[0-9A-Z]{4}$")
GM_CODE_RE = re.compile(r"^GM\d{4}$")


class ImportFileError(Exception):
    """A file that cannot be imported. The message names file, feature/row and field."""

    def __init__(self, path: Path | str, where: str, field_name: str | None, problem: str) -> None:
        self.path = str(path)
        self.where = where
        self.field_name = field_name
        self.problem = problem
        parts = [str(path), where]
        if field_name:
            parts.append(_("veld '%(field)s'") % {"field": field_name})
        super().__init__(": ".join([", ".join(parts), problem]))


def _norm(key: str) -> str:
    """`aantal_inwoners`, `aantalInwoners` and `AANTAL_INWONERS` all become `aantalinwoners`."""
    return re.sub(r"[^a-z0-9]", "", key.lower())


# Our field -> accepted source property names (normalised). Covers the snake_case style of
# PDOK's OGC API and our extracts, the camelCase style of PDOK's WFS, and CBS's long names.
WIJK_STAT_ALIASES: dict[str, tuple[str, ...]] = {
    "inhabitants": ("aantalinwoners", "inwoners"),
    "men": ("mannen", "aantalmannen"),
    "women": ("vrouwen", "aantalvrouwen"),
    "inhabitants_0_15": ("inwoners0tot15",),
    "inhabitants_65plus": ("inwoners65plus",),
    "age_0_15_pct": ("015", "percentagepersonen0tot15jaar"),
    "age_15_25_pct": ("1525", "percentagepersonen15tot25jaar"),
    "age_25_45_pct": ("2545", "percentagepersonen25tot45jaar"),
    "age_45_65_pct": ("4565", "percentagepersonen45tot65jaar"),
    "age_65plus_pct": ("65plus", "percentagepersonen65jaarenouder"),
    "households": ("huishoudens", "aantalhuishoudens"),
    "household_size": ("gemhuishoudengrootte", "gemiddeldehuishoudsgrootte", "huishoudensgrootte"),
    "density": ("bevolkingsdichtheid", "bevolkingsdichtheidinwonersperkm2", "dichtheid"),
    "woz_value": ("wozwaarde", "gemiddeldewozwaardewoning"),
    "income_per_inhabitant": ("inkomenperinwoner", "gemiddeldinkomenperinwoner"),
    "urbanity": ("stedelijkheid", "stedelijkheidadressenperkm2"),
    "land_area_ha": ("oppervlakteland", "oppervlaktelandha", "oppervlaktelandinha"),
    "crime_per_1000": ("misdrijvenper1000",),
    "crime_last_12_months": ("misdrijvenlaatste12mnd",),
}
INTEGER_FIELDS = {
    "inhabitants", "men", "women", "inhabitants_0_15", "inhabitants_65plus", "households", "urbanity",
    "crime_last_12_months",
}
WIJK_CODE_KEYS = ("wijkcode", "code", "statcode")
WIJK_NAME_KEYS = ("wijknaam", "naam", "statnaam")
GM_CODE_KEYS = ("gemeentecode",)
GM_NAME_KEYS = ("gemeentenaam",)


def _first(props: dict[str, Any], keys: Iterable[str]) -> tuple[bool, Any]:
    for key in keys:
        if key in props:
            return True, props[key]
    return False, None


def _number(value: Any, *, integer: bool, path: Path, where: str, field_name: str) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ImportFileError(path, where, field_name, _("verwacht een getal, kreeg %(value)r") % {"value": value})
    if isinstance(value, str):
        text = value.strip()
        if text in {"", ".", "-", "x", "?"}:
            return None
        text = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
        try:
            number = float(text)
        except ValueError:
            raise ImportFileError(
                path, where, field_name, _("verwacht een getal, kreeg %(value)r") % {"value": value}
            ) from None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        raise ImportFileError(path, where, field_name, _("verwacht een getal, kreeg %(value)r") % {"value": value})
    if number != number:  # NaN
        return None
    if number < 0:  # CBS sentinels for secret/unknown values (-99995, -99997, -99999999)
        return None
    return round(number) if integer else number


def _read_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8-sig") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise ImportFileError(path, _("bestand"), None, _("bestaat niet")) from None
    except UnicodeDecodeError as exc:
        raise ImportFileError(path, _("bestand"), None, _("is geen UTF-8-tekst (%(err)s)") % {"err": exc}) from None
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            path,
            _("regel %(line)s, kolom %(col)s") % {"line": exc.lineno, "col": exc.colno},
            None,
            _("geen geldige JSON (%(msg)s)") % {"msg": exc.msg},
        ) from None


def _features(path: Path, data: Any) -> list[dict[str, Any]]:
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportFileError(path, _("bestand"), "type", _("verwacht een GeoJSON FeatureCollection"))
    features = data.get("features")
    if not isinstance(features, list):
        raise ImportFileError(path, _("bestand"), "features", _("ontbreekt of is geen lijst"))
    return features


# The European Netherlands in WGS84 (min lon, min lat, max lon, max lat), with a little margin.
NL_BOUNDS = (3.2, 50.7, 7.3, 53.7)
# The largest municipality (Súdwest-Fryslân) is about 50 km across; a wijk further than this from the
# middle of its municipality's other wijken is in the wrong place.
MAX_KM_FROM_MUNICIPALITY = 60.0
RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"


def _crs_of(data: Any, default: str | None) -> str:
    """The CRS a GeoJSON file declares (old-style `crs` member, as CBS/PDOK downloads have), else the
    caller's default, else WGS84 (RFC 7946)."""
    crs = data.get("crs") if isinstance(data, dict) else None
    name = ""
    if isinstance(crs, dict):
        name = str((crs.get("properties") or {}).get("name") or "")
    match = re.search(r"EPSG:{1,2}(\d+)", name)
    if match:
        return f"EPSG:{match.group(1)}"
    if "CRS84" in name:
        return WGS84
    return default or WGS84


class Reprojector:
    """Reproject shapely geometries to WGS84 (lon, lat) with pyproj, all coordinates at once."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._transformer: Any = None
        if source != WGS84:
            from pyproj import Transformer

            self._transformer = Transformer.from_crs(source, WGS84, always_xy=True)

    def __call__(self, geom: BaseGeometry) -> BaseGeometry:
        if self._transformer is None:
            return geom
        import numpy as np
        import shapely

        transformer = self._transformer

        def convert(coords: Any) -> Any:
            x, y = transformer.transform(coords[:, 0], coords[:, 1])
            return np.column_stack([x, y])

        return shapely.transform(geom, convert)


def _check_in_netherlands(path: Path, where: str, geom: BaseGeometry) -> None:
    minx, miny, maxx, maxy = geom.bounds
    x0, y0, x1, y1 = NL_BOUNDS
    if x0 <= minx and maxx <= x1 and y0 <= miny and maxy <= y1:
        return
    if x0 <= miny and maxy <= x1 and y0 <= minx and maxx <= y1:
        raise ImportFileError(path, where, "geometry", _(
            "ligt buiten Nederland (%(x).2f, %(y).2f); lengte- en breedtegraad zijn verwisseld "
            "(GeoJSON is lengtegraad, breedtegraad)") % {"x": minx, "y": miny})
    if minx > 1000 or maxy > 1000:
        raise ImportFileError(path, where, "geometry", _(
            "coördinaten in meters zonder opgegeven stelsel; geef --srid 28992 (RD New) op"))
    raise ImportFileError(path, where, "geometry", _(
        "ligt buiten Nederland (lengte %(x0).2f–%(x1).2f, breedte %(y0).2f–%(y1).2f)")
        % {"x0": minx, "x1": maxx, "y0": miny, "y1": maxy})


def _geometry(path: Path, where: str, raw: Any, allowed: set[str],
              reproject: Reprojector | None = None) -> BaseGeometry:
    if not isinstance(raw, dict) or raw.get("type") not in allowed:
        kind = raw.get("type") if isinstance(raw, dict) else raw
        raise ImportFileError(
            path,
            where,
            "geometry",
            _("verwacht %(allowed)s, kreeg %(kind)r") % {"allowed": " / ".join(sorted(allowed)), "kind": kind},
        )
    try:
        geom = shape(raw)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise ImportFileError(
            path, where, "geometry", _("ongeldige coördinaten (%(err)s)") % {"err": exc}
        ) from None
    if geom.is_empty:
        raise ImportFileError(path, where, "geometry", _("geometrie is leeg"))
    if reproject is not None and reproject.source != WGS84:
        try:
            geom = reproject(geom)
        except Exception as exc:  # pyproj errors on impossible coordinates
            raise ImportFileError(path, where, "geometry", _("kan niet omrekenen vanuit %(crs)s (%(err)s)")
                                  % {"crs": reproject.source, "err": exc}) from None
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= 180 and -180 <= maxx <= 180 and -90 <= miny <= 90 and -90 <= maxy <= 90):
        raise ImportFileError(
            path, where, "geometry", _("coördinaten zijn geen WGS84 (lengte/breedte in graden); staat het bestand "
                                       "in RD New, geef dan --srid 28992 op")
        )
    if not geom.is_valid:
        geom = make_valid(geom)
    return geom


@dataclass
class WijkRecord:
    code: str
    name: str | None
    municipality_code: str
    municipality_name: str | None
    geometry: dict[str, Any] | None
    bounds: tuple[float, float, float, float] | None
    centroid: tuple[float, float] | None
    stats: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    municipalities: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        return _("%(created)s nieuw, %(updated)s bijgewerkt, %(unchanged)s ongewijzigd") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def normalise_code(value: Any) -> str:
    return str(value).strip().upper() if value is not None else ""


def parse_wijken(path: Path, *, srid: int | None = None) -> list[WijkRecord]:
    data = _read_json(path)
    features = _features(path, data)
    reproject = Reprojector(_crs_of(data, f"EPSG:{srid}" if srid else None))
    records: list[WijkRecord] = []
    seen: set[str] = set()
    for index, feature in enumerate(features, start=1):
        where = _("feature %(n)s") % {"n": index}
        if not isinstance(feature, dict):
            raise ImportFileError(path, where, None, _("is geen GeoJSON Feature"))
        raw_props = feature.get("properties") or {}
        if not isinstance(raw_props, dict):
            raise ImportFileError(path, where, "properties", _("is geen object"))
        props = {_norm(k): v for k, v in raw_props.items()}
        _found, code = _first(props, WIJK_CODE_KEYS)
        code = normalise_code(code)
        if not WIJK_CODE_RE.match(code):
            raise ImportFileError(
                path, where, "wijkcode",
                _("verwacht een CBS-wijkcode zoals WK026801 of WK0363AA, kreeg %(v)r") % {"v": code}
            )
        where = _("feature %(n)s (%(code)s)") % {"n": index, "code": code}
        if code in seen:
            raise ImportFileError(path, where, "wijkcode", _("komt twee keer voor in het bestand"))
        seen.add(code)
        _found, gm_code = _first(props, GM_CODE_KEYS)
        gm_code = normalise_code(gm_code) if gm_code else "GM" + code[2:6]
        if not GM_CODE_RE.match(gm_code) or gm_code[2:] != code[2:6]:
            raise ImportFileError(
                path, where, "gemeentecode", _("%(gm)r past niet bij wijkcode %(code)s") % {"gm": gm_code, "code": code}
            )
        _found, gm_name = _first(props, GM_NAME_KEYS)
        _found, name = _first(props, WIJK_NAME_KEYS)
        geometry = None
        bounds = None
        centroid = None
        if feature.get("geometry") is not None:
            geom = _geometry(path, where, feature.get("geometry"), {"Polygon", "MultiPolygon"}, reproject)
            _check_in_netherlands(path, where, geom)
            geometry = json.loads(json.dumps(geom.__geo_interface__))
            bounds = geom.bounds
            point = geom.representative_point() if not geom.centroid.within(geom) else geom.centroid
            centroid = (point.y, point.x)
        stats: dict[str, Any] = {}
        for target, aliases in WIJK_STAT_ALIASES.items():
            found, value = _first(props, aliases)
            if found:
                stats[target] = _number(
                    value, integer=target in INTEGER_FIELDS, path=path, where=where, field_name=target
                )
        records.append(
            WijkRecord(
                code=code,
                name=str(name).strip() if name else None,
                municipality_code=gm_code,
                municipality_name=str(gm_name).strip() if gm_name else None,
                geometry=geometry,
                bounds=bounds,
                centroid=centroid,
                stats=stats,
            )
        )
    if not records:
        raise ImportFileError(path, _("bestand"), "features", _("bevat geen wijken"))
    _check_within_municipality(path, records)
    return records


def _check_within_municipality(path: Path, records: list[WijkRecord]) -> None:
    """Refuse a wijk that lies far from the rest of its municipality (a swapped or shifted feature)."""
    from statistics import median

    from buurtpreventie.core.geo import haversine_m

    by_municipality: dict[str, list[WijkRecord]] = {}
    for record in records:
        if record.centroid:
            by_municipality.setdefault(record.municipality_code, []).append(record)
    existing: dict[str, tuple[float, float]] = {}
    codes = [code for code, group in by_municipality.items() if len(group) < 3]
    if codes:
        for code, lat, lon in (Wijk.objects.filter(municipality__code__in=codes, centroid_lat__isnull=False)
                               .values_list("municipality__code", "centroid_lat", "centroid_lon")):
            if lat is not None and lon is not None:
                existing.setdefault(code, (lat, lon))
    for code, group in by_municipality.items():
        if len(group) >= 3:
            middle = (median(r.centroid[0] for r in group if r.centroid),
                      median(r.centroid[1] for r in group if r.centroid))
        elif code in existing:
            middle = existing[code]
        else:
            continue
        for record in group:
            assert record.centroid is not None
            km = haversine_m(record.centroid[0], record.centroid[1], middle[0], middle[1]) / 1000
            if km > MAX_KM_FROM_MUNICIPALITY:
                raise ImportFileError(path, record.code, "geometry", _(
                    "ligt %(km).0f km van de rest van gemeente %(gm)s; dit is niet de juiste plek")
                    % {"km": km, "gm": code})


def _get_or_create_municipality(code: str, name: str | None, result: ImportResult) -> Municipality:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        display = name or code
        slug_base = slugify(display) or code.lower()
        slug = slug_base
        counter = 2
        while Municipality.objects.filter(slug=slug).exists():
            slug = f"{slug_base}-{counter}"
            counter += 1
        municipality = Municipality.objects.create(code=code, name=display, slug=slug)
    elif name and municipality.name != name and municipality.name == municipality.code:
        municipality.name = name
        municipality.save(update_fields=["name"])
    result.municipalities.add(code)
    return municipality


def _apply(obj: Any, values: dict[str, Any]) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


def import_wijken(path: Path, *, srid: int | None = None, progress: Progress | None = None) -> ImportResult:
    """Import wijken in bulk: one query for the existing ones, bulk inserts and bulk updates."""
    records = parse_wijken(path, srid=srid)
    result = ImportResult()
    total = len(records)
    fields = ["name", "geometry", "min_lat", "max_lat", "min_lon", "max_lon", "centroid_lat", "centroid_lon",
              *WIJK_STAT_ALIASES]
    with transaction.atomic():
        municipalities = _municipalities_for(
            {(r.municipality_code, r.municipality_name) for r in records}, result)
        existing = {w.code: w for w in Wijk.objects.filter(code__in=[r.code for r in records])}
        to_create: list[Wijk] = []
        to_update: list[Wijk] = []
        for index, record in enumerate(records, start=1):
            values: dict[str, Any] = dict(record.stats)
            if record.name:
                values["name"] = record.name
            if record.geometry is not None and record.bounds and record.centroid:
                minx, miny, maxx, maxy = record.bounds
                values.update(
                    geometry=record.geometry, min_lat=miny, max_lat=maxy, min_lon=minx, max_lon=maxx,
                    centroid_lat=round(record.centroid[0], 6), centroid_lon=round(record.centroid[1], 6),
                )
            municipality = municipalities[record.municipality_code]
            wijk = existing.get(record.code)
            if wijk is None:
                values.setdefault("name", record.code)
                to_create.append(Wijk(code=record.code, municipality=municipality, **values))
                result.created += 1
            elif _apply(wijk, {**values, "municipality_id": municipality.pk}):
                to_update.append(wijk)
                result.updated += 1
            else:
                result.unchanged += 1
            if progress and (index % 250 == 0 or index == total):
                progress("wijken", index, total)
        Wijk.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            Wijk.objects.bulk_update(to_update, [*fields, "municipality"], batch_size=250)
    from .selectors import clear_geometry_cache

    clear_geometry_cache()
    return result


def _municipalities_for(pairs: set[tuple[str, str | None]], result: ImportResult) -> dict[str, Municipality]:
    names: dict[str, str | None] = {}
    for code, name in sorted(pairs, key=lambda p: (p[0], p[1] or "")):
        names[code] = names.get(code) or name
    found = {m.code: m for m in Municipality.objects.filter(code__in=list(names))}
    for code, name in names.items():
        if code in found:
            municipality = found[code]
            if name and municipality.name != name and municipality.name == municipality.code:
                municipality.name = name
                municipality.save(update_fields=["name"])
            result.municipalities.add(code)
        else:
            found[code] = _get_or_create_municipality(code, name, result)
    return found


# --- CBS kerncijfers CSV -------------------------------------------------------------------

CSV_ALIASES: dict[str, tuple[str, ...]] = {
    **{k: v for k, v in WIJK_STAT_ALIASES.items() if k not in {"inhabitants"}},
    "inhabitants": ("inwoners", "aantalinwoners"),
}


def parse_kerncijfers(path: Path) -> list[dict[str, Any]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise ImportFileError(path, _("bestand"), None, _("bestaat niet")) from None
    rows: list[dict[str, Any]] = []
    with handle:
        sample = handle.read(4096)
        handle.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(handle, dialect=dialect)
        if not reader.fieldnames:
            raise ImportFileError(path, _("regel 1"), None, _("kopregel ontbreekt"))
        headers = {_norm(h): h for h in reader.fieldnames if h}
        if "code" not in headers:
            raise ImportFileError(path, _("regel 1"), "code", _("kolom ontbreekt"))
        year_columns = {
            h: int(m.group(1)) for h in reader.fieldnames if h and (m := re.match(r"^misdrijven_(\d{4})$", h))
        }
        seen: set[str] = set()
        for line_no, raw in enumerate(reader, start=2):
            where = _("regel %(n)s") % {"n": line_no}
            if None in raw:
                raise ImportFileError(path, where, None, _("meer waarden dan kolommen"))
            row = {_norm(k): v for k, v in raw.items() if k}
            code = normalise_code(row.get("code"))
            if not code:
                continue
            where = _("regel %(n)s (%(code)s)") % {"n": line_no, "code": code}
            if WIJK_CODE_RE.match(code):
                kind = "wijk"
            elif BUURT_CODE_RE.match(code):
                kind = "buurt"
            elif GM_CODE_RE.match(code):
                continue  # municipality totals: not stored per area
            else:
                raise ImportFileError(
                    path, where, "code", _("verwacht een CBS-code (WK…/BU…), kreeg %(v)r") % {"v": code}
                )
            if code in seen:
                raise ImportFileError(path, where, "code", _("komt twee keer voor in het bestand"))
            seen.add(code)
            wijk_code = normalise_code(row.get("wijkcode")) or ("WK" + code[2:8] if kind == "buurt" else code)
            if kind == "buurt" and not WIJK_CODE_RE.match(wijk_code):
                raise ImportFileError(path, where, "wijkcode", _("ongeldige wijkcode %(v)r") % {"v": wijk_code})
            gm_code = (row.get("gemeentecode") or "").strip() or "GM" + code[2:6]
            stats: dict[str, Any] = {}
            for target, aliases in CSV_ALIASES.items():
                found, value = _first(row, aliases)
                if found:
                    stats[target] = _number(
                        value, integer=target in INTEGER_FIELDS, path=path, where=where, field_name=target
                    )
            by_year: dict[str, int] = {}
            for header, year in year_columns.items():
                value = _number(raw.get(header), integer=True, path=path, where=where, field_name=header)
                if value is not None:
                    by_year[str(year)] = int(value)
            if year_columns:
                stats["crime_by_year"] = by_year
            rows.append(
                {
                    "kind": kind,
                    "code": code,
                    "name": (row.get("naam") or "").strip() or None,
                    "wijk_code": wijk_code,
                    "municipality_code": gm_code,
                    "municipality_name": (row.get("gemeentenaam") or "").strip() or None,
                    "stats": stats,
                }
            )
    if not rows:
        raise ImportFileError(path, _("bestand"), None, _("bevat geen wijk- of buurtregels"))
    return rows


def import_kerncijfers(path: Path, *, progress: Progress | None = None) -> ImportResult:
    rows = parse_kerncijfers(path)
    result = ImportResult()
    rows.sort(key=lambda r: 0 if r["kind"] == "wijk" else 1)
    with transaction.atomic():
        for index, row in enumerate(rows, start=1):
            municipality = _get_or_create_municipality(row["municipality_code"], row["municipality_name"], result)
            values = dict(row["stats"])
            if row["name"]:
                values["name"] = row["name"]
            if row["kind"] == "wijk":
                obj: Any = Wijk.objects.filter(code=row["code"]).first()
                if obj is None:
                    values.setdefault("name", row["code"])
                    Wijk.objects.create(code=row["code"], municipality=municipality, **values)
                    result.created += 1
                    continue
            else:
                wijk = Wijk.objects.filter(code=row["wijk_code"]).first()
                if wijk is None:
                    wijk = Wijk.objects.create(code=row["wijk_code"], name=row["wijk_code"], municipality=municipality)
                values["wijk"] = wijk
                obj = Buurt.objects.filter(code=row["code"]).first()
                if obj is None:
                    values.setdefault("name", row["code"])
                    Buurt.objects.create(code=row["code"], municipality=municipality, **values)
                    result.created += 1
                    continue
            if _apply(obj, values):
                obj.save()
                result.updated += 1
            else:
                result.unchanged += 1
            if progress:
                progress("kerncijfers", index, len(rows))
    return result


# --- Streets ---------------------------------------------------------------------------------


def _line_length_m(geom: BaseGeometry) -> float:
    total = 0.0
    lines = getattr(geom, "geoms", [geom])
    for line in lines:
        coords = list(line.coords)
        for (lon1, lat1), (lon2, lat2) in zip(coords, coords[1:], strict=False):
            total += haversine_m(lat1, lon1, lat2, lon2)
    return total


# Letters with diacritics that occur in Dutch (and Frisian) street names.
DUTCH_DIACRITICS = set("ëéèêïöôüúûäàâçñÿËÉÈÊÏÖÔÜÚÄÀÂÇÑ")
C1_CONTROLS = re.compile("[\x80-\x9f]")
STREET_NAME_RE = re.compile(r"^[\w .'’‘`\-/(),&+]+$")


def repair_street_name(raw: str) -> str:
    """Repair known encoding damage in a street name, or raise ValueError for an impossible one.

    - bytes of a legacy code page read as Latin-1 leave C1 control characters: ``Klein Veneti\x91``
      (Mac Roman ë) becomes ``Klein Venetië``, ``Hoogstraat\x92s`` (cp1252 ’) ``Hoogstraat’s``;
    - UTF-8 read as cp1252 (``VenetiÃ«``) is repaired by ftfy.
    """
    import ftfy

    name = " ".join(str(raw).split())

    def fix_c1(match: re.Match[str]) -> str:
        byte = match.group(0).encode("latin-1")
        try:
            windows = byte.decode("cp1252")
        except UnicodeDecodeError:
            windows = ""
        if windows.isalpha():
            return windows
        mac = byte.decode("mac_roman")
        if mac in DUTCH_DIACRITICS:
            return mac
        return windows or mac

    if re.search("[\x00-\x1f\x7f]", name):
        raise ValueError(_("bevat stuurtekens"))
    name = C1_CONTROLS.sub(fix_c1, name)
    name = ftfy.fix_text(name, uncurl_quotes=False, fix_character_width=False)
    if "\ufffd" in name or "?" in name:
        raise ValueError(_("bevat tekens die bij het omzetten verloren zijn gegaan"))
    if not any(ch.isalpha() for ch in name) or len(name) > 100 or not STREET_NAME_RE.match(name):
        raise ValueError(_("is geen mogelijke straatnaam"))
    return name


def parse_streets(path: Path, *, name_property: str = "name", srid: int | None = None) -> dict[str, BaseGeometry]:
    data = _read_json(path)
    features = _features(path, data)
    reproject = Reprojector(_crs_of(data, f"EPSG:{srid}" if srid else None))
    by_name: dict[str, list[BaseGeometry]] = {}
    for index, feature in enumerate(features, start=1):
        where = _("feature %(n)s") % {"n": index}
        if not isinstance(feature, dict):
            raise ImportFileError(path, where, None, _("is geen GeoJSON Feature"))
        props = feature.get("properties") or {}
        name = props.get(name_property) if isinstance(props, dict) else None
        if name is None or not str(name).strip():
            raise ImportFileError(path, where, name_property, _("straatnaam ontbreekt"))
        try:
            name = repair_street_name(str(name))
        except ValueError as exc:
            raise ImportFileError(path, where, name_property, _("straatnaam %(name)r %(problem)s")
                                  % {"name": str(name), "problem": exc}) from None
        where = _("feature %(n)s (%(name)s)") % {"n": index, "name": name}
        geom = _geometry(path, where, feature.get("geometry"), {"LineString", "MultiLineString"}, reproject)
        _check_in_netherlands(path, where, geom)
        by_name.setdefault(name, []).append(geom)
    if not by_name:
        raise ImportFileError(path, _("bestand"), "features", _("bevat geen straten"))
    merged: dict[str, BaseGeometry] = {}
    for name, parts in by_name.items():
        merged[name] = unary_union(parts) if len(parts) > 1 else parts[0]
    return merged


def import_streets(
    path: Path,
    *,
    name_property: str = "name",
    municipality_code: str | None = None,
    srid: int | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    from .selectors import wijk_shapes

    streets = parse_streets(path, name_property=name_property, srid=srid)
    result = ImportResult()
    municipality: Municipality | None = None
    if municipality_code:
        municipality = Municipality.objects.filter(code=municipality_code).first()
        if municipality is None:
            raise ImportFileError(
                path, _("optie --municipality"), None, _("gemeente %(code)s bestaat niet; importeer eerst de wijken")
                % {"code": municipality_code}
            )
    shapes = wijk_shapes(municipality_id=municipality.pk if municipality else None)
    assignments: dict[str, list[int]] = {}
    votes: dict[int, int] = {}
    for name, geom in streets.items():
        hits = [wijk_id for wijk_id, (municipality_id, poly) in shapes.items() if poly.intersects(geom)]
        assignments[name] = hits
        for wijk_id in hits:
            votes[shapes[wijk_id][0]] = votes.get(shapes[wijk_id][0], 0) + 1
    if municipality is None:
        if not votes:
            raise ImportFileError(
                path,
                _("bestand"),
                None,
                _("geen enkele straat ligt in een bekende wijk; geef --municipality op of importeer eerst de wijken"),
            )
        municipality = Municipality.objects.get(pk=max(votes, key=lambda k: votes[k]))
    with transaction.atomic():
        for index, (name, geom) in enumerate(sorted(streets.items()), start=1):
            minx, miny, maxx, maxy = geom.bounds
            values = {
                "geometry": json.loads(json.dumps(geom.__geo_interface__)),
                "min_lat": miny,
                "max_lat": maxy,
                "min_lon": minx,
                "max_lon": maxx,
                "length_m": round(_line_length_m(geom), 1),
            }
            wijk_ids = sorted(w for w in assignments[name] if shapes[w][0] == municipality.pk)
            street = Street.objects.filter(municipality=municipality, name=name).first()
            if street is None:
                street = Street.objects.create(municipality=municipality, name=name, **values)
                street.wijken.set(wijk_ids)
                result.created += 1
            else:
                changed = _apply(street, values)
                if changed:
                    street.save()
                if sorted(street.wijken.values_list("pk", flat=True)) != wijk_ids:
                    street.wijken.set(wijk_ids)
                    changed = True
                if changed:
                    result.updated += 1
                else:
                    result.unchanged += 1
            if progress:
                progress("straten", index, len(streets))
    result.municipalities.add(municipality.code)
    return result
