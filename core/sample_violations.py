"""The sample township's violation ledger: every source, type and status, about half the target demolished."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Dict, List, Optional, Sequence, Tuple

from shapely import affinity
from shapely.geometry import MultiPolygon, Polygon

from . import sample_names as names
from .areas import round_half_up
from .schema import CODE_LISTS

ZERO_GROWTH = date(2024, 1, 1)
CAMPAIGN_START = date(2024, 3, 12)
DATA_DATE = date.fromisoformat(names.DATA_DATE)
DEMOLISHED_SHARE_OF_TARGET = 0.5
TARGET_M2 = 40000.0

# Scenario: how the geometry relates to permits and land, and the violation types it suggests.
SCENARIO_TYPES: Dict[str, Tuple[str, ...]] = {
    "no_permit": ("C1", "C3", "L2", "L1", "L6", "C4"),
    "farmland": ("L2", "L6"),
    "excess": ("L3", "C1"),
    "shifted": ("L4", "C1"),
    "temporary": ("C2", "L5"),
    "forest": ("L7",),
}
SCENARIO_WEIGHTS = (
    ("no_permit", 0.4),
    ("farmland", 0.16),
    ("excess", 0.14),
    ("shifted", 0.12),
    ("temporary", 0.1),
    ("forest", 0.08),
)
TYPE_SCENARIO = {
    "L1": "no_permit",
    "L2": "farmland",
    "L3": "excess",
    "L4": "shifted",
    "L5": "temporary",
    "L6": "farmland",
    "L7": "forest",
    "C1": "no_permit",
    "C2": "temporary",
    "C3": "no_permit",
    "C4": "no_permit",
}
SOURCE_WEIGHTS = (("SATELLITE", 0.3), ("PATROL", 0.35), ("REPORT", 0.15), ("ASSIGNED", 0.1), ("SELF_CHECK", 0.1))
BASE_STATUS_WEIGHTS = (
    ("DISCOVERED", 0.18),
    ("LEGAL", 0.06),
    ("VERIFIED", 0.16),
    ("FILED", 0.16),
    ("ORDERED", 0.31),
    ("REGULARIZED", 0.08),
    ("DEFERRED", 0.05),
)
DEFER_REASONS = (
    "涉及公共安全，暂缓拆除，已备案",
    "拆除将影响相邻住户结构安全，暂缓处理",
    "涉及民生设施，报领导小组研究",
)


def _weighted(rng: random.Random, weights: Sequence[Tuple[str, float]]) -> str:
    u = rng.random() * sum(w for _, w in weights)
    for value, w in weights:
        u -= w
        if u < 0:
            return value
    return weights[-1][0]


def _day(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _rectangle(rng: random.Random, center, width: float, height: float) -> Polygon:
    x, y = center
    box = Polygon(
        [
            (x - width / 2, y - height / 2),
            (x + width / 2, y - height / 2),
            (x + width / 2, y + height / 2),
            (x - width / 2, y + height / 2),
        ]
    )
    return affinity.rotate(box, rng.uniform(-8, 8), origin="centroid")


def _blob(rng: random.Random, center, radius: float) -> Polygon:
    """An irregular convex patch, as dug hillsides and cleared woodland look on imagery."""
    angles = sorted(rng.uniform(0, 2 * math.pi) for _ in range(9))
    return Polygon(
        [
            (
                center[0] + radius * rng.uniform(0.7, 1.0) * math.cos(a),
                center[1] + radius * rng.uniform(0.7, 1.0) * math.sin(a),
            )
            for a in angles
        ]
    ).convex_hull


def _geometry(rng, scenario, cell, permit, cell_w) -> Polygon:
    if scenario in ("excess", "shifted", "temporary") and permit is not None:
        shape = permit[0]
        if scenario == "excess":
            return affinity.scale(shape, rng.uniform(1.1, 1.35), rng.uniform(1.05, 1.3))
        if scenario == "shifted":
            minx, miny, maxx, maxy = shape.bounds
            return affinity.translate(
                shape, (maxx - minx) * rng.uniform(0.3, 0.6), (maxy - miny) * rng.uniform(-0.2, 0.2)
            )
        return affinity.scale(shape, 0.85, 0.85)
    c = cell  # its x, y: the parcel's centre
    if scenario == "forest":
        return _blob(rng, (c.x, c.y), rng.uniform(14, 34))
    side = math.sqrt(cell.polygon.area) * (
        rng.uniform(0.25, 0.45) if scenario == "farmland" else rng.uniform(0.35, 0.7)
    )
    center = (c.x, c.y)
    if rng.random() < 0.12:  # built across the parcel line
        center = (c.x + cell_w * 0.5 * rng.choice((-1, 1)), c.y)
    return _rectangle(rng, center, side * rng.uniform(0.8, 1.25), side * rng.uniform(0.7, 1.1))


def build_violations(
    rng: random.Random, permits, permit_cells, cells, villages, count: int, cell_w: float
) -> List[tuple]:
    """``permit_cells[k]`` is the parcel permit ``k`` was drawn on."""
    codes = [v[1]["village_code"] for v in villages]
    village_names = [v[1]["village_name"] for v in villages]
    pools: Dict[str, List] = {"no_permit": [], "farmland": [], "forest": []}
    for cell in cells:
        if not cell.in_village:
            continue
        if cell.farmland:
            pools["farmland"].append(cell)
        elif cell.land_class in ("0301", "0404"):
            pools["forest"].append(cell)
        elif cell.land_class not in ("1003", "1104"):
            pools["no_permit"].append(cell)
    for pool in pools.values():
        rng.shuffle(pool)
    permit_pool = list(range(len(permits)))
    rng.shuffle(permit_pool)
    expired_temp = [
        k
        for k in permit_pool
        if permits[k][1]["permit_type"] == "TEMPORARY"
        and permits[k][1]["expires_on"]
        and permits[k][1]["expires_on"] < ZERO_GROWTH.isoformat()
    ]
    others = [k for k in permit_pool if k not in set(expired_temp)]
    cell_of_permit = {attrs["permit_no"]: cell for (_, attrs), cell in zip(permits, permit_cells)}

    types = list(CODE_LISTS["violation_type"])
    sources = list(CODE_LISTS["source"])
    cases = []
    for n in range(count):
        vtype = types[n] if n < len(types) else None
        scenario = TYPE_SCENARIO[vtype] if vtype else _weighted(rng, SCENARIO_WEIGHTS)
        permit = None
        if scenario == "temporary":
            permit = permits[expired_temp.pop()] if expired_temp else None
        elif scenario in ("excess", "shifted"):
            permit = permits[others.pop()] if others else None
        if scenario in ("temporary", "excess", "shifted") and permit is None:
            scenario, vtype = "no_permit", None
        if permit is not None:
            cell = cell_of_permit[permit[1]["permit_no"]]
        else:
            pool = pools[scenario] or pools["no_permit"]
            if not pool:
                break
            cell = pool.pop()
        vtype = vtype or rng.choice(SCENARIO_TYPES[scenario])
        shape = _geometry(rng, scenario, cell, permit, cell_w)
        source = sources[n] if n < len(sources) else _weighted(rng, SOURCE_WEIGHTS)
        cases.append(_case(rng, shape, vtype, source, permit, cell, codes, village_names))

    _assign_statuses(rng, cases)
    _number_cases(cases)
    return [(MultiPolygon([shape]), attrs) for shape, attrs in cases]


def _case(rng, shape, vtype, source, permit, cell, codes, village_names):
    is_new = rng.random() < 0.25
    built = (
        _day(rng, ZERO_GROWTH + timedelta(days=1), DATA_DATE - timedelta(days=10))
        if is_new
        else _day(rng, date(2010, 1, 1), date(2023, 12, 31))
    )
    if is_new:
        found = min(built + timedelta(days=rng.randrange(0, 45 if source == "SATELLITE" else 10)), DATA_DATE)
    elif source == "SATELLITE":
        found = _day(rng, date(2023, 3, 1), date(2024, 6, 30))
    else:
        found = _day(rng, CAMPAIGN_START, DATA_DATE)
    footprint = round_half_up(shape.area)
    village = cell.village
    floors = 1 if vtype in ("L2", "L7", "C2") else rng.randint(1, 4)
    attrs = {
        "case_id": None,
        "patch_no": f"WP{found.year}{names.COUNTY_CODE}{rng.randrange(10000):04d}" if source == "SATELLITE" else None,
        "source": source,
        "category": "LAND" if vtype.startswith("L") else "BUILD",
        "violation_type": vtype,
        "village_code": codes[village],
        "village_name": village_names[village],
        "party": names.company(rng) if cell.land_class in ("0601", "0508", "0602") else names.person(rng),
        "address": f"{names.TOWN_NAME}{village_names[village]}{rng.randint(1, 12)}组{rng.randint(1, 120)}号",
        "found_on": found,
        "built_on": built,
        "is_new": is_new,
        "footprint_m2": footprint,
        "floor_area_m2": None if vtype == "L7" else round_half_up(footprint * floors),
        "permit_no": permit[1]["permit_no"] if permit else None,
        "status": None,
        "disposal": None,
        "deadline": None,
        "demolished_m2": None,
        "demolished_on": None,
        "signed_off_on": None,
        "remarks": None,
        "updated_by": "示例数据",
        "version": 1,
    }
    return shape, attrs


def _assign_statuses(rng: random.Random, cases) -> None:
    """Base statuses by weight; then demolitions, full or partial, until about half the target is demolished."""
    for _, attrs in cases:
        attrs["status"] = _weighted(rng, BASE_STATUS_WEIGHTS)
    order = list(range(len(cases)))
    rng.shuffle(order)
    demolished, converted = 0.0, 0
    for k in order:
        attrs = cases[k][1]
        if demolished >= TARGET_M2 * DEMOLISHED_SHARE_OF_TARGET or converted >= 0.35 * len(cases):
            break
        if attrs["status"] not in ("VERIFIED", "FILED", "ORDERED") or attrs["violation_type"] == "L7":
            continue
        if attrs["found_on"] > DATA_DATE - timedelta(days=5):
            continue
        converted += 1
        found = attrs["found_on"]
        attrs["demolished_on"] = _day(rng, max(found + timedelta(days=2), CAMPAIGN_START), DATA_DATE)
        if rng.random() < 0.15:
            attrs["status"] = "ORDERED"
            attrs["demolished_m2"] = round_half_up(attrs["footprint_m2"] * rng.uniform(0.3, 0.7))
        else:
            attrs["status"] = "DEMOLISHED"
            attrs["demolished_m2"] = attrs["footprint_m2"]
            signed = attrs["demolished_on"] + timedelta(days=rng.randint(3, 20))
            if rng.random() < 0.4 and signed <= DATA_DATE:
                attrs["status"], attrs["signed_off_on"] = "SIGNED_OFF", signed
        demolished += attrs["demolished_m2"]
    _ensure_every_status(cases)
    for _, attrs in cases:
        _disposal_and_deadline(rng, attrs)


def _ensure_every_status(cases) -> None:
    present = {a["status"] for _, a in cases}
    spare = [a for _, a in cases if a["status"] == "DISCOVERED"]
    for status in CODE_LISTS["status"]:
        if status in present or not spare:
            continue
        attrs = spare.pop()
        attrs["status"] = status
        if status in ("DEMOLISHED", "SIGNED_OFF"):
            attrs["demolished_m2"] = attrs["footprint_m2"]
            attrs["demolished_on"] = max(attrs["found_on"], CAMPAIGN_START)
            if status == "SIGNED_OFF":
                attrs["signed_off_on"] = attrs["demolished_on"]


def _disposal_and_deadline(rng: random.Random, attrs) -> None:
    status = attrs["status"]
    found = attrs["found_on"]
    if status in ("FILED", "ORDERED", "DEMOLISHED", "SIGNED_OFF", "DEFERRED"):
        days = 15 if attrs["is_new"] else rng.randint(30, 120)
        attrs["deadline"] = found + timedelta(days=days)
    if status in ("DEMOLISHED", "SIGNED_OFF") or (status == "ORDERED" and attrs["demolished_m2"]):
        attrs["disposal"] = _weighted(rng, (("SELF", 0.5), ("ASSISTED", 0.3), ("FORCED", 0.15), ("CONFISCATED", 0.05)))
    elif status == "ORDERED":
        attrs["disposal"] = "SELF" if rng.random() < 0.7 else None
    elif status == "REGULARIZED":
        attrs["disposal"] = "REGULARIZE"
        attrs["remarks"] = "圈内用地，经处罚后补办用地手续"
    elif status == "DEFERRED":
        attrs["disposal"] = "DEFER"
        attrs["remarks"] = rng.choice(DEFER_REASONS)
    elif status == "LEGAL":
        attrs["remarks"] = "实地核查，手续齐全"
    if attrs["is_new"] and status not in ("LEGAL",):
        attrs["remarks"] = (attrs["remarks"] + "；" if attrs["remarks"] else "") + "新增违法，须15日内恢复原状"


def _number_cases(cases) -> None:
    """case_id = village code - year - sequence in the order cases were found, as a ledger numbers them."""
    seq: Dict[str, int] = {}
    for k in sorted(range(len(cases)), key=lambda k: (cases[k][1]["found_on"], k)):
        attrs = cases[k][1]
        code = attrs["village_code"]
        seq[code] = seq.get(code, 0) + 1
        attrs["case_id"] = f"{code}-{attrs['found_on'].year}-{seq[code]:04d}"
        for key in ("found_on", "built_on", "deadline", "demolished_on", "signed_off_on"):
            if isinstance(attrs[key], date):
                attrs[key] = attrs[key].isoformat()
        attrs["updated_at"] = names.DATA_DATE + "T18:00:00"


def summary(records) -> Dict[str, Optional[float]]:
    """Totals a test or the README can state: cases, area found, area demolished."""
    found = sum(a["footprint_m2"] or 0 for _, a in records)
    demolished = sum(a["demolished_m2"] or 0 for _, a in records)
    return {"cases": len(records), "found_m2": round_half_up(found), "demolished_m2": round_half_up(demolished)}
