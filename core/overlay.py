"""Overlays of violations with a reference layer: which pairs meet and the area they share.

Most violations lie wholly inside their village, their parcel or their permit; such a pair is measured by the
violation's own area, and only the pairs that cross a boundary are intersected. The intersections, which are most
of the cost, run on several cores: GEOS releases Python's lock while it computes (shapely 2 in its array
functions, shapely 1.8 through the direct ctypes calls of ``geos_calls``). Both shapely versions give the same
pairs and the same areas.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import List, Optional, Sequence, Tuple

import numpy as np
import shapely
from shapely.ops import unary_union
from shapely.strtree import STRtree

from .spatial import SHAPELY_2, _geos, _safe, bounds, box_pairs, repair

WORKERS = max(1, min(4, os.cpu_count() or 1))
MIN_PARALLEL = 2000  # fewer intersections than this are not worth the threads

Pairs = Tuple[np.ndarray, np.ndarray, np.ndarray]


def overlay(
    left: Sequence,
    right: Sequence,
    left_boxes: Optional[np.ndarray] = None,
    right_boxes: Optional[np.ndarray] = None,
) -> Pairs:
    """Pairs (i, j) of intersecting left[i], right[j] (touching counts), sorted by i then j, and the area they share.

    ``left_boxes`` / ``right_boxes``: the geometries' bounds when the caller has them (boxes may be larger than
    the geometry, never smaller): candidate pairs come from the boxes. When only each left geometry's largest
    overlap is wanted, ``largest_overlap.largest_overlap_pairs`` measures far fewer pairs.
    """
    empty = np.zeros(0, dtype=np.int64)
    if not len(left) or not len(right):
        return empty, empty, np.zeros(0)
    if SHAPELY_2:
        return _overlay_arrays(left, right, left_boxes, right_boxes)
    geos = _geos()
    if geos is None:
        i, j = intersecting_pairs(left, right)
        return i, j, intersection_areas(left, right, i, j)
    return _overlay_direct(geos, left, right, left_boxes, right_boxes)


def candidates(left, right, left_boxes, right_boxes):
    """Pairs (i, j) whose boxes meet, sorted by i then j; whether left[i]'s box lies within right[j]'s (only then
    can right[j] contain left[i]); and the two boxes of each pair."""
    left_boxes = bounds(left) if left_boxes is None else np.asarray(left_boxes, dtype=float).reshape(-1, 4)
    right_boxes = bounds(right) if right_boxes is None else np.asarray(right_boxes, dtype=float).reshape(-1, 4)
    i, j = box_pairs(left_boxes, right_boxes)
    # contains() needs the left box within the right one: the other pairs are not asked.
    lb, rb = left_boxes[i], right_boxes[j]
    may_contain = (rb[:, 0] <= lb[:, 0]) & (rb[:, 1] <= lb[:, 1]) & (lb[:, 2] <= rb[:, 2]) & (lb[:, 3] <= rb[:, 3])
    return i, j, may_contain, lb, rb


def _overlay_arrays(left, right, left_boxes, right_boxes) -> Pairs:
    """shapely 2: predicates on prepared right geometries for all pairs at once, intersections in threads."""
    left_array = np.asarray(left, dtype=object)
    right_array = np.asarray(right, dtype=object)
    i, j, may_contain, _, _ = candidates(left_array, right_array, left_boxes, right_boxes)
    if not len(i):
        return i, j, np.zeros(0)
    # Preparing pays for a geometry asked about several times (a village, a farmland patch), not for a parcel met
    # once or twice. They stay prepared (preparing changes no answer; the check's geometries are short-lived).
    uses = np.bincount(j, minlength=len(right_array))
    shapely.prepare(right_array[np.flatnonzero(uses >= 3)])
    a, b = left_array[i], right_array[j]
    within = np.zeros(len(i), dtype=bool)
    within[may_contain] = shapely.contains(b[may_contain], a[may_contain])
    meets = within.copy()
    rest = ~within
    meets[rest] = shapely.intersects(b[rest], a[rest])
    shared = np.zeros(len(i))
    shared[within] = shapely.area(a[within])
    cut = np.flatnonzero(meets & ~within)
    shared[cut] = intersection_areas_in_threads(a[cut], b[cut])
    return i[meets], j[meets], shared[meets]


def intersection_areas_in_threads(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """shapely 2: areas of a[k] ∩ b[k] for arrays of geometries, in worker threads."""
    shapely.bounds(np.concatenate([a, b]))  # GEOS caches envelopes on first use: not inside the threads
    return in_chunks(lambda s: _array_intersection_areas(a[s], b[s]), len(a))


def _array_intersection_areas(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    try:
        return np.asarray(shapely.area(shapely.intersection(a, b)), dtype=float)
    except shapely.errors.GEOSException:  # an invalid pair somewhere in the chunk: measure each, repairing
        return np.array([_safe(lambda g, h: g.intersection(h).area, g, h) for g, h in zip(a, b)], dtype=float)


def in_chunks(measure, count: int) -> np.ndarray:
    """``measure(slice)`` over ``range(count)`` cut in one chunk per worker, run in threads, joined in order."""
    if count == 0:
        return np.zeros(0)
    workers = WORKERS if count >= MIN_PARALLEL else 1
    bounds_ = np.linspace(0, count, workers + 1).astype(int)
    chunks = [slice(int(s), int(e)) for s, e in zip(bounds_[:-1], bounds_[1:])]
    if workers == 1:
        return np.asarray(measure(chunks[0]), dtype=float)
    with ThreadPoolExecutor(workers, thread_name_prefix="lianwei-overlay") as pool:
        return np.concatenate([np.asarray(r, dtype=float) for r in pool.map(measure, chunks)])


def _overlay_direct(geos, left, right, left_boxes, right_boxes) -> Pairs:
    """shapely 1.8: one pass over the candidate pairs with GEOS called straight, then the intersections in threads.

    Right geometries met by several violations each (villages, farmland patches) or few of them answer faster
    prepared; 10⁵ parcels met once or twice each do not: there the violation is prepared instead, once, for the
    intersects test of the pairs it does not lie within.
    """
    from shapely.prepared import prep

    i, j, may_contain, _, _ = candidates(left, right, left_boxes, right_boxes)
    if not len(i):
        return i, j, np.zeros(0)
    handle = geos.handle
    # The loop runs once per candidate pair (10⁵ for a township): GEOS pointers are looked up once per geometry,
    # not through shapely's properties per pair.
    left_geoms = [g._geom for g in left]
    right_geoms = [g._geom for g in right]
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
    kept: List[int] = []
    shared: List[float] = []
    left_area = {}
    to_cut: List[int] = []  # positions in kept/shared still to be measured by intersection
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
            except ValueError:  # GEOS refuses an invalid parcel: repair it and measure it here
                fixed = repair(right[b])[0]
                if fixed.intersects(left[a]):
                    kept.append(k)
                    shared.append(left[a].intersection(fixed).area)
                continue
            if not meets:
                continue
            kept.append(k)
            if within:
                area = left_area.get(a)
                if area is None:
                    area_of(handle, g, ref)
                    area = left_area[a] = value.value
                shared.append(area)
            else:
                to_cut.append(len(shared))
                shared.append(np.nan)
    finally:
        if prepare_left:
            for tester in prepared_left.values():
                if tester:
                    geos.destroy_prepared(handle, tester)
    kept_pairs = np.asarray(kept, dtype=np.int64)
    shared_areas = np.asarray(shared, dtype=float)
    if to_cut:
        cut = np.asarray(to_cut, dtype=np.int64)
        pairs = (i[kept_pairs[cut]].tolist(), j[kept_pairs[cut]].tolist())
        shared_areas[cut] = direct_intersection_areas(geos, left, right, *pairs, left_geoms, right_geoms)
    return i[kept_pairs], j[kept_pairs], shared_areas


def direct_intersection_areas(geos, left, right, pair_left, pair_right, left_geoms, right_geoms) -> np.ndarray:
    """shapely 1.8 with the direct GEOS calls: area of left[a] ∩ right[b] for each (a, b) of the index lists, in
    worker threads (``*_geoms``: the GEOS pointers); a pair GEOS refuses (an invalid right geometry) is repaired
    and measured here."""
    a_ptrs = [left_geoms[a] for a in pair_left]
    b_ptrs = [right_geoms[b] for b in pair_right]
    geos.settle(a_ptrs + b_ptrs)  # shared geometries are read, never changed, by the threads
    areas = in_chunks(lambda s: geos.intersection_areas(a_ptrs[s], b_ptrs[s]), len(a_ptrs))
    for n in np.flatnonzero(np.isnan(areas)).tolist():
        areas[n] = _safe(lambda g, h: g.intersection(h).area, left[pair_left[n]], repair(right[pair_right[n]])[0])
    return areas


def intersecting_pairs(left: Sequence, right: Sequence) -> Tuple[np.ndarray, np.ndarray]:
    """Indices (i, j) of every left[i] that intersects right[j], sorted by i then j (the plain shapely way)."""
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
    """Area of left[i[k]] ∩ right[j[k]] for each pair k (the plain shapely way)."""
    if not len(i):
        return np.zeros(0)
    if SHAPELY_2:
        return _array_intersection_areas(np.asarray(left, dtype=object)[i], np.asarray(right, dtype=object)[j])
    return np.array([_safe(lambda g, h: g.intersection(h).area, left[a], right[b]) for a, b in zip(i, j)])


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
