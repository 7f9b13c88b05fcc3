"""Spatial joins on shapely geometries that work alike on shapely 1.8 (QGIS 3.22) and 2.x (QGIS 3.40).

shapely 2 answers a whole array at once and releases the GIL; shapely 1.8 is asked one geometry at a time. Both
paths give the same pairs and the same areas.
"""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

import numpy as np
import shapely
from shapely.geometry import GeometryCollection, MultiPolygon, Polygon

from . import wkb
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


def repair_all(geometries: Sequence) -> List[Tuple[MultiPolygon, bool]]:
    """``repair`` for each geometry; shapely 2 tells the valid multipolygons (the usual case) all at once."""
    if SHAPELY_2 and len(geometries):
        shapes = np.asarray([g if g is not None else Polygon() for g in geometries], dtype=object)
        fine = (shapely.get_type_id(shapes) == 6) & ~shapely.is_empty(shapes) & shapely.is_valid(shapes)
        return [(g, False) if ok else repair(g) for g, ok in zip(geometries, fine.tolist())]
    return [repair(g) for g in geometries]


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
        from shapely import wkb as shapely_wkb

        return [shapely_wkb.loads(b) if b is not None else None for b in blobs]
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


def nonempty_wkb(geometries: Sequence, known: Optional[Sequence[Optional[bytes]]] = None):
    """(indexes, WKB) of the geometries that are neither None nor empty; on shapely 1.8 asked of GEOS straight.
    ``known``: each geometry's WKB where the caller has it (a reader's, of a non-empty geometry), else None."""
    geos = None if SHAPELY_2 else _geos()
    if geos is None:
        empty, write = (lambda g: g.is_empty), to_wkb
    else:
        handle = geos.handle
        empty, write = (lambda g: geos.is_empty(handle, g._geom)), geos.to_wkb
    kept: List[int] = []
    blobs: List[bytes] = []
    for k, g in enumerate(geometries):
        blob = known[k] if known is not None else None
        if not blob:
            if g is None or empty(g):
                continue
            blob = write(g)
        kept.append(k)
        blobs.append(blob)
    return kept, blobs


def bounds_with_wkb(geometries: Sequence, blobs: Sequence[Optional[bytes]]) -> np.ndarray:
    """``bounds`` of geometries whose WKB the caller has as well: one-ring polygons read from it all at once."""
    boxes = wkb.bounds(blobs)
    others = np.flatnonzero(~np.isfinite(boxes).all(axis=1))
    if len(others):
        boxes[others] = bounds([geometries[k] for k in others.tolist()])
    return boxes


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
    cells = nx * (int(max(ca[3].max(), cb[3].max())) + 1)
    if cells <= 4 * (len(ka) + len(kb)) + 4_000_000:  # b's entries of each cell straight from a table of cells
        per_cell = np.bincount(kb, minlength=cells)
        lo, counts = (np.cumsum(per_cell) - per_cell)[ka], per_cell[ka]
    else:
        lo = np.searchsorted(kb, ka, "left")
        counts = np.searchsorted(kb, ka, "right") - lo
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
