"""Shapefile text in GBK or GB18030, without .cpg or with a .cpg that lies, read right by every reader: the check's
violations and reference layers, the import and the load dialog (one detection: office_source.text_reading).

Before, lianwei:checkviolations read such text as QGIS does: owners and parties came out as "������"."""

import os
import shutil
import sys

import pytest
from gpkg_copy import copy_gpkg
from qgis.core import QgsProcessingFeatureSourceDefinition, QgsProject, QgsVectorLayer
from recording_feedback import RecordingFeedback

BAD = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "bad", "coordinates")
sys.path.insert(0, os.path.dirname(BAD))  # make_bad_coordinates, the corpus's writer
GB18030_OWNER = "李\U00020000"  # a character GBK lacks (tests/data/bad/make_bad_coordinates.py)


def corpus_file(name, folder):
    stem = os.path.splitext(name)[0]
    for file in os.listdir(BAD):
        if os.path.splitext(file)[0] == stem:
            shutil.copy(os.path.join(BAD, file), folder)
    return os.path.join(str(folder), name)


def hand_check(feedback=None, **overrides):
    """lianwei:checkviolations on the hand-built references of tests/check_cases.py (memory layers)."""
    from check_cases import CASES, feature
    from test_check_violations import memory_layer, run_check

    violations = memory_layer("violations", [feature(k, g) for k, g in CASES.items() if k in ("inside",)])
    return run_check(overrides.pop("INPUT", violations), feedback, **overrides)


def outputs(result):
    return {f["case_id"]: f for f in result["OUTPUT"].getFeatures()}


def test_check_reads_gbk_violations_and_cadastre_without_cpg(lianwei_provider, tmp_path):
    feedback = RecordingFeedback()
    result = hand_check(
        feedback,
        INPUT=corpus_file("text_gbk_violations.shp", tmp_path),
        CADASTRE=corpus_file("text_gbk_cadastre.shp", tmp_path),
    )
    rows = outputs(result)
    assert rows["C-INSIDE"]["party"] == "黄建国" and rows["C-INSIDE"]["owner"] == "黄建国"
    assert rows["C-FIELDS"]["party"] == "韦文华" and rows["C-FIELDS"]["owner"] == "韦文华"
    assert rows["C-INSIDE"]["village_name"] == "石桥村"
    assert "Text of text_gbk_violations read as GBK" in feedback.log
    assert "Text of text_gbk_cadastre read as GBK" in feedback.log and "的文字按 GBK 读取" in feedback.log


def test_check_reads_gb18030_only_characters(lianwei_provider, tmp_path):
    feedback = RecordingFeedback()
    rows = outputs(hand_check(feedback, CADASTRE=corpus_file("text_gb18030.shp", tmp_path)))
    assert rows["inside"]["owner"] == GB18030_OWNER
    assert "read as GB18030" in feedback.log


def test_a_cpg_that_lies_is_overruled_and_said_so(lianwei_provider, tmp_path):
    # The .cpg is the author's word, and QGIS reads the text in it; when that shows U+FFFD, the bytes decide.
    feedback = RecordingFeedback()
    rows = outputs(hand_check(feedback, CADASTRE=corpus_file("text_cpg_lies.shp", tmp_path)))
    assert rows["inside"]["owner"] == "黄建国"
    assert "The .cpg of text_cpg_lies says UTF-8 but its text is not: read as GBK" in feedback.log
    assert ".cpg 标明 UTF-8" in feedback.log


