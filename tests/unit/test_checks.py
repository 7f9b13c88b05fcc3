"""The violation check on hand-built cases whose answers are worked out by hand (metres in zone 36)."""

import numpy as np
import pytest
from check_cases import CASES, FARMLAND, PARCELS, PERMITS, VILLAGES, feature
from shapely.geometry import Polygon, box

from lianwei.core import overlay as overlays
from lianwei.core import spatial
from lianwei.core.checks import check_violations
from lianwei.core.gauss_kruger import Zone
from lianwei.core.overlay import overlay


@pytest.fixture(scope="module")
def results():
    violations = [feature(key, shape) for key, shape in CASES.items()]
    report = check_violations(violations, PERMITS, PARCELS, VILLAGES, FARMLAND, Zone(36), "2024-08-31")
    return report, {r.case_id: r for r in report.results}


def test_square_inside_one_permit(results):
    v = results[1]["inside"].values
    assert (v["footprint_m2"], v["permitted_m2"], v["unpermitted_m2"], v["excess_m2"]) == (2500.0, 2500.0, 0.0, 0.0)
    assert v["permit_no"] == "建字第1号" and v["suggested_type"] is None
    assert v["village_code"] == "450109101201" and v["village_name"] == "石桥村"
    assert (v["parcel_id"], v["owner"], v["land_class"]) == ("P-HOMES", "黄建国", "0702")


def test_half_outside(results):
    v = results[1]["half_outside"].values
    assert (v["footprint_m2"], v["permitted_m2"], v["unpermitted_m2"]) == (5000.0, 2500.0, 2500.0)
    assert v["suggested_type"] == "C1" and "2500.00㎡位于许可范围外" in v["check_note"]


def test_approved_area_smaller_than_footprint(results):
    v = results[1]["over_approved"].values
    assert (v["footprint_m2"], v["permitted_m2"], v["excess_m2"]) == (6400.0, 6400.0, 400.0)
    assert v["suggested_type"] == "L3" and "400.00" in v["check_note"]


def test_two_permits_add_their_approved_areas(results):
    v = results[1]["two_permits"].values
    assert (v["footprint_m2"], v["permitted_m2"], v["unpermitted_m2"], v["excess_m2"]) == (3600.0, 3600.0, 0.0, 0.0)
    assert v["permit_no"] == "建字第3号"  # equal shares: the first permit
    assert v["suggested_type"] is None


def test_hole_is_not_counted(results):
    v = results[1]["hole"].values
    assert v["footprint_m2"] == 7500.0 and v["permit_no"] is None and v["unpermitted_m2"] == 7500.0
    assert v["land_class"] == "0301" and v["suggested_type"] == "L7"


def test_multipolygon_parts_are_summed(results):
    v = results[1]["multi"].values
    assert v["footprint_m2"] == 800.0 and v["suggested_type"] == "C1" and "未批先建" in v["check_note"]


def test_bow_tie_is_repaired_into_two_triangles_and_reported(results):
    report, by_key = results
    assert by_key["bow_tie"].values["footprint_m2"] == 800.0
    assert report.repaired == ["bow_tie"]


def test_violation_across_two_villages_goes_to_the_larger_share(results):
    report, by_key = results
    result = by_key["two_villages"]
    assert result.values["village_code"] == "450109101202" and result.values["footprint_m2"] == 15000.0
    assert [(code, round(share, 4)) for code, share in result.villages] == [
        ("450109101202", 0.6667),
        ("450109101201", 0.3333),
    ]
    assert [r.case_id for r in report.split] == ["two_villages"]


def test_no_village_and_empty_are_listed(results):
    report, by_key = results
    assert report.outside_villages == ["no_village"]
    assert by_key["no_village"].values["village_code"] is None
    assert report.empty == ["empty"] and by_key["empty"].values == {}


def test_basic_farmland_and_expired_temporary_permit(results):
    farm = results[1]["farmland"].values
    assert farm["farmland_m2"] == 400.0 and farm["suggested_type"] == "L2"
    expired = results[1]["expired"].values
    assert expired["suggested_type"] == "C2" and "2023-06-30" in expired["check_note"]


def test_parts_add_up_for_every_case(results):
    for result in results[0].results:
        if not result.empty:
            v = result.values
            assert round(v["permitted_m2"] + v["unpermitted_m2"], 2) == v["footprint_m2"], result.case_id


def test_ellipsoidal_area_is_slightly_smaller_than_planar_away_from_the_meridian(results):
    v = results[1]["inside"].values
    # 36 km east of 108°E the Gauss-Krüger scale is about 1 + y²/2R² = 1.0000159: planar overstates.
    assert v["ellipsoid_m2"] == pytest.approx(2500 / 1.0000159**2, abs=0.01)


def _brute_box_pairs(left, right):
    """Every meeting pair, by comparing every box with every box."""
    p, q = np.asarray(left)[:, None, :], np.asarray(right)[None, :, :]
    meet = (p[..., 0] <= q[..., 2]) & (q[..., 0] <= p[..., 2]) & (p[..., 1] <= q[..., 3]) & (q[..., 1] <= p[..., 3])
    return [tuple(pair) for pair in np.argwhere(meet).tolist()]  # NaN compares False: empty boxes meet nothing


