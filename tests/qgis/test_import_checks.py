"""lianwei:importreference checks every feature before it writes: nothing usable, nothing written; a bad feature
refuses the import (or is left out on request); the ledger is unchanged by every refusal."""

import os
import sqlite3
import stat
from contextlib import closing

import pytest
from gpkg_copy import copy_gpkg
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProcessingException, QgsVectorLayer

from lianwei.layers import ledger_store
from lianwei.layers.ledger_store import table_dump

PARCEL = "POLYGON((536000 2533000, 536100 2533000, 536100 2533100, 536000 2533100, 536000 2533000))"


@pytest.fixture
def ledger(small_sample, tmp_path):
    path = str(tmp_path / "台账.gpkg")
    copy_gpkg(small_sample["OUTPUT"], path)
    return path


def memory_layer(kind, rows, crs="EPSG:4545", name="宗地"):
    """A memory layer of ``kind`` with fields ZDDM, QLR; ``rows`` are (ZDDM, QGIS geometry or WKT or None)."""
    layer = QgsVectorLayer(f"{kind}?crs={crs}&field=ZDDM:string&field=QLR:string", name, "memory")
    features = []
    for key, geometry in rows:
        feature = QgsFeature(layer.fields())
        feature.setAttributes([key, "张三"])
        if isinstance(geometry, str):
            geometry = QgsGeometry.fromWkt(geometry)
        if geometry is not None:
            feature.setGeometry(geometry)
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)
    return layer


def run_import(layer, ledger, replace=True, table=1, **extra):
    import processing

    parameters = {"INPUT": layer, "TABLE": table, "LEDGER": ledger, "REPLACE": replace, "MAPPING": ""}
    parameters.update(extra)
    return processing.run("lianwei:importreference", parameters)


def refused(layer, ledger, *words, **extra):
    """Run the import, expect a refusal whose message holds every word, and the ledger unchanged."""
    before = table_dump(ledger)
    with pytest.raises(QgsProcessingException) as error:
        run_import(layer, ledger, **extra)
    message = str(error.value)
    for word in words:
        assert word in message, message
    assert table_dump(ledger) == before
    return message


def test_an_empty_layer_with_replace_keeps_the_cadastre(lianwei_provider, ledger):
    message = refused(memory_layer("Polygon", []), ledger, "没有要素", "has no features", "cadastre")
    assert "宗地" in message


def test_points_and_lines_are_refused(lianwei_provider, ledger):
    points = memory_layer("Point", [("A1", "POINT(536000 2533000)")], name="点")
    refused(points, ledger, "是点图层", "holds points, not polygons")
    lines = memory_layer("LineString", [("A1", "LINESTRING(536000 2533000, 536100 2533100)")], name="线")
    refused(lines, ledger, "是线图层", "holds lines")


def test_a_layer_whose_geometries_are_all_null_is_refused(lianwei_provider, ledger):
    layer = memory_layer("Polygon", [("A1", None), ("A2", None), ("A3", None)])
    refused(
        layer, ledger, "没有可用的要素", "no feature that can be used (3 read)", "没有几何图形", "it has no geometry"
    )


def test_nan_and_infinite_coordinates_are_named(lianwei_provider, ledger):
    nan = QgsGeometry.fromPolygonXY(
        [[QgsPointXY(536000, 2533000), QgsPointXY(536100, 2533000), QgsPointXY(float("nan"), 2533100)]]
    )
    inf = QgsGeometry.fromPolygonXY(
        [[QgsPointXY(536000, 2533000), QgsPointXY(float("inf"), 2533000), QgsPointXY(536100, 2533100)]]
    )
    layer = memory_layer("Polygon", [("OK1", PARCEL), ("NAN1", nan), ("INF1", inf)])
    message = refused(layer, ledger, "2 of 3 features cannot be stored", "NaN", "ZDDM=NAN1", "ZDDM=INF1")
    assert "ZDDM=OK1" not in message


