"""The sample township's patch file, as its county would send it: JCBH, TBBH, XZQDM, TBLX, QSX, HSX, TBMJ …

Deterministic from the seed, like the township itself (core/sample.py): only ``random.Random`` draws, in a fixed
order. What makes it a useful test of the patch cycle:

- most satellite cases come back under their own number, redrawn a little (the county digitises the image again);
- a few patrol or report cases come back as patches under a new number (the image caught them too);
- some satellite cases are not in the file (an earlier batch), and some patches have no case at all (new);
- two cases that share a number in the ledger are left out, as a county file never repeats a number.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Dict, List, Optional, Tuple

from shapely import affinity
from shapely.geometry import MultiPolygon, Point, Polygon

from . import sample_names as names
from .areas import round_half_up
from .gauss_kruger import inverse, zone_for_epsg
from .patch_dedup import OutlineIndex
from .sample import SampleTownship, seeded
from .schema import LAND_CLASSES

# The columns in the county's order, as a 卫片 shapefile has them.
COLUMNS = ("JCBH", "TBBH", "XZQDM", "XZQMC", "TBLX", "QSX", "HSX", "TBMJ", "DLBM", "DLMC", "SFYN", "SFHX", "XZB", "YZB")
TYPE_BY_VIOLATION = {
    "L1": "建（构）筑物",
    "L2": "推堆土",
    "L3": "建（构）筑物",
    "L4": "建（构）筑物",
    "L5": "硬化",
    "L6": "硬化",
    "L7": "动土",
    "C1": "建（构）筑物",
    "C2": "建（构）筑物",
    "C3": "建（构）筑物",
    "C4": "建（构）筑物",
}
NEW_PATCH_TYPES = (
    ("建（构）筑物", 0.55),
    ("硬化", 0.2),
    ("推堆土", 0.1),
    ("动土", 0.08),
    ("坑塘", 0.04),
    ("光伏", 0.03),
)
NEW_PATCH_CLASSES = ("0101", "0102", "0103", "0201", "0702", "1202", "0404")

Row = Tuple[MultiPolygon, Dict[str, object]]


@dataclass
class SamplePatches:
    rows: List[Row]
    case_of: Dict[str, Optional[str]] = field(default_factory=dict)  # JCBH -> the case it is, or None (new)
    left_out: List[str] = field(default_factory=list)  # satellite cases not in the file


def build_sample_patches(
    town: SampleTownship,
    seed: int = 2024,
    included: float = 0.85,
    caught: float = 0.05,
    new_patches: int = 12,
    batch_year: int = names.CAMPAIGN_YEAR,
) -> SamplePatches:
    """``included``: share of the satellite cases in the file; ``caught``: share of other cases the image caught
    (a new number); ``new_patches``: patches with no case."""
    rng = seeded(seed)
    zone = zone_for_epsg(int(town.crs.split(":")[1]))
    cases = town.layers["violations"]
    numbers = Counter(a["patch_no"] for _, a in cases if a["patch_no"])
    lookup = _Lookup(town)
    result = SamplePatches([])
    sequence = 0
    for geometry, attrs in cases:
        patch_no = attrs["patch_no"]
        if attrs["source"] == "SATELLITE":
            if numbers[patch_no] > 1 or rng.random() >= included:
                result.left_out.append(attrs["case_id"])
                continue
        elif rng.random() >= caught:
            continue
        else:
            patch_no = _fresh(numbers, batch_year)
        sequence += 1
        shape = _redraw(rng, geometry)
        found = date.fromisoformat(attrs["found_on"])
        after = max(found - timedelta(days=rng.randint(3, 25)), date.fromisoformat(attrs["built_on"]))
        row = _row(rng, shape, patch_no, sequence, TYPE_BY_VIOLATION[attrs["violation_type"]], after, lookup, zone)
        result.rows.append(row)
        result.case_of[patch_no] = attrs["case_id"]
    # New patches on open land, clear of every case and of each other: the file's patches the ledger lacks.
    taken = [g for g, _ in cases] + [g for g, _ in result.rows]
    index = OutlineIndex(taken)
    parcels = [g for g, a in town.layers["cadastre"] if a["land_class"] in NEW_PATCH_CLASSES]
    added: List[Polygon] = []
    for _ in range(50 * new_patches):
        if len(added) >= new_patches:
            break
        centre = parcels[rng.randrange(len(parcels))].representative_point()
        width = rng.uniform(8.0, 18.0)
        outline = Polygon(_rectangle(centre.x, centre.y, width, width * rng.uniform(0.6, 1.0)))
        shape = affinity.rotate(outline, rng.uniform(-10, 10))
        if any(taken[k].intersects(shape) for k in index.near(shape)) or any(a.intersects(shape) for a in added):
            continue
        added.append(shape)
        sequence += 1
        patch_no = _fresh(numbers, batch_year)
        kind = _weighted(rng, NEW_PATCH_TYPES)
        after = date(batch_year, 1, 1) + timedelta(days=rng.randint(30, 200))
        result.rows.append(_row(rng, MultiPolygon([shape]), patch_no, sequence, kind, after, lookup, zone))
        result.case_of[patch_no] = None
    return result


def _fresh(numbers: Counter, year: int) -> str:
    """A patch number no case of the ledger carries (the county numbers its new patches on)."""
    for k in range(10000):
        candidate = f"WP{year}{names.COUNTY_CODE}{(9000 + k) % 10000:04d}"
        if candidate not in numbers:
            numbers[candidate] += 1
            return candidate
    raise ValueError("no patch number left")  # pragma: no cover - 10⁴ numbers a year


def _rectangle(x: float, y: float, w: float, h: float):
    return [(x - w / 2, y - h / 2), (x + w / 2, y - h / 2), (x + w / 2, y + h / 2), (x - w / 2, y + h / 2)]


def _weighted(rng: random.Random, weights) -> str:
    u = rng.random() * sum(w for _, w in weights)
    for value, w in weights:
        u -= w
        if u < 0:
            return value
    return weights[-1][0]


def _redraw(rng: random.Random, geometry) -> MultiPolygon:
    """The case's outline as the county digitises it again from the image: a little larger or smaller, turned a
    little, every corner a few decimetres off."""
    polygon = max(geometry.geoms, key=lambda p: p.area) if hasattr(geometry, "geoms") else geometry
    scaled = affinity.scale(polygon, rng.uniform(0.98, 1.03), rng.uniform(0.98, 1.03))
    turned = affinity.rotate(scaled, rng.uniform(-1.5, 1.5), origin="centroid")
    ring = list(turned.exterior.coords)[:-1]
    moved = [(x + rng.uniform(-0.3, 0.3), y + rng.uniform(-0.3, 0.3)) for x, y in ring]
    shape = Polygon(moved)
    return MultiPolygon([shape if shape.is_valid else turned])


class _Lookup:
    """The land class and the farmland flag under a patch, from the township's cadastre and farmland."""

    def __init__(self, town: SampleTownship):
        self.cadastre = town.layers["cadastre"]
        self.cadastre_index = OutlineIndex([g for g, _ in self.cadastre])
        self.farmland = [g for g, _ in town.layers["farmland"]]
        self.farmland_index = OutlineIndex(self.farmland)

    def land_class(self, point: Point) -> str:
        for k in self.cadastre_index.near(point):
            if self.cadastre[k][0].contains(point):
                return self.cadastre[k][1]["land_class"]
        return ""

    def on_farmland(self, shape) -> bool:
        return any(self.farmland[k].intersects(shape) for k in self.farmland_index.near(shape))


def _row(rng, shape: MultiPolygon, patch_no: str, sequence: int, kind: str, after: date, lookup: _Lookup, zone):
    centre = shape.representative_point()
    land_class = lookup.land_class(centre)
    lon, lat = inverse(centre.x, centre.y, zone)
    before = after - timedelta(days=rng.randint(60, 180))
    attrs = {
        "JCBH": patch_no,
        "TBBH": f"{sequence:04d}",
        "XZQDM": names.TOWN_CODE,
        "XZQMC": names.TOWN_NAME,
        "TBLX": kind,
        "QSX": before,
        "HSX": after,
        "TBMJ": round_half_up(shape.area),
        "DLBM": land_class,
        "DLMC": LAND_CLASSES.get(land_class, ""),
        "SFYN": "是" if lookup.on_farmland(shape) else "否",
        "SFHX": "是" if rng.random() < 0.03 else "否",
        "XZB": round(float(lon), 6),
        "YZB": round(float(lat), 6),
    }
    return shape, attrs