# A few boxes (compared with all), many (the grid join, cells looked up in a table), many over a wide land (the
# grid join, too many cells for a table: looked up by binary search).
@pytest.mark.parametrize("count, spread", [(5, 1000), (300, 1000), (300, 3e7)])
def test_box_pairs_are_every_meeting_pair_once(count, spread):
    rng = np.random.default_rng(count)
    xy = rng.uniform(0, 1000, (count, 2))
    xy[::2] *= spread / 1000
    size = rng.uniform(1, 40, (count, 2))
    left = np.column_stack([xy, xy + size])
    right = np.column_stack([xy[::-1] + 7, xy[::-1] + 7 + size[::-1]])
    left[0] = np.nan  # an empty geometry meets nothing
    right[1] = (-50, -50, 2000, 2000)  # one box over everything
    right[2] = (left[3, 2], left[3, 3], left[3, 2] + 5, left[3, 3] + 5)  # touching at a corner counts
    expected = _brute_box_pairs(left, right)
    i, j = spatial.box_pairs(left, right)
    assert list(zip(i.tolist(), j.tolist())) == expected
    near = spatial.BoxFilter(right)  # its boxes grown by a hair (10⁻⁸ of the coordinates)
    met = {a for a, _ in _brute_box_pairs(left, near.boxes)}
    assert near.near(left).tolist() == [k in met for k in range(count)]


def test_overlay_gives_the_pairs_and_areas_of_shapely():
    rng = np.random.default_rng(7)
    left = [box(x, y, x + w, y + h) for x, y, w, h in rng.uniform((0, 0, 1, 1), (500, 500, 60, 60), (200, 4))]
    left[5] = Polygon()
    left[6] = Polygon([(0, 0), (50, 0), (0, 50)])
    for many in (80, 5200):  # prepared right geometries (few) and plain ones (many)
        right = [box(x, y, x + w, y + h) for x, y, w, h in rng.uniform((0, 0, 5, 5), (500, 500, 80, 80), (many, 4))]
        right[0] = box(0, 0, 50, 50)  # left[6] lies within it
        right[1] = Polygon()
        i, j, areas = overlay(left, right)
        expected = [
            (a, b, round(left[a].intersection(right[b]).area, 6))
            for a, b in _brute_box_pairs(spatial.bounds(left), spatial.bounds(right))
            if not left[a].is_empty and not right[b].is_empty and left[a].intersects(right[b])
        ]
        assert [(a, b, round(s, 6)) for a, b, s in zip(i.tolist(), j.tolist(), areas.tolist())] == expected
        boxes = spatial.bounds(right) + np.array([-0.5, -0.5, 0.5, 0.5])  # a reader's box may be larger
        i2, j2, areas2 = overlay(left, right, right_boxes=boxes)
        assert (i2.tolist(), j2.tolist(), areas2.tolist()) == (i.tolist(), j.tolist(), areas.tolist())


def test_overlay_without_direct_geos_calls_gives_the_same_answer(monkeypatch):
    """Where shapely's GEOS library cannot be called straight, the plain shapely path answers the same."""
    from shapely.geometry import box

    from lianwei.core import spatial

    left = [box(0, 0, 10, 10), box(20, 20, 30, 30), box(5, 5, 25, 25)]
    right = [box(0, 0, 100, 100), box(8, 8, 22, 22)]
    fast = overlay(left, right)
    monkeypatch.setattr(spatial, "_GEOS", False)
    slow = overlay(left, right)
    for a, b in zip(fast, slow):
        assert list(a) == pytest.approx(list(b))
    assert spatial.bounds(left)[2].tolist() == [5, 5, 25, 25]


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_intersections_in_threads_give_the_serial_answer(monkeypatch, workers):
    """The pairs crossing a boundary are intersected in worker threads; an invalid right geometry (a bow-tie that
    GEOS refuses) is repaired and measured in the main thread; the answer is the same for any number of workers."""
    rng = np.random.default_rng(11)
    left = [box(x, y, x + w, y + h) for x, y, w, h in rng.uniform((0, 0, 5, 5), (300, 300, 30, 30), (400, 4))]
    right = [box(x, y, x + w, y + h) for x, y, w, h in rng.uniform((0, 0, 5, 5), (300, 300, 30, 30), (400, 4))]
    right[3] = Polygon([(0, 0), (300, 300), (300, 0), (0, 300)])  # a bow-tie over everything
    right = spatial.usable(right)
    monkeypatch.setattr(overlays, "WORKERS", 1)
    serial = overlay(left, right)
    monkeypatch.setattr(overlays, "WORKERS", workers)
    monkeypatch.setattr(overlays, "MIN_PARALLEL", 10)
    threaded = overlay(left, right)
    assert len(serial[0]) > 100
    for a, b in zip(serial, threaded):
        assert a.tolist() == b.tolist()
    fixed = spatial.repair(right[3])[0]
    expected = {(a, 3): left[a].intersection(fixed).area for a in range(len(left)) if left[a].intersects(fixed)}
    got = {(a, b): s for a, b, s in zip(*threaded) if b == 3}
    assert got.keys() == expected.keys()
    assert list(got.values()) == pytest.approx(list(expected.values()))


