"""Rows checked before they reach the ledger (core.incoming): geometry kinds, non-finite coordinates, zones, keys."""

import math

from shapely.geometry import GeometryCollection, LineString, MultiPolygon, Point, Polygon

from lianwei.core import incoming
from lianwei.core.gauss_kruger import Zone

SQUARE = Polygon([(536000, 2533000), (536100, 2533000), (536100, 2533100), (536000, 2533100)])


def test_a_square_is_stored_as_it_is():
    parts, repaired, problem = incoming.polygon_parts(SQUARE, multipolygon=False)
    assert problem is None and not repaired and [p.area for p in parts] == [10000.0]


def test_missing_empty_points_and_lines_are_refused_with_their_kind():
    assert incoming.polygon_parts(None, False)[2] == (incoming.NO_GEOMETRY, {})
    assert incoming.polygon_parts(Polygon(), False)[2] == (incoming.EMPTY, {})
    assert incoming.polygon_parts(Point(1, 2), False)[2] == (incoming.NOT_POLYGON, {"kind": "Point"})
    assert incoming.polygon_parts(LineString([(0, 0), (1, 1)]), False)[2] == (
        incoming.NOT_POLYGON,
        {"kind": "LineString"},
    )
    mixed = GeometryCollection([Point(0, 0), LineString([(0, 0), (1, 1)])])
    assert incoming.polygon_parts(mixed, False)[2] == (incoming.NOT_POLYGON, {"kind": "GeometryCollection"})


def test_nan_and_infinite_coordinates_are_found_even_where_the_bounds_hide_them():
    nan = Polygon([(536000, 2533000), (536100, 2533000), (math.nan, 2533100)])
    inf = Polygon([(536000, 2533000), (math.inf, 2533000), (536100, 2533100)])
    assert not incoming.coordinates_finite(nan) and not incoming.coordinates_finite(inf)
    assert incoming.polygon_parts(nan, False)[2] == (incoming.NOT_FINITE, {})
    hole = Polygon(SQUARE.exterior.coords, [[(536010, 2533010), (536020, 2533010), (math.nan, 2533020)]])
    assert not incoming.coordinates_finite(hole)
    assert incoming.coordinates_finite(SQUARE)


def test_a_bow_tie_is_repaired_and_a_sliver_of_nothing_is_refused():
    bow_tie = Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    parts, repaired, problem = incoming.polygon_parts(bow_tie, multipolygon=True)
    assert problem is None and repaired and isinstance(parts[0], MultiPolygon) and len(parts[0].geoms) == 2
    flat = Polygon([(0, 0), (10, 0), (20, 0)])
    assert incoming.polygon_parts(flat, False)[2][0] in (incoming.UNREPAIRABLE, incoming.EMPTY)


def test_coordinates_must_fit_the_ledger_zone():
    zone = Zone(36)
    assert incoming.outside_zone(SQUARE.bounds, zone) is None
    assert incoming.outside_zone((100, 200, 300, 400), zone) == (100, 200)
    prefixed = (36536000, 2533000, 36536100, 2533100)
    assert incoming.outside_zone(prefixed, zone) is not None  # a prefixed easting in an un-prefixed zone
    assert incoming.outside_zone(prefixed, Zone(36, prefixed=True)) is None
    swapped = (2533000, 536000, 2533100, 536100)
    assert incoming.outside_zone(swapped, zone) is not None
    assert incoming.outside_zone(SQUARE.bounds, None) is None


def test_unique_keys_and_rows_given_twice():
    rows = [("0", "A", b"1"), ("1", "A", b"2"), ("2", "B", b"3")]
    unique = incoming.key_problems(rows, "village_code", unique=True)
    assert [(p.reason, p.values["key"], p.values["rows"]) for p in unique] == [(incoming.DUPLICATE_KEY, "A", "0, 1")]
    assert incoming.key_problems(rows, "parcel_id", unique=False) == []  # parts of one parcel
    twice = incoming.key_problems(rows + [("3", "B", b"3")], "parcel_id", unique=False)
    assert [(p.reason, p.values["rows"]) for p in twice] == [(incoming.SAME_ROW_TWICE, "2, 3")]
    stored = incoming.key_problems(rows, "parcel_id", unique=False, stored=[("B", b"3"), ("A", b"9")])
    assert [(p.reason, p.row) for p in stored] == [(incoming.ALREADY_STORED_ROW, "2")]
    stored_unique = incoming.key_problems([("0", "A", None)], "village_code", unique=True, stored=[("A", None)])
    assert [p.reason for p in stored_unique] == [incoming.ALREADY_STORED]
