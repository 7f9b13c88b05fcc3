"""Loading an office's own layers into the ledger through the real dialog, and lianwei:importreference."""

import hashlib
import os
import shutil

import pytest
from gpkg_copy import copy_gpkg
from osgeo import ogr
from provider_helper import ensure_provider
from qgis.core import QgsProcessingException, QgsProviderRegistry, QgsSettings
from qgis.PyQt.QtCore import Qt

from lianwei.tools.sample_sources import write_sample_sources

TABLES = ("villages", "cadastre", "permits", "farmland")


def digest(folder):
    """Every file of ``folder`` with the SHA-1 of its bytes: a source must come out byte-identical."""
    result = {}
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as handle:
            result[name] = hashlib.sha1(handle.read()).hexdigest()
    return result


def rows(path, table):
    """fid-ordered (attributes, centroid x, centroid y) of a GeoPackage table read with OGR."""
    dataset = ogr.Open(path)
    layer = dataset.GetLayerByName(table)
    found = []
    for feature in layer:
        geometry = feature.GetGeometryRef()
        centroid = geometry.Centroid() if geometry is not None else None
        found.append((feature.items(), centroid.GetX() if centroid else None, centroid.GetY() if centroid else None))
    return found


def copy_shapefile(path, folder, stem):
    for extension in (".shp", ".shx", ".dbf", ".prj"):
        shutil.copy(os.path.splitext(path)[0] + extension, os.path.join(folder, stem + extension))
    return os.path.join(folder, stem + ".shp")


@pytest.fixture(autouse=True)
def _no_remembered_mappings():
    """Every test starts from the proposals: the test profile (.qgis-settings) lives on in the checkout, and a
    later run, or the chroot's run of the same checkout, may meet the same temporary paths again."""
    from lianwei.ui.load_layers_page import SETTINGS_GROUP

    QgsSettings().remove(SETTINGS_GROUP)
    yield
    QgsSettings().remove(SETTINGS_GROUP)


@pytest.fixture(scope="module")
def sources(small_sample, tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("office"))
    return write_sample_sources(small_sample["OUTPUT"], folder)


@pytest.fixture
def ledger(small_sample, tmp_path):
    path = str(tmp_path / "ledger.gpkg")
    copy_gpkg(small_sample["OUTPUT"], path)
    return path


@pytest.fixture
def dialog(qgis_iface, qgis_new_project, qtbot, ledger):
    from lianwei.ui.load_layers_dialog import LoadLayersDialog

    ensure_provider()
    widget = LoadLayersDialog(qgis_iface)
    qtbot.addWidget(widget)
    widget.ledger.setFilePath(ledger)
    return widget


def run_import(dialog, qtbot):
    assert dialog.start_import(), dialog.status.text()
    assert dialog.task is not None and not dialog.import_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=120_000)


def test_gbk_shapefile_without_cpg_is_fixed_and_imported_in_chinese(dialog, qtbot, sources, ledger, small_sample):
    folder = os.path.dirname(sources["villages"])
    before = digest(folder)
    page = dialog.page("villages")
    page.file.setFilePath(sources["villages"])
    assert page.layer is not None and page.use.isChecked()
    assert page.banner.isVisibleTo(dialog) and "GBK" in page.fix_button.text()
    shown = page.preview_texts()
    assert len(shown) == 10 and any("\ufffd" in cell for row in shown for cell in row)
    assert page.current_mapping() == {
        "village_code": "CJDM",
        "village_name": "CJMC",
        "town_name": "XZMC",
        "zone": None,
        "work_group": None,
        "quota_m2": None,
    }
    qtbot.mouseClick(page.fix_button, Qt.MouseButton.LeftButton)
    assert not page.banner.isVisibleTo(dialog)
    shown = page.preview_texts()
    expected = rows(small_sample["OUTPUT"], "villages")
    assert shown[0][:3] == [expected[0][0]["village_code"], expected[0][0]["village_name"], "清溪镇"]
    assert not any("\ufffd" in cell for row in shown for cell in row)
    run_import(dialog, qtbot)
    assert dialog.errors == {} and dialog.results["villages"]["WRITTEN"] == 14
    stored = rows(ledger, "villages")
    assert [r[0]["village_name"] for r in stored] == [r[0]["village_name"] for r in expected]
    assert "石桥村" in {r[0]["village_name"] for r in stored}
    assert [(round(r[1], 3), round(r[2], 3)) for r in stored] == [(round(r[1], 3), round(r[2], 3)) for r in expected]
    assert "14" in dialog.status.text()
    assert digest(folder) == before  # no .cpg written, nothing touched


def test_unreadable_text_is_never_imported(dialog, sources, ledger):
    page = dialog.page("villages")
    page.file.setFilePath(sources["villages"])
    assert page.fix == "GBK"
    assert not dialog.start_import()
    assert "使用 GBK" in dialog.status.text() or "Use GBK" in dialog.status.text()
    assert dialog.task is None