@pytest.mark.parametrize("direct_geos", [True, False])
def test_largest_overlap_pairs_give_the_answer_of_all_pairs(monkeypatch, direct_geos):
    """Parcels: a violation within a parcel keeps that pair only, the others are measured in order of the most
    they could share, and the parcel each violation overlaps most is the one all pairs give: ties, such as two
    identical parcels, still go to the lower index; an invalid parcel (a bow-tie GEOS refuses) is repaired."""
    from lianwei.core import overlay as overlays
    from lianwei.core.largest_overlap import largest_overlap_pairs
    from lianwei.core.overlay import largest_overlap

    if not direct_geos:
        monkeypatch.setattr(spatial, "_GEOS", False)
    monkeypatch.setattr(overlays, "MIN_PARALLEL", 10)  # the rounds' intersections in threads too
    rng = np.random.default_rng(5)
    left = [box(x, y, x + w, y + h) for x, y, w, h in rng.uniform((0, 0, 1, 1), (400, 400, 25, 25), (600, 4))]
    right = [box(x, y, x + 40, y + 40) for x in range(0, 440, 40) for y in range(0, 440, 40)]  # a clean grid
    right += [box(x, y, x + w, y + h) for x, y, w, h in rng.uniform((0, 0, 5, 5), (400, 400, 60, 60), (200, 4))]
    right.append(right[30])  # a duplicate parcel: the tie goes to index 30
    right.append(Polygon([(100, 100), (180, 180), (180, 100), (100, 180)]))  # a bow-tie
    right = spatial.usable(right)
    full = overlay(left, right)
    lean = largest_overlap_pairs(left, right)
    assert len(lean[0]) < len(full[0]) / 2
    best = largest_overlap(len(left), *lean)
    assert best.tolist() == largest_overlap(len(left), *full).tolist()
    assert len(right) - 1 in best.tolist() and 30 in best.tolist() and len(right) - 2 not in best.tolist()
    assert (np.diff(lean[0]) >= 0).all()  # still sorted by left index
    areas = {(a, b): s for a, b, s in zip(*full)}
    assert all(s == pytest.approx(areas.get((a, b), 0.0)) for a, b, s in zip(*lean))


@pytest.mark.skipif(not spatial.SHAPELY_2, reason="the array call exists on shapely 2 only")
def test_a_refused_array_contains_is_asked_pair_by_pair(monkeypatch):
    """GEOS refusing one pair fails shapely 2's whole array call: the pairs are then asked one by one."""
    import shapely

    from lianwei.core.largest_overlap import _Measures

    array_contains = shapely.contains

    def refuse_arrays(a, b, **kwargs):
        if isinstance(a, np.ndarray):
            raise shapely.errors.GEOSException("TopologyException: refused for the test")
        return array_contains(a, b, **kwargs)

    left = [box(1, 1, 2, 2), box(5, 5, 12, 12), box(165, 130, 170, 140)]
    right = [box(0, 0, 10, 10), Polygon([(100, 100), (180, 180), (180, 100), (100, 180)])]  # a bow-tie
    i, j = np.array([0, 1, 2, 2]), np.array([0, 0, 1, 0])
    expected = _Measures(left, right).contains(i, j)
    monkeypatch.setattr(shapely, "contains", refuse_arrays)
    assert _Measures(left, right).contains(i, j).tolist() == expected.tolist()
    assert expected[[0, 1, 3]].tolist() == [True, False, False]


def _as_columns(features):
    from lianwei.core.checks import FeatureColumns

    names = sorted({name for f in features for name in f.attributes})
    boxes = spatial.bounds([f.geometry for f in features])
    columns = {name: [f.attributes.get(name) for f in features] for name in names}
    return FeatureColumns([f.key for f in features], [f.geometry for f in features], columns, boxes)


def test_reference_layers_held_as_columns_give_the_same_check():
    """Readers hand 10⁵ parcels over as columns; the check's answers are those of a list of Features."""
    violations = [feature(key, shape) for key, shape in CASES.items()]
    as_lists = check_violations(violations, PERMITS, PARCELS, VILLAGES, FARMLAND, Zone(36), "2024-08-31")
    references = [_as_columns(layer) for layer in (PERMITS, PARCELS, VILLAGES, FARMLAND)]
    as_columns = check_violations(violations, *references, Zone(36), "2024-08-31")
    assert [r.values for r in as_columns.results] == [r.values for r in as_lists.results]
    assert [r.villages for r in as_columns.results] == [r.villages for r in as_lists.results]
    columns = _as_columns(PERMITS)
    assert columns[0] is columns[0] and columns[-1].key == PERMITS[-1].key
    assert [f.attributes["approved_m2"] for f in columns[1:3]] == [f.attributes["approved_m2"] for f in PERMITS[1:3]]
