"""Spatial joins on shapely geometries that work alike on shapely 1.8 (QGIS 3.22) and 2.x (QGIS 3.40).

shapely 2 answers a whole array at once and releases the GIL; shapely 1.8 is asked one geometry at a time. Both
paths give the same pairs and the same areas.
"""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

import numpy as np
import shapely
from shapely.geometry import GeometryCollection, MultiPolygon, Polygon
from shapely.ops import unary_union
from shapely.strtree import STRtree

from .geos_calls import DirectGeos

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
    if geometry is None:
        return MultiPolygon(), False
    geos = None if SHAPELY_2 else _geos()
    if geos is not None and isinstance(geometry, MultiPolygon):  # the usual case, asked of GEOS straight
        state = geos.state(geometry._geom)
        if state == "empty":
            return MultiPolygon(), False
        if state == "valid":
            return geometry, False
    if geometry.is_empty:
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


_GEOS = None  # None: not tried yet; False: this shapely/GEOS build cannot be called straight


def _geos() -> Optional[DirectGeos]:
    """The direct GEOS calls, or None where they cannot be set up (another shapely build): the plain shapely path
    then gives the same answers, slower."""
    global _GEOS  # noqa: PLW0603 - one set of ctypes prototypes per process
    if _GEOS is None:
        try:
            _GEOS = DirectGeos()
        except (AttributeError, OSError, TypeError, ImportError):
            _GEOS = False
    return _GEOS or None


def from_wkb(blobs: Sequence[Optional[bytes]]) -> List:
    """shapely geometries from WKB (None stays None): in one call on shapely 2, one by one on shapely 1.8."""
    if SHAPELY_2:
        return list(shapely.from_wkb(np.asarray(blobs, dtype=object)))
    geos = _geos()
    if geos is None:
        from shapely import wkb

        return [wkb.loads(b) if b is not None else None for b in blobs]
    read = geos.from_wkb
    return [read(b) if b is not None else None for b in blobs]


def bounds(geometries: Sequence) -> np.ndarray:
    """(minx, miny, maxx, maxy) of each geometry as an (n, 4) array; NaN for None and empty geometries."""
    if not len(geometries):
        return np.zeros((0, 4))
    if SHAPELY_2:
        shapes = np.asarray([g if g is not None else Polygon() for g in geometries], dtype=object)
        return shapely.bounds(shapes).reshape(-1, 4)
    geos = _geos()
    nan = (np.nan,) * 4
    if geos is not None:  # GEOS tells empty geometries itself
        return np.array([geos.bounds(g) if g is not None else nan for g in geometries], dtype=float).reshape(-1, 4)

    def box(g):
        return nan if g is None or g.is_empty else g.bounds

    return np.array([box(g) for g in geometries], dtype=float).reshape(-1, 4)


def areas(geometries: Sequence) -> np.ndarray:
    """Planar area of each geometry (0 for None and empty ones)."""
    if SHAPELY_2:
        shapes = np.asarray([g if g is not None else Polygon() for g in geometries], dtype=object)
        return np.asarray(shapely.area(shapes), dtype=float).reshape(-1)
    geos = _geos()
    area = geos.area_of if geos is not None else (lambda g: g.area)
    return np.array([area(g) if g is not None else 0.0 for g in geometries], dtype=float).reshape(-1)


def to_wkb(geometry) -> bytes:
    """WKB of a non-empty geometry; on shapely 1.8 written by GEOS straight (2-D)."""
    geos = None if SHAPELY_2 else _geos()
    return geos.to_wkb(geometry) if geos is not None else geometry.wkb


