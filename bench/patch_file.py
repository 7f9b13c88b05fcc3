"""Build (once) a county patch file of N patches over the bench township: a GeoPackage in CGCS2000
longitude/latitude (EPSG:4490) with the 卫片 columns, cached under bench/cache/.

    /usr/bin/python3 bench/patch_file.py 100000 [1000000 ...]

Each patch is a small rectangle on a jittered grid over the township's villages, clear of every case of the ledger
and of each other (so it becomes a new case); every distinct patch number of the ledger's satellite cases comes
back once, on its case's own outline (linked by number: de-duplication has work to do). JCBH is unique. Written
with OGR in transactions of 100,000 features; the WKB of the rectangles is put together by numpy.
"""

import os
import sqlite3
import sys
import time
from datetime import date, timedelta

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bootstrap import REPO  # noqa: E402  - makes `import lianwei` work

CACHE = os.path.join(REPO, "bench", "cache")
TOWNSHIP = 2000  # violations of the bench township (bench/build_sample.py)
LAYER = "patches"
SEED = 2024
TYPES = ("建（构）筑物", "硬化", "推堆土", "动土", "坑塘", "光伏")
CLASSES = ("0101", "0102", "0103", "0201", "0702", "1202", "0404")
TEXT = {"JCBH": 30, "TBBH": 10, "XZQDM": 12, "TBLX": 20, "DLBM": 10, "SFYN": 2, "SFHX": 2}
COLUMNS = ("JCBH", "TBBH", "XZQDM", "TBLX", "QSX", "HSX", "TBMJ", "DLBM", "SFYN", "SFHX", "XZB", "YZB")
TRANSACTION = 100_000


def patch_path(patches: int) -> str:
    return os.path.join(CACHE, f"patches_{patches}.gpkg")


