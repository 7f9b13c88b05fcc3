"""The right geometry each left geometry overlaps most (a violation's parcel), without measuring every pair.

A violation lying within a parcel belongs to it (the lowest-numbered such parcel: ties go to the lower index).
For the others, each candidate parcel can share at most the common area of the two boxes (and at most the
violation's own area): the candidates are measured in decreasing order of that bound, and a candidate whose
bound is below the largest overlap found so far cannot be the answer and is never measured. The measuring goes in
rounds (each violation's best candidate, then its second if it can still win, …), each round one batch of
intersections in worker threads. For the 20,000-violation benchmark township this intersects 7,800 pairs instead
of 18,400, and no pair is asked whether it meets at all. The answer is the one measuring every pair gives
(``largest_overlap``).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .overlay import Pairs, candidates, direct_intersection_areas, intersection_areas_in_threads
from .spatial import SHAPELY_2, _geos, _safe, areas

# Bounds are grown by this share before they are compared: an area measured by GEOS may exceed the exact box
# product by the last bits of a double, and a pair that could tie must be measured.
BOUND_MARGIN = 1e-9


def largest_overlap_pairs(
    left: Sequence,
    right: Sequence,
    left_boxes: np.ndarray = None,
    right_boxes: np.ndarray = None,
    left_areas: Sequence[float] = None,
) -> Pairs:
    """Pairs (i, j, shared area), sorted by i then j, enough for ``largest_overlap`` to give the answer that all
    intersecting pairs give: each left geometry's container, or every candidate that could share the most with
    it. Some pairs may share nothing (area 0). Boxes as for ``overlay``; ``left_areas``: the left geometries'
    planar areas when the caller has them."""
    empty = np.zeros(0, dtype=np.int64)
    if not len(left) or not len(right):
        return empty, empty, np.zeros(0)
    i, j, may_contain, lb, rb = candidates(left, right, left_boxes, right_boxes)
    if not len(i):
        return i, j, np.zeros(0)
    measure = _Measures(left, right)
    within = np.zeros(len(i), dtype=bool)
    within[may_contain] = measure.contains(i[may_contain], j[may_contain])
    inside = np.flatnonzero(within)  # pairs are sorted by i then j: the first of each i is its lowest container
    first = inside[np.r_[True, i[inside][1:] != i[inside][:-1]]] if len(inside) else inside
    resolved = np.zeros(len(left), dtype=bool)
    resolved[i[first]] = True
    if left_areas is None:
        own_area = np.zeros(len(left))
        met = np.unique(i)
        own_area[met] = areas([left[k] for k in met.tolist()])
    else:
        own_area = np.asarray(left_areas, dtype=float)
    found_i, found_j, found_area = [i[first]], [j[first]], [own_area[i[first]]]

    rest = np.flatnonzero(~resolved[i])
    ri, rj, lb, rb = i[rest], j[rest], lb[rest], rb[rest]
    width = np.clip(np.minimum(lb[:, 2], rb[:, 2]) - np.maximum(lb[:, 0], rb[:, 0]), 0.0, None)
    height = np.clip(np.minimum(lb[:, 3], rb[:, 3]) - np.maximum(lb[:, 1], rb[:, 1]), 0.0, None)
    bound = np.minimum(width * height, own_area[ri]) * (1.0 + BOUND_MARGIN)
    order = np.lexsort((rj, -bound, ri))
    ri, rj, bound = ri[order], rj[order], bound[order]
    starts = np.r_[0, np.flatnonzero(ri[1:] != ri[:-1]) + 1]
    rank = np.arange(len(ri)) - np.repeat(starts, np.diff(np.r_[starts, len(ri)]))
    best = np.full(len(left), -1.0)
    for r in range(int(rank.max(initial=-1)) + 1):
        asked = np.flatnonzero((rank == r) & (bound >= best[ri]))
        if not len(asked):
            break
        shared = measure.intersection_areas(ri[asked], rj[asked])
        np.maximum.at(best, ri[asked], shared)
        found_i.append(ri[asked])
        found_j.append(rj[asked])
        found_area.append(shared)

    i, j, shared = np.concatenate(found_i), np.concatenate(found_j), np.concatenate(found_area)
    order = np.lexsort((j, i))
    return i[order], j[order], shared[order]


class _Measures:
    """contains(left in right) and intersection areas for index pairs, on shapely 2 arrays, through the direct GEOS
    calls of shapely 1.8, or through plain shapely 1.8; an invalid right geometry is repaired where GEOS refuses it
    (a refused contains counts as not within: the intersection then measures the pair)."""

    def __init__(self, left: Sequence, right: Sequence):
        self.left, self.right = left, right
        self.geos = None if SHAPELY_2 else _geos()
        if SHAPELY_2:
            self.left_array = np.asarray(left, dtype=object)
            self.right_array = np.asarray(right, dtype=object)
        elif self.geos is not None:
            self.left_geoms = [g._geom for g in left]
            self.right_geoms = [g._geom for g in right]

    def contains(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        if SHAPELY_2:
            import shapely

            try:
                return shapely.contains(self.right_array[j], self.left_array[i])
            except shapely.errors.GEOSException:  # one refused pair fails the whole array: ask pair by pair
                return self._contains_pair_by_pair(i, j)
        geos = self.geos
        if geos is None:
            return self._contains_pair_by_pair(i, j)
        handle, left, right = geos.handle, self.left_geoms, self.right_geoms
        prepare, contains, destroy = geos.prepare, geos.prepared_contains, geos.destroy_prepared
        result = np.zeros(len(i), dtype=bool)
        # Each parcel is asked once or twice: prepared for the call (cheaper than GEOS's unprepared contains).
        for k, (a, b) in enumerate(zip(i.tolist(), j.tolist())):
            prepared = prepare(handle, right[b])
            if prepared:
                result[k] = contains(handle, prepared, left[a]) == 1
                destroy(handle, prepared)
        return result

    def _contains_pair_by_pair(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        within = (_safe(lambda g, h: h.contains(g), self.left[a], self.right[b]) for a, b in zip(i, j))
        return np.array([bool(w) for w in within], dtype=bool)

    def intersection_areas(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        if SHAPELY_2:
            return intersection_areas_in_threads(self.left_array[i], self.right_array[j])
        geos = self.geos
        if geos is None:
            pairs = zip(i.tolist(), j.tolist())
            return np.array([_safe(lambda g, h: g.intersection(h).area, self.left[a], self.right[b]) for a, b in pairs])
        pairs = (i.tolist(), j.tolist())
        return direct_intersection_areas(geos, self.left, self.right, *pairs, self.left_geoms, self.right_geoms)
