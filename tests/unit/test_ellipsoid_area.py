"""Gauss-Krüger and the 三调 ellipsoidal area against PROJ and GeographicLib (pyproj), the exact references."""

import numpy as np
import pytest
from shapely.geometry import Polygon, box

from lianwei.core import ellipsoid, gauss_kruger
from lianwei.core.gauss_kruger import Zone

pyproj = pytest.importorskip("pyproj", reason="pyproj is the GeographicLib reference (make test installs it)")
GEOD = pyproj.Geod(a=gauss_kruger.CGCS2000_A, rf=gauss_kruger.CGCS2000_INVERSE_F)
TO_LONLAT = pyproj.Transformer.from_crs("EPSG:4545", "EPSG:4490", always_xy=True)


def geographiclib_area(polygon):
    """Geodesic area of the polygon whose edges are straight in Gauss-Krüger (densified to 1 m)."""
    x, y = (np.asarray(c) for c in zip(*polygon.exterior.coords))
    x, y = ellipsoid.densify(x, y, 1.0)
    lon, lat = TO_LONLAT.transform(x, y)
    area, _ = GEOD.polygon_area_perimeter(lon, lat)
    return abs(area)


@pytest.mark.parametrize("side", [3.17, 31.7, 317.0, 3170.0])  # 10 m² to 10 km²
@pytest.mark.parametrize("easting", [500100.0, 536000.0, 655000.0])  # on, near and far from 108°E
def test_ellipsoidal_area_agrees_with_geographiclib(side, easting):
    square = box(easting, 2530000.0, easting + side, 2530000.0 + side)
    ours = ellipsoid.polygon_area([square], Zone(36))
    reference = geographiclib_area(square)
    assert abs(ours - reference) / reference < 1e-6


def test_irregular_parcel_far_north():
    parcel = Polygon([(600000, 4400000), (600900, 4400150), (601200, 4401000), (600300, 4400800)])
    reference = geographiclib_area(parcel)
    assert abs(ellipsoid.polygon_area([parcel], Zone(36)) - reference) / reference < 1e-6


def test_zone_strip_series_matches_the_closed_form():
    f = 1 / gauss_kruger.CGCS2000_INVERSE_F
    e2 = f * (2 - f)
    e = np.sqrt(e2)
    b2 = (gauss_kruger.CGCS2000_A * (1 - f)) ** 2

    def closed(phi):
        s = np.sin(phi)
        return b2 * (s / (2 * (1 - e2 * s * s)) + np.log((1 + e * s) / (1 - e * s)) / (4 * e))

    b1, b2_ = np.radians(22.5), np.radians(23.25)
    assert ellipsoid.zone_strip(b1, b2_) == pytest.approx(closed(b2_) - closed(b1), rel=1e-12)


def test_gauss_kruger_matches_proj_to_a_micrometre():
    lon = np.array([108.0, 108.36, 109.45, 106.55, 108.2])
    lat = np.array([22.9, 0.5, 30.0, 45.0, 53.4])
    easting, northing = gauss_kruger.forward(lon, lat, Zone(36))
    proj_e, proj_n = pyproj.Transformer.from_crs(4490, 4545, always_xy=True).transform(lon, lat)
    assert np.abs(easting - proj_e).max() < 1e-6 and np.abs(northing - proj_n).max() < 1e-6
    back_lon, back_lat = gauss_kruger.inverse(easting, northing, Zone(36))
    assert np.abs(back_lon - lon).max() < 1e-10 and np.abs(back_lat - lat).max() < 1e-10


def test_zones():
    assert gauss_kruger.zone_for_longitude(108.36) == Zone(36)
    assert gauss_kruger.zone_for_longitude(109.49) == Zone(36)
    assert gauss_kruger.zone_for_longitude(109.51) == Zone(37)
    assert gauss_kruger.zone_for_epsg(4545) == Zone(36) and Zone(36).epsg == 4545
    assert gauss_kruger.zone_for_epsg(4524) == Zone(36, prefixed=True) and Zone(36, True).epsg == 4524
    assert gauss_kruger.zone_for_epsg(3857) is None
    assert gauss_kruger.zone_from_easting(36536000.0) == Zone(36, prefixed=True)
    assert gauss_kruger.zone_from_easting(536000.0) is None
    assert Zone(36).describe() == "2000国家大地坐标系 高斯-克吕格投影 3度带 第36带 中央经线108°"