def build(patches: int, ledger: str) -> str:
    path = patch_path(patches)
    if os.path.exists(path):
        return path
    started = time.time()
    os.makedirs(CACHE, exist_ok=True)
    repeats = _satellite_cases(ledger)[: patches // 10]
    xs, ys, spacing = _grid(ledger, patches - len(repeats))
    partial = path[: -len(".gpkg")] + ".part.gpkg"
    if os.path.exists(partial):
        os.remove(partial)
    _write(partial, ledger, (xs, ys, spacing), repeats)
    os.replace(partial, path)
    print(f"built {path} in {time.time() - started:.0f} s", file=sys.stderr)
    return path


def _villages(ledger: str):
    from osgeo import ogr
    from shapely import wkb

    dataset = ogr.Open(ledger)
    shapes = [wkb.loads(bytes(f.GetGeometryRef().ExportToWkb())) for f in dataset.GetLayer("villages")]
    return shapes


def _grid(ledger: str, count: int):
    """Centres of ``count`` cells of a jittered grid inside the villages and off the cases' boxes."""
    from shapely.ops import unary_union
    from shapely.vectorized import contains

    township = unary_union(_villages(ledger))
    with sqlite3.connect(ledger) as db:
        boxes = np.array(db.execute("SELECT minx, miny, maxx, maxy FROM rtree_violations_geom").fetchall())
    rng = np.random.default_rng(SEED)
    minx, miny, maxx, maxy = township.bounds
    spacing = (township.area * 0.85 / max(count, 1)) ** 0.5
    while True:
        gx, gy = np.meshgrid(np.arange(minx, maxx, spacing), np.arange(miny, maxy, spacing))
        xs, ys = gx.ravel() + spacing / 2, gy.ravel() + spacing / 2
        keep = contains(township, xs, ys)
        xs, ys = xs[keep], ys[keep]
        clear = np.ones(len(xs), dtype=bool)
        for bx0, by0, bx1, by1 in boxes:  # off every case, with a cell's margin
            clear &= ~((xs > bx0 - spacing) & (xs < bx1 + spacing) & (ys > by0 - spacing) & (ys < by1 + spacing))
        xs, ys = xs[clear], ys[clear]
        if len(xs) >= count:
            break
        spacing *= 0.95
    chosen = np.sort(rng.choice(len(xs), size=count, replace=False))
    xs, ys = xs[chosen], ys[chosen]
    jitter = spacing * 0.15
    return xs + rng.uniform(-jitter, jitter, count), ys + rng.uniform(-jitter, jitter, count), spacing


def _satellite_cases(ledger: str):
    """(patch number, GeoPackage geometry blob) of one case per distinct satellite patch number."""
    with sqlite3.connect(ledger) as db:
        rows = db.execute(
            "SELECT patch_no, geom FROM violations WHERE source = 'SATELLITE' AND patch_no IS NOT NULL "
            "GROUP BY patch_no ORDER BY patch_no"
        ).fetchall()
    return rows


def _rectangles(xs, ys, spacing, zone):
    """Little-endian WKB MultiPolygons (one rectangle each) in degrees, as an (n, 102) byte array; and areas."""
    from lianwei.core.gauss_kruger import inverse

    n = len(xs)
    rng = np.random.default_rng(SEED + 1)
    half_w = spacing * rng.uniform(0.2, 0.3, n)
    half_h = spacing * rng.uniform(0.15, 0.3, n)
    corner_x = np.stack([xs - half_w, xs + half_w, xs + half_w, xs - half_w, xs - half_w], axis=1)
    corner_y = np.stack([ys - half_h, ys - half_h, ys + half_h, ys + half_h, ys - half_h], axis=1)
    lon, lat = inverse(corner_x.ravel(), corner_y.ravel(), zone)
    coords = np.stack([lon.reshape(n, 5), lat.reshape(n, 5)], axis=2).reshape(n, 10)
    head = np.frombuffer(
        b"\x01" + np.array([6, 1], "<u4").tobytes() + b"\x01" + np.array([3, 1, 5], "<u4").tobytes(), np.uint8
    )
    blobs = np.empty((n, len(head) + 80), np.uint8)
    blobs[:, : len(head)] = head
    blobs[:, len(head) :] = coords.astype("<f8").view(np.uint8).reshape(n, 80)
    centre_lon, centre_lat = inverse(xs, ys, zone)
    return blobs, 4 * half_w * half_h, centre_lon, centre_lat


def _write(path, ledger, grid, repeats) -> None:
    from osgeo import ogr, osr
    from shapely import wkb
    from shapely.ops import transform

    from lianwei.core import sample_names as names
    from lianwei.core.gauss_kruger import inverse, zone_for_epsg
    from lianwei.layers.gpkg_reader import geopackage_wkb

    ogr.UseExceptions()
    with sqlite3.connect(ledger) as db:
        (srs_id,) = db.execute("SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'violations'").fetchone()
    zone = zone_for_epsg(int(srs_id))
    xs, ys, spacing = grid
    blobs, areas, centre_lon, centre_lat = _rectangles(xs, ys, spacing, zone)
    total = len(xs) + len(repeats)
    rng = np.random.default_rng(SEED + 2)
    at_repeat = set(rng.choice(total, size=len(repeats), replace=False).tolist()) if repeats else set()
    kinds = rng.integers(0, len(TYPES), total)
    classes = rng.integers(0, len(CLASSES), total)
    days = rng.integers(30, 200, total)
    farmland = rng.random(total) < 0.3
    red_line = rng.random(total) < 0.03
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    layer = dataset.CreateLayer(LAYER, srs, ogr.wkbMultiPolygon, ["SPATIAL_INDEX=YES"])
    for name in COLUMNS:
        kind = ogr.OFTString if name in TEXT else ogr.OFTDate if name in ("QSX", "HSX") else ogr.OFTReal
        definition = ogr.FieldDefn(name, kind)
        definition.SetWidth(TEXT.get(name, 0))
        layer.CreateField(definition)
    definition = layer.GetLayerDefn()
    start = date(names.CAMPAIGN_YEAR, 1, 1)
    queue = list(repeats)
    k_grid = 0
    layer.StartTransaction()
    for k in range(total):
        feature = ogr.Feature(definition)
        if k in at_repeat:
            patch_no, blob = queue.pop()
            shape = wkb.loads(geopackage_wkb(bytes(blob)))
            degrees = transform(lambda x, y: inverse(x, y, zone), shape)
            geometry = ogr.CreateGeometryFromWkb(degrees.wkb)
            area, (lon, lat) = shape.area, degrees.centroid.coords[0]
        else:
            patch_no = f"JC{names.CAMPAIGN_YEAR}{names.COUNTY_CODE}{k:07d}"
            geometry = ogr.CreateGeometryFromWkb(blobs[k_grid].tobytes())
            area, lon, lat = areas[k_grid], centre_lon[k_grid], centre_lat[k_grid]
            k_grid += 1
        after = start + timedelta(days=int(days[k]))
        feature.SetField("JCBH", patch_no)
        feature.SetField("TBBH", f"{k + 1:07d}")
        feature.SetField("XZQDM", names.TOWN_CODE)
        feature.SetField("TBLX", TYPES[kinds[k]])
        feature.SetField("QSX", (after - timedelta(days=120)).isoformat())
        feature.SetField("HSX", after.isoformat())
        feature.SetField("TBMJ", round(float(area), 2))
        feature.SetField("DLBM", CLASSES[classes[k]])
        feature.SetField("SFYN", "是" if farmland[k] else "否")
        feature.SetField("SFHX", "是" if red_line[k] else "否")
        feature.SetField("XZB", round(float(lon), 6))
        feature.SetField("YZB", round(float(lat), 6))
        feature.SetGeometryDirectly(geometry)
        layer.CreateFeature(feature)
        if (k + 1) % TRANSACTION == 0:
            layer.CommitTransaction()
            layer.StartTransaction()
    layer.CommitTransaction()
    dataset = None


if __name__ == "__main__":
    from build_sample import ledger_path

    for size in sys.argv[1:]:
        print(build(int(size), ledger_path(TOWNSHIP)))
