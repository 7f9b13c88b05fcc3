"""The sample township: deterministic, realistic, complete."""

import re
from collections import Counter

import pytest

from lianwei.core import schema
from lianwei.core.errors import Canceled
from lianwei.core.sample import build_sample_township
from lianwei.core.sample_violations import summary


@pytest.fixture(scope="module")
def town():
    return build_sample_township()


def fingerprint(town):
    return {
        name: [
            (geometry.wkb if geometry is not None else None, sorted(attrs.items(), key=str)) for geometry, attrs in rows
        ]
        for name, rows in town.layers.items()
    }


def test_default_sizes(town):
    assert town.count("villages") == 14
    assert town.count("cadastre") == 20000
    assert town.count("permits") == 500
    assert town.count("violations") == 1200
    assert town.count("farmland") > 50
    assert town.crs == "EPSG:4545"


def test_same_seed_same_township_other_seed_other_township():
    small = dict(violations=80, parcels=1500, permits=40)
    assert fingerprint(build_sample_township(7, **small)) == fingerprint(build_sample_township(7, **small))
    assert fingerprint(build_sample_township(7, **small)) != fingerprint(build_sample_township(8, **small))


def test_villages_have_chinese_names_12_digit_codes_zones_and_work_groups(town):
    villages = [attrs for _, attrs in town.layers["villages"]]
    assert len({v["village_name"] for v in villages}) == 14
    assert all(re.fullmatch(r"\d{12}", v["village_code"]) for v in villages)
    assert all(v["village_name"].endswith("村") for v in villages)
    zones = Counter(v["zone"] for v in villages)
    assert len(zones) >= 4 and max(zones.values()) <= 5
    assert len({v["work_group"] for v in villages}) == 14
    assert all(g.geom_type == "Polygon" and g.is_valid for g, _ in town.layers["villages"])


def test_cadastre_has_owners_and_gb21010_land_classes(town):
    parcels = [attrs for _, attrs in town.layers["cadastre"]]
    classes = Counter(p["land_class"] for p in parcels)
    for code in ("0101", "0102", "0103", "0702", "1006", "0301", "0601"):
        assert classes[code] > 0, code
    assert all(p["land_class_name"] == schema.LAND_CLASSES[p["land_class"]] for p in parcels)
    assert all(len(p["parcel_id"]) == 19 for p in parcels)
    assert len({p["parcel_id"] for p in parcels}) == len(parcels)
    assert all(p["owner"] for p in parcels)


def test_parcels_tile_without_overlaps(town):
    parcels = [g for g, _ in town.layers["cadastre"][:3000]]
    assert all(g.is_valid for g in parcels)
    total = sum(g.area for g in parcels)
    from shapely.ops import unary_union

    assert unary_union(parcels).area == pytest.approx(total, rel=1e-9)


def test_permits_some_temporary_and_expired(town):
    permits = [attrs for _, attrs in town.layers["permits"]]
    kinds = Counter(p["permit_type"] for p in permits)
    assert set(kinds) == set(schema.CODE_LISTS["permit_type"])
    expired = [p for p in permits if p["permit_type"] == "TEMPORARY" and p["expires_on"] < "2024-01-01"]
    assert len(expired) >= 10
    assert all(p["approved_m2"] > 0 for p in permits)


def test_violations_cover_every_source_type_and_status(town):
    cases = [attrs for _, attrs in town.layers["violations"]]
    for name in ("source", "violation_type", "status", "disposal"):
        assert {c[name] for c in cases if c[name]} == set(schema.CODE_LISTS[name]), name
    assert len({c["case_id"] for c in cases}) == len(cases)
    assert all(c["category"] == ("LAND" if c["violation_type"][0] == "L" else "BUILD") for c in cases)


def test_about_half_the_target_demolished_some_partly(town):
    totals = summary(town.layers["violations"])
    assert 0.45 * 40000 <= totals["demolished_m2"] <= 0.6 * 40000
    cases = [attrs for _, attrs in town.layers["violations"]]
    partly = [c for c in cases if c["demolished_m2"] and c["demolished_m2"] < c["footprint_m2"]]
    assert partly and all(c["demolished_on"] <= "2024-08-31" for c in cases if c["demolished_on"])


def test_new_cases_overdue_cases_and_farmland(town):
    cases = [attrs for _, attrs in town.layers["violations"]]
    new = [c for c in cases if c["is_new"]]
    assert 0.15 * len(cases) < len(new) < 0.4 * len(cases)
    assert all(c["built_on"] >= "2024-01-01" for c in new)
    overdue = [
        c for c in cases if c["deadline"] and c["deadline"] < "2024-08-31" and c["status"] in ("FILED", "ORDERED")
    ]
    assert overdue
    from shapely.ops import unary_union
    from shapely.prepared import prep

    farmland = prep(unary_union([p for p, _ in town.layers["farmland"]]))
    on_farmland = sum(1 for g, _ in town.layers["violations"] if farmland.intersects(g))
    assert on_farmland >= 50


def test_geometries_valid_multipolygons_with_rounded_footprints(town):
    for geometry, attrs in town.layers["violations"]:
        assert geometry.geom_type == "MultiPolygon" and geometry.is_valid
        assert attrs["footprint_m2"] == round(attrs["footprint_m2"], 2)
        assert abs(attrs["footprint_m2"] - geometry.area) <= 0.005 + 1e-9


def test_large_sizes_scale(town):
    big = build_sample_township(3, violations=3000, parcels=30000, permits=750)
    assert big.count("violations") == 3000 and big.count("cadastre") == 30000


def test_progress_callback_can_cancel():
    calls = []

    def progress(pct):
        calls.append(pct)
        if pct > 20:
            raise Canceled()

    with pytest.raises(Canceled):
        build_sample_township(violations=30, parcels=500, permits=10, progress=progress)
    assert calls and max(calls) <= 100
