"""A parcel's polygons from its boundary points: rings closed, then shells and holes told apart by containment.

In the ministry's boundary-point exchange format every point carries a ring number (地块圈号): 1 is the outline;
2, 3 … are either areas cut out of it (扣除内部面积) or further parts of the same parcel. The number does not say
which, so a ring inside another ring is a hole and a ring outside every other is a part. Surveyors' files often
leave a ring open or end it on a point a few centimetres from its start: both are closed and reported, never
refused, because the outline is still plain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from shapely.geometry import MultiPolygon, Polygon
from shapely.validation import explain_validity

from .notes import Note, error, info, warning
from .spatial import repair

# A last point this close to the first, under the same point name, is the first point written with rounding.
SNAP_M = 0.05

RING_OPEN = "Ring {ring} of parcel {parcel} (lines {first}–{last}) does not end at its first point: it was closed"
RING_SNAPPED = (
    "Ring {ring} of parcel {parcel}: its closing point {point} on line {last} lies {distance:.3f} m from the same "
    "point on line {first}: read as the first point"
)
RING_NAME_MOVED = (
    "Ring {ring} of parcel {parcel}: point {point} on line {last} repeats the name of its first point but lies "
    "{distance:.2f} m from it: kept as a corner, and the ring closed"
)
RING_TOO_SHORT = "Ring {ring} of parcel {parcel} (lines {first}–{last}) has fewer than 3 different points"
RING_IS_HOLE = "Ring {ring} of parcel {parcel} lies inside ring {outer}: read as a hole"
RING_IS_PART = "Ring {ring} of parcel {parcel} lies outside the other rings: read as a further part of the parcel"
RING_ONE_INSIDE = "Ring 1 of parcel {parcel} lies inside ring {outer}: ring {outer} was read as the outline"
RING_REPEATED = (
    "Ring number {ring} of parcel {parcel} appears again on line {line} after another ring: read as a separate ring"
)
PARCEL_REPAIRED = "The rings of parcel {parcel} cross or touch each other ({reason}): the polygon was repaired"
PARCEL_UNREPAIRABLE = "Nothing is left of parcel {parcel} once its crossing rings are repaired"
TEMPLATES = (
    RING_OPEN,
    RING_SNAPPED,
    RING_NAME_MOVED,
    RING_TOO_SHORT,
    RING_IS_HOLE,
    RING_IS_PART,
    RING_ONE_INSIDE,
    RING_REPEATED,
    PARCEL_REPAIRED,
    PARCEL_UNREPAIRABLE,
)


@dataclass(frozen=True)
class Vertex:
    """A boundary point in map order (x = easting, y = northing) and the file line it came from."""

    name: str
    ring: int
    x: float
    y: float
    line: object


@dataclass
class Ring:
    number: int
    polygon: Polygon
    first: object
    last: object


def split_rings(parcel: str, vertices: Sequence[Vertex]) -> Tuple[List[Tuple[int, List[Vertex]]], List[Note]]:
    """Runs of consecutive vertices with the same ring number, in file order."""
    runs: List[Tuple[int, List[Vertex]]] = []
    notes: List[Note] = []
    seen = set()
    for vertex in vertices:
        if runs and runs[-1][0] == vertex.ring:
            runs[-1][1].append(vertex)
            continue
        if vertex.ring in seen:
            notes.append(warning(RING_REPEATED, vertex.line, ring=vertex.ring, parcel=parcel, line=vertex.line))
        seen.add(vertex.ring)
        runs.append((vertex.ring, [vertex]))
    return runs, notes


def close_ring(parcel: str, number: int, run: Sequence[Vertex]) -> Tuple[Optional[Ring], List[Note]]:
    """The ring of ``run`` closed (noting how), or None with an error when it has fewer than 3 points."""
    first, last = run[0], run[-1]
    where = {"ring": number, "parcel": parcel, "first": first.line, "last": last.line}
    points = [(v.x, v.y) for v in run]
    # Consecutive repeats (a point typed twice) add nothing to the outline.
    points = [p for k, p in enumerate(points) if k == 0 or p != points[k - 1]]
    notes: List[Note] = []
    if len(run) > 1 and points[-1] == points[0]:
        points.pop()
    elif len(run) > 1:
        distance = math.hypot(last.x - first.x, last.y - first.y)
        if last.name and last.name == first.name and distance <= SNAP_M:
            points.pop()
            notes.append(warning(RING_SNAPPED, last.line, point=last.name, distance=distance, **where))
        elif last.name and last.name == first.name:
            notes.append(warning(RING_NAME_MOVED, last.line, point=last.name, distance=distance, **where))
        else:
            notes.append(warning(RING_OPEN, last.line, **where))
    if len(set(points)) < 3:
        return None, notes + [error(RING_TOO_SHORT, first.line, **where)]
    return Ring(number, Polygon(points), first.line, last.line), notes


def assemble(parcel: str, vertices: Sequence[Vertex]) -> Tuple[Optional[MultiPolygon], List[Note]]:
    """The parcel's MultiPolygon from its vertices in file order, with what was noticed on the way.

    None (with an error note) when a ring has fewer than 3 points or nothing valid is left: a parcel missing part
    of its outline must not be imported as if it were whole."""
    runs, notes = split_rings(parcel, vertices)
    rings: List[Ring] = []
    for number, run in runs:
        ring, ring_notes = close_ring(parcel, number, run)
        notes += ring_notes
        if ring is None:
            return None, notes
        rings.append(ring)
    if not rings:
        return None, notes
    shells = _shells_and_holes(parcel, rings, notes)
    shape = MultiPolygon(
        [Polygon(shell.polygon.exterior.coords, [h.polygon.exterior.coords for h in holes]) for shell, holes in shells]
    )
    if not shape.is_valid:
        reason = explain_validity(shape)
        fixed, _ = repair(shape)
        if fixed.is_empty:
            return None, notes + [error(PARCEL_UNREPAIRABLE, rings[0].first, parcel=parcel)]
        notes.append(warning(PARCEL_REPAIRED, rings[0].first, parcel=parcel, reason=reason))
        shape = fixed
    return shape, notes


def _shells_and_holes(parcel: str, rings: List[Ring], notes: List[Note]) -> List[Tuple[Ring, List[Ring]]]:
    """Largest ring first: a ring inside a shell (and not inside one of its holes) is a hole of it, else a shell."""
    shells: List[Tuple[Ring, List[Ring]]] = []
    for ring in sorted(rings, key=lambda r: -r.polygon.area):
        outer = None
        for shell, holes in shells:
            if shell.polygon.contains(ring.polygon) and not any(h.polygon.contains(ring.polygon) for h in holes):
                outer = (shell, holes)
        if outer is None:
            shells.append((ring, []))
            continue
        outer[1].append(ring)
        if ring.number == 1:
            notes.append(warning(RING_ONE_INSIDE, ring.first, parcel=parcel, outer=outer[0].number))
        else:
            notes.append(info(RING_IS_HOLE, ring.first, ring=ring.number, parcel=parcel, outer=outer[0].number))
    for shell, _ in shells:
        if shell.number != 1 and len(shells) > 1:
            notes.append(info(RING_IS_PART, shell.first, ring=shell.number, parcel=parcel))
    return shells
