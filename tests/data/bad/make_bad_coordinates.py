"""Generate the shapefiles of tests/data/bad/coordinates/ (see README.md): coordinates that do not fit their CRS,
and text in GBK or GB18030 that QGIS does not read right by itself (issue 14, points 4 and 5). Plain GDAL:

    /usr/bin/python3 tests/data/bad/make_bad_coordinates.py

Every file holds the parcels (or cases) of tests/check_cases.py: metres in CGCS2000 3° zone 36 (EPSG:4545) at
E0, N0 = 536000, 2533000, the sample township's origin (108.36°E, 22.9°N), so they lie among the sample's villages
and the hand-built ones of the check tests.
"""

from __future__ import annotations

import os
import struct
import sys
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()

E0, N0 = 536000.0, 2533000.0
# parcel id, owner, land class, box (minx, miny, maxx, maxy) in metres from E0, N0
PARCELS = (
    ("P-HOMES", "黄建国", "0702", (0, 0, 600, 1000)),
    ("P-FOREST", "石桥村股份经济合作社", "0301", (600, 0, 1000, 1000)),
    ("P-FIELDS", "韦文华", "0103", (1000, 0, 2000, 1000)),
)
# A GB18030-only character (U+20000, four bytes in GB18030, none in GBK) in an owner's name.
GB18030_OWNER = "李\U00020000"
# case id, party, box
CASES = (
    ("C-INSIDE", "黄建国", (120, 120, 170, 170)),
    ("C-FIELDS", "韦文华", (1200, 300, 1260, 360)),
)
Transform = Callable[[float, float], Tuple[float, float]]


def _ring(box: Sequence[float], transform: Transform) -> str:
    minx, miny, maxx, maxy = box
    corners = [(minx, miny), (minx, maxy), (maxx, maxy), (maxx, miny), (minx, miny)]
    points = [transform(E0 + x, N0 + y) for x, y in corners]
    return "POLYGON((" + ", ".join(f"{x!r} {y!r}" for x, y in points) + "))"


def _degrees() -> Transform:
    """Zone 36 metres to CGCS2000 longitude/latitude (GDAL, traditional axis order)."""
    source, target = osr.SpatialReference(), osr.SpatialReference()
    source.ImportFromEPSG(4545)
    target.ImportFromEPSG(4490)
    for reference in (source, target):
        reference.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(source, target)
    return lambda x, y: tuple(transform.TransformPoint(x, y)[:2])


def write_shapefile(
    path: str,
    epsg: Optional[int],
    fields: Sequence[Tuple[str, int]],
    rows: Sequence[Tuple[Sequence[str], str]],
    encoding: str = "UTF-8",
    cpg: Optional[str] = None,
) -> str:
    """A polygon shapefile: ``rows`` of (values, WKT); text written in ``encoding`` (a Python codec); no .cpg and
    no language byte unless ``cpg`` gives the .cpg's text (what office tools leave behind); no .prj without
    ``epsg``. Field widths are bytes in ``encoding``: give room for the text."""
    driver = ogr.GetDriverByName("ESRI Shapefile")
    if os.path.exists(path):
        driver.DeleteDataSource(path)
    dataset = driver.CreateDataSource(path)
    srs = None
    if epsg:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
    name = os.path.splitext(os.path.basename(path))[0]
    layer = dataset.CreateLayer(name, srs, ogr.wkbPolygon, options=["ENCODING=UTF-8"])
    for field, width in fields:
        definition = ogr.FieldDefn(field, ogr.OFTString)
        definition.SetWidth(width)
        layer.CreateField(definition)
    for values, wkt in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        for (field, _), value in zip(fields, values):
            feature.SetField(field, value)
        feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    dataset = layer = None  # noqa: F841 - closes and flushes the files
    stem = os.path.splitext(path)[0]
    if encoding.upper() != "UTF-8":
        recode_dbf(stem + ".dbf", encoding)
    if os.path.exists(stem + ".cpg"):
        os.remove(stem + ".cpg")
    with open(stem + ".dbf", "r+b") as handle:
        handle.seek(29)
        handle.write(b"\0")  # no language driver byte either
    if cpg is not None:
        with open(stem + ".cpg", "w", encoding="ascii") as handle:
            handle.write(cpg)
    return path


def recode_dbf(dbf: str, encoding: str) -> None:
    """The character fields of a .dbf written in UTF-8, recoded in place. Done here, not by GDAL: inside QGIS, GDAL
    is told not to recode shapefile text at all (SHAPE_ENCODING=""), and the tests write files too."""
    with open(dbf, "rb") as handle:
        data = bytearray(handle.read())
    records, header_length, record_length = struct.unpack("<IHH", bytes(data[4:12]))
    fields, offset = [], 1
    for start in range(32, header_length - 1, 32):
        if data[start] == 0x0D:
            break
        if data[start + 11 : start + 12] == b"C":
            fields.append((offset, data[start + 16]))
        offset += data[start + 16]
    for record in range(records):
        base = header_length + record * record_length
        for field_offset, width in fields:
            start = base + field_offset
            text = bytes(data[start : start + width]).rstrip(b" ").decode("utf-8")
            data[start : start + width] = text.encode(encoding)[:width].ljust(width, b" ")
    with open(dbf, "wb") as handle:
        handle.write(bytes(data))


