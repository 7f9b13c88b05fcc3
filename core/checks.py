"""The violation check: areas, village, permits, cadastre and farmland of every violation, and a suggested type.

Input geometries are shapely polygons in one CGCS2000 Gauss-Krüger zone (the QGIS side puts them there). Every
area is in m², rounded half-up to 0.01 m², and the parts add up: footprint = permitted + unpermitted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np

from . import ellipsoid, spatial
from .areas import round_half_up, round_half_up_all, rounded_total
from .errors import NotFiniteCoordinates
from .gauss_kruger import Zone
from .largest_overlap import largest_overlap_pairs
from .overlay import largest_overlap, overlay, union_overlap_areas
from .schema import CULTIVATED_LAND_CLASSES

FOREST_LAND_CLASSES = ("0301", "0302", "0305", "0307", "0404")
MIN_SHARE_M2 = 0.005  # a village touched by less than what rounds to 0.01 m² does not share the case
OUTSIDE_LOCATION_SHARE = 0.5  # more than half outside its permits: built elsewhere than approved (L4)


@dataclass
class Feature:
    """A feature of any input layer: its key, its attributes and its geometry in the zone."""

    key: str
    geometry: object
    attributes: Dict[str, object] = field(default_factory=dict)
    box: Optional[tuple] = None  # (minx, miny, maxx, maxy) when the reader knows it; may be larger, never smaller
    wkb: Optional[bytes] = None  # the geometry's 2-D WKB when the reader has it


class FeatureColumns(Sequence):
    """The features of a reference layer held as columns: keys, geometries, boxes, one list per attribute.

    A reader of 10⁵ parcels builds no Feature objects; the check takes the geometries and boxes as they are, and a
    Feature is made (once) only for the few features the rules look at. Indexing gives a Feature as a list does.
    """

    def __init__(self, keys: List[str], geometries: List, columns: Dict[str, list], boxes: Optional[np.ndarray]):
        self.keys, self.geometries, self.columns = keys, geometries, columns
        self.boxes = boxes  # (n, 4), NaN for a feature without geometry; may be larger, never smaller; or None
        self._made: Dict[int, Feature] = {}

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[n] for n in range(*k.indices(len(self)))]
        made = self._made.get(k)  # the rules ask for the same few features again and again
        if made is not None:
            return made
        k = int(k)
        if k < 0:
            k += len(self)
        made = self._made.get(k)
        if made is None:
            box = None if self.boxes is None else tuple(self.boxes[k].tolist())
            if box is not None and box[0] != box[0]:  # NaN: no geometry
                box = None
            attributes = {name: values[k] for name, values in self.columns.items()}
            made = self._made[k] = Feature(self.keys[k], self.geometries[k], attributes, box)
        return made


def _geometries(layer: Sequence[Feature]) -> list:
    return list(layer.geometries) if isinstance(layer, FeatureColumns) else [f.geometry for f in layer]


@dataclass
class CheckResult:
    case_id: str
    values: Dict[str, object]
    repaired: bool = False
    empty: bool = False
    villages: List[tuple] = field(default_factory=list)  # (village_code, share) of every village it meets
    geometry: object = None  # the repaired geometry, when the input had to be repaired


@dataclass
class CheckReport:
    zone: Zone
    results: List[CheckResult]

    @property
    def repaired(self) -> List[str]:
        return [r.case_id for r in self.results if r.repaired]

    @property
    def empty(self) -> List[str]:
        return [r.case_id for r in self.results if r.empty]

    @property
    def outside_villages(self) -> List[str]:
        return [r.case_id for r in self.results if not r.empty and not r.values.get("village_code")]

    @property
    def split(self) -> List[CheckResult]:
        return [r for r in self.results if len(r.villages) > 1]


def check_violations(
    violations: Sequence[Feature],
    permits: Sequence[Feature],
    parcels: Sequence[Feature],
    villages: Sequence[Feature],
    farmland: Sequence[Feature],
    zone: Zone,
    report_date: str,
    progress: Optional[Callable[[float], None]] = None,
) -> CheckReport:
    """Check every violation. ``report_date`` (ISO) decides whether a temporary permit has expired."""

    def step(pct: float) -> None:
        if progress:
            progress(pct)

    infinite = _infinite_boxes(violations)
    repaired = spatial.repair_all([None if k in infinite else v.geometry for k, v in enumerate(violations)])
    _refuse_not_finite(violations, repaired, infinite)
    shapes = [g for g, _ in repaired]
    step(5)
    planar = spatial.areas(shapes).tolist()
    footprint = round_half_up_all(planar)
    known_wkb = [None if again else v.wkb for v, (_, again) in zip(violations, repaired)]
    ellipsoidal = round_half_up_all(ellipsoid.polygon_areas(shapes, zone, known_wkb=known_wkb))
    step(15)
    boxes = _boxes(violations, shapes, [was_repaired for _, was_repaired in repaired])
    empty = (~np.isfinite(boxes).all(axis=1)).tolist()  # empty geometries have no bounds
    overlays = {}
    for name, layer in (("village", villages), ("permit", permits), ("parcel", parcels), ("farm", farmland)):
        others = spatial.usable(_geometries(layer))
        # Only the parcel a violation overlaps most is reported: the others need not all be measured.
        measure = largest_overlap_pairs if name == "parcel" else overlay
        sizes = {"left_areas": planar} if name == "parcel" else {}
        i, j, areas = measure(shapes, others, boxes, _boxes(layer, others), **sizes)
        overlays[name] = (others, i, j, areas)
        step({"village": 30, "permit": 45, "parcel": 80, "farm": 90}[name])

    permitted = union_overlap_areas(shapes, *overlays["permit"])
    farmland_area = union_overlap_areas(shapes, *overlays["farm"])
    # Python lists for the loop below: indexing numpy arrays one element at a time costs more than the rules.
    permitted_m2, unpermitted_m2 = permitted_parts(footprint, permitted)
    farmland_m2 = round_half_up_all(farmland_area)
    best_village = largest_overlap(len(shapes), *overlays["village"][1:]).tolist()
    best_parcel = largest_overlap(len(shapes), *overlays["parcel"][1:]).tolist()
    best_permit = largest_overlap(len(shapes), *overlays["permit"][1:]).tolist()
    _, pi, pj, _ = overlays["permit"]
    _, vi, vj, va = overlays["village"]
    permit_at, village_at = _slices(pi, len(shapes)), _slices(vi, len(shapes))
    pj, vj, va = pj.tolist(), vj.tolist(), va.tolist()

    results = []
    for k, violation in enumerate(violations):
        shape, was_repaired = repaired[k]
        if empty[k]:
            results.append(CheckResult(violation.key, {}, was_repaired, empty=True, geometry=shape))
            continue
        values = {"footprint_m2": footprint[k], "ellipsoid_m2": ellipsoidal[k]}
        values.update(_village_values(villages, best_village[k]))
        touched = [permits[j] for j in pj[permit_at[k] : permit_at[k + 1]]]
        parts = (footprint[k], permitted_m2[k], unpermitted_m2[k])
        values.update(_permit_values(*parts, touched, permits, best_permit[k]))
        values["farmland_m2"] = farmland_m2[k]
        values.update(_parcel_values(parcels, best_parcel[k]))
        values["suggested_type"], values["check_note"] = suggest_type(values, touched, report_date)
        met = slice(village_at[k], village_at[k + 1])
        shares = [(villages[j].key, a / planar[k]) for j, a in zip(vj[met], va[met]) if a >= MIN_SHARE_M2]
        villages_met = sorted(shares, key=lambda s: -s[1]) if len(shares) > 1 else shares
        results.append(
            CheckResult(
                violation.key, values, was_repaired, villages=villages_met, geometry=shape if was_repaired else None
            )
        )
    step(100)
    return CheckReport(zone, results)


def _slices(i, count: int):
    """Where each left index's pairs start in ``i`` (sorted): pairs of k are ``[at[k], at[k + 1])``."""
    return np.searchsorted(i, np.arange(count + 1)).tolist()