def test_check_reads_the_selected_features_of_a_gbk_layer(lianwei_provider, tmp_path):
    layer = QgsVectorLayer(corpus_file("text_gbk_violations.shp", tmp_path), "违法图斑", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        layer.selectByIds([f.id() for f in layer.getFeatures() if f["case_id"] == "C-FIELDS"])
        rows = outputs(hand_check(INPUT=QgsProcessingFeatureSourceDefinition(layer.id(), True)))
        assert list(rows) == ["C-FIELDS"] and rows["C-FIELDS"]["party"] == "韦文华"
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_check_of_the_sample_with_a_cadastre_in_gbk_and_zone_prefixed(small_sample, lianwei_provider, tmp_path):
    """The sample's 2,000 parcels as an office might hand them over: GBK without .cpg, eastings with the zone number
    under the CRS without it (EPSG:4545). Same parcels and owners as the ledger's own table."""
    from make_bad_coordinates import write_shapefile
    from osgeo import ogr
    from shapely import wkb
    from shapely.affinity import translate
    from test_coordinate_check import by_case, run_check

    dataset = ogr.Open(small_sample["OUTPUT"])
    rows = [
        (
            (f["parcel_id"], f["owner"] or "", f["land_class"] or ""),
            translate(wkb.loads(bytes(g.ExportToWkb())), 36e6).wkt,
        )
        for f in dataset.GetLayerByName("cadastre")
        for g in [f.GetGeometryRef()]
    ]
    dataset = None
    fields = (("parcel_id", 19), ("owner", 100), ("land_class", 4))
    cadastre = write_shapefile(str(tmp_path / "宗地.shp"), 4545, fields, rows, "CP936")
    feedback = RecordingFeedback()
    result = by_case(run_check(small_sample, feedback, CADASTRE=cadastre))
    reference = by_case(run_check(small_sample))
    assert {k: (f["parcel_id"], f["owner"]) for k, f in result.items()} == {
        k: (f["parcel_id"], f["owner"]) for k, f in reference.items()
    }
    assert any("\u4e00" <= c <= "\u9fff" for f in result.values() for c in (f["owner"] or ""))
    assert "Text of 宗地 read as GBK" in feedback.log and "EPSG:4524 is used instead" in feedback.log, feedback.log


@pytest.mark.parametrize(
    "name,owner,encoding",
    [("text_gb18030.shp", GB18030_OWNER, "GB18030"), ("text_cpg_lies.shp", "黄建国", "GBK")],
)
def test_import_stores_the_text_right(lianwei_provider, small_sample, tmp_path, name, owner, encoding):
    import processing

    ledger = str(tmp_path / "台账.gpkg")
    copy_gpkg(small_sample["OUTPUT"], ledger)
    feedback = RecordingFeedback()
    parameters = {"INPUT": corpus_file(name, tmp_path), "TABLE": 1, "LEDGER": ledger, "REPLACE": True}
    result = processing.run("lianwei:importreference", parameters, feedback=feedback)
    assert result["WRITTEN"] == 3 and f"read as {encoding}" in feedback.log
    stored = {f["parcel_id"]: f["owner"] for f in QgsVectorLayer(f"{ledger}|layername=cadastre").getFeatures()}
    assert stored["P-HOMES"] == owner and stored["P-FOREST"] == "石桥村股份经济合作社"


@pytest.fixture
def dialog(qgis_iface, qgis_new_project, qtbot, small_sample, tmp_path):
    from provider_helper import ensure_provider

    from lianwei.ui.load_layers_dialog import LoadLayersDialog

    ensure_provider()
    ledger = str(tmp_path / "台账.gpkg")
    copy_gpkg(small_sample["OUTPUT"], ledger)
    widget = LoadLayersDialog(qgis_iface)
    qtbot.addWidget(widget)
    widget.ledger.setFilePath(ledger)
    return widget


@pytest.mark.parametrize("name,encoding", [("text_gb18030.shp", "GB18030"), ("text_cpg_lies.shp", "GBK")])
def test_the_load_dialog_offers_the_real_encoding(dialog, tmp_path, name, encoding):
    page = dialog.page("cadastre")
    page.file.setFilePath(corpus_file(name, tmp_path))
    assert page.fix == encoding and not page.banner.isHidden()
    page.apply_encoding_fix()
    assert page.banner.isHidden()
    assert not any("\ufffd" in cell for row in page.preview_texts() for cell in row)