def test_a_corrected_mapping_is_proposed_again(qgis_iface, qgis_new_project, qtbot, sources, tmp_path):
    from lianwei.ui.load_layers_dialog import LoadLayersDialog

    cadastre = copy_shapefile(sources["cadastre"], str(tmp_path), "宗地")

    first = LoadLayersDialog(qgis_iface)
    qtbot.addWidget(first)
    page = first.page("cadastre")
    page.file.setFilePath(cadastre)
    assert page.current_mapping() == {
        "parcel_id": "ZDDM",
        "owner": "QLR",
        "land_class": "DLBM",
        "land_class_name": "DLMC",
    }
    page.set_mapping("land_class_name", None)  # the user does not want the names
    page.set_mapping("owner", "DLMC")  # and (say) keeps something else as owner
    second = LoadLayersDialog(qgis_iface)
    qtbot.addWidget(second)
    again = second.page("cadastre")
    again.file.setFilePath(cadastre)
    assert again.current_mapping() == {
        "parcel_id": "ZDDM",
        "owner": "DLMC",
        "land_class": "DLBM",
        "land_class_name": None,
    }
    # Another source gets its own proposal.
    other = second.page("farmland")
    other.file.setFilePath(sources["farmland"])
    assert other.current_mapping() == {"patch_id": "TBBH"}


def test_all_four_roles_land_in_the_ledger_at_the_right_place(dialog, qtbot, sources, ledger, small_sample):
    folder = os.path.dirname(sources["villages"])
    before = digest(folder)
    for table in TABLES:
        page = dialog.page(table)
        page.file.setFilePath(sources[table])
        if page.fix:
            page.apply_encoding_fix()
    assert "4524" in dialog.page("cadastre").crs_line.text()
    assert "4490" in dialog.page("permits").crs_line.text()
    permits_preview = dialog.page("permits").preview_texts()
    run_import(dialog, qtbot)
    assert dialog.errors == {}
    for table in TABLES:
        expected, stored = rows(small_sample["OUTPUT"], table), rows(ledger, table)
        assert dialog.results[table]["WRITTEN"] == len(expected) == len(stored)
        assert dialog.results[table]["REPLACED"] == len(expected)
        for (values, x, y), (want, wx, wy) in zip(stored, expected):
            # EPSG:4524 (zone-prefixed) and EPSG:4490 (degrees) back in EPSG:4545: within a millimetre.
            assert abs(x - wx) < 1e-3 and abs(y - wy) < 1e-3
            if table != "villages":
                assert values == want
    # The preview showed the permits as stored: text areas as numbers, Chinese dates and type names as codes.
    first = rows(ledger, "permits")[0][0]
    assert permits_preview[0][0] == first["permit_no"] and permits_preview[0][1] == first["permit_type"]
    assert permits_preview[0][3] == f"{first['approved_m2']:.2f}"
    assert digest(folder) == before


def test_a_bad_value_leaves_the_ledger_as_it_was(dialog, qtbot, sources, ledger, tmp_path):
    path = str(tmp_path / "许可_坏.gpkg")
    shutil.copy(sources["permits"], path)
    dataset = ogr.Open(path, 1)
    layer = dataset.GetLayer(0)
    feature = layer.GetFeature(5)
    feature.SetField("批准面积", "约200平方米")
    layer.SetFeature(feature)
    dataset = layer = feature = None
    before = {table: rows(ledger, table) for table in TABLES}
    page = dialog.page("permits")
    page.file.setFilePath(path)
    assert any("约200" in " ".join(row) for row in page.preview_texts())  # the preview already says it
    run_import(dialog, qtbot)
    message = dialog.errors["permits"]
    assert "approved_m2" in message and "批准面积" in message and "约200" in message
    assert "要素 5" in message and "feature 5" in message and "许可_坏" in message
    assert "不是数字" in message and "not a number" in message
    assert {table: rows(ledger, table) for table in TABLES} == before
    assert "permits" not in dialog.results


def test_processing_run_with_a_path_detects_gbk_and_refuses_a_second_append(lianwei_provider, sources, ledger):
    import processing

    result = processing.run(
        "lianwei:importreference",
        {"INPUT": sources["cadastre"], "TABLE": 1, "MAPPING": "", "LEDGER": ledger, "REPLACE": True},
    )
    assert result["WRITTEN"] == 2000 and result["REPAIRED"] == 0
    assert result["MAPPING"] == "parcel_id=ZDDM;owner=QLR;land_class=DLBM;land_class_name=DLMC"
    owners = {r[0]["owner"] for r in rows(ledger, "cadastre")}
    assert "\ufffd" not in "".join(o for o in owners if o) and any("\u4e00" <= o[0] <= "\u9fff" for o in owners if o)
    # The ledger holds this farmland already: appending it again would count every patch twice.
    with pytest.raises(QgsProcessingException, match="同一 patch_id .*已在台账表中.*already in the ledger table"):
        processing.run(
            "lianwei:importreference",
            {"INPUT": sources["farmland"], "TABLE": 3, "MAPPING": "patch_id=TBBH", "LEDGER": ledger, "REPLACE": False},
        )
    assert len(rows(ledger, "farmland")) == 8


