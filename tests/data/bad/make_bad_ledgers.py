"""Generate the binary inputs of tests/data/bad/ that the ledger-writer tests use (see README.md):

    /usr/bin/python3 tests/data/bad/make_bad_ledgers.py

not_a_ledger.gpkg — an office's own GeoPackage that happens to have a polygon table called violations with case_id,
status, remarks and version fields (and no other ledger table): lianwei:recordstatus must refuse it untouched.
"""

import os
import sqlite3
from contextlib import closing

from osgeo import ogr, osr

HERE = os.path.dirname(os.path.abspath(__file__))


def not_a_ledger(path: str) -> None:
    if os.path.exists(path):
        os.remove(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4545)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    layer = dataset.CreateLayer("violations", srs, ogr.wkbMultiPolygon, ["FID=fid", "GEOMETRY_NAME=geom"])
    for name, kind in (("case_id", ogr.OFTString), ("status", ogr.OFTString), ("remarks", ogr.OFTString)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    layer.CreateField(ogr.FieldDefn("version", ogr.OFTInteger))
    for number, status in ((1, "ORDERED"), (2, "DISCOVERED")):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("case_id", f"450109101202-2024-000{number}")
        feature.SetField("status", status)
        feature.SetField("version", 1)
        x, y = 500000 + 100 * number, 2500000
        ring = f"{x} {y},{x + 20} {y},{x + 20} {y + 20},{x} {y + 20},{x} {y}"
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"MULTIPOLYGON((({ring})))"))
        layer.CreateFeature(feature)
    dataset = layer = None
    with closing(sqlite3.connect(path)) as db:  # small pages: the file stays a few kB
        db.execute("PRAGMA page_size = 1024")
        db.execute("VACUUM")


if __name__ == "__main__":
    not_a_ledger(os.path.join(HERE, "not_a_ledger.gpkg"))
