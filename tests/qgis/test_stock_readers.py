"""Where the plugin leans on QGIS's own readers: photo EXIF of the non-JPEG kinds through QgsExifTools (exiv2), and
the GeoPackage R-tree asked through SQL for a few boxes; both agree with the hand-written readers they sit beside."""

import os
from contextlib import closing
from datetime import datetime

import numpy as np
import pytest
from exif_jpeg import patrol_photo, photo_tags, tiff_block
from osgeo import ogr, osr

from lianwei.core.exif import NOTHING, read_exif
from lianwei.core.spatial import BoxFilter
from lianwei.layers import gpkg_reader
from lianwei.layers.photo_exif import read_photo_exif

ogr.UseExceptions()


@pytest.mark.parametrize("kind", ["PNG", "TIFF", "WEBP"])
def test_photos_other_than_jpeg_give_time_position_and_direction(tmp_path, kind):
    from PIL import Image, features

    if kind == "WEBP" and not features.check("webp"):
        pytest.skip("this Pillow writes no WebP")
    ifd0, exif, gps = photo_tags(south_west=True)
    tiff = tiff_block(ifd0, exif, gps)
    path = str(tmp_path / f"现场照片.{kind.lower()}")
    Image.new("RGB", (64, 48), (100, 150, 90)).save(path, kind, exif=tiff if kind == "PNG" else b"Exif\x00\x00" + tiff)
    info = read_photo_exif(path)
    assert info == read_exif(patrol_photo(south_west=True))  # the same answer as the JPEG reader's
    assert info.taken_at == datetime(2024, 5, 18, 9, 41, 27) and info.latitude < 0 and info.longitude < 0
    assert info.direction == pytest.approx(123.45) and info.direction_ref == "T"


def test_photo_exif_falls_back_to_the_next_name_and_never_raises(tmp_path):
    jpeg = tmp_path / "a.jpg"
    jpeg.write_bytes(patrol_photo())
    broken = tmp_path / "b.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    assert read_photo_exif(str(broken)) is NOTHING
    assert read_photo_exif(str(tmp_path / "missing.png"), str(jpeg)).taken_at == datetime(2024, 5, 18, 9, 41, 27)
    assert read_photo_exif(str(tmp_path), "") is NOTHING
    notes = tmp_path / "notes.txt"
    notes.write_text("not a photo")
    assert read_photo_exif(str(notes)) is NOTHING


def _township(path: str, count: int) -> np.ndarray:
    """A GeoPackage of ``count`` little squares on a jittered grid (GDAL writes its R-tree); their boxes."""
    rng = np.random.default_rng(17)
    corners = np.column_stack([np.arange(count) % 60 * 10.0, np.arange(count) // 60 * 10.0]) + rng.random((count, 2))
    sizes = 2 + rng.random(count) * 9
    source = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4545)
    layer = source.CreateLayer("parcels", srs, ogr.wkbPolygon)
    layer.StartTransaction()
    for (x, y), size in zip(corners.tolist(), sizes.tolist()):
        feature = ogr.Feature(layer.GetLayerDefn())
        ring = f"{x} {y},{x + size} {y},{x + size} {y + size},{x} {y}"
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POLYGON(({ring}))"))
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    source = None
    return np.column_stack([corners, corners + sizes[:, None]])


def test_rtree_through_sql_and_through_its_nodes_find_the_same_entries(tmp_path, monkeypatch):
    path = str(tmp_path / "township.gpkg")
    boxes = _township(path, 3000)
    rng = np.random.default_rng(5)
    query = np.column_stack([rng.random((400, 2)) * 600, np.zeros((400, 2))])
    query[:, 2:] = query[:, :2] + rng.random((400, 2)) * 15
    query[7] = np.nan  # a violation without geometry meets nothing
    query[8] = boxes[12]  # exactly a parcel's box: touching counts
    near = BoxFilter(query)
    monkeypatch.setattr(gpkg_reader, "SQL_ENTRIES_PER_BOX", 1)
    with closing(gpkg_reader.open_read_only(path)) as db:
        by_sql = gpkg_reader.near_entries(db, "rtree_parcels_geom", near)
        monkeypatch.setattr(gpkg_reader, "SQL_ENTRIES_PER_BOX", 10**9)
        by_nodes = gpkg_reader.near_entries(db, "rtree_parcels_geom", near)
        empty = gpkg_reader.rtree_query(db, "rtree_parcels_geom", np.zeros((0, 4)))
    assert len(by_sql[0]) > 100 and 13 in by_sql[0].tolist()
    assert np.array_equal(by_sql[0], by_nodes[0]) and np.array_equal(by_sql[1], by_nodes[1])
    assert np.all(np.diff(by_sql[0]) > 0)
    assert empty[0].shape == (0,) and empty[1].shape == (0, 4)
