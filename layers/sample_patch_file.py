"""The sample township's patch file as its county would send it: a shapefile in CGCS2000 longitude/latitude
(EPSG:4490), its text in GBK and no .cpg beside it, the 卫片 columns (JCBH, TBBH, XZQDM … XZB, YZB)."""

from __future__ import annotations

import os
from datetime import date

from osgeo import ogr, osr
from shapely.ops import transform

from ..core.gauss_kruger import inverse, zone_for_epsg
from ..core.sample import SampleTownship
from ..core.sample_patches import COLUMNS, build_sample_patches
from .shapefile_text import shape_encoding

ogr.UseExceptions()
osr.UseExceptions()

ENCODING = "GBK"
_TEXT = {"JCBH": 30, "TBBH": 10, "XZQDM": 12, "XZQMC": 50, "TBLX": 20, "DLBM": 10, "DLMC": 30, "SFYN": 2, "SFHX": 2}
_DATES = ("QSX", "HSX")


def write_sample_patches(town: SampleTownship, path: str, seed: int = 2024) -> int:
    """Write the patch file at ``path`` (a .shp); returns its patches."""
    with shape_encoding(ENCODING):
        return _write(town, path, seed)


def _write(town: SampleTownship, path: str, seed: int) -> int:
    patches = build_sample_patches(town, seed=seed)
    zone = zone_for_epsg(int(town.crs.split(":")[1]))
    driver = ogr.GetDriverByName("ESRI Shapefile")
    if os.path.exists(path):
        driver.DeleteDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    dataset = driver.CreateDataSource(path)
    layer = dataset.CreateLayer(
        os.path.splitext(os.path.basename(path))[0], srs, ogr.wkbMultiPolygon, [f"ENCODING={ENCODING}"]
    )
    for name in COLUMNS:
        if name in _TEXT:
            definition = ogr.FieldDefn(name, ogr.OFTString)
            definition.SetWidth(_TEXT[name])
        elif name in _DATES:
            definition = ogr.FieldDefn(name, ogr.OFTDate)
        else:
            definition = ogr.FieldDefn(name, ogr.OFTReal)
            definition.SetWidth(15)
            definition.SetPrecision(6 if name in ("XZB", "YZB") else 2)
        layer.CreateField(definition)
    for shape, attrs in patches.rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        for name, value in attrs.items():
            if isinstance(value, date):
                feature.SetField(name, value.year, value.month, value.day, 0, 0, 0, 0)
            else:
                feature.SetField(name, value)
        feature.SetGeometry(ogr.CreateGeometryFromWkb(_degrees(shape, zone).wkb))
        layer.CreateFeature(feature)
    layer = dataset = None  # noqa: F841 - closes the file
    cpg = os.path.splitext(path)[0] + ".cpg"
    if os.path.exists(cpg):
        os.remove(cpg)  # as a county's file comes: GBK text and nothing that says so
    return len(patches.rows)


def _degrees(shape, zone):
    return transform(lambda xs, ys: inverse(xs, ys, zone), shape)
