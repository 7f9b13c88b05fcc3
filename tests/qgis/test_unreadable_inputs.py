"""Inputs that are there but cannot be read whole (tests/data/bad/): every algorithm and the load dialog say what is
really wrong, in Chinese and English, instead of "not found" or importing part of it; the ledger is unchanged."""

import os
import shutil

import pytest
from gpkg_copy import copy_gpkg
from qgis.core import QgsProcessingException, QgsProject, QgsVectorLayer

from lianwei.layers.ledger import layer_uri
from lianwei.layers.ledger_store import table_dump
from lianwei.processing.algorithms.check_violations import ledger_parameters

BAD = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "bad")

# input (under tests/data/bad) -> words of the message: Chinese, then English
CASES = {
    "shp_missing_shx/parcels.shp": ("缺少 .shx 文件", "has no .shx file beside it", "Copy all the files"),
    "shp_missing_dbf/parcels.shp": ("缺少 .dbf 文件", "every attribute would be lost"),
    "shp_truncated_shp/parcels.shp": ("文件不完整", "820 字节", "announces 820 bytes but the file has 520"),
    "dbf_truncated/parcels.shp": ("文件头标明 6 条记录，实际只有 3 条", "announces 6 records", "holds only 3"),
    "two_layers.gpkg": (
        "含有 2 个图层",
        "cadastre_2023, cadastre_2024",
        "none was named",
        "two_layers.gpkg|layername=cadastre_2023",
    ),
    "two_layers.gpkg|layername=cadastre_2025": ("中没有图层 cadastre_2025", "has no layer cadastre_2025"),
    "truncated.gpkg": ("文件不完整", "the copy is incomplete", "-wal"),
    "not_sqlite.gpkg": ("不是 GeoPackage", "not an SQLite database"),
    "broken.geojson": ("GDAL（QGIS 读取文件所用的程序库）无法读取", "GDAL says", "GeoJSON"),
    "nothere.shp": ("不存在", "does not exist"),
}


def bad(name):
    path, _, layer = name.partition("|")
    return os.path.join(BAD, path) + (f"|{layer}" if layer else "")


def assert_words(message, words, name):
    assert os.path.splitext(os.path.join(BAD, name.split("|")[0]))[0] in message, message  # .shp or its .dbf
    for word in words:
        assert word in message, (word, message)


@pytest.fixture
def ledger(small_sample, tmp_path):
    path = tmp_path / "台账.gpkg"
    copy_gpkg(small_sample["OUTPUT"], path)
    return str(path)


@pytest.mark.parametrize("name", sorted(CASES))
def test_import_refuses_by_name_and_leaves_the_ledger(ledger, lianwei_provider, name):
    import processing

    before = table_dump(ledger)
    with pytest.raises(QgsProcessingException) as caught:
        processing.run("lianwei:importreference", {"INPUT": bad(name), "TABLE": 1, "LEDGER": ledger, "REPLACE": True})
    assert_words(str(caught.value), CASES[name], name)
    assert "Office layer (INPUT)" in str(caught.value)
    assert table_dump(ledger) == before


@pytest.mark.parametrize("name", ["shp_missing_shx/parcels.shp", "dbf_truncated/parcels.shp", "two_layers.gpkg"])
def test_the_check_refuses_them_as_input_and_as_reference(ledger, lianwei_provider, tmp_path, name):
    import processing

    tables = ledger_parameters(ledger)
    for key in ("INPUT", "CADASTRE", "FARMLAND"):  # FARMLAND is optional: given, it must be read or refused
        with pytest.raises(QgsProcessingException) as caught:
            processing.run("lianwei:checkviolations", dict(tables, **{key: bad(name)}, OUTPUT=str(tmp_path / "o.gpkg")))
        assert_words(str(caught.value), CASES[name], name)
        assert f"({key})" in str(caught.value)
    assert not os.path.exists(tmp_path / "o.gpkg")


