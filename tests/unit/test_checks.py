"""The violation check on hand-built cases whose answers are worked out by hand (metres in zone 36)."""

import pytest
from check_cases import CASES, FARMLAND, PARCELS, PERMITS, VILLAGES, feature

from lianwei.core.checks import check_violations
from lianwei.core.gauss_kruger import Zone


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