def _boxes(layer: Sequence[Feature], shapes: Sequence, changed: Optional[Sequence[bool]] = None) -> np.ndarray:
    """Bounds of every feature of ``layer``: the reader's where it gave them (never smaller than the geometry; NaN
    for an empty one), measured where it did not or where ``changed`` says the geometry was repaired since."""
    if isinstance(layer, FeatureColumns) and layer.boxes is not None:
        return np.asarray(layer.boxes, dtype=float).reshape(-1, 4)
    unknown = (np.nan,) * 4
    if changed is None:
        given = [f.box for f in layer]
    else:
        given = [None if again else f.box for f, again in zip(layer, changed)]
    boxes = np.array([unknown if box is None else box for box in given], dtype=float).reshape(-1, 4)
    missing = [k for k, box in enumerate(given) if box is None]
    if missing:
        boxes[missing] = spatial.bounds([shapes[k] for k in missing])
    return boxes


def _village_values(villages, best: int) -> Dict[str, object]:
    """Rule: a violation belongs to the one village holding the largest share of it (never counted twice)."""
    if best < 0:
        return {"village_code": None, "village_name": None}
    village = villages[best]
    return {"village_code": village.key, "village_name": village.attributes.get("village_name")}


def _infinite_boxes(violations: Sequence[Feature]) -> set:
    """Violations whose box is not finite, found before any GEOS call (GEOS fails on an infinite coordinate). Empty
    geometries come without a geometry, so a box that is not finite here has a coordinate that is not."""
    finite = math.isfinite
    return {
        k
        for k, v in enumerate(violations)
        if v.geometry is not None and v.box is not None and not finite(v.box[0] + v.box[1] + v.box[2] + v.box[3])
    }


