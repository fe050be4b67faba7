from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from buurtpreventie.areas.importers import ImportFileError, import_wijken
from buurtpreventie.areas.models import Buurt, Municipality, Street, Wijk
from buurtpreventie.areas.selectors import streets_in_wijk, wijk_for_point

DATA = Path(__file__).resolve().parents[2] / "demo" / "data"
NIJMEGEN = DATA / "nijmegen"
ALKMAAR = DATA / "alkmaar"

pytestmark = pytest.mark.django_db


def run_import(**kwargs: object) -> str:
    out = StringIO()
    call_command("import_areas", stdout=out, no_progress=True, **kwargs)
    return out.getvalue()


def snapshot() -> list[tuple]:
    wijken = list(Wijk.objects.order_by("code").values_list("code", "name", "inhabitants", "crime_per_1000", "geometry"))
    buurten = list(Buurt.objects.order_by("code").values_list("code", "inhabitants", "wijk__code"))
    streets = list(Street.objects.order_by("name").values_list("name", "length_m"))
    return [tuple(wijken), tuple(buurten), tuple(streets)]


def load_nijmegen() -> None:
    run_import(
        wijken=NIJMEGEN / "wijken_2024_simplified.geojson",
        kerncijfers=NIJMEGEN / "kerncijfers_wijken_buurten_2024.csv",
        streets=NIJMEGEN / "streets_centrum.geojson",
    )


def test_nijmegen_import_gives_nine_wijken_buurten_and_streets():
    load_nijmegen()
    nijmegen = Municipality.objects.get(code="GM0268")
    assert nijmegen.name == "Nijmegen"
    assert Wijk.objects.filter(municipality=nijmegen).count() == 9
    assert Buurt.objects.filter(municipality=nijmegen).count() == 44
    assert Street.objects.filter(municipality=nijmegen).count() == 104
    centrum = Wijk.objects.get(code="WK026801")
    assert centrum.name == "Nijmegen-Centrum"
    assert centrum.inhabitants == 12705
    assert centrum.crime_per_1000 == pytest.approx(264.2)
    assert centrum.crime_by_year["2021"] == 2509
    # 90 of the 104 streets lie (at least partly) in the centre
    assert streets_in_wijk(wijk=centrum).count() >= 90


def test_import_twice_changes_nothing():
    load_nijmegen()
    before = snapshot()
    out = run_import(
        wijken=NIJMEGEN / "wijken_2024_simplified.geojson",
        kerncijfers=NIJMEGEN / "kerncijfers_wijken_buurten_2024.csv",
        streets=NIJMEGEN / "streets_centrum.geojson",
    )
    assert snapshot() == before
    assert "0 nieuw, 0 bijgewerkt" in out


def test_alkmaar_import_adds_eleven_wijken_without_touching_nijmegen():
    load_nijmegen()
    nijmegen_before = snapshot()
    run_import(
        wijken=ALKMAAR / "wijken_2024_simplified.geojson",
        kerncijfers=ALKMAAR / "kerncijfers_wijken_buurten_2024.csv",
        streets=ALKMAAR / "streets_5_main_roads_osm.geojson",
    )
    alkmaar = Municipality.objects.get(code="GM0361")
    assert Wijk.objects.filter(municipality=alkmaar).count() == 11
    assert Street.objects.filter(municipality=alkmaar).count() == 5
    nijmegen_after = [
        tuple(r for r in table if not str(r[0]).startswith(("WK0361", "BU0361")))
        for table in snapshot()[:2]
    ]
    assert nijmegen_after == [nijmegen_before[0], nijmegen_before[1]]
    assert Street.objects.filter(municipality__code="GM0268").count() == 104


def test_camelcase_fullres_updates_geometry_and_keeps_statistics():
    run_import(wijken=ALKMAAR / "wijken_2024_simplified.geojson")
    zuid = Wijk.objects.get(code="WK036101")
    assert zuid.men == 6905
    simplified_points = len(json.dumps(zuid.geometry))
    run_import(wijken=ALKMAAR / "wijken_2024_fullres_8wijken.geojson")
    zuid.refresh_from_db()
    assert len(json.dumps(zuid.geometry)) > simplified_points  # full resolution geometry
    assert zuid.men == 6905  # the camelCase file has no 'mannen': left as it was
    assert zuid.inhabitants == 14510
    assert Wijk.objects.filter(municipality__code="GM0361").count() == 11


def test_suppressed_cells_are_unknown_not_zero():
    run_import(kerncijfers=NIJMEGEN / "kerncijfers_wijken_buurten_2024.csv")
    bijsterhuizen = Buurt.objects.get(code="BU02680849")
    assert bijsterhuizen.inhabitants == 20
    assert bijsterhuizen.inhabitants_0_15 is None
    assert bijsterhuizen.woz_value is None
    aldenhof = Buurt.objects.get(code="BU02680735")
    assert aldenhof.income_per_inhabitant is None


