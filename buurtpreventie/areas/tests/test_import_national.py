"""CBS/PDOK files as they come: RD New (EPSG:28992), alphanumeric CBS codes, refused misplaced
geometries (swapped lat/lon, a wijk far from its municipality) and damaged street names."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import shapely
from django.core.management import CommandError, call_command
from pyproj import Transformer
from shapely.geometry import mapping, shape

from buurtpreventie.areas.importers import ImportFileError, import_streets, import_wijken, repair_street_name
from buurtpreventie.areas.models import Buurt, Street, Wijk
from buurtpreventie.areas.selectors import wijk_for_point

DATA = Path(__file__).resolve().parents[2] / "demo" / "data"
NIJMEGEN = DATA / "nijmegen" / "wijken_2024_simplified.geojson"

pytestmark = pytest.mark.django_db


def _transform(data: dict, func) -> dict:
    out = json.loads(json.dumps(data))
    for feature in out["features"]:
        if feature.get("geometry"):
            feature["geometry"] = mapping(shapely.transform(shape(feature["geometry"]), func))
    return out


def _to_rd(data: dict) -> dict:
    import numpy as np

    to_rd = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)

    def func(coords):
        x, y = to_rd.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    out = _transform(data, func)
    out["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    return out


def run(**kwargs) -> str:
    out = StringIO()
    call_command("import_areas", stdout=out, **kwargs)
    return out.getvalue()


def test_rd_new_file_is_reprojected_like_the_wgs84_one(tmp_path):
    wgs84 = json.loads(NIJMEGEN.read_text())
    path = tmp_path / "wijken_rd.geojson"
    path.write_text(json.dumps(_to_rd(wgs84)))
    import_wijken(path)
    centrum = Wijk.objects.get(code="WK026801")
    expected = shape(next(f for f in wgs84["features"] if f["properties"]["wijkcode"] == "WK026801")["geometry"])
    got = shape(centrum.geometry)
    assert got.symmetric_difference(expected).area < expected.area * 1e-6
    assert wijk_for_point(lat=51.8472, lon=5.8655).code == "WK026801"
    # The same file without its crs member needs --srid; with it, the import is idempotent.
    bare = _to_rd(wgs84)
    del bare["crs"]
    path.write_text(json.dumps(bare))
    with pytest.raises(CommandError, match="--srid 28992"):
        run(wijken=path, no_progress=True)
    out = run(wijken=path, srid=28992, no_progress=True)
    assert "0 nieuw, 0 bijgewerkt, 9 ongewijzigd" in out


def test_alphanumeric_wijk_and_buurt_codes(tmp_path):
    data = json.loads(NIJMEGEN.read_text())
    for i, feature in enumerate(data["features"]):
        feature["properties"].update(wijkcode=f"wk0363{'ABCDEFGHJ'[i]}{'A'}", gemeentecode="GM0363",
                                     gemeentenaam="Amsterdam")
    path = tmp_path / "amsterdam.geojson"
    path.write_text(json.dumps(data))
    result = import_wijken(path)
    assert result.created == 9
    assert Wijk.objects.filter(code="WK0363AA", municipality__code="GM0363").exists()
    csv_path = tmp_path / "kern.csv"
    csv_path.write_text("code;naam;inwoners\nWK0363AA;Burgwallen-Oude Zijde;4210\nBU0363AA01;Kop Zeedijk;1020\n",
                        encoding="utf-8")
    run(kerncijfers=csv_path, no_progress=True)
    buurt = Buurt.objects.get(code="BU0363AA01")
    assert buurt.wijk.code == "WK0363AA" and buurt.inhabitants == 1020
    assert Wijk.objects.get(code="WK0363AA").inhabitants == 4210


def test_swapped_coordinates_are_refused_with_a_clear_message(tmp_path):
    data = _transform(json.loads(NIJMEGEN.read_text()), lambda c: c[:, ::-1])
    path = tmp_path / "verwisseld.geojson"
    path.write_text(json.dumps(data))
    with pytest.raises(ImportFileError, match="verwisseld") as excinfo:
        import_wijken(path)
    assert "feature 1" in str(excinfo.value)
    assert not Wijk.objects.exists()


def test_geometry_outside_the_netherlands_and_outside_its_municipality(tmp_path):
    data = json.loads(NIJMEGEN.read_text())
    far = _transform(data, lambda c: c + [2.0, -40.0])  # shifted into Africa: not swapped, just wrong
    path = tmp_path / "ver.geojson"
    path.write_text(json.dumps(far))
    with pytest.raises(ImportFileError, match="buiten Nederland"):
        import_wijken(path)
    # One wijk of Nijmegen placed in Groningen: in the Netherlands, but not in its municipality.
    moved = json.loads(NIJMEGEN.read_text())
    groningen = _transform({"type": "FeatureCollection", "features": [moved["features"][4]]},
                           lambda c: c + [0.7, 1.4])
    moved["features"][4] = groningen["features"][0]
    path.write_text(json.dumps(moved))
    with pytest.raises(ImportFileError, match="km van de rest van gemeente GM0268"):
        import_wijken(path)
    assert not Wijk.objects.exists()


def test_progress_is_reported(tmp_path):
    out = run(wijken=NIJMEGEN)
    assert "wijken" in out and "9/9" in out


@pytest.mark.parametrize(("raw", "fixed"), [
    ("Klein Veneti\x91", "Klein Venetië"),
    ("Klein VenetiÃ«", "Klein Venetië"),
    ("Hoogstraat\x92s Hof", "Hoogstraat’s Hof"),
    ("  Burg.  Dr. Schaepmanstraat ", "Burg. Dr. Schaepmanstraat"),
])
def test_street_names_are_repaired(raw, fixed):
    assert repair_street_name(raw) == fixed


@pytest.mark.parametrize("raw", ["Klein Veneti?", "12345", "Straat\ufffd", "a\x00b", "x" * 150, "<script>"])
def test_impossible_street_names_are_refused(raw):
    with pytest.raises(ValueError):
        repair_street_name(raw)


def test_street_file_with_mojibake_is_repaired_and_an_impossible_name_refused(tmp_path, municipality, wijk):
    line = {"type": "LineString", "coordinates": [[5.864, 51.846], [5.866, 51.847]]}
    data: dict[str, Any] = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"STT_NAAM": "Klein Veneti\x91"}, "geometry": line}]}
    path = tmp_path / "nwb.geojson"
    path.write_text(json.dumps(data))
    import_streets(path, name_property="STT_NAAM", municipality_code=municipality.code)
    assert Street.objects.filter(name="Klein Venetië").exists()
    data["features"].append({"type": "Feature", "properties": {"STT_NAAM": "Kerk?traat"}, "geometry": line})
    path.write_text(json.dumps(data))
    with pytest.raises(ImportFileError, match="feature 2.*STT_NAAM.*Kerk\\?traat"):
        import_streets(path, name_property="STT_NAAM", municipality_code=municipality.code)
