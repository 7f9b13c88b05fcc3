"""Ellipsoidal area on CGCS2000, the way the Third National Land Survey (三调, TD/T 1055-2019) computes it.

Each ring edge forms a trapezoid with a reference parallel; the area between two parallels B1, B2 over a longitude
difference ΔL is 2b²ΔL[A·sin(ΔB/2)cos(Bm) − B·sin(3ΔB/2)cos(3Bm) + C·sin(5ΔB/2)cos(5Bm) − D·sin(7ΔB/2)cos(7Bm)
+ E·sin(9ΔB/2)cos(9Bm)] with constants from the ellipsoid's e². Gauss-Krüger coordinates are first densified
(edges straight in the plane, as the survey draws them) and inverse-projected to latitude and longitude.
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Sequence

import numpy as np

from . import gauss_kruger, wkb
from .gauss_kruger import Zone
from .spatial import SHAPELY_2, nonempty_wkb

MAX_SEGMENT_M = 50.0

_F = 1.0 / gauss_kruger.CGCS2000_INVERSE_F
_E2 = _F * (2 - _F)
_B2 = (gauss_kruger.CGCS2000_A * (1 - _F)) ** 2  # b², the semi-minor axis squared
_E4, _E6, _E8 = _E2**2, _E2**3, _E2**4
_K_A = 1 + 3 / 6 * _E2 + 30 / 80 * _E4 + 35 / 112 * _E6 + 630 / 2304 * _E8
_K_B = 1 / 6 * _E2 + 15 / 80 * _E4 + 21 / 112 * _E6 + 420 / 2304 * _E8
_K_C = 3 / 80 * _E4 + 7 / 112 * _E6 + 180 / 2304 * _E8
_K_D = 1 / 112 * _E6 + 45 / 2304 * _E8
_K_E = 5 / 2304 * _E8


def zone_strip(b1: np.ndarray, b2: np.ndarray) -> np.ndarray:
    """Area (m²) between parallels b1 and b2 (radians) per radian of longitude, by the 三调 series."""
    d, m = b2 - b1, (b1 + b2) / 2
    return (
        2
        * _B2
        * (
            _K_A * np.sin(d / 2) * np.cos(m)
            - _K_B * np.sin(3 * d / 2) * np.cos(3 * m)
            + _K_C * np.sin(5 * d / 2) * np.cos(5 * m)
            - _K_D * np.sin(7 * d / 2) * np.cos(7 * m)
            + _K_E * np.sin(9 * d / 2) * np.cos(9 * m)
        )
    )


def ring_area_lonlat(lon: np.ndarray, lat: np.ndarray) -> float:
    """Signed area (m², counter-clockwise positive) of a closed ring given in degrees.

    Each edge's trapezoid against the ring's mean parallel is integrated along the edge by Simpson's rule, so
    edges are straight in longitude/latitude; densify long edges first.
    """
    lam, phi = np.radians(lon), np.radians(lat)
    ref = float(np.mean(phi))
    b1, b2 = phi[:-1], phi[1:]
    strip = zone_strip(ref, b1) + 4 * zone_strip(ref, (b1 + b2) / 2) + zone_strip(ref, b2)
    return float(-np.sum((lam[1:] - lam[:-1]) * strip / 6))


def densify(x: np.ndarray, y: np.ndarray, max_segment: float = MAX_SEGMENT_M):
    """Insert points so that no segment of the ring is longer than ``max_segment``."""
    dx, dy = np.diff(x), np.diff(y)
    pieces = np.maximum(1, np.ceil(np.hypot(dx, dy) / max_segment)).astype(int)
    if int(pieces.max(initial=1)) == 1:
        return x, y
    steps = np.concatenate([np.arange(p) / p for p in pieces])
    starts = np.repeat(np.arange(len(dx)), pieces)
    xs = np.append(x[starts] + dx[starts] * steps, x[-1])
    ys = np.append(y[starts] + dy[starts] * steps, y[-1])
    return xs, ys


def ring_area_gauss_kruger(coords, zone: Zone, max_segment: float = MAX_SEGMENT_M) -> float:
    """Unsigned ellipsoidal area (m²) of a ring given in the zone's Gauss-Krüger coordinates."""
    xy = np.asarray(coords, dtype=float)
    x, y = densify(xy[:, 0], xy[:, 1], max_segment)
    lon, lat = gauss_kruger.inverse(x, y, zone)
    return abs(ring_area_lonlat(lon, lat))


def polygon_area(polygons: Iterable, zone: Zone, max_segment: float = MAX_SEGMENT_M) -> float:
    """Ellipsoidal area (m²) of shapely polygons in Gauss-Krüger coordinates: shells minus holes."""
    total = 0.0
    for polygon in polygons:
        total += ring_area_gauss_kruger(polygon.exterior.coords, zone, max_segment)
        for hole in polygon.interiors:
            total -= ring_area_gauss_kruger(hole.coords, zone, max_segment)
    return total


