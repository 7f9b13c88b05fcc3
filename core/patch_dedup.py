"""Which incoming patches are new, which the ledger already has, and what a re-issued patch may change.

A patch comes back: re-issued in the next batch, redrawn a little, or already found by a patrol before the image
showed it. Counting it twice would double the area a township reports, so an incoming patch links to an existing
case when its number is known, else when the two overlap by more than ``threshold`` (0.8) of the smaller. A linked
patch updates only the upper level's fields; the township's own verification, status and outline stay as they are
(an outline the township redrew is told from the upper level's by its fingerprint, ``upper_shape``).
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from shapely.geometry import MultiPolygon, Polygon
from shapely.strtree import STRtree

from .gauss_kruger import Zone, zone_for_longitude
from .notes import Note, error, info, warning
from .patch_fields import UPPER_FIELD_NAMES
from .patches import PatchRow
from .spatial import SHAPELY_2, polygonal, repair

NEW, LINKED, CHANGED, UNCHANGED, REFUSED = "new", "linked", "changed", "unchanged", "refused"
KINDS = (NEW, LINKED, CHANGED, UNCHANGED, REFUSED)
THRESHOLD = 0.8
PARTLY = 0.1  # an overlap worth a word even below the threshold

# Fields a linked patch may update: the upper level's, and its number. Never status, verification, source, is_new.
UPDATABLE: Tuple[str, ...] = ("patch_no",) + tuple(n for n in UPPER_FIELD_NAMES if n != "upper_shape")

BY_NUMBER = "Patch {patch_no} is case {case_ids} (same patch number)"
BY_OVERLAP = "Patch {patch_no} overlaps case {case_id} by {share:.0%} of the smaller: linked to it"
NUMBER_REPLACED = "Case {case_id} carried patch number {old}; it now carries {patch_no} (the patch re-issued)"
UPDATED = "Patch {patch_no}: the upper level changed {fields}"
REDRAWN = "Patch {patch_no} was redrawn by the upper level: the outline of case {case_id} was replaced"
KEPT_OUTLINE = (
    "Patch {patch_no} was redrawn by the upper level, but case {case_id} has an outline drawn here: it was kept"
)
SHARED_CASE = (
    "Patch {patch_no} overlaps case {case_id} by {share:.0%}, but patch {other} of this file is linked to it: "
    "two patches cannot share one case; merge or split them"
)
NO_OUTLINE = "Patch {patch_no} has no outline and no case carries its number: a new case needs an outline"
PARTLY_OVERLAPS = "Patch {patch_no} overlaps case {case_id} by {share:.0%} only: created as a new case; check it"
OVERLAPS_INCOMING = "Patches {patch_no} and {other} of this file overlap by {share:.0%} of the smaller"
OUTSIDE_ZONE = (
    "{outside} of {total} patches lie outside the ledger's zone {zone} (they lie in zones {zones}); "
    "their planar areas are computed in zone {zone}"
)
TEMPLATES = (
    BY_NUMBER,
    BY_OVERLAP,
    NUMBER_REPLACED,
    UPDATED,
    REDRAWN,
    KEPT_OUTLINE,
    SHARED_CASE,
    NO_OUTLINE,
    PARTLY_OVERLAPS,
    OVERLAPS_INCOMING,
    OUTSIDE_ZONE,
)


@dataclass
class ExistingCase:
    """A case of the ledger as the de-duplication needs it: ``values`` holds its stored upper-level fields."""

    case_id: str
    geometry: Optional[object]  # in the ledger's CRS, like the incoming patches
    patch_no: Optional[str] = None
    values: Dict[str, object] = field(default_factory=dict)


@dataclass
class Outcome:
    """What becomes of one incoming patch. ``updates``: upper-level fields to write on each case of ``case_ids``;
    ``geometry``: a new outline for them (None: keep theirs)."""

    where: object
    kind: str
    patch_no: Optional[str]
    row: PatchRow
    case_ids: List[str] = field(default_factory=list)
    updates: Dict[str, object] = field(default_factory=dict)
    geometry: Optional[object] = None
    share: Optional[float] = None
    notes: List[Note] = field(default_factory=list)


def fingerprint(geometry) -> Optional[str]:
    """A digest of an outline that ignores where its rings start, their direction, the order of its parts and
    differences below a millimetre (a GeoPackage round trip, another program's export)."""
    if geometry is None or geometry.is_empty:
        return None
    parts = []
    for polygon in polygonal(geometry).geoms:
        rings = [polygon.exterior, *polygon.interiors]
        rounded = [[(round(x, 3), round(y, 3)) for x, y, *_ in ring.coords] for ring in rings]
        parts.append(Polygon(rounded[0], rounded[1:]))
    text = MultiPolygon(parts).normalize().wkt
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _key(patch_no: Optional[object]) -> str:
    return str(patch_no or "").strip().upper()


class OutlineIndex:
    """Candidates whose boxes meet a geometry: STRtree answers indices on shapely 2 and geometries on 1.8."""

    def __init__(self, geometries: Sequence[Optional[object]]):
        self.slots = [k for k, g in enumerate(geometries) if g is not None and not g.is_empty]
        self.shapes = [geometries[k] for k in self.slots]
        with warnings.catch_warnings():  # 1.8 warns that STRtree changes in 2.0; both are handled
            warnings.simplefilter("ignore")
            self.tree = STRtree(self.shapes) if self.shapes else None

    def near(self, geometry) -> List[int]:
        if self.tree is None or geometry is None or geometry.is_empty:
            return []
        if SHAPELY_2:
            found = self.tree.query(geometry)
        else:
            found = self.tree.query_items(geometry)
        return sorted(self.slots[int(k)] for k in found)


def overlap_share(a, b) -> float:
    """The area the two share, as a part of the smaller's area (0 for empty ones)."""
    smaller = min(a.area, b.area)
    if smaller <= 0:
        return 0.0
    try:
        common = a.intersection(b).area
    except Exception:  # noqa: BLE001 - GEOS raises several types for invalid input; repair and retry once
        common = repair(a)[0].intersection(repair(b)[0]).area
    return common / smaller


def deduplicate(
    rows: Sequence[PatchRow],
    cases: Sequence[ExistingCase],
    threshold: float = THRESHOLD,
    tolerance_m2: float = 1.0,
    tolerance_share: float = 0.005,
) -> List[Outcome]:
    """One outcome per incoming row, in the rows' order. Rows with errors are refused with their own notes."""
    by_number: Dict[str, List[int]] = {}
    for k, case in enumerate(cases):
        if _key(case.patch_no):
            by_number.setdefault(_key(case.patch_no), []).append(k)
    shapes = [repair(r.geometry)[0] if r.geometry is not None else None for r in rows]
    index = OutlineIndex([c.geometry for c in cases])
    outcomes = [Outcome(r.where, REFUSED if not r.ok else NEW, r.patch_no, r) for r in rows]
    claimed: Dict[int, int] = {}  # case index -> the row linked to it
    proposals: List[Tuple[float, int, int]] = []
    for n, (row, outcome) in enumerate(zip(rows, outcomes)):
        if outcome.kind == REFUSED:
            outcome.notes = [note for note in row.notes if note.is_error]
            continue
        numbered = by_number.get(_key(row.patch_no), [])
        if numbered:
            outcome.case_ids = [cases[k].case_id for k in numbered]
            outcome.notes.append(
                info(BY_NUMBER, row.where, patch_no=row.patch_no, case_ids=", ".join(outcome.case_ids))
            )
            for k in numbered:
                claimed[k] = n
            continue
        for k in index.near(shapes[n]):
            share = overlap_share(shapes[n], cases[k].geometry)
            if share > threshold:
                proposals.append((share, n, k))
            elif share >= PARTLY:
                note = warning(PARTLY_OVERLAPS, row.where, patch_no=row.patch_no, case_id=cases[k].case_id, share=share)
                outcome.notes.append(note)
    for share, n, k in sorted(proposals, key=lambda p: (-p[0], p[1])):  # the best overlap wins a case
        outcome = outcomes[n]
        if outcome.case_ids:
            continue
        if k in claimed:
            other = rows[claimed[k]].patch_no
            values = {"patch_no": outcome.patch_no, "case_id": cases[k].case_id, "share": share, "other": other}
            outcome.kind, outcome.notes = REFUSED, [error(SHARED_CASE, outcome.where, "patch_no", **values)]
            continue
        claimed[k] = n
        outcome.case_ids, outcome.share = [cases[k].case_id], share
        outcome.notes = [
            info(BY_OVERLAP, outcome.where, patch_no=outcome.patch_no, case_id=cases[k].case_id, share=share)
        ]
    for n, outcome in enumerate(outcomes):
        if outcome.kind == REFUSED:
            continue
        if outcome.case_ids:
            linked = [k for k, m in claimed.items() if m == n]
            _link(outcome, shapes[n], [cases[k] for k in sorted(linked)], tolerance_m2, tolerance_share)
        elif shapes[n] is None or shapes[n].is_empty:
            outcome.kind = REFUSED
            outcome.notes = [error(NO_OUTLINE, outcome.where, "patch_no", patch_no=outcome.patch_no)]
        else:
            outcome.updates = {k: v for k, v in outcome.row.values.items() if v is not None}
            outcome.updates["upper_shape"] = fingerprint(shapes[n])
            outcome.geometry = shapes[n]
    _incoming_overlaps(outcomes, shapes, threshold)
    return outcomes


def _link(outcome: Outcome, shape, linked: List[ExistingCase], tolerance_m2: float, tolerance_share: float) -> None:
    """Fill ``outcome`` for a patch linked to ``linked`` cases: LINKED when it is new to them, else CHANGED or
    UNCHANGED by what the upper level changed."""
    first = linked[0]
    incoming = outcome.row.values
    by_number = _key(first.patch_no) == _key(outcome.patch_no)
    changed: List[str] = []
    for name in UPDATABLE:
        new = incoming.get(name)
        if new is None:  # a column this file lacks erases nothing
            continue
        if any(not _same(case.patch_no if name == "patch_no" else case.values.get(name), new) for case in linked):
            outcome.updates[name] = new
            changed.append(name)
    if not by_number and first.patch_no:
        outcome.notes.append(
            warning(
                NUMBER_REPLACED, outcome.where, case_id=first.case_id, old=first.patch_no, patch_no=outcome.patch_no
            )
        )
    new_print = fingerprint(shape)
    stored = first.values.get("upper_shape")
    if shape is not None and new_print != stored:
        upper_outline = stored is not None and fingerprint(first.geometry) == stored
        if stored is None or not upper_outline or not _close(shape, first.geometry, tolerance_m2, tolerance_share):
            outcome.updates["upper_shape"] = new_print
            if upper_outline and len(linked) == 1:
                outcome.geometry = shape
                outcome.notes.append(info(REDRAWN, outcome.where, patch_no=outcome.patch_no, case_id=first.case_id))
            elif stored is not None:
                note = info(KEPT_OUTLINE, outcome.where, patch_no=outcome.patch_no, case_id=first.case_id)
                outcome.notes.append(note)
            changed.append("outline")
    if not by_number or stored is None:  # first reached by the upper level's data: linked, not changed
        outcome.kind = LINKED
    elif changed:
        outcome.kind = CHANGED
        fields = ", ".join(changed)
        outcome.notes.append(info(UPDATED, outcome.where, patch_no=outcome.patch_no, fields=fields))
    else:
        outcome.kind = UNCHANGED


def _same(old: object, new: object) -> bool:
    if isinstance(new, float) and isinstance(old, (int, float)) and not isinstance(old, bool):
        return abs(float(old) - new) <= 0.005
    return old == new or (old is not None and str(old) == str(new))


def _close(a, b, tolerance_m2: float, tolerance_share: float) -> bool:
    if b is None:
        return False
    difference = a.symmetric_difference(b).area
    return difference <= max(tolerance_m2, tolerance_share * max(a.area, b.area))


def _incoming_overlaps(outcomes: List[Outcome], shapes, threshold: float) -> None:
    """New patches of the same file that overlap each other: both are kept, and both are named."""
    new = [n for n, o in enumerate(outcomes) if o.kind == NEW]
    index = OutlineIndex([shapes[n] for n in new])
    for a, n in enumerate(new):
        for b in index.near(shapes[n]):
            if b <= a:
                continue
            m = new[b]
            share = overlap_share(shapes[n], shapes[m])
            if share > threshold:
                values = {"patch_no": outcomes[n].patch_no, "other": outcomes[m].patch_no, "share": share}
                outcomes[n].notes.append(warning(OVERLAPS_INCOMING, outcomes[n].where, **values))


def summary(outcomes: Sequence[Outcome]) -> Dict[str, int]:
    counts = {kind: 0 for kind in KINDS}
    for outcome in outcomes:
        counts[outcome.kind] += 1
    return counts


@dataclass
class ZoneReport:
    zone: int
    total: int
    by_zone: Dict[int, int]
    outside: List[object]  # rows outside the ledger's zone

    def note(self) -> Optional[Note]:
        if not self.outside:
            return None
        zones = ", ".join(str(z) for z in sorted(self.by_zone) if z != self.zone)
        return warning(OUTSIDE_ZONE, outside=len(self.outside), total=self.total, zone=self.zone, zones=zones)


def zone_report(centres: Sequence[Tuple[object, float, float]], ledger_zone: Zone) -> ZoneReport:
    """How many patches (``centres``: row, longitude, latitude in degrees) lie outside the ledger's 3° zone: a
    province- or county-wide file in longitude/latitude may span several, and planar figures use the ledger's."""
    by_zone: Dict[int, int] = {}
    outside = []
    for where, longitude, _latitude in centres:
        number = zone_for_longitude(longitude).number
        by_zone[number] = by_zone.get(number, 0) + 1
        if number != ledger_zone.number:
            outside.append(where)
    return ZoneReport(ledger_zone.number, len(centres), by_zone, outside)


def degrees_of(row: PatchRow) -> Optional[Tuple[float, float]]:
    """(longitude, latitude) from a row's XZB/YZB when they are degrees over China (either order), else None."""
    x, y = row.values.get("upper_x"), row.values.get("upper_y")
    if not isinstance(x, (int, float)) or not isinstance(y, (int, float)):
        return None
    for lon, lat in ((x, y), (y, x)):
        if 73.0 <= lon <= 136.0 and 3.0 <= lat <= 54.0:
            return float(lon), float(lat)
    return None
