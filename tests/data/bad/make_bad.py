"""Write the binary inputs of the awkward-input corpus (issue 14) into this folder; each is a few kilobytes.

    /usr/bin/python3 tests/data/bad/make_bad.py

Each kind of input has one generator below and one line in README.md. The files are committed; the script says how
they were made and makes them again the same way.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys

from osgeo import ogr, osr

HERE = os.path.dirname(os.path.abspath(__file__))
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


# --- unreadable sources (files that are there but cannot be read, or not as they are meant) ------------------------
def _parcels_shapefile(folder: str, name: str = "parcels", count: int = 6) -> str:
    """A shapefile of ``count`` small square parcels in CGCS2000 zone 37 (EPSG:4525); returns the .shp path."""
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name + ".shp")
    for extension in SHAPEFILE_PARTS:
        if os.path.exists(path[:-4] + extension):
            os.remove(path[:-4] + extension)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4525)
    dataset = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(path)
    layer = dataset.CreateLayer(name, srs, ogr.wkbPolygon, ["ENCODING=UTF-8"])
    layer.CreateField(ogr.FieldDefn("ZDDM", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("QLR", ogr.OFTString))
    for k in range(count):
        x, y = 37500000 + 30 * k, 2500000
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("ZDDM", f"4501091012030000{k:03d}")
        feature.SetField("QLR", f"张{k}")
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POLYGON(({x} {y},{x + 20} {y},{x + 20} {y + 20},{x} {y}))"))
        layer.CreateFeature(feature)
    dataset = None  # noqa: F841 - writes the files
    return path


def missing_shx() -> None:
    shp = _parcels_shapefile(os.path.join(HERE, "shp_missing_shx"))
    os.remove(shp[:-4] + ".shx")


def missing_dbf() -> None:
    shp = _parcels_shapefile(os.path.join(HERE, "shp_missing_dbf"))
    os.remove(shp[:-4] + ".dbf")


def truncated_shp() -> None:
    """The .shp cut in its fourth record; its header still gives the whole length."""
    shp = _parcels_shapefile(os.path.join(HERE, "shp_truncated_shp"))
    with open(shp, "rb") as handle:
        data = handle.read()
    record = (len(data) - 100) // 6
    with open(shp, "wb") as handle:
        handle.write(data[: 100 + 3 * record + record // 2])


def truncated_dbf() -> None:
    """The .dbf holds 3 of the 6 records its header announces (a copy broken off); .shp and .shx are whole."""
    shp = _parcels_shapefile(os.path.join(HERE, "dbf_truncated"))
    dbf = shp[:-4] + ".dbf"
    with open(dbf, "rb") as handle:
        data = handle.read()
    records, header_length, record_length = struct.unpack("<IHH", data[4:12])
    assert records == 6
    with open(dbf, "wb") as handle:
        handle.write(data[: header_length + 3 * record_length])


def _polygon_gpkg(path: str, tables) -> None:
    if os.path.exists(path):
        os.remove(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4525)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    for table in tables:
        layer = dataset.CreateLayer(table, srs, ogr.wkbPolygon)
        layer.CreateField(ogr.FieldDefn("ZDDM", ogr.OFTString))
        for k in range(3):
            x, y = 37500000 + 30 * k, 2500000
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetField("ZDDM", f"4501091012030000{k:03d}")
            feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POLYGON(({x} {y},{x + 20} {y},{x + 20} {y + 20},{x} {y}))"))
            layer.CreateFeature(feature)
    dataset = None  # noqa: F841 - writes the file


def two_layers() -> None:
    """A GeoPackage with two polygon layers: named without a layer, QGIS opens one of them without a word."""
    _polygon_gpkg(os.path.join(HERE, "two_layers.gpkg"), ("cadastre_2023", "cadastre_2024"))


def truncated_gpkg() -> None:
    """A GeoPackage cut to half its length (a copy broken off); its header still counts every page."""
    path = os.path.join(HERE, "truncated.gpkg")
    _polygon_gpkg(path, ("cadastre",))
    with open(path, "rb") as handle:
        data = handle.read()
    with open(path, "wb") as handle:
        handle.write(data[: len(data) // 2])


def not_sqlite_gpkg() -> None:
    """A file named .gpkg that is no database at all (an HTML page saved under the wrong name)."""
    with open(os.path.join(HERE, "not_sqlite.gpkg"), "w", encoding="utf-8") as handle:
        handle.write("<html><body>404 Not Found</body></html>\n")


def broken_geojson() -> None:
    """A GeoJSON file cut in the middle: GDAL cannot read it at all."""
    with open(os.path.join(HERE, "broken.geojson"), "w", encoding="utf-8") as handle:
        handle.write('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Pol')


GENERATORS = (
    missing_shx,
    missing_dbf,
    truncated_shp,
    truncated_dbf,
    two_layers,
    truncated_gpkg,
    not_sqlite_gpkg,
    broken_geojson,
)


def main(names) -> None:
    for generator in GENERATORS:
        if not names or generator.__name__ in names:
            generator()
    for folder in os.listdir(HERE):  # GDAL's own side files are not part of the corpus
        if folder.endswith(".aux.xml"):
            os.remove(os.path.join(HERE, folder))
    shutil.rmtree(os.path.join(HERE, "__pycache__"), ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