def test_cbs_negative_sentinels_and_missing_gender_are_unknown(tmp_path):
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"wijkcode": "WK099901", "wijknaam": "Testwijk", "gemeentenaam": "Test",
                               "aantal_inwoners": -99997},
                "geometry": {"type": "Polygon", "coordinates": [[[5, 52], [5.1, 52], [5.1, 52.1], [5, 52]]]},
            }
        ],
    }
    path = tmp_path / "w.geojson"
    path.write_text(json.dumps(data))
    import_wijken(path)
    wijk = Wijk.objects.get(code="WK099901")
    assert wijk.inhabitants is None
    assert wijk.men is None
    assert wijk.municipality.code == "GM0999"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["features"][3]["properties"].update(wijkcode="X123"), ["feature 4", "wijkcode"]),
        (lambda d: d["features"][1]["properties"].update(aantal_inwoners="veel"), ["feature 2", "inhabitants"]),
        (lambda d: d["features"][5].update(geometry={"type": "Point", "coordinates": [5, 51]}),
         ["feature 6", "geometry"]),
        (lambda d: d["features"][2]["geometry"].update(coordinates=[[["a", "b"]]]), ["feature 3", "geometry"]),
    ],
)
def test_broken_wijken_file_names_file_feature_and_field_and_changes_nothing(tmp_path, mutate, expected):
    load_nijmegen()
    before = snapshot()
    data = json.loads((NIJMEGEN / "wijken_2024_simplified.geojson").read_text())
    for feature in data["features"]:
        feature["properties"]["aantal_inwoners"] = 1  # would change every wijk if it were applied
    mutate(data)
    path = tmp_path / "kapot.geojson"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError) as excinfo:
        run_import(wijken=path)
    message = str(excinfo.value)
    assert "kapot.geojson" in message
    for part in expected:
        assert part in message
    assert snapshot() == before


def test_invalid_json_and_broken_csv_are_rejected_with_position(tmp_path):
    bad = tmp_path / "stuk.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [')
    with pytest.raises(ImportFileError) as excinfo:
        import_wijken(bad)
    assert "stuk.geojson" in str(excinfo.value) and "regel 1" in str(excinfo.value)

    csv_path = tmp_path / "kern.csv"
    lines = (NIJMEGEN / "kerncijfers_wijken_buurten_2024.csv").read_text().splitlines()
    header = lines[0].split(",")
    row = lines[3].split(",")
    row[header.index("inwoners")] = "twaalf"
    csv_path.write_text("\n".join([lines[0], lines[1], lines[2], ",".join(row)]))
    with pytest.raises(CommandError) as excinfo2:
        run_import(kerncijfers=csv_path)
    assert "kern.csv" in str(excinfo2.value) and "regel 4" in str(excinfo2.value)
    assert "inhabitants" in str(excinfo2.value)
    assert Buurt.objects.count() == 0 and Wijk.objects.count() == 0


def test_all_files_or_none(tmp_path):
    """A broken streets file also rolls back the wijken given in the same command."""
    bad_streets = tmp_path / "straten.geojson"
    bad_streets.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[5.86, 51.84], [5.87, 51.85]]}}
    ]}))
    with pytest.raises(CommandError) as excinfo:
        run_import(wijken=NIJMEGEN / "wijken_2024_simplified.geojson", streets=bad_streets)
    assert "straatnaam" in str(excinfo.value) and "name" in str(excinfo.value)
    assert Wijk.objects.count() == 0


def test_nwb_street_name_property_and_merging_segments(tmp_path):
    run_import(wijken=NIJMEGEN / "wijken_2024_simplified.geojson")
    nwb = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"STT_NAAM": "Grote Markt"},
         "geometry": {"type": "LineString", "coordinates": [[5.8640, 51.8470], [5.8650, 51.8475]]}},
        {"type": "Feature", "properties": {"STT_NAAM": "Grote Markt"},
         "geometry": {"type": "LineString", "coordinates": [[5.8650, 51.8475], [5.8660, 51.8478]]}},
    ]}
    path = tmp_path / "nwb.geojson"
    path.write_text(json.dumps(nwb))
    run_import(streets=path, street_name_property="STT_NAAM")
    street = Street.objects.get(name="Grote Markt")
    assert street.municipality.code == "GM0268"
    assert 150 < street.length_m < 300
    assert list(street.wijken.values_list("code", flat=True)) == ["WK026801"]


def test_point_in_wijk_lookup():
    run_import(wijken=NIJMEGEN / "wijken_2024_simplified.geojson")
    wijk = wijk_for_point(lat=51.8475, lon=5.8650)  # Grote Markt
    assert wijk is not None and wijk.code == "WK026801"
    assert wijk_for_point(lat=52.37, lon=4.89) is None  # Amsterdam
