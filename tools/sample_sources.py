"""Write the sample township's reference layers as an office would hand them over (developer tool).

    /usr/bin/python3 -m tools.sample_sources SAMPLE.gpkg FOLDER

From a ledger made by lianwei:sampletownship:
- 村界.shp      villages, GBK text, no .cpg and no language byte, fields CJDM / CJMC / XZMC, the ledger's CRS;
- 宗地.shp      cadastre, GBK text, no .cpg, fields ZDDM / QLR / DLBM / DLMC, in the zone-prefixed CGCS2000 zone 36
                (EPSG:4524, eastings 36xxxxxx);
- 许可.gpkg     permits, EPSG:4490, Chinese field names; the approved area as text, the expiry date written the Chinese
                way ("2025年3月1日") and the permit type by its Chinese name, as office spreadsheets have them;
- 永久基本农田.shp  farmland, field TBBH (UTF-8 with a .cpg).
Plain GDAL, so it runs without QGIS.
"""

from __future__ import annotations

import datetime
import os
import struct
import sys
from typing import Dict, List, Sequence, Tuple

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()

PERMIT_TYPES = {
    "PLANNING": "建设工程规划许可证",
    "RURAL": "乡村建设规划许可证",
    "TEMPORARY": "临时建设工程规划许可证",
    "LAND": "建设用地批准书",
}
# file name, ledger table, EPSG code (None: the ledger's), (source field, ledger field, OGR type, width) ...
_TEXT = ogr.OFTString
SOURCES: Tuple[Tuple[str, str, object, Sequence[Tuple[str, str, int, int]]], ...] = (
    ("村界.shp", "villages", None, (
        ("CJDM", "village_code", _TEXT, 12), ("CJMC", "village_name", _TEXT, 50), ("XZMC", "town_name", _TEXT, 50),
    )),
    ("宗地.shp", "cadastre", 4524, (
        ("ZDDM", "parcel_id", _TEXT, 24), ("QLR", "owner", _TEXT, 100), ("DLBM", "land_class", _TEXT, 4),
        ("DLMC", "land_class_name", _TEXT, 30),
    )),
    ("许可.gpkg", "permits", 4490, (
        ("许可证号", "permit_no", _TEXT, 40), ("许可类型", "permit_type", _TEXT, 20), ("持证人", "holder", _TEXT, 100),
        ("批准面积", "approved_m2", _TEXT, 20), ("批准日期", "issued_on", ogr.OFTDate, 0),
        ("有效期至", "expires_on", _TEXT, 20),
    )),
    ("永久基本农田.shp", "farmland", None, (("TBBH", "patch_id", _TEXT, 30),)),
)  # fmt: skip
GBK_FILES = ("村界.shp", "宗地.shp")


def read_table(ledger: str, table: str) -> Tuple[osr.SpatialReference, List[Tuple[bytes, Dict[str, object]]]]:
    dataset = gdal.OpenEx(ledger, gdal.OF_VECTOR | gdal.OF_READONLY)
    layer = dataset.GetLayerByName(table)
    srs = layer.GetSpatialRef().Clone()
    rows = []
    for feature in layer:
        geometry = feature.GetGeometryRef()
        rows.append((geometry.ExportToWkb() if geometry else None, feature.items()))
    return srs, rows


def office_value(ledger_field: str, value):
    """A ledger value as the office's file holds it."""
    if value is None:
        return None
    if ledger_field == "permit_type":
        return PERMIT_TYPES.get(value, value)
    if ledger_field == "approved_m2":
        return f"{value:.2f}"
    if ledger_field == "expires_on":
        day = datetime.date.fromisoformat(value.replace("/", "-"))
        return f"{day.year}年{day.month}月{day.day}日"
    return value


def write_source(ledger: str, folder: str, name: str, table: str, epsg, fields) -> str:
    srs, rows = read_table(ledger, table)
    target = srs
    transform = None
    if epsg:
        target = osr.SpatialReference()
        target.ImportFromEPSG(epsg)
        for reference in (srs, target):
            reference.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        transform = osr.CoordinateTransformation(srs, target)
    path = os.path.join(folder, name)
    shapefile = name.endswith(".shp")
    driver = gdal.GetDriverByName("ESRI Shapefile" if shapefile else "GPKG")
    dataset = driver.Create(path, 0, 0, 0, gdal.GDT_Unknown)
    options = []
    if shapefile:
        options = ["ENCODING=UTF-8"]  # GBK files are recoded byte by byte afterwards (GDAL writes UTF-8 here)
    layer = dataset.CreateLayer(os.path.splitext(name)[0], target, ogr.wkbPolygon, options=options)
    for source_field, _, kind, width in fields:
        definition = ogr.FieldDefn(source_field, kind)
        if width:
            definition.SetWidth(width)
        layer.CreateField(definition)
    definition = layer.GetLayerDefn()
    for wkb, values in rows:
        feature = ogr.Feature(definition)
        for source_field, ledger_field, _, _ in fields:
            value = office_value(ledger_field, values.get(ledger_field))
            if value is not None:
                feature.SetField(source_field, value)
        if wkb is not None:
            geometry = ogr.CreateGeometryFromWkb(wkb)
            if transform is not None:
                geometry.Transform(transform)
            feature.SetGeometry(geometry)
        layer.CreateFeature(feature)
    dataset = None  # noqa: F841 - closes and flushes the file
    if name in GBK_FILES:
        recode_dbf(path, "utf-8", "gbk")
        strip_encoding_marks(path)
    return path


def recode_dbf(path: str, source: str, target: str) -> None:
    """Re-encode the character fields of a .dbf in place (each value padded to its field's width)."""
    dbf = os.path.splitext(path)[0] + ".dbf"
    with open(dbf, "rb") as handle:
        data = bytearray(handle.read())
    records, header_length, record_length = struct.unpack("<IHH", bytes(data[4:12]))
    fields, offset = [], 1
    for start in range(32, header_length - 1, 32):
        if data[start] == 0x0D:
            break
        kind, width = data[start + 11 : start + 12], data[start + 16]
        if kind == b"C":
            fields.append((offset, width))
        offset += width
    for record in range(records):
        base = header_length + record * record_length
        for field_offset, width in fields:
            start = base + field_offset
            text = bytes(data[start : start + width]).rstrip(b" ").decode(source)
            data[start : start + width] = text.encode(target)[:width].ljust(width, b" ")
    with open(dbf, "wb") as handle:
        handle.write(bytes(data))


def strip_encoding_marks(path: str) -> None:
    """Remove the .cpg and the DBF language byte, as many office tools leave a GBK shapefile."""
    stem = os.path.splitext(path)[0]
    for cpg in (stem + ".cpg", stem + ".CPG"):
        if os.path.exists(cpg):
            os.remove(cpg)
    with open(stem + ".dbf", "r+b") as handle:
        handle.seek(29)
        handle.write(b"\0")


def write_sample_sources(ledger: str, folder: str) -> Dict[str, str]:
    """Write the four office files into ``folder``; returns ledger table -> file path."""
    os.makedirs(folder, exist_ok=True)
    return {table: write_source(ledger, folder, name, table, epsg, fields) for name, table, epsg, fields in SOURCES}


def main(argv: Sequence[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    for table, path in write_sample_sources(argv[0], argv[1]).items():
        print(f"{table}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
