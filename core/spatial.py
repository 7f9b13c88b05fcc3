"""Spatial joins on shapely geometries that work alike on shapely 1.8 (QGIS 3.22) and 2.x (QGIS 3.40).

shapely 2 answers a whole array at once and releases the GIL; shapely 1.8 is asked one geometry at a time. Both
paths give the same pairs and the same areas.
"""

from __future__ import annotations

import warnings
from typing import List, Sequence, Tuple

import numpy as np
import shapely
from shapely.geometry import GeometryCollection, MultiPolygon, Polygon
from shapely.ops import unary_union
from shapely.strtree import STRtree

SHAPELY_2 = int(shapely.__version__.split(".")[0]) >= 2


def polygonal(geometry) -> MultiPolygon:
    """The polygonal part of ``geometry`` as a MultiPolygon (lines and points that make_valid leaves dropped)."""
    if geometry is None or geometry.is_empty:
        return MultiPolygon()
    if isinstance(geometry, Polygon):
        return MultiPolygon([geometry])
    if isinstance(geometry, MultiPolygon):
        return geometry
    if isinstance(geometry, GeometryCollection):
        parts: List[Polygon] = []
        for part in geometry.geoms:
            parts.extend(polygonal(part).geoms)
        return MultiPolygon(parts)
    return MultiPolygon()


def repair(geometry) -> Tuple[MultiPolygon, bool]:
    """(valid polygonal geometry, whether it had to be repaired). A bow-tie becomes its two triangles."""
    if geometry is None or geometry.is_empty:
        return MultiPolygon(), False
    if geometry.is_valid:
        return polygonal(geometry), False
    if SHAPELY_2:
        fixed = shapely.make_valid(geometry)
    else:
        from shapely.validation import make_valid

        fixed = make_valid(geometry)
    return polygonal(fixed), True


def intersecting_pairs(left: Sequence, right: Sequence) -> Tuple[np.ndarray, np.ndarray]:
    """Indices (i, j) of every left[i] that intersects right[j], sorted by i then j."""
    if not len(left) or not len(right):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if SHAPELY_2:
        tree = STRtree(np.asarray(right, dtype=object))
        i, j = tree.query(np.asarray(left, dtype=object), predicate="intersects")
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # shapely 1.8 warns that STRtree changes in 2.0
            tree = STRtree(list(right))
        index = {id(g): k for k, g in enumerate(right)}
        pairs_i: List[int] = []
        pairs_j: List[int] = []
        from shapely.prepared import prep

        for k, geometry in enumerate(left):
            prepared = prep(geometry)
            for hit in tree.query(geometry):
                if prepared.intersects(hit):
                    pairs_i.append(k)
                    pairs_j.append(index[id(hit)])
        i, j = np.asarray(pairs_i, dtype=np.int64), np.asarray(pairs_j, dtype=np.int64)
    order = np.lexsort((j, i))
    return i[order], j[order]


def intersection_areas(left: Sequence, right: Sequence, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Area of left[i[k]] ∩ right[j[k]] for each pair k."""
    if not len(i):
        return np.zeros(0)
    if SHAPELY_2:
        a = np.asarray(left, dtype=object)[i]
        b = np.asarray(right, dtype=object)[j]
        return shapely.area(shapely.intersection(a, b))
    return np.array([left[a].intersection(right[b]).area for a, b in zip(i, j)])


def union_overlap_areas(left: Sequence, right: Sequence, i: np.ndarray, j: np.ndarray, areas: np.ndarray):
    """For each left geometry, the area it shares with the union of the right geometries it meets.

    Pair areas are simply summed where a left geometry meets one right geometry (the usual case); where it meets
    several, their intersections are merged first so that overlapping right geometries are not counted twice.
    """
    result = np.zeros(len(left))
    if not len(i):
        return result
    counts = np.bincount(i, minlength=len(left))
    single = counts[i] == 1
    np.add.at(result, i[single], areas[single])
    for k in np.flatnonzero(counts > 1):
        pieces = [left[k].intersection(right[b]) for b in j[i == k]]
        result[k] = unary_union(pieces).area
    return result


def largest_overlap(count: int, i: np.ndarray, j: np.ndarray, areas: np.ndarray) -> np.ndarray:
    """For each of ``count`` left geometries, the right index with the largest shared area (-1 if none).

    Ties go to the lower right index, so the answer does not depend on the order the index returned pairs in.
    """
    best = np.full(count, -1, dtype=np.int64)
    if not len(i):
        return best
    order = np.lexsort((j, -areas, i))
    first = np.ones(len(order), dtype=bool)
    first[1:] = i[order][1:] != i[order][:-1]
    chosen = order[first]
    positive = areas[chosen] > 0
    best[i[chosen][positive]] = j[chosen][positive]
    return best
