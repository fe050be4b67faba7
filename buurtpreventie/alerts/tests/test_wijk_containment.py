"""Wijk alerts on real CBS outlines: a wijk alert reaches the people of that wijk and 0 people of
the neighbouring wijk, unless "ook aangrenzende wijken" is ticked.

The simplified outlines of the demo data overlap in thin slivers and leave thin gaps (that is
what made an Oost alert reach the Centrum coordinator). Alkmaar also ships 8 wijken at full PDOK
resolution, which tells where the real border is.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import Point, shape

from buurtpreventie.alerts.models import HomeLocation
from buurtpreventie.alerts.targeting import AlertArea, select_targets
from buurtpreventie.areas.importers import import_wijken
from buurtpreventie.areas.models import Municipality, Wijk
from buurtpreventie.areas.selectors import wijk_id_at, wijk_neighbour_ids
from buurtpreventie.testing.factories import InitiativeFactory, UserFactory
from buurtpreventie.testing.helpers import make_member

from .conftest import start_round

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "demo" / "data"
M_PER_DEG_LAT = 111_200.0


def _outlines(path: Path, code_key: str) -> dict[str, Any]:
    return {f["properties"][code_key]: shape(f["geometry"]) for f in json.loads(path.read_text())["features"]}


def _point_near(inside: Any, other: Any, *, rng: random.Random, min_m: float, max_m: float,
                avoid: tuple[Any, ...] = (), tries: int = 100_000) -> tuple[float, float]:
    """A random point of `inside`, between min_m and max_m from `other` and at least min_m from
    any other border of `inside`, clear of the outlines in `avoid`."""
    border = other.boundary
    max_deg = max_m / (M_PER_DEG_LAT * 0.62)
    for _ in range(tries):
        q = border.interpolate(rng.uniform(0, border.length))
        if inside.distance(q) > max_deg:
            continue
        p = Point(q.x + rng.uniform(-max_deg, max_deg), q.y + rng.uniform(-max_deg, max_deg))
        if not inside.contains(p) or any(a.covers(p) for a in avoid):
            continue
        d = other.distance(p) * M_PER_DEG_LAT * 0.62  # metres along the longitude (conservative)
        if min_m <= d <= max_m and inside.boundary.distance(p) * M_PER_DEG_LAT * 0.62 >= min_m:
            return p.y, p.x
    raise AssertionError("no such point")


def ids(result: Any) -> set[int]:
    return {t.user_id for t in result.targets}


@pytest.fixture
def nijmegen() -> Municipality:
    import_wijken(DATA / "nijmegen" / "wijken_2024_simplified.geojson")
    return Municipality.objects.get(code="GM0268")


@pytest.fixture
def demo_people(nijmegen: Municipality) -> dict[str, Any]:
    """Like the demo: Buurtpreventie Binnenstad (Centrum), Galgenveld and Buurtapp Oost (Oost)."""
    centrum = Wijk.objects.get(code="WK026801")
    oost = Wijk.objects.get(code="WK026802")
    outlines = _outlines(DATA / "nijmegen" / "wijken_2024_simplified.geojson", "wijkcode")
    c_geom, o_geom = outlines["WK026801"], outlines["WK026802"]
    rng = random.Random(13)
    binnenstad = InitiativeFactory(municipality=nijmegen, name="Buurtpreventie Binnenstad", wijken=[centrum])
    galgenveld = InitiativeFactory(municipality=nijmegen, name="Buurtpreventie Galgenveld", wijken=[oost])
    app_oost = InitiativeFactory(municipality=nijmegen, name="Buurtapp Oost", wijken=[oost])
    people: dict[str, Any] = {"centrum": centrum, "oost": oost}
    c_walker = make_member(binnenstad, username="c-loper")
    c_planned = make_member(binnenstad, username="c-gepland")
    c_coord = make_member(binnenstad, role="coordinator", username="c-coord")
    o_walker = make_member(galgenveld, username="o-loper")
    o_planned = make_member(galgenveld, username="o-gepland")
    o_coord = make_member(galgenveld, role="coordinator", username="o-coord")
    o_admin = make_member(app_oost, role="app_group_admin", username="o-appbeheer")
    # Walkers 60-250 m from the other wijk, outside any sliver; rounds without positions count
    # by their planned wijk.
    start_round(binnenstad, [c_walker], at=_point_near(c_geom, o_geom, rng=rng, min_m=60, max_m=250, avoid=(o_geom,)))
    start_round(binnenstad, [c_planned], at=None, wijk=centrum)
    start_round(galgenveld, [o_walker], at=_point_near(o_geom, c_geom, rng=rng, min_m=60, max_m=250, avoid=(c_geom,)))
    start_round(galgenveld, [o_planned], at=None, wijk=oost)
    c_home = UserFactory(username="c-bewoner")
    o_home = UserFactory(username="o-bewoner")
    for user, (lat, lon) in [
        (c_home, _point_near(c_geom, o_geom, rng=rng, min_m=60, max_m=250, avoid=(o_geom,))),
        (o_home, _point_near(o_geom, c_geom, rng=rng, min_m=60, max_m=250, avoid=(c_geom,))),
    ]:
        HomeLocation.objects.create(user=user, municipality=nijmegen, lat=lat, lon=lon)
    people["centrum_people"] = {u.pk for u in (c_walker, c_planned, c_coord, c_home)}
    people["oost_people"] = {u.pk for u in (o_walker, o_planned, o_coord, o_admin, o_home)}
    return people


def test_the_demo_outlines_really_overlap_in_slivers() -> None:
    outlines = _outlines(DATA / "nijmegen" / "wijken_2024_simplified.geojson", "wijkcode")
    centrum, oost = outlines["WK026801"], outlines["WK026802"]
    assert centrum.intersects(oost) and not centrum.touches(oost)  # what made the old overlap test fail


@pytest.mark.parametrize(("target", "other"), [("centrum", "oost"), ("oost", "centrum")])
def test_wijk_alert_reaches_nobody_of_the_neighbouring_wijk(nijmegen: Municipality, demo_people: dict[str, Any],
                                                            target: str, other: str) -> None:
    area = AlertArea(wijk_id=demo_people[target].pk)
    result = select_targets(municipality_id=nijmegen.pk, area=area, include_coordinators=True,
                            include_residents=True)
    assert ids(result) & demo_people[f"{other}_people"] == set()
    assert demo_people[f"{target}_people"] <= ids(result)
    assert area.wijk_ids(municipality_id=nijmegen.pk) == [demo_people[target].pk]


def test_neighbours_only_when_ticked(nijmegen: Municipality, demo_people: dict[str, Any]) -> None:
    area = AlertArea(wijk_id=demo_people["centrum"].pk, include_neighbours=True)
    result = select_targets(municipality_id=nijmegen.pk, area=area, include_coordinators=True,
                            include_residents=True)
    assert demo_people["centrum_people"] | demo_people["oost_people"] <= ids(result)
    assert demo_people["oost"].pk in area.wijk_ids(municipality_id=nijmegen.pk)
    # Neighbours are real neighbours: Centrum does not border Lindenholt or Dukenburg.
    far = set(Wijk.objects.filter(code__in=["WK026807", "WK026808"]).values_list("pk", flat=True))
    assert not far & wijk_neighbour_ids(wijk_id=demo_people["centrum"].pk)


def test_a_point_in_a_sliver_belongs_to_exactly_one_wijk(nijmegen: Municipality, demo_people: dict[str, Any]) -> None:
    outlines = _outlines(DATA / "nijmegen" / "wijken_2024_simplified.geojson", "wijkcode")
    sliver = outlines["WK026801"].intersection(outlines["WK026802"])
    assert sliver.area > 0
    p = sliver.representative_point()
    home = UserFactory(username="in-de-strook")
    HomeLocation.objects.create(user=home, municipality=nijmegen, lat=p.y, lon=p.x)
    reached_by = [
        key for key in ("centrum", "oost")
        if home.pk in ids(select_targets(municipality_id=nijmegen.pk, area=AlertArea(wijk_id=demo_people[key].pk),
                                         include_residents=True))
    ]
    assert len(reached_by) == 1


@pytest.fixture
def alkmaar() -> Municipality:
    import_wijken(DATA / "alkmaar" / "wijken_2024_simplified.geojson")
    return Municipality.objects.get(code="GM0361")


def test_alkmaar_simplified_outlines_place_people_in_their_real_wijk(alkmaar: Municipality) -> None:
    """Truth from the full-resolution outlines: everyone 60 m or more inside their real wijk gets
    that wijk from the simplified outlines, slivers and gaps notwithstanding."""
    full = _outlines(DATA / "alkmaar" / "wijken_2024_fullres_8wijken.geojson", "wijkCode")
    pk_by_code = dict(Wijk.objects.filter(municipality=alkmaar).values_list("code", "pk"))
    rng = random.Random(5)
    checked = 0
    for code, geom in full.items():
        minx, miny, maxx, maxy = geom.bounds
        n = 0
        while n < 300:
            p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
            if not geom.contains(p) or geom.boundary.distance(p) * M_PER_DEG_LAT * 0.62 < 60:
                continue
            n += 1
            assert wijk_id_at(lat=p.y, lon=p.x, municipality_id=alkmaar.pk) == pk_by_code[code], (code, p.wkt)
        checked += n
    assert checked == 2400


def test_alkmaar_every_pair_of_neighbours_is_kept_apart(alkmaar: Municipality) -> None:
    """For every pair of bordering Alkmaar wijken (full resolution): residents 60-200 m from the
    shared border get the alert of their own wijk, and 0 of them the alert of the other."""
    full = _outlines(DATA / "alkmaar" / "wijken_2024_fullres_8wijken.geojson", "wijkCode")
    wijken = {w.code: w for w in Wijk.objects.filter(municipality=alkmaar)}
    rng = random.Random(9)
    pairs = [(a, b) for a in full for b in full if a < b and full[a].touches(full[b])]
    assert len(pairs) >= 10
    homes: dict[str, set[int]] = {}
    n = 0
    sides = 0
    for a, b in pairs:
        for inside, other in ((a, b), (b, a)):
            try:  # (Daalmeer/Koedijk borders West along a strip too narrow for 60 m on both sides)
                points = [_point_near(full[inside], full[other], rng=rng, min_m=60, max_m=200, tries=20_000)
                          for _ in range(3)]
            except AssertionError:
                continue
            sides += 1
            for lat, lon in points:
                n += 1
                user = UserFactory(username=f"bewoner-{n}")
                HomeLocation.objects.create(user=user, municipality=alkmaar, lat=lat, lon=lon)
                homes.setdefault(inside, set()).add(user.pk)
    assert sides >= 2 * len(pairs) - 2
    for code, own in homes.items():
        reached = ids(select_targets(municipality_id=alkmaar.pk, area=AlertArea(wijk_id=wijken[code].pk),
                                     include_residents=True))
        others = set().union(*(v for k, v in homes.items() if k != code))
        assert own <= reached, code
        assert reached & others == set(), code