def _refuse_not_finite(violations: Sequence[Feature], repaired, infinite: set) -> None:
    """A NaN or infinite coordinate makes a geometry invalid, and "repairing" it drops or keeps the bad vertex: the
    check would measure a shape nobody drew. Besides the boxes, the geometries that needed repair are asked (a NaN
    hidden from the box makes the area NaN)."""
    again = [k for k, (_, was_repaired) in enumerate(repaired) if was_repaired]
    areas = spatial.areas([violations[k].geometry for k in again]).tolist()
    bad = infinite | {k for k, area in zip(again, areas) if not np.isfinite(area)}
    if bad:
        raise NotFiniteCoordinates([violations[k].key for k in sorted(bad)])


def permitted_parts(footprint_m2: Sequence[float], permitted: Sequence[float]):
    """Rule: permitted = the part inside any permit, rounded, never more than the footprint; unpermitted = the
    rest, footprint − permitted, so that the parts add up to the footprint. For many violations at once."""
    permitted_m2 = np.minimum(round_half_up_all(permitted), footprint_m2).tolist()
    unpermitted_m2 = round_half_up_all(np.asarray(footprint_m2, dtype=float) - np.asarray(permitted_m2, dtype=float))
    return permitted_m2, unpermitted_m2


def _permit_values(footprint: float, permitted_m2: float, unpermitted_m2: float, touched, permits, best: int):
    """Rule: excess = the footprint beyond the approved area of the permits it lies in (超面积); the permitted and
    unpermitted parts come from ``permitted_parts``."""
    approved = sum(float(p.attributes.get("approved_m2") or 0) for p in touched) if touched else 0.0
    excess = round_half_up(max(0.0, footprint - approved)) if touched and approved > 0 else 0.0
    return {
        "permit_no": permits[best].key if best >= 0 else None,
        "permitted_m2": permitted_m2,
        "unpermitted_m2": unpermitted_m2,
        "excess_m2": excess,
    }


def _parcel_values(parcels, best: int) -> Dict[str, object]:
    """Rule: the parcel (宗地) of a violation is the one it overlaps most."""
    if best < 0:
        return {"parcel_id": None, "owner": None, "land_class": None}
    parcel = parcels[best]
    return {
        "parcel_id": parcel.key,
        "owner": parcel.attributes.get("owner"),
        "land_class": parcel.attributes.get("land_class"),
    }


def suggest_type(values: Dict[str, object], touched: Sequence[Feature], report_date: str):
    """The violation type the geometry suggests, with a one-line reason in Chinese. First rule that holds wins:

    1. on permanent basic farmland → L2 未经批准擅自占用土地 (occupying basic farmland);
    2. on a temporary permit expired before the report date → C2 逾期未拆除的临时建筑;
    3. more than half outside the permits it touches → L4 改变批准位置占用土地;
    4. footprint beyond the approved area → L3 超过批准面积占用土地;
    5. partly outside its permits → C1 (the part built without a permit);
    6. no permit at all: on forest or grassland → L7; on farmland classes → L2; otherwise C1 未批先建;
    7. inside its permits and within the approved area → no type (possibly legal: check on site).
    """
    footprint = float(values["footprint_m2"] or 0)
    unpermitted = float(values["unpermitted_m2"] or 0)
    if float(values.get("farmland_m2") or 0) > 0:
        return "L2", f"占用永久基本农田{values['farmland_m2']:.2f}㎡"
    expired = [p for p in touched if is_expired_temporary(p, report_date)]
    if expired:
        p = expired[0]
        return "C2", f"临时许可{p.key}已于{p.attributes.get('expires_on')}到期"
    if touched and footprint > 0 and unpermitted / footprint > OUTSIDE_LOCATION_SHARE:
        return "L4", f"{unpermitted / footprint:.0%}位于许可范围外，改变批准位置"
    if float(values.get("excess_m2") or 0) > 0:
        return "L3", f"超出批准面积{values['excess_m2']:.2f}㎡"
    if touched and unpermitted > 0:
        return "C1", f"{unpermitted:.2f}㎡位于许可范围外"
    if not touched:
        land_class = str(values.get("land_class") or "")
        if land_class in FOREST_LAND_CLASSES:
            return "L7", f"无审批，占用林地草地（地类{land_class}）"
        if land_class in CULTIVATED_LAND_CLASSES:
            return "L2", f"无审批，占用耕地（地类{land_class}）"
        return "C1", "无规划许可，未批先建"
    return None, f"位于许可{values['permit_no']}范围内，未超批准面积"


def is_expired_temporary(permit: Feature, report_date: str) -> bool:
    """Rule: a temporary permit (临时建设工程规划许可) whose 有效期至 is before the report date has expired."""
    expires = permit.attributes.get("expires_on")
    return permit.attributes.get("permit_type") == "TEMPORARY" and bool(expires) and str(expires) < report_date


def totals(results: Sequence[CheckResult], names=("footprint_m2", "ellipsoid_m2")) -> Dict[str, float]:
    """Sums of rounded parts, in decimal, so that a total equals the sum of the printed rows."""
    return {n: rounded_total(r.values.get(n) for r in results if not r.empty) for n in names}
