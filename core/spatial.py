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

# Feature test, not the version string: Debian sid's shapely reports its version as "0+unknown".
SHAPELY_2 = hasattr(shapely, "from_wkb") and hasattr(shapely, "make_valid")


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


def usable(geometries: Sequence) -> List:
    """Geometries of a reference layer (parcels, permits, villages) ready for overlays: nulls become empty, and
    invalid ones are repaired. shapely 2 tests them all at once; on shapely 1.8, where testing 10⁵ parcels one by
    one costs seconds, an invalid geometry is repaired when an overlay trips over it (see ``_safe``)."""
    shapes = [g if g is not None else Polygon() for g in geometries]
    if SHAPELY_2 and shapes:
        array = np.asarray(shapes, dtype=object)
        for k in np.flatnonzero(~shapely.is_valid(array)):
            shapes[k] = repair(shapes[k])[0]
    return shapes


def _safe(operation, a, b):
    """``operation(a, b)``, repairing ``b`` when GEOS refuses an invalid geometry (shapely 1.8 path)."""
    try:
        return operation(a, b)
    except Exception:  # noqa: BLE001 - GEOS raises several types for invalid input; repair and retry once
        return operation(a, repair(b)[0])


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
                if _safe(lambda g, h: g.intersects(h), prepared, hit):
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
    return np.array([_safe(lambda g, h: g.intersection(h).area, left[a], right[b]) for a, b in zip(i, j)])


def overlay(left: Sequence, right: Sequence) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i, j) of intersecting left[i], right[j] and the area they share.

    On shapely 1.8, a left geometry lying within a right one (a violation inside its parcel, village or permit:
    the usual case) is measured by its own area, which spares most intersection computations.
    """
    if SHAPELY_2 or not len(left) or not len(right):
        i, j = intersecting_pairs(left, right)
        return i, j, intersection_areas(left, right, i, j)
    from shapely.prepared import prep

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = STRtree(list(right))
    index = {id(g): k for k, g in enumerate(right)}
    # A few big right geometries (villages, farmland patches) answer faster prepared; 10⁵ small parcels do not.
    prepared_right = [prep(g) for g in right] if len(right) <= 5000 else None
    pairs_i: List[int] = []
    pairs_j: List[int] = []
    areas: List[float] = []
    for k, geometry in enumerate(left):
        if geometry.is_empty:
            continue
        area = geometry.area
        for hit in tree.query(geometry):
            r = index[id(hit)]
            tester = prepared_right[r] if prepared_right is not None else hit
            try:  # contains first: most violations lie wholly in their parcel, village or permit
                if tester.contains(geometry):
                    shared = area
                elif tester.intersects(geometry):
                    shared = geometry.intersection(hit).area
                else:
                    continue
            except Exception:  # noqa: BLE001 - GEOS refuses an invalid parcel: repair it and measure again
                fixed = repair(hit)[0]
                if not fixed.intersects(geometry):
                    continue
                shared = geometry.intersection(fixed).area
            pairs_i.append(k)
            pairs_j.append(r)
            areas.append(shared)
    i, j, a = np.asarray(pairs_i, dtype=np.int64), np.asarray(pairs_j, dtype=np.int64), np.asarray(areas)
    order = np.lexsort((j, i))
    return i[order], j[order], a[order]


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
        pieces = [_safe(lambda g, h: g.intersection(h), left[k], right[b]) for b in j[i == k]]
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


class BoxFilter:
    """Which boxes come near any of a set of boxes, answered in bulk with numpy (no geometry objects).

    The set is rasterised on a grid (a 2-D difference array, then cumulative sums); a query box is kept when the
    grid cells it spans hold any of the set. False positives are possible, false negatives are not. It lets the
    reader turn only the parcels near a violation into geometries, which is most of the check's saving.
    """

    MAX_CELLS = 8_000_000

    def __init__(self, boxes: np.ndarray):
        boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
        self.empty = len(boxes) == 0
        if self.empty:
            return
        self.x0, self.y0 = boxes[:, 0].min(), boxes[:, 1].min()
        width = max(boxes[:, 2].max() - self.x0, 1e-9)
        height = max(boxes[:, 3].max() - self.y0, 1e-9)
        typical = float(np.median(np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]))) or 1.0
        self.cell = max(typical / 2, np.sqrt(width * height / self.MAX_CELLS))
        self.nx, self.ny = int(width // self.cell) + 1, int(height // self.cell) + 1
        i0, j0, i1, j1 = self._cells(boxes)
        diff = np.zeros((self.ny + 1, self.nx + 1), dtype=np.int32)
        np.add.at(diff, (j0, i0), 1)
        np.add.at(diff, (j0, i1 + 1), -1)
        np.add.at(diff, (j1 + 1, i0), -1)
        np.add.at(diff, (j1 + 1, i1 + 1), 1)
        covered = (np.cumsum(np.cumsum(diff, axis=0), axis=1)[: self.ny, : self.nx] > 0).astype(np.int64)
        self.table = np.zeros((self.ny + 1, self.nx + 1), dtype=np.int64)
        self.table[1:, 1:] = np.cumsum(np.cumsum(covered, axis=0), axis=1)

    def _cells(self, boxes: np.ndarray):
        i0 = np.clip(np.floor((boxes[:, 0] - self.x0) / self.cell), 0, self.nx - 1).astype(np.int64)
        j0 = np.clip(np.floor((boxes[:, 1] - self.y0) / self.cell), 0, self.ny - 1).astype(np.int64)
        i1 = np.clip(np.floor((boxes[:, 2] - self.x0) / self.cell), 0, self.nx - 1).astype(np.int64)
        j1 = np.clip(np.floor((boxes[:, 3] - self.y0) / self.cell), 0, self.ny - 1).astype(np.int64)
        return i0, j0, i1, j1

    def near(self, boxes: np.ndarray) -> np.ndarray:
        """A boolean per query box (minx, miny, maxx, maxy): True when it may meet one of the set."""
        boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
        if self.empty or not len(boxes):
            return np.zeros(len(boxes), dtype=bool)
        outside = (
            (boxes[:, 2] < self.x0)
            | (boxes[:, 3] < self.y0)
            | (boxes[:, 0] > self.x0 + self.nx * self.cell)
            | (boxes[:, 1] > self.y0 + self.ny * self.cell)
        )
        i0, j0, i1, j1 = self._cells(boxes)
        t = self.table
        count = t[j1 + 1, i1 + 1] - t[j0, i1 + 1] - t[j1 + 1, i0] + t[j0, i0]
        return (count > 0) & ~outside
