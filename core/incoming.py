"""Rows on their way into the ledger, checked before any is written: geometry, coordinates, keys.

A reference table (villages, cadastre, permits, farmland) is what every check of a case is measured against, so a
row whose geometry cannot be used is refused, never stored without one, and a layer with nothing usable is refused
as a whole: an empty layer imported with "replace" would otherwise wipe a township's cadastre without a word.
The reasons are English templates with {placeholders}, translated by the QGIS side (layers/ledger_import.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from .gauss_kruger import Zone
from .spatial import repair

NO_GEOMETRY = "it has no geometry"
EMPTY = "its geometry is empty"
NOT_POLYGON = "its geometry is a {kind}, not a polygon"
NOT_FINITE = "its geometry has coordinates that are not numbers (NaN or infinite)"
UNREPAIRABLE = "its geometry is invalid and nothing of it is left once repaired"
OUTSIDE_ZONE = (
    "its coordinates ({x:.0f}, {y:.0f}) do not fit the ledger's coordinate system {crs}: the layer's CRS is wrong "
    "or the coordinates are"
)
DUPLICATE_KEY = "{field} {key} appears more than once (rows {rows}); it must be unique"
ALREADY_STORED = "{field} {key} is already in the ledger table; import with replace, or leave it out"
SAME_ROW_TWICE = "the same {field} {key} with the same geometry appears more than once (rows {rows})"
ALREADY_STORED_ROW = "the same {field} {key} with the same geometry is already in the ledger table"
REASONS = (
    NO_GEOMETRY,
    EMPTY,
    NOT_POLYGON,
    NOT_FINITE,
    UNREPAIRABLE,
    OUTSIDE_ZONE,
    DUPLICATE_KEY,
    ALREADY_STORED,
    SAME_ROW_TWICE,
    ALREADY_STORED_ROW,
)

# Plausible coordinates of a CGCS2000 Gauss-Krüger zone in China: eastings within 400 km of the central meridian
# (a 3° zone is at most ~170 km wide each side at 18°N), northings from 18°N to 54°N.
EASTING_SPAN = 400_000.0
NORTHING_RANGE = (1_900_000.0, 6_100_000.0)


@dataclass
class RowProblem:
    """Why one incoming row cannot be stored: ``row`` names it (feature id and key), ``reason`` a template."""

    row: str
    reason: str
    values: Dict[str, object] = field(default_factory=dict)
    field: Optional[str] = None


def coordinates_finite(shape) -> bool:
    """True when every coordinate is a finite number (GEOS takes NaN silently; areas would then be NaN)."""
    bounds = shape.bounds
    if not all(math.isfinite(v) for v in bounds):
        return False
    # A NaN vertex may hide from the bounds (comparisons with NaN are false): look at every ring.
    for polygon in getattr(shape, "geoms", [shape]):
        rings = [polygon.exterior, *polygon.interiors] if hasattr(polygon, "exterior") else [polygon]
        for ring in rings:
            if not all(math.isfinite(c) for xy in ring.coords for c in xy):
                return False
    return True


def polygon_parts(shape, multipolygon: bool) -> Tuple[List, bool, Optional[Tuple[str, Dict[str, object]]]]:
    """(the polygons to store, whether it was repaired, None or (reason, values) when it cannot be stored).

    ``multipolygon``: the table stores one MultiPolygon per row (else one row per polygon)."""
    if shape is None:
        return [], False, (NO_GEOMETRY, {})
    if shape.is_empty:
        return [], False, (EMPTY, {})
    kind = shape.geom_type
    if kind not in ("Polygon", "MultiPolygon", "GeometryCollection"):
        return [], False, (NOT_POLYGON, {"kind": kind})
    if not coordinates_finite(shape):
        return [], False, (NOT_FINITE, {})
    fixed, repaired = repair(shape)
    if fixed.is_empty:
        if kind == "GeometryCollection" and not repaired:
            return [], False, (NOT_POLYGON, {"kind": kind})
        return [], repaired, (UNREPAIRABLE, {})
    return ([fixed] if multipolygon else list(fixed.geoms)), repaired, None


def outside_zone(bounds: Sequence[float], zone: Optional[Zone]) -> Optional[Tuple[float, float]]:
    """A corner of ``bounds`` (in the ledger's zone) that no place in China can have, or None when they fit."""
    if zone is None:
        return None
    minx, miny, maxx, maxy = bounds
    low, high = zone.false_easting - EASTING_SPAN, zone.false_easting + EASTING_SPAN
    for x, y in ((minx, miny), (maxx, maxy)):
        if not (low <= x <= high and NORTHING_RANGE[0] <= y <= NORTHING_RANGE[1]):
            return x, y
    return None


def key_problems(
    keys: Sequence[Tuple[str, object, Optional[bytes]]],
    key_field: str,
    unique: bool,
    stored: Iterable[Tuple[object, Optional[bytes]]] = (),
) -> List[RowProblem]:
    """Keys that would be duplicated: ``keys`` are (row label, key, geometry WKB) of the incoming rows.

    A unique key (a village code) may appear once; other keys (a parcel split into parts) may repeat, but the same
    key with the same geometry is the same row twice (a file imported twice). ``stored``: what the table already
    holds (append mode)."""
    problems: List[RowProblem] = []
    seen: Dict[object, List[str]] = {}
    for label, key, wkb in keys:
        if key is None:
            continue
        seen.setdefault(key if unique else (key, wkb), []).append(label)
    for identity, rows in seen.items():
        if len(rows) > 1:
            key = identity if unique else identity[0]
            reason = DUPLICATE_KEY if unique else SAME_ROW_TWICE
            problems.append(RowProblem(rows[0], reason, {"field": key_field, "key": key, "rows": ", ".join(rows)}))
    stored_keys = {key if unique else (key, wkb) for key, wkb in stored}
    if stored_keys:
        for identity, rows in seen.items():
            if identity in stored_keys:
                key = identity if unique else identity[0]
                reason = ALREADY_STORED if unique else ALREADY_STORED_ROW
                problems.append(RowProblem(rows[0], reason, {"field": key_field, "key": key}))
    return problems