def parcel_rows(transform: Transform, owners: Optional[Dict[str, str]] = None) -> List[Tuple[Sequence[str], str]]:
    owners = owners or {}
    return [((key, owners.get(key, owner), land), _ring(box, transform)) for key, owner, land, box in PARCELS]


PARCEL_FIELDS = (("ZDDM", 19), ("QLR", 60), ("DLBM", 4))  # as offices name them (the import maps them)
LEDGER_FIELDS = (("parcel_id", 19), ("owner", 60), ("land_class", 4))  # as the check reads them


def _as_is(x: float, y: float) -> Tuple[float, float]:
    return x, y


# name -> (README line, function writing it into a folder)
FILES: Dict[str, Tuple[str, Callable[[str], str]]] = {}


def _file(name: str, line: str):
    def register(write):
        FILES[name] = (line, lambda folder: write(os.path.join(folder, name)))
        return write

    return register


@_file("coords_prefixed_under_cm108.shp", "zone-prefixed eastings (36,536,000) under EPSG:4545: read as EPSG:4524")
def _prefixed(path):
    return write_shapefile(path, 4545, PARCEL_FIELDS, parcel_rows(lambda x, y: (x + 36e6, y)))


@_file("coords_swapped.shp", "X holds the northings, Y the eastings, under EPSG:4545: X/Y swapped")
def _swapped(path):
    return write_shapefile(path, 4545, PARCEL_FIELDS, parcel_rows(lambda x, y: (y, x)))


@_file("coords_swapped_prefixed.shp", "X/Y swapped and Y zone-prefixed, under EPSG:4545: swapped, read as EPSG:4524")
def _swapped_prefixed(path):
    return write_shapefile(path, 4545, PARCEL_FIELDS, parcel_rows(lambda x, y: (y, x + 36e6)))


@_file("coords_swapped_no_prj.shp", 'X/Y swapped, no .prj (was read as "zone 2", EPSG:4490): refused, zone unknown')
def _swapped_no_prj(path):
    return write_shapefile(path, None, PARCEL_FIELDS, parcel_rows(lambda x, y: (y, x)))


@_file("coords_lonlat_under_cm108.shp", "longitudes/latitudes under EPSG:4545: read as EPSG:4490")
def _lonlat(path):
    return write_shapefile(path, 4545, PARCEL_FIELDS, parcel_rows(_degrees()))


@_file("coords_zone2.shp", 'eastings of 2,5xx,xxx ("zone 2") and northings alike under EPSG:4545: refused')
def _zone2(path):
    return write_shapefile(path, 4545, PARCEL_FIELDS, parcel_rows(lambda x, y: (y + 3000.0, y)))


@_file("coords_zone99.shp", 'eastings of 99,5xx,xxx ("zone 99") under EPSG:4545: refused, no such zone')
def _zone99(path):
    return write_shapefile(path, 4545, PARCEL_FIELDS, parcel_rows(lambda x, y: (x + 99e6, y)))


@_file("coords_other_zone.shp", "eastings prefixed 37 under EPSG:4545 (zone 36): refused, set EPSG:4525")
def _other_zone(path):
    return write_shapefile(path, 4545, PARCEL_FIELDS, parcel_rows(lambda x, y: (x + 37e6, y)))


@_file("coords_far.shp", "zone 36 coordinates 200 km north of the sample township: refused against a ledger")
def _far(path):
    return write_shapefile(path, 4545, PARCEL_FIELDS, parcel_rows(lambda x, y: (x, y + 200_000.0)))


@_file("coords_outside.shp", "metres from 0 to 2,000 under EPSG:4545 (a local grid): refused, in no zone")
def _outside(path):
    return write_shapefile(path, 4545, PARCEL_FIELDS, parcel_rows(lambda x, y: (x - E0, y - N0)))


@_file("text_gbk_cadastre.shp", "cadastre parcels, GBK text, no .cpg, no language byte")
def _gbk_cadastre(path):
    return write_shapefile(path, 4545, LEDGER_FIELDS, parcel_rows(_as_is), "gbk")


@_file("text_gbk_violations.shp", "violations (case_id, party), GBK text, no .cpg, no language byte")
def _gbk_violations(path):
    rows = [((key, party), _ring(box, _as_is)) for key, party, box in CASES]
    return write_shapefile(path, 4545, (("case_id", 30), ("party", 60)), rows, "gbk")


@_file("text_gb18030.shp", "cadastre parcels, GB18030 text with a character GBK lacks (U+20000), no .cpg")
def _gb18030(path):
    rows = parcel_rows(_as_is, {"P-HOMES": GB18030_OWNER})
    return write_shapefile(path, 4545, LEDGER_FIELDS, rows, "gb18030")


@_file("text_cpg_lies.shp", "cadastre parcels, GBK text, a .cpg that says UTF-8")
def _cpg_lies(path):
    return write_shapefile(path, 4545, LEDGER_FIELDS, parcel_rows(_as_is), "gbk", cpg="UTF-8")


def write_all(folder: str) -> Dict[str, str]:
    """Write every file of this module into ``folder``; returns name -> path."""
    os.makedirs(folder, exist_ok=True)
    return {name: write(folder) for name, (_, write) in FILES.items()}


def readme_lines() -> List[str]:
    return [f"- `{name}` (.shp/.shx/.dbf/.prj): {line}" for name, (line, _) in FILES.items()]


HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "coordinates")

if __name__ == "__main__":
    for path in write_all(HERE).values():
        print(path)
    print("\n".join(readme_lines()))
    sys.exit(0)