def test_invalid_and_multipart_geometries_and_a_missing_crs(lianwei_provider, ledger, tmp_path, sources):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    import processing

    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4545&field=TBBH:string", "手绘", "memory")
    features = []
    for number, wkt in (
        ("B1", "MULTIPOLYGON(((536000 2533000, 536100 2533100, 536100 2533000, 536000 2533100, 536000 2533000)))"),
        (
            "B2",
            "MULTIPOLYGON(((536000 2533000, 536010 2533000, 536010 2533010, 536000 2533000)),"
            "((536100 2533000, 536110 2533000, 536110 2533010, 536100 2533000)))",
        ),
    ):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([number])
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    result = processing.run("lianwei:importreference", {"INPUT": layer, "TABLE": 3, "LEDGER": ledger})
    assert result["REPAIRED"] == 1 and result["EXPLODED"] == 2  # the bow-tie's two triangles, B2's two parts
    assert result["WRITTEN"] == 4
    stored = rows(ledger, "farmland")
    assert [r[0]["patch_id"] for r in stored] == ["B1", "B1", "B2", "B2"]
    # A shapefile that lost its .prj: the 36xxxxxx eastings say EPSG:4524.
    expected = rows(ledger, "cadastre")
    shapefile = copy_shapefile(sources["cadastre"], str(tmp_path), "zd")
    os.remove(str(tmp_path / "zd.prj"))
    result = processing.run(
        "lianwei:importreference", {"INPUT": shapefile, "TABLE": 1, "LEDGER": ledger, "REPLACE": True}
    )
    assert result["WRITTEN"] == 2000
    stored = rows(ledger, "cadastre")
    assert all(abs(a[1] - b[1]) < 1e-3 and abs(a[2] - b[2]) < 1e-3 for a, b in zip(stored, expected))


def test_a_geopackage_connection_is_offered(dialog, sources):
    metadata = QgsProviderRegistry.instance().providerMetadata("ogr")
    connection = metadata.createConnection(sources["permits"], {})
    metadata.saveConnection(connection, "许可库")
    try:
        page = dialog.page("permits")
        page.fill_connections()
        page.from_database.setChecked(True)
        index = page.connection.findData("ogr:许可库")
        assert index > 0
        page.connection.setCurrentIndex(index)
        page._connection_chosen(index)
        assert page.db_table.count() == 1 and page.source.connection == "许可库"
        assert page.current_mapping()["permit_no"] == "许可证号"
        assert page.preview_texts()[0][0] == rows(sources["permits"], "许可")[0][0]["许可证号"]
    finally:
        metadata.deleteConnection("许可库")


def test_every_reason_and_note_of_core_is_translated():
    from lianwei.core import dbf_encoding, incoming, reference_values
    from lianwei.layers import office_source, reference_import
    from lianwei.translation import tr_chinese

    assert office_source.CRS_NOTES == dbf_encoding.NOTES
    assert reference_import.INCOMING_REASONS == incoming.REASONS
    reasons = [v for k, v in vars(reference_values).items() if k.isupper() and isinstance(v, str) and k[0] != "_"]
    assert set(reasons) <= set(reference_import.REASONS)
    for text in dbf_encoding.NOTES + reference_import.REASONS + incoming.REASONS:
        assert tr_chinese(text) != text


def test_menu_entry_opens_the_dialog_on_the_project_ledger(
    qgis_iface, qgis_new_project, ledger, without_lianwei_provider
):
    from qgis.core import QgsProject
    from qgis.PyQt.QtWidgets import QAction

    import lianwei
    from lianwei.layers.project import ledger_layers

    QgsProject.instance().addMapLayers(list(ledger_layers(ledger).values()))
    plugin = lianwei.classFactory(qgis_iface)
    plugin.initGui()
    try:
        action = next(a for a in plugin.actions if a.objectName() == "LianweiLoadOfficeLayers")
        assert isinstance(action, QAction) and action in plugin.toolbar.actions()
        assert action.text() in ("Load office layers…", "加载本单位图层…")
        action.trigger()
        dialog = plugin.load_layers_dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.ledger.filePath() == ledger
        assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == ["村界", "宗地", "许可", "永久基本农田"]
    finally:
        plugin.unload()
        QgsProject.instance().removeAllMapLayers()
    assert plugin.load_layers_dialog is None
    ensure_provider()


def test_a_cancel_rolls_everything_back(qgis_app, sources, ledger):
    from qgis.core import QgsProcessingFeedback, QgsProject

    from lianwei.core.errors import Canceled
    from lianwei.layers.office_source import OfficeSource, open_source
    from lianwei.layers.reference_import import canceled_check, import_reference

    before = rows(ledger, "cadastre")
    layer = open_source(OfficeSource(sources["cadastre"], encoding="GBK"))
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    mapping = {"parcel_id": "ZDDM", "owner": "QLR"}
    with pytest.raises(Canceled):
        context = QgsProject.instance().transformContext()
        import_reference(layer, "宗地", "cadastre", mapping, ledger, True, context, canceled_check(feedback))
    assert rows(ledger, "cadastre") == before