def test_a_layer_of_the_project_read_partly_is_refused(ledger, lianwei_provider):
    """QGIS opens the truncated .dbf as a valid layer of 3 features: chosen from the project, it is refused all the
    same, by the file's name."""
    import processing

    layer = QgsVectorLayer(bad("dbf_truncated/parcels.shp"), "宗地", "ogr")
    assert layer.isValid() and len(list(layer.getFeatures())) == 3  # what QGIS makes of it
    QgsProject.instance().addMapLayer(layer)
    try:
        before = table_dump(ledger)
        with pytest.raises(QgsProcessingException) as caught:
            processing.run(
                "lianwei:importreference", {"INPUT": layer.id(), "TABLE": 1, "LEDGER": ledger, "REPLACE": True}
            )
        assert_words(str(caught.value), CASES["dbf_truncated/parcels.shp"], "dbf_truncated/parcels.shp")
        assert table_dump(ledger) == before
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_a_named_layer_of_a_geopackage_of_two_is_read(ledger, lianwei_provider):
    from contextlib import closing

    import processing
    from lianwei.layers.ledger_store import connect, immediate

    # The file's parcels lie far from the sample township: a ledger without villages yet takes them.
    with closing(connect(ledger)) as db, immediate(db, ledger):
        db.execute("DELETE FROM villages")

    result = processing.run(
        "lianwei:importreference",
        {
            "INPUT": bad("two_layers.gpkg") + "|layername=cadastre_2024",
            "TABLE": 3,
            "MAPPING": "patch_id=ZDDM",
            "LEDGER": ledger,
            "REPLACE": False,
        },
    )
    assert result["WRITTEN"] == 3


def test_progress_outputs_and_record_status_say_the_same(ledger, lianwei_provider, tmp_path):
    import processing

    with pytest.raises(QgsProcessingException) as caught:
        processing.run(
            "lianwei:progressreport",
            {
                "INPUT": layer_uri(ledger, "violations"),
                "VILLAGES": bad("two_layers.gpkg"),
                "OUTPUT": str(tmp_path / "r.html"),
            },
        )
    assert_words(str(caught.value), CASES["two_layers.gpkg"], "two_layers.gpkg")
    with pytest.raises(QgsProcessingException) as caught:
        processing.run("lianwei:recordstatus", {"INPUT": bad("truncated.gpkg"), "CASES": "X", "STATUS": 1})
    assert_words(str(caught.value), CASES["truncated.gpkg"], "truncated.gpkg")


def test_the_load_dialog_says_why(qgis_iface, qgis_new_project, qtbot, ledger, tmp_path):
    from lianwei.ui.load_layers_dialog import LoadLayersDialog

    dialog = LoadLayersDialog(qgis_iface)
    qtbot.addWidget(dialog)
    dialog.ledger.setFilePath(ledger)
    page = dialog.page("cadastre")
    for name in ("dbf_truncated/parcels.shp", "shp_missing_shx/parcels.shp", "truncated.gpkg"):
        page.file.setFilePath(bad(name))
        assert_words(page.crs_line.text(), CASES[name], name)
        assert page.layer is None and not page.use.isChecked()


def test_open_source_refuses_before_qgis_reads_part_of_it():
    from lianwei.layers.convert import DataError
    from lianwei.layers.office_source import OfficeSource, open_source

    for name in ("dbf_truncated/parcels.shp", "shp_missing_dbf/parcels.shp", "broken.geojson"):
        with pytest.raises(DataError) as caught:
            open_source(OfficeSource(bad(name)))
        assert_words(str(caught.value), CASES[name], name)


def test_explain_unreadable_passes_gdals_message_beside_the_chinese(tmp_path):
    from lianwei.layers.source_problems import explain_unreadable

    broken = tmp_path / "村界.geojson"
    shutil.copy(os.path.join(BAD, "broken.geojson"), broken)
    message = explain_unreadable(str(broken))
    assert str(broken) in message and "无法读取" in message and "cannot read" in message
    assert "GDAL says:" in message and "GDAL 的原话" in message