def test_bad_features_can_be_left_out_and_are_listed(lianwei_provider, ledger):
    layer = memory_layer("Polygon", [("OK1", PARCEL), ("EMPTY", "POLYGON EMPTY"), ("NONE", None)])
    result = run_import(layer, ledger, SKIP_UNUSABLE=True)
    assert result["WRITTEN"] == 1 and result["LEFT_OUT"] == 2 and result["REPLACED"] == 2000
    with closing(sqlite3.connect(ledger)) as db:
        assert db.execute("SELECT parcel_id, geom IS NOT NULL FROM cadastre").fetchall() == [("OK1", 1)]


def test_coordinates_that_do_not_fit_the_ledger_are_refused(lianwei_provider, ledger):
    # Metres near the false origin fit no zone of China: the layer is refused as a whole, before a row is read
    # (layers/coordinate_check.py).
    far = "POLYGON((100 200, 300 200, 300 400, 100 200))"
    layer = memory_layer("Polygon", [("FAR1", far)])
    refused(layer, ledger, "不在我国任何高斯-克吕格投影带内", "lie in no Gauss-Krüger zone of China", "宗地")
    # Degrees that fit their CRS and reach the township, one row of them far outside the ledger's zone: that row.
    near = "POLYGON((108.36 22.90, 108.361 22.90, 108.361 22.901, 108.36 22.90))"
    west = "POLYGON((98.0 22.9, 98.001 22.9, 98.001 22.901, 98.0 22.9))"
    layer = memory_layer("Polygon", [("NEAR1", near), ("WEST1", west)], crs="EPSG:4490")
    refused(layer, ledger, "WEST1", "与台账的坐标系", "do not fit the ledger's coordinate system EPSG:4545")


def test_a_village_code_given_twice_is_refused(lianwei_provider, ledger):
    layer = QgsVectorLayer("Polygon?crs=EPSG:4545&field=CJDM:string&field=CJMC:string", "村界", "memory")
    features = []
    for code, name in (("610000000001", "甲村"), ("610000000001", "乙村")):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([code, name])
        feature.setGeometry(QgsGeometry.fromWkt(PARCEL))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    refused(layer, ledger, "610000000001", "must be unique", "必须唯一", table=0)


def test_the_same_file_appended_twice_is_refused_the_second_time(lianwei_provider, ledger):
    layer = memory_layer("Polygon", [("NEW1", PARCEL)])
    assert run_import(layer, ledger, replace=False)["WRITTEN"] == 1
    refused(layer, ledger, "already in the ledger table", "已在台账表中", replace=False)


def test_a_geopackage_that_is_not_a_ledger_is_refused(lianwei_provider, tmp_path):
    from osgeo import ogr

    other = str(tmp_path / "别的.gpkg")
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(other)
    dataset.CreateLayer("cadastre", None, ogr.wkbPolygon)
    dataset = None
    with open(other, "rb") as handle:
        before = handle.read()
    with pytest.raises(QgsProcessingException, match="不是两违整治台账.*not a Lianwei ledger"):
        run_import(memory_layer("Polygon", [("A", PARCEL)]), other)
    with open(other, "rb") as handle:
        assert handle.read() == before


def test_a_read_only_ledger_is_refused(lianwei_provider, ledger):
    os.chmod(ledger, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # read-only for everyone, root included
    refused(memory_layer("Polygon", [("A", PARCEL)]), ledger, "只读", "read-only")


def test_a_locked_ledger_is_waited_for_then_refused(lianwei_provider, ledger, monkeypatch):
    monkeypatch.setattr(ledger_store, "BUSY_TIMEOUT_S", 0.2)
    before = table_dump(ledger)
    holder = sqlite3.connect(ledger, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(QgsProcessingException) as error:
            run_import(memory_layer("Polygon", [("A", PARCEL)]), ledger)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    message = str(error.value)
    assert "正被其他程序使用" in message and "in use by another program" in message
    assert table_dump(ledger) == before