def test_bulk_areas_equal_one_by_one_areas():
    from shapely.geometry import MultiPolygon

    big = box(600000, 2530000, 603170, 2533170)
    holed = Polygon(big.exterior.coords, [box(601000, 2531000, 602000, 2532000).exterior.coords])
    many = MultiPolygon([box(536000, 2533000, 536020, 2533030), box(536100, 2533000, 536400, 2533090)])
    geometries = [big, holed, many, Polygon()]
    bulk = ellipsoid.polygon_areas(geometries, Zone(36))
    single = [ellipsoid.polygon_area(getattr(g, "geoms", [g]), Zone(36)) if not g.is_empty else 0.0 for g in geometries]
    assert bulk == pytest.approx(single, rel=1e-12, abs=1e-9)
    assert bulk[1] == pytest.approx(bulk[0] - ellipsoid.polygon_area([box(601000, 2531000, 602000, 2532000)], Zone(36)))


def rings_by_owner(geometries):
    """What ``_rings`` found, as {geometry index: [(sign, coordinates)]} (the order between geometries is free)."""
    coords, lengths, signs, owners = ellipsoid._rings(geometries)
    found, start = {}, 0
    for points, sign, owner in zip(lengths.tolist(), signs, owners):
        found.setdefault(owner, []).append((sign, coords[start : start + points].tolist()))
        start += points
    return found


def shells_and_holes(geometries):
    expected = {}
    for owner, geometry in enumerate(geometries):
        for polygon in getattr(geometry, "geoms", [geometry]) if geometry is not None else []:
            if polygon.is_empty:
                continue
            expected.setdefault(owner, []).append((1.0, np.asarray(polygon.exterior.coords)[:, :2].tolist()))
            expected[owner] += [(-1.0, np.asarray(h.coords)[:, :2].tolist()) for h in polygon.interiors]
    return expected


def test_rings_read_from_wkb_are_the_rings_of_the_geometry():
    from shapely.geometry import MultiPolygon

    holed = Polygon([(0, 0), (100, 0), (100, 100), (0, 100)], [[(10, 10), (20, 10), (20, 20), (10, 10)]])
    multi = MultiPolygon([holed, box(200, 0, 250, 40)])
    with_z = Polygon([(0, 0, 1), (30, 0, 1), (30, 30, 1), (0, 0, 1)])  # read in 2-D
    geometries = [multi, None, Polygon(), with_z, holed]
    assert rings_by_owner(geometries) == shells_and_holes(geometries)


def test_one_ring_polygons_are_read_from_wkb_in_one_pass():
    """Most violations are one shell without holes: their WKB is read for all at once; the others one by one.
    Each geometry gets the same rings either way; big-endian or truncated WKB is left to the one-by-one reader."""
    from shapely import wkb
    from shapely.geometry import MultiPolygon

    from lianwei.core.wkb import one_ring_polygons

    plain = Polygon([(0, 0), (40, 0), (40, 25), (10, 30)])
    holed = Polygon([(0, 0), (100, 0), (100, 100), (0, 100)], [[(10, 10), (20, 10), (20, 20), (10, 10)]])
    geometries = [plain, MultiPolygon([box(5, 5, 9, 8)]), holed, None, MultiPolygon([plain, box(50, 0, 60, 9)])]
    geometries.append(box(-3, -3, 3, 3))
    assert rings_by_owner(geometries) == shells_and_holes(geometries)

    little = wkb.dumps(plain, big_endian=False)
    simple, coords, points = one_ring_polygons([wkb.dumps(plain, big_endian=True), little, little[:-8], little])
    assert simple.tolist() == [False, True, False, True] and points.tolist() == [5, 5]
    assert coords.tolist() == 2 * np.asarray(plain.exterior.coords).tolist()
    assert one_ring_polygons([b"\x01"])[0].tolist() == [False]  # a broken blob is left to the careful reader


def test_a_reader_s_wkb_gives_the_same_areas_and_boxes():
    """The check hands over the WKB QGIS read for each violation: areas and boxes are those of the geometries."""
    from shapely import wkb
    from shapely.geometry import MultiPolygon

    from lianwei.core import spatial

    holed = Polygon(
        box(536000, 2533000, 536300, 2533200).exterior.coords, [box(536100, 2533050, 536150, 2533100).exterior.coords]
    )
    geometries = [box(536000, 2533000, 536020, 2533030), MultiPolygon([box(536500, 2533000, 536600, 2533090)]), holed]
    geometries += [None, MultiPolygon([holed, box(537000, 2533000, 537010, 2533010)])]
    blobs = [wkb.dumps(g) if g is not None else None for g in geometries]
    known = ellipsoid.polygon_areas(geometries, Zone(36), known_wkb=blobs)
    assert known.tolist() == ellipsoid.polygon_areas(geometries, Zone(36)).tolist()
    boxes = spatial.bounds_with_wkb(geometries, blobs)
    expected = spatial.bounds(geometries)
    assert np.array_equal(boxes, expected, equal_nan=True)