def box_pairs(left: np.ndarray, right: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Indices (i, j) of every pair of boxes left[i], right[j] that meet (touching counts), sorted by i then j.

    Boxes are (minx, miny, maxx, maxy) rows; a NaN box meets nothing. Answered in numpy: with a few boxes on one
    side by comparing each of them with all of the other side, else by a join on a grid of cells about the size of
    a typical box, each pair reported from the one cell where the lower-left corner of their common part lies.
    Cost grows with the number of boxes and pairs, not with their product.
    """
    left = np.asarray(left, dtype=float).reshape(-1, 4)
    right = np.asarray(right, dtype=float).reshape(-1, 4)
    li = np.flatnonzero(np.isfinite(left).all(axis=1))
    ri = np.flatnonzero(np.isfinite(right).all(axis=1))
    empty = np.zeros(0, dtype=np.int64)
    if not len(li) or not len(ri):
        return empty, empty
    a, b = left[li], right[ri]
    if min(len(a), len(b)) <= 64:
        few, many, swapped = (a, b, False) if len(a) <= len(b) else (b, a, True)
        found_few, found_many = [], []
        for k, box in enumerate(few):
            hit = np.flatnonzero(
                (many[:, 0] <= box[2]) & (box[0] <= many[:, 2]) & (many[:, 1] <= box[3]) & (box[1] <= many[:, 3])
            )
            found_few.append(np.full(len(hit), k, dtype=np.int64))
            found_many.append(hit)
        i, j = np.concatenate(found_few), np.concatenate(found_many)
        if swapped:
            i, j = j, i
    else:
        i, j = _grid_pairs(a, b)
    i, j = li[i], ri[j]
    order = np.lexsort((j, i))
    return i[order], j[order]


def _grid_pairs(a: np.ndarray, b: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    both = np.concatenate([a, b])
    x0, y0 = both[:, 0].min(), both[:, 1].min()
    size = lambda boxes: float(np.median(np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1])))  # noqa: E731
    extent = max(both[:, 2].max() - x0, both[:, 3].max() - y0, 1e-9)
    cell = max(size(a), size(b), extent / 2**20, 1e-9)
    budget = 8 * len(both) + 1_000_000
    while True:
        ca, cb = _cells(a, x0, y0, cell), _cells(b, x0, y0, cell)
        total = int(ca[4].sum() + cb[4].sum())
        if total <= budget:
            break
        cell *= 1.5
    nx = int(max(ca[2].max(), cb[2].max())) + 1
    ka, ia = _expand(ca, nx)
    kb, ib = _expand(cb, nx)
    order = np.argsort(kb, kind="stable")
    kb, ib = kb[order], ib[order]
    lo, hi = np.searchsorted(kb, ka, "left"), np.searchsorted(kb, ka, "right")
    counts = hi - lo
    i = np.repeat(ia, counts)
    cell_of = np.repeat(ka, counts)
    first = np.cumsum(counts) - counts
    j = ib[np.repeat(lo - first, counts) + np.arange(int(counts.sum()))]
    # One report per pair: the cell holding the lower-left corner of the two boxes' common cell range.
    home = np.maximum(ca[1][i], cb[1][j]) * nx + np.maximum(ca[0][i], cb[0][j])
    box_a, box_b = a[i], b[j]
    keep = (
        (cell_of == home)
        & (box_b[:, 0] <= box_a[:, 2])
        & (box_a[:, 0] <= box_b[:, 2])
        & (box_b[:, 1] <= box_a[:, 3])
        & (box_a[:, 1] <= box_b[:, 3])
    )
    return i[keep], j[keep]


def _cells(boxes: np.ndarray, x0: float, y0: float, cell: float):
    """First column and row, last column and row and cell count of each box."""
    c0 = np.floor((boxes[:, 0] - x0) / cell).astype(np.int64)
    r0 = np.floor((boxes[:, 1] - y0) / cell).astype(np.int64)
    c1 = np.floor((boxes[:, 2] - x0) / cell).astype(np.int64)
    r1 = np.floor((boxes[:, 3] - y0) / cell).astype(np.int64)
    return c0, r0, c1, r1, (c1 - c0 + 1) * (r1 - r0 + 1)


def _expand(cells, nx: int) -> Tuple[np.ndarray, np.ndarray]:
    """(cell key, box index) for every cell every box covers; ``nx`` columns make a row of keys."""
    c0, r0, c1, r1, counts = cells
    box = np.repeat(np.arange(len(c0)), counts)
    offset = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    width = (c1 - c0 + 1)[box]
    return (r0[box] + offset // width) * nx + c0[box] + offset % width, box


def intersecting_pairs(left: Sequence, right: Sequence) -> Tuple[np.ndarray, np.ndarray]:
    """Indices (i, j) of every left[i] that intersects right[j], sorted by i then j."""
    if not len(left) or not len(right):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if SHAPELY_2:
        tree = STRtree(np.asarray(right, dtype=object))
        i, j = tree.query(np.asarray(left, dtype=object), predicate="intersects")
    else:
        from shapely.prepared import prep

        i, j = box_pairs(bounds(left), bounds(right))
        keep = np.zeros(len(i), dtype=bool)
        prepared = None
        for k, (a, b) in enumerate(zip(i, j)):
            if k == 0 or a != i[k - 1]:
                prepared = prep(left[a])
            keep[k] = _safe(lambda g, h: g.intersects(h), prepared, right[b])
        i, j = i[keep], j[keep]
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


def overlay(
    left: Sequence,
    right: Sequence,
    left_boxes: Optional[np.ndarray] = None,
    right_boxes: Optional[np.ndarray] = None,
) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i, j) of intersecting left[i], right[j] and the area they share.

    ``left_boxes`` / ``right_boxes``: the geometries' bounds when the caller has them (boxes may be larger than
    the geometry, never smaller). On shapely 1.8, a left geometry lying within a right one (a violation inside its
    parcel, village or permit: the usual case) is measured by its own area, which spares most intersection
    computations; candidate pairs come from the boxes, and GEOS is called straight (see ``geos_calls.DirectGeos``).
    """
    geos = None if SHAPELY_2 else _geos()
    if geos is None or not len(left) or not len(right):
        i, j = intersecting_pairs(left, right)
        return i, j, intersection_areas(left, right, i, j)
    from shapely.prepared import prep

    handle = geos.handle
    left_boxes = bounds(left) if left_boxes is None else np.asarray(left_boxes, dtype=float).reshape(-1, 4)
    right_boxes = bounds(right) if right_boxes is None else np.asarray(right_boxes, dtype=float).reshape(-1, 4)
    i, j = box_pairs(left_boxes, right_boxes)
    if not len(i):
        return i, j, np.zeros(0)
    # contains() needs the left box within the right one: skip the call for pairs that are not.
    lb, rb = left_boxes[i], right_boxes[j]
    may_contain = (rb[:, 0] <= lb[:, 0]) & (rb[:, 1] <= lb[:, 1]) & (lb[:, 2] <= rb[:, 2]) & (lb[:, 3] <= rb[:, 3])
    # The loop runs once per candidate pair (10⁵ for a township): GEOS pointers are looked up once per geometry,
    # not through shapely's properties per pair.
    left_geoms = [g._geom for g in left]
    right_geoms = [g._geom for g in right]
    # Right geometries met by several violations each (villages, farmland patches) or few of them answer faster
    # prepared; 10⁵ parcels met once or twice each do not: there the violation is prepared instead, once, for the
    # intersects test of the pairs it does not lie within.
    met = np.unique(j)
    prepare_left = len(met) > 5000 and len(i) < 2 * len(met)
    if prepare_left:
        testers, contains = right_geoms, geos.contains
        prepared_left = {}
    else:
        prepared = {b: prep(right[b]) for b in met.tolist()}  # kept alive while their pointers are used
        testers = {b: p._geom for b, p in prepared.items()}
        contains, intersects = geos.prepared_contains, geos.prepared_intersects
    area_of, value, ref = geos.area, geos.value, geos.ref
    intersection_area = geos.intersection_area
    kept, shared_areas, left_area = [], [], {}
    try:
        for k, (a, b, inside) in enumerate(zip(i.tolist(), j.tolist(), may_contain.tolist())):
            g = left_geoms[a]
            try:  # contains first: most violations lie wholly in their parcel, village or permit
                within = contains(handle, testers[b], g) if inside else 0
                if within == 0:
                    if prepare_left:
                        tester = prepared_left.get(a)
                        if tester is None:
                            tester = prepared_left[a] = geos.prepare(handle, g)
                            if not tester:
                                raise ValueError("GEOS could not prepare a geometry")
                        meets = geos.prepared_intersects(handle, tester, right_geoms[b])
                    else:
                        meets = intersects(handle, testers[b], g)
                else:
                    meets = 1 if within == 1 else 2
                if meets == 2:  # GEOS reports an exception as 2
                    raise ValueError("GEOS predicate failed")
                if not meets:
                    continue
                if within:
                    shared = left_area.get(a)
                    if shared is None:
                        area_of(handle, g, ref)
                        shared = left_area[a] = value.value
                else:
                    shared = intersection_area(g, right_geoms[b])
            except Exception:  # noqa: BLE001 - GEOS refuses an invalid parcel: repair it and measure again
                geometry = left[a]
                fixed = repair(right[b])[0]
                if not fixed.intersects(geometry):
                    continue
                shared = geometry.intersection(fixed).area
            kept.append(k)
            shared_areas.append(shared)
    finally:
        if prepare_left:
            for tester in prepared_left.values():
                if tester:
                    geos.destroy_prepared(handle, tester)
    kept = np.asarray(kept, dtype=np.int64)
    return i[kept], j[kept], np.asarray(shared_areas, dtype=float)


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
    starts = np.cumsum(counts) - counts  # pairs are sorted by i: left k's pairs are a slice
    for k in np.flatnonzero(counts > 1):
        pieces = [
            _safe(lambda g, h: g.intersection(h), left[k], right[b]) for b in j[starts[k] : starts[k] + counts[k]]
        ]
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

    A box is kept when it meets (or touches) one of the set, grown by a hair (10⁻⁸ of the coordinates) for the
    rounding of a box carried into another CRS: the same box join as ``box_pairs``, so there are no false
    negatives and hardly any false positives. It lets the reader turn only the parcels near a violation into
    geometries, which is most of the check's saving.
    """

    def __init__(self, boxes: np.ndarray):
        self.boxes = np.asarray(boxes, dtype=float).reshape(-1, 4).copy()
        self.empty = len(self.boxes) == 0
        if not self.empty:
            finite = self.boxes[np.isfinite(self.boxes)]
            pad = 1e-8 * (float(np.abs(finite).max(initial=0.0)) + 1.0)
            self.boxes[:, :2] -= pad
            self.boxes[:, 2:] += pad

    def near(self, boxes: np.ndarray) -> np.ndarray:
        """A boolean per query box (minx, miny, maxx, maxy): True when it meets one of the set."""
        boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
        result = np.zeros(len(boxes), dtype=bool)
        if self.empty or not len(boxes):
            return result
        i, _ = box_pairs(boxes, self.boxes)
        result[i] = True
        return result
