"""A deterministic sample township: villages, cadastre, farmland, permits and violations in EPSG:4545.

The same seed and sizes give the same township on every machine: only ``random.Random`` draws are used (no numpy
streams, whose algorithms may change between versions), in a fixed order.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable, Dict, List, Optional, Tuple

from shapely import affinity
from shapely.geometry import MultiPolygon, Polygon
from shapely.ops import unary_union

from . import sample_names as names
from .areas import round_half_up
from .errors import Canceled  # noqa: F401 - raised by progress callbacks, re-exported for callers
from .sample_violations import build_violations
from .schema import CAMPAIGN_DEFAULTS, DEFAULT_CRS, LAND_CLASSES, campaign_rows

CELL_W = 36.0  # metres east-west of a cadastre parcel in the lattice
CELL_H = 30.0
ORIGIN = (536000.0, 2533000.0)  # EPSG:4545 easting/northing near 108.36°E, 22.9°N
BUILT_UP = ("0702", "0601", "0508", "0801")
N_VILLAGES = len(names.VILLAGE_NAMES)

Record = Tuple[Optional[object], Dict[str, object]]  # (shapely geometry or None, attributes)
ProgressCallback = Callable[[float], None]


@dataclass
class Cell:
    i: int
    j: int
    polygon: Polygon
    x: float  # mean of the corners: close to the centroid, and far cheaper to read than shapely's
    y: float
    village: int = -1
    land_class: str = ""
    in_village: bool = True
    farmland: bool = False


@dataclass
class SampleTownship:
    crs: str
    town_name: str
    data_date: str
    layers: Dict[str, List[Record]] = field(default_factory=dict)
    campaign: Dict[str, str] = field(default_factory=dict)

    def count(self, name: str) -> int:
        return len(self.layers.get(name, []))


def seeded(seed: int) -> random.Random:
    """The generator of every sample draw: the same numbers for the same seed on every machine and Python.

    bandit's B311 warns that ``random`` is no generator for secrets; these draws make up a demonstration township
    and are meant to be predictable, and no other seedable generator in the standard library gives that."""
    return random.Random(seed)  # nosec B311  # seeded on purpose: a reproducible demo sample


def build_sample_township(
    seed: int = 2024,
    violations: int = 1200,
    parcels: int = 20000,
    permits: int = 500,
    progress: Optional[ProgressCallback] = None,
) -> SampleTownship:
    """Build the township. ``progress(percent)`` is called now and then and may raise :class:`Canceled`."""
    if violations < 0 or parcels < 100 or permits < 0:
        raise ValueError("parcels must be at least 100; violations and permits not negative")

    def report(pct: float) -> None:
        if progress:
            progress(pct)

    rng = seeded(seed)
    cells = _cadastre_cells(rng, parcels)
    report(15)
    sites = _village_sites(rng, parcels)
    _assign_villages(cells, sites)
    _assign_land_classes(rng, cells, sites)
    report(25)
    villages = _villages(cells, sites, math.sqrt(parcels / math.pi), report)
    report(45)
    farmland = _farmland(cells)
    report(55)
    codes = [v[1]["village_code"] for v in villages]
    cadastre = _cadastre(rng, cells, codes)
    report(65)
    permit_records, permit_cells = _permits(rng, cells, permits)
    report(70)
    violation_records = build_violations(rng, permit_records, permit_cells, cells, villages, violations, CELL_W)
    report(85)
    town = SampleTownship(DEFAULT_CRS, names.TOWN_NAME, names.DATA_DATE)
    town.layers = {
        "villages": villages,
        "cadastre": cadastre,
        "farmland": farmland,
        "permits": permit_records,
        "violations": violation_records,
    }
    town.campaign = campaign_rows(
        names.TOWN_NAME,
        names.CAMPAIGN_YEAR,
        target_m2=CAMPAIGN_DEFAULTS["target_m2"],
        producer=names.TOWN_NAME + "自然资源所",
    )
    return town


def _cadastre_cells(rng: random.Random, parcels: int) -> List[Cell]:
    """A jittered lattice (neighbouring parcels share their corners exactly), cut to an irregular outline.

    Corners move by less than a quarter cell, so every quadrilateral stays simple; the ``parcels`` cells with the
    smallest outline key are kept, which gives exactly that many parcels.
    """
    radius = math.sqrt(parcels / math.pi)
    half = int(radius * 1.45) + 2
    phases = [rng.uniform(0, 2 * math.pi) for _ in range(3)]

    def outline(theta: float) -> float:
        return radius * (
            1
            + 0.12 * math.sin(2 * theta + phases[0])
            + 0.09 * math.sin(3 * theta + phases[1])
            + 0.05 * math.sin(5 * theta + phases[2])
        )

    side = 2 * half + 1
    jitter = [(rng.uniform(-0.24, 0.24), rng.uniform(-0.24, 0.24)) for _ in range(side * side)]
    keyed = []
    for j in range(2 * half):
        for i in range(2 * half):
            cx, cy = i - half + 0.5, j - half + 0.5
            key = math.hypot(cx, cy) / outline(math.atan2(cy, cx))
            if key < 1.0 + 0.5:
                keyed.append((key, j, i))
    keyed.sort()
    chosen = sorted((j, i) for _, j, i in keyed[:parcels])
    if len(chosen) < parcels:
        raise ValueError("lattice too small")  # pragma: no cover - the margin above always suffices

    def corner(i: int, j: int) -> Tuple[float, float]:
        dx, dy = jitter[j * side + i]
        return (ORIGIN[0] + (i - half + dx) * CELL_W, ORIGIN[1] + (j - half + dy) * CELL_H)

    cells = []
    for j, i in chosen:
        ring = [corner(i, j), corner(i + 1, j), corner(i + 1, j + 1), corner(i, j + 1)]
        x, y = sum(p[0] for p in ring) / 4, sum(p[1] for p in ring) / 4
        cells.append(Cell(i, j, Polygon(ring), x, y))
    return cells


def _village_sites(rng: random.Random, parcels: int) -> List[Tuple[float, float]]:
    """Village centres spread like a sunflower over the township, then ordered north-west to south-east."""
    radius = math.sqrt(parcels / math.pi)
    turn = rng.uniform(0, 2 * math.pi)
    sites = []
    for k in range(N_VILLAGES):
        r = radius * 0.82 * math.sqrt((k + 0.5) / N_VILLAGES) * rng.uniform(0.9, 1.05)
        a = k * 2.399963 + turn
        sites.append((ORIGIN[0] + r * math.cos(a) * CELL_W, ORIGIN[1] + r * math.sin(a) * CELL_H))
    band = radius * CELL_H * 0.6
    sites.sort(key=lambda s: (-round(s[1] / band), s[0]))
    return sites


def _assign_villages(cells: List[Cell], sites: List[Tuple[float, float]]) -> None:
    for cell in cells:
        x, y = cell.x, cell.y
        cell.village = min(range(len(sites)), key=lambda k: (x - sites[k][0]) ** 2 + (y - sites[k][1]) ** 2)


def _assign_land_classes(rng: random.Random, cells: List[Cell], sites: List[Tuple[float, float]]) -> None:
    """Settlements around village centres, a main road across, hills of forest, farmland between."""
    settlement = [rng.uniform(170, 260) for _ in sites]
    road = (rng.uniform(-300, 300), rng.uniform(900, 1500), rng.uniform(0, 2 * math.pi))
    hill = [rng.uniform(0, 2 * math.pi) for _ in range(4)]
    for cell in cells:
        c = cell  # its x, y
        sx, sy = sites[cell.village]
        ds = math.hypot(c.x - sx, c.y - sy)
        road_y = ORIGIN[1] + road[0] + 180 * math.sin((c.x - ORIGIN[0]) / road[1] + road[2])
        u = rng.random()
        noise = (
            math.sin(c.x / 700 + hill[0]) + math.sin(c.y / 530 + hill[1]) + 0.6 * math.sin((c.x + c.y) / 300 + hill[2])
        )
        if abs(c.y - road_y) < CELL_H * 0.5:
            cls = "1003"
        elif ds < settlement[cell.village] * 0.3 and u < 0.2:
            cls = "0801" if u < 0.08 else "0508"
        elif ds < settlement[cell.village]:
            cls = _pick(u, (("0702", 0.8), ("0601", 0.06), ("1006", 0.05), ("1202", 0.04), ("0102", 1.0)))
        elif abs(c.y - road_y) < CELL_H * 3 and u < 0.25:
            cls = "0601" if u < 0.15 else "0508"
        elif noise > 1.1:
            cls = _pick(u, (("0301", 0.8), ("0404", 0.9), ("0602", 0.93), ("0201", 1.0)))
        else:
            cls = _pick(
                u,
                (
                    ("0101", 0.45),
                    ("0103", 0.63),
                    ("0102", 0.72),
                    ("0201", 0.8),
                    ("1104", 0.85),
                    ("1202", 0.88),
                    ("1006", 0.92),
                    ("0702", 0.97),
                    ("0301", 1.0),
                ),
            )
        cell.land_class = cls


def _pick(u: float, cumulative: Tuple[Tuple[str, float], ...]) -> str:
    for value, upto in cumulative:
        if u < upto:
            return value
    return cumulative[-1][0]


def _villages(cells: List[Cell], sites, radius: float, report) -> List[Record]:
    by_village: Dict[int, List[Polygon]] = {}
    for cell in cells:
        by_village.setdefault(cell.village, []).append(cell.polygon)
    records: List[Record] = []
    for k in range(len(sites)):
        merged = unary_union(by_village.get(k, []))
        if isinstance(merged, MultiPolygon):
            # A cell that touches its village only at a corner: keep the village one polygon; the few parcels
            # left over lie outside every village, as state forest or disputed land does.
            main = max(merged.geoms, key=lambda g: g.area)
            for cell in cells:
                if cell.village == k and not main.contains(cell.polygon.representative_point()):
                    cell.in_village = False
            merged = main
        code = names.TOWN_CODE + f"{201 + k:03d}"
        zone = _zone(sites[k], radius)
        records.append(
            (
                merged,
                {
                    "village_code": code,
                    "village_name": names.VILLAGE_NAMES[k],
                    "town_name": names.TOWN_NAME,
                    "zone": zone,
                    "work_group": names.work_group(k),
                    "quota_m2": None,
                },
            )
        )
        report(25 + 20 * (k + 1) / len(sites))
    return records


def _zone(site: Tuple[float, float], radius: float) -> str:
    """中片 for villages near the town centre, else 东/北/西/南片 by direction: about three villages a zone."""
    dx, dy = (site[0] - ORIGIN[0]) / CELL_W, (site[1] - ORIGIN[1]) / CELL_H
    if math.hypot(dx, dy) < 0.3 * radius:
        return "中片"
    angle = math.degrees(math.atan2(dy, dx)) % 360
    return ("东片", "北片", "西片", "南片")[int(((angle + 45) % 360) // 90)]


def _farmland(cells: List[Cell], block: int = 5) -> List[Record]:
    """Permanent basic farmland: blocks of 5×5 parcels that are mostly cultivated, merged into patches."""
    blocks: Dict[Tuple[int, int], List[Cell]] = {}
    for cell in cells:
        if cell.land_class in ("0101", "0102", "0103") and cell.in_village:
            blocks.setdefault((cell.i // block, cell.j // block), []).append(cell)
    records: List[Record] = []
    for key in sorted(blocks):
        members = blocks[key]
        if len(members) < block * block * 0.5:
            continue
        merged = unary_union([c.polygon for c in members])
        parts = list(merged.geoms) if isinstance(merged, MultiPolygon) else [merged]
        for part in parts:
            if part.area < 2000:
                continue
            for c in members:
                if part.contains(c.polygon.representative_point()):
                    c.farmland = True
            records.append((part, {"patch_id": f"{names.COUNTY_CODE}JBNT{len(records) + 1:05d}"}))
    return records


def _cadastre(rng: random.Random, cells: List[Cell], codes: List[str]) -> List[Record]:
    sequence: Dict[int, int] = {}
    records: List[Record] = []
    for cell in cells:
        sequence[cell.village] = sequence.get(cell.village, 0) + 1
        cls = cell.land_class
        if cls == "0702":
            feature, owner = "JC", names.person(rng)
        elif cls in ("0101", "0102", "0103", "0201", "0301", "0404", "1104", "1202"):
            feature, owner = (
                "JD",
                names.person(rng) if rng.random() < 0.85 else names.VILLAGE_NAMES[cell.village] + "股份经济合作社",
            )
        elif cls in ("0601", "0602", "0508"):
            feature, owner = "GB", names.company(rng)
        else:
            feature, owner = "GB", names.TOWN_NAME + "人民政府"
        attrs = {
            "parcel_id": f"{codes[cell.village]}{feature}{sequence[cell.village]:05d}",
            "owner": owner,
            "land_class": cls,
            "land_class_name": LAND_CLASSES[cls],
        }
        records.append((cell.polygon, attrs))
    return records


def _permits(rng: random.Random, cells: List[Cell], count: int) -> Tuple[List[Record], List[Cell]]:
    candidates = [c for c in cells if c.in_village and c.land_class in BUILT_UP]
    rng.shuffle(candidates)
    if len(candidates) < count:
        others = [c for c in cells if c.in_village and c.land_class not in BUILT_UP]
        rng.shuffle(others)
        candidates += others
    chosen = candidates[:count]
    records: List[Record] = []
    for n, cell in enumerate(chosen, start=1):
        cls = cell.land_class
        u = rng.random()
        if cls == "0702":
            kind = "RURAL" if u < 0.7 else ("TEMPORARY" if u < 0.85 else "LAND")
        elif cls == "0801":
            kind = "PLANNING"
        else:
            kind = "PLANNING" if u < 0.6 else ("LAND" if u < 0.85 else "TEMPORARY")
        shape = cell.polygon.buffer(-rng.uniform(1.5, 4.0), join_style=2)
        shape = affinity.scale(shape, rng.uniform(0.75, 1.0), rng.uniform(0.75, 1.0))
        issued = date(2012, 1, 1) + timedelta(days=rng.randrange((date(2024, 6, 30) - date(2012, 1, 1)).days))
        expires = None
        if kind == "TEMPORARY":
            expires = issued + timedelta(days=730)
        elif kind == "PLANNING":
            expires = issued + timedelta(days=365)
        prefix = {"RURAL": "乡字", "PLANNING": "建字", "TEMPORARY": "临建字", "LAND": "地字"}[kind]
        holder = names.person(rng) if cls == "0702" else names.company(rng)
        records.append(
            (
                shape,
                {
                    "permit_no": f"{prefix}第{names.COUNTY_CODE}{issued.year}{n:05d}号",
                    "permit_type": kind,
                    "holder": holder,
                    "approved_m2": round_half_up(shape.area * rng.uniform(0.55, 1.0)),
                    "issued_on": issued.isoformat(),
                    "expires_on": expires.isoformat() if expires else None,
                },
            )
        )
    return records, chosen