def polygon_areas(
    geometries: Sequence, zone: Zone, max_segment: float = MAX_SEGMENT_M, known_wkb: Optional[Sequence] = None
) -> np.ndarray:
    """Ellipsoidal areas (m²) of many polygonal geometries at once: one inverse projection for every vertex.
    ``known_wkb``: each geometry's 2-D WKB where the caller has it (None where not)."""
    coords, lengths, signs, owners = _rings(geometries, known_wkb)
    result = np.zeros(len(geometries))
    if not len(lengths):
        return result
    ring = np.repeat(np.arange(len(lengths)), lengths)
    x, y, ring = _densify_all(coords[:, 0], coords[:, 1], ring, max_segment)
    lon, lat = gauss_kruger.inverse(x, y, zone)
    lam, phi = np.radians(lon), np.radians(lat)
    same = ring[1:] == ring[:-1]  # segments inside one ring (a ring's last point closes it)
    starts = np.flatnonzero(np.r_[True, ring[1:] != ring[:-1]])
    ref = np.add.reduceat(phi, starts) / np.diff(np.r_[starts, len(phi)])
    b1, b2, ref_of = phi[:-1][same], phi[1:][same], ref[ring[:-1][same]]
    strip = zone_strip(ref_of, b1) + 4 * zone_strip(ref_of, (b1 + b2) / 2) + zone_strip(ref_of, b2)
    segment = -(lam[1:][same] - lam[:-1][same]) * strip / 6
    ring_area = np.zeros(len(lengths))
    np.add.at(ring_area, ring[:-1][same], segment)
    np.add.at(result, np.asarray(owners), np.abs(ring_area) * np.asarray(signs))
    return result


def _rings(geometries: Sequence, known_wkb: Optional[Sequence] = None):
    """Every ring of polygonal geometries laid end to end: (x, y) coordinates, points per ring, +1 for a shell and
    -1 for a hole, and the index of the geometry that owns each ring (shells, then their holes, part by part).

    shapely 2 gives them for all geometries at once. On shapely 1.8 they are read from the geometries' 2-D WKB
    rather than ring by ring through coordinate sequences, which cost ten times more: the one-ring polygons (most
    violations) all at once, the others one by one. Rings come geometry by geometry, in no set order between them.
    """
    if SHAPELY_2:
        return _rings_at_once(geometries)
    kept, blobs = nonempty_wkb(geometries, known_wkb)
    simple, coords, points = wkb.one_ring_polygons(blobs)
    chunks: List[np.ndarray] = [coords]
    lengths: List[int] = points.tolist()
    signs: List[float] = [1.0] * len(lengths)
    owners: List[int] = np.asarray(kept, dtype=np.int64)[simple].tolist()
    for n in np.flatnonzero(~simple).tolist():
        k, data, geometry = kept[n], blobs[n], geometries[kept[n]]
        if not wkb.append_rings(data, k, chunks, lengths, signs, owners):
            parts = geometry.geoms if hasattr(geometry, "geoms") else [geometry]
            for polygon in parts:
                for sign, ring in [(1.0, polygon.exterior)] + [(-1.0, hole) for hole in polygon.interiors]:
                    xy = np.asarray(ring.coords)[:, :2]
                    chunks.append(xy)
                    lengths.append(len(xy))
                    signs.append(sign)
                    owners.append(k)
    coords = np.concatenate(chunks) if chunks else np.zeros((0, 2))
    return coords, np.asarray(lengths, dtype=np.int64), signs, owners


def _rings_at_once(geometries: Sequence):
    import shapely

    kept = [k for k, g in enumerate(geometries) if g is not None]
    shapes = np.asarray([geometries[k] for k in kept], dtype=object)
    parts, part_owner = shapely.get_parts(shapes, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)  # each polygon's shell, then its holes
    lengths = shapely.get_num_coordinates(rings).astype(np.int64)
    coords = shapely.get_coordinates(rings)
    first = np.r_[True, ring_part[1:] != ring_part[:-1]] if len(rings) else np.zeros(0, dtype=bool)
    signs = np.where(first, 1.0, -1.0).tolist()
    owners = np.asarray(kept, dtype=np.int64)[part_owner[ring_part]].tolist() if len(rings) else []
    return coords.reshape(-1, 2), lengths, signs, owners


def _densify_all(x: np.ndarray, y: np.ndarray, ring: np.ndarray, max_segment: float):
    """densify() for many rings laid end to end (``ring`` numbers the ring of each point), in one pass."""
    dx, dy = np.diff(x), np.diff(y)
    inside = ring[1:] == ring[:-1]
    pieces = np.where(inside, np.maximum(1, np.ceil(np.hypot(dx, dy) / max_segment)), 1).astype(np.int64)
    if int(pieces.max(initial=1)) == 1:
        return x, y, ring
    # Each point but the last starts a segment, cut into `pieces` steps; a ring's last point (which closes it)
    # starts no segment of its own ring, so it keeps one piece and is copied as it is.
    starts = np.repeat(np.arange(len(dx)), pieces)
    first = np.cumsum(pieces) - pieces
    steps = (np.arange(len(starts)) - np.repeat(first, pieces)) / np.repeat(pieces, pieces)
    steps = np.where(inside[starts], steps, 0.0)
    xs = np.append(x[starts] + dx[starts] * steps, x[-1])
    ys = np.append(y[starts] + dy[starts] * steps, y[-1])
    return xs, ys, np.append(ring[starts], ring[-1])
