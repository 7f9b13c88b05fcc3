"""Coordinates that do not fit their CRS, through every reader: lianwei:checkviolations (the violations and the
reference layers), lianwei:importreference, the load dialog and the map tools. Certain fixes give the same result
as the right data and are reported; refusals name the layer and what to do (the corpus, test_bad_corpus.py, has
the refusals of the files in tests/data/bad/coordinates)."""

import os
import shutil

import pytest
from gpkg_copy import copy_gpkg
from osgeo import ogr, osr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProcessingException,
    QgsProject,
    QgsVectorLayer,
)
from recording_feedback import RecordingFeedback
from shapely import wkb as shapely_wkb
from shapely.ops import transform as shapely_transform

from lianwei.layers.ledger_store import table_dump

BAD = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "bad")
E0, N0 = 536000.0, 2533000.0
# The corpus parcels' centroids in EPSG:4545 (tests/data/bad/make_bad_coordinates.py).
CENTROIDS = {"P-HOMES": (E0 + 300, N0 + 500), "P-FOREST": (E0 + 800, N0 + 500), "P-FIELDS": (E0 + 1500, N0 + 500)}
CHECKED = ("footprint_m2", "ellipsoid_m2", "village_code", "parcel_id", "owner", "permitted_m2", "farmland_m2")


def corpus_file(name, folder):
    """A copy of a corpus shapefile (all its side files) in ``folder``: the corpus itself is never opened."""
    stem = os.path.splitext(name)[0]
    for file in os.listdir(os.path.join(BAD, "coordinates")):
        if os.path.splitext(file)[0] == stem:
            shutil.copy(os.path.join(BAD, "coordinates", file), folder)
    return os.path.join(str(folder), name)


def rewritten(ledger, table, path, change, epsg=4545):
    """The ledger's ``table`` written to a GeoPackage of its own with every vertex changed by ``change`` (x, y) ->
    (x, y), labelled EPSG:``epsg``: the same data as an office might hand them over."""
    source = ogr.Open(ledger)
    layer = source.GetLayerByName(table)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    target = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    out = target.CreateLayer(table, srs, layer.GetGeomType())
    definition = layer.GetLayerDefn()
    for k in range(definition.GetFieldCount()):
        out.CreateField(definition.GetFieldDefn(k))
    for feature in layer:
        row = ogr.Feature(out.GetLayerDefn())
        for k in range(definition.GetFieldCount()):
            row.SetField(definition.GetFieldDefn(k).GetName(), feature.GetField(k))
        geometry = feature.GetGeometryRef()
        if geometry is not None:
            shape = shapely_transform(
                lambda x, y, z=None: change(x, y), shapely_wkb.loads(bytes(geometry.ExportToWkb()))
            )
            row.SetGeometry(ogr.CreateGeometryFromWkb(shape.wkb))
        out.CreateFeature(row)
    source = target = layer = out = None  # noqa: F841 - closes both files
    return f"{path}|layername={table}"


def run_check(sample, feedback=None, **overrides):
    import processing

    ledger = sample["OUTPUT"]
    parameters = {
        "INPUT": f"{ledger}|layername=violations",
        "PERMITS": f"{ledger}|layername=permits",
        "CADASTRE": f"{ledger}|layername=cadastre",
        "VILLAGES": f"{ledger}|layername=villages",
        "FARMLAND": f"{ledger}|layername=farmland",
        "REPORT_DATE": "2024-08-31",
        "OUTPUT": "memory:",
    }
    parameters.update(overrides)
    return processing.run("lianwei:checkviolations", parameters, feedback=feedback)


def by_case(result):
    return {f["case_id"]: f for f in result["OUTPUT"].getFeatures()}


@pytest.fixture(scope="module")
def reference_check(small_sample):
    """The check of the sample township as it should be read, every layer right."""
    return by_case(run_check(small_sample))


def assert_same_check(result, reference):
    assert result.keys() == reference.keys()
    for case, want in reference.items():
        got = result[case]
        for name in CHECKED:
            if isinstance(want[name], float):
                assert got[name] == pytest.approx(want[name], abs=0.011), (case, name)
            else:
                assert got[name] == want[name], (case, name)


def prefixed(x, y):
    return x + 36_000_000.0, y


def swapped(x, y):
    return y, x


def test_check_reads_prefixed_eastings_under_the_crs_without_prefix(small_sample, reference_check, tmp_path):
    # Before: every case fell outside every village, with an ellipsoidal area of 0.
    ledger = small_sample["OUTPUT"]
    violations = rewritten(ledger, "violations", str(tmp_path / "v.gpkg"), prefixed)
    cadastre = rewritten(ledger, "cadastre", str(tmp_path / "c.gpkg"), prefixed)
    feedback = RecordingFeedback()
    result = run_check(small_sample, feedback, INPUT=violations, CADASTRE=cadastre)
    assert_same_check(by_case(result), reference_check)
    assert feedback.log.count("EPSG:4524 is used instead") == 2 and "改用 EPSG:4524" in feedback.log
    assert "Outside every village" not in feedback.log
    assert result["OUTPUT"].crs().authid() == "EPSG:4524"  # the output says what its coordinates are


def test_check_reads_swapped_violations_and_writes_them_the_right_way_round(small_sample, reference_check, tmp_path):
    ledger = small_sample["OUTPUT"]
    violations = rewritten(ledger, "violations", str(tmp_path / "v.gpkg"), swapped)
    villages = rewritten(ledger, "villages", str(tmp_path / "c.gpkg"), lambda x, y: (y, x + 36e6))
    feedback = RecordingFeedback()
    result = run_check(small_sample, feedback, INPUT=violations, VILLAGES=villages)
    assert_same_check(by_case(result), reference_check)
    assert "X/Y swapped and read as EPSG:4545" in feedback.log and "X/Y swapped and read as EPSG:4524" in feedback.log
    original = {f["case_id"]: f for f in QgsVectorLayer(f"{ledger}|layername=violations", "v", "ogr").getFeatures()}
    for case, feature in by_case(result).items():
        assert feature.geometry().centroid().asPoint().distance(original[case].geometry().centroid().asPoint()) < 1e-6


def test_check_reads_a_swapped_reference_through_qgis_the_same(small_sample, reference_check, tmp_path):
    # A layer with a filter is read through QGIS, not SQLite. Before, its features' boxes were swapped once more
    # than the boxes they were compared with, and parcels near a violation were missed.
    cadastre = rewritten(small_sample["OUTPUT"], "cadastre", str(tmp_path / "c.gpkg"), swapped)
    feedback = RecordingFeedback()
    result = run_check(small_sample, feedback, CADASTRE=cadastre + '|subset="fid" > 0')
    assert_same_check(by_case(result), reference_check)
    assert "X/Y swapped and read as EPSG:4545" in feedback.log
    assert sum(1 for f in reference_check.values() if f["parcel_id"]) > 50


def test_check_reads_degrees_under_a_projected_crs(small_sample, reference_check, tmp_path):
    to_degrees = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4545"), QgsCoordinateReferenceSystem("EPSG:4490"), QgsProject.instance()
    )

    def degrees(x, y):
        point = to_degrees.transform(x, y)
        return point.x(), point.y()

    permits = rewritten(small_sample["OUTPUT"], "permits", str(tmp_path / "p.gpkg"), degrees)
    feedback = RecordingFeedback()
    assert_same_check(by_case(run_check(small_sample, feedback, PERMITS=permits)), reference_check)
    assert "longitudes and latitudes in China: read as EPSG:4490" in feedback.log


def test_check_refuses_a_layer_far_from_the_villages_and_writes_nothing(small_sample, lianwei_provider, tmp_path):
    far = rewritten(small_sample["OUTPUT"], "farmland", str(tmp_path / "远处农田.gpkg"), lambda x, y: (x, y + 3e5))
    output = str(tmp_path / "checked.gpkg")
    with pytest.raises(QgsProcessingException) as error:
        run_check(small_sample, FARMLAND=far, OUTPUT=output)
    message = str(error.value)
    assert "距台账村界" in message and "km from the ledger's villages" in message and "远处农田" in message
    assert not os.path.exists(output)


def test_check_refuses_zone_prefixes_that_are_no_zone(lianwei_provider, tmp_path):
    # Before: a northing given as X was "zone 2" (EPSG:4490 when the CRS was missing); "zone 99" an EPSG code of
    # nothing. Now the check says which values and what to do, before anything is read.
    from test_check_violations import run_check as run_hand_check

    for prefix in (2, 99):
        layer = corpus_file(f"coords_zone{prefix}.shp", tmp_path)
        with pytest.raises(QgsProcessingException) as error:
            run_hand_check(layer)
        message = str(error.value)
        assert f"begin with {prefix} million" in message and f"百万位为 {prefix}" in message
        assert f"zone{prefix}" in message


@pytest.fixture
def ledger(small_sample, tmp_path):
    path = str(tmp_path / "台账.gpkg")
    copy_gpkg(small_sample["OUTPUT"], path)
    return path


def stored_centroids(ledger, table="cadastre"):
    layer = QgsVectorLayer(f"{ledger}|layername={table}", table, "ogr")
    return {f["parcel_id"]: f.geometry().centroid().asPoint() for f in layer.getFeatures()}


@pytest.mark.parametrize(
    "name,note",
    [
        ("coords_swapped.shp", "X/Y swapped and read as EPSG:4545"),
        ("coords_swapped_prefixed.shp", "X/Y swapped and read as EPSG:4524"),
        ("coords_prefixed_under_cm108.shp", "EPSG:4524 is used instead"),
        ("coords_lonlat_under_cm108.shp", "longitudes and latitudes in China: read as EPSG:4490"),
    ],
)
def test_import_puts_fixable_coordinates_in_the_right_place(lianwei_provider, ledger, tmp_path, name, note):
    import processing

    feedback = RecordingFeedback()
    path = corpus_file(name, tmp_path)
    parameters = {"INPUT": path, "TABLE": 1, "LEDGER": ledger, "REPLACE": True}
    result = processing.run("lianwei:importreference", parameters, feedback=feedback)
    assert result["WRITTEN"] == 3
    assert note in feedback.log and name[:-4] in feedback.log
    stored = stored_centroids(ledger)
    assert stored.keys() == CENTROIDS.keys()
    for key, (x, y) in CENTROIDS.items():
        assert abs(stored[key].x() - x) < 1e-3 and abs(stored[key].y() - y) < 1e-3, (key, stored[key])


def test_import_of_the_import_corpus_fixes(lianwei_provider, ledger):
    """Two files of the import corpus that are fixed, not refused: X/Y swapped and degrees, under EPSG:4545."""
    import processing

    feedback = RecordingFeedback()
    swapped_file = os.path.join(BAD, "import", "swapped_xy_no_crs_fix_cadastre.geojson")
    result = processing.run(
        "lianwei:importreference", {"INPUT": swapped_file, "TABLE": 1, "LEDGER": ledger}, feedback=feedback
    )
    assert result["WRITTEN"] == 1 and "X/Y" in feedback.log
    centroid = stored_centroids(ledger)["S1"]
    assert abs(centroid.x() - 536050.0) < 1e-6 and abs(centroid.y() - 2533050.0) < 1e-6
    degrees_file = os.path.join(BAD, "import", "degrees_under_projected_cadastre.geojson")
    feedback = RecordingFeedback()
    result = processing.run(
        "lianwei:importreference", {"INPUT": degrees_file, "TABLE": 1, "LEDGER": ledger}, feedback=feedback
    )
    assert result["WRITTEN"] == 1 and "EPSG:4490" in feedback.log
    expected = QgsGeometry.fromWkt("POLYGON((108.3 22.8, 108.301 22.8, 108.301 22.801, 108.3 22.8))")
    expected.transform(
        QgsCoordinateTransform(
            QgsCoordinateReferenceSystem("EPSG:4490"), QgsCoordinateReferenceSystem("EPSG:4545"), QgsProject.instance()
        )
    )
    assert stored_centroids(ledger)["G1"].distance(expected.centroid().asPoint()) < 1e-3


def test_import_refusal_leaves_the_ledger_as_it_was(lianwei_provider, ledger, tmp_path):
    import processing

    before = table_dump(ledger)
    with pytest.raises(QgsProcessingException) as error:
        processing.run(
            "lianwei:importreference",
            {"INPUT": corpus_file("coords_other_zone.shp", tmp_path), "TABLE": 1, "LEDGER": ledger, "REPLACE": True},
        )
    message = str(error.value)
    assert "coords_other_zone" in message and "set the layer's CRS to EPSG:4525" in message
    assert "请把图层的坐标参照系设为 EPSG:4525" in message
    assert table_dump(ledger) == before


@pytest.fixture
def dialog(qgis_iface, qgis_new_project, qtbot, ledger):
    from provider_helper import ensure_provider

    from lianwei.ui.load_layers_dialog import LoadLayersDialog

    ensure_provider()
    widget = LoadLayersDialog(qgis_iface)
    qtbot.addWidget(widget)
    widget.ledger.setFilePath(ledger)
    return widget


def test_the_load_dialog_shows_a_fix_and_refuses_what_cannot_be_fixed(dialog, tmp_path):
    page = dialog.page("cadastre")
    page.file.setFilePath(corpus_file("coords_swapped.shp", tmp_path))
    assert "X/Y" in page.crs_line.text() and not page.diagnosis.blocking
    page.file.setFilePath(corpus_file("coords_far.shp", tmp_path))  # 200 km from the ledger's villages
    assert page.diagnosis.blocking
    assert not dialog.start_import() and dialog.task is None
    assert "km" in dialog.status.text() and "宗地" in dialog.status.text()


def shift_ledger_table(path, table, dx):
    """Move every geometry of a ledger table by ``dx`` in place: a table whose coordinates no longer fit its CRS."""
    dataset = ogr.Open(path, 1)
    layer = dataset.GetLayerByName(table)
    for feature in layer:
        geometry = feature.GetGeometryRef()
        shape = shapely_transform(lambda x, y, z=None: (x + dx, y), shapely_wkb.loads(bytes(geometry.ExportToWkb())))
        feature.SetGeometry(ogr.CreateGeometryFromWkb(shape.wkb))
        layer.SetFeature(feature)
    layer = None
    dataset.ExecuteSQL(f"RECOMPUTE EXTENT ON {table}")  # else the stored extent still holds the old places
    dataset = None  # noqa: F841 - closes the file


def test_the_map_tools_refuse_a_reference_table_that_does_not_fit(small_sample, tmp_path, qgis_new_project, qgis_iface):
    from case_ledger import close_case_ledger, open_case_ledger
    from qgis.core import Qgis

    from lianwei.ui.case_tools import NewCase

    shifted = str(tmp_path / "shifted.gpkg")
    copy_gpkg(small_sample["OUTPUT"], shifted)
    shift_ledger_table(shifted, "cadastre", 36_000_000.0)  # zone-prefixed eastings under the ledger's EPSG:4545
    folder = tmp_path / "open"
    folder.mkdir()
    _path, layers = open_case_ledger(shifted, folder, "测试员")
    try:
        qgis_iface.messageBar().clear_messages()
        layer = layers["violations"]
        count = layer.featureCount()
        centre = next(layers["villages"].getFeatures()).geometry().pointOnSurface().asPoint()
        x, y = centre.x(), centre.y()
        square = QgsGeometry.fromWkt(f"POLYGON(({x} {y}, {x + 10} {y}, {x + 10} {y + 10}, {x} {y}))")
        assert NewCase(qgis_iface, layer, open_form=False).add(square) is None  # no case with a wrong parcel
        assert layer.featureCount() == count
        (text,) = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)
        assert "宗地 (cadastre)" in text and "EPSG:4524" in text and "先改正" in text and "correct its CRS" in text
    finally:
        close_case_ledger()


def test_a_picked_patch_whose_coordinates_do_not_fit_gives_no_case(
    small_sample, tmp_path, qgis_new_project, qgis_iface
):
    from case_ledger import close_case_ledger, open_case_ledger
    from qgis.core import Qgis, QgsFeature, QgsPointXY, QgsRectangle
    from qgis.gui import QgsMapMouseEvent
    from qgis.PyQt.QtCore import QEvent, QPoint, Qt

    from lianwei.ui.case_tools import PickCaseTool

    _path, layers = open_case_ledger(small_sample["OUTPUT"], tmp_path, "测试员")
    # A patrol sketch whose eastings carry the zone number under EPSG:4545: QGIS draws it 36,000 km east.
    sketch = QgsVectorLayer("Polygon?crs=EPSG:4545&field=name:string", "巡查草图", "memory")
    feature = QgsFeature(sketch.fields())
    x, y = E0 + 36e6 + 300, N0 + 300
    feature.setGeometry(QgsGeometry.fromWkt(f"POLYGON(({x} {y}, {x + 40} {y}, {x + 40} {y + 40}, {x} {y}))"))
    sketch.dataProvider().addFeatures([feature])
    QgsProject.instance().addMapLayer(sketch)
    canvas = qgis_iface.mapCanvas()
    try:
        canvas.resize(800, 800)
        canvas.setDestinationCrs(layers["villages"].crs())
        canvas.setLayers([sketch])
        canvas.setExtent(QgsRectangle(x - 50, y - 50, x + 90, y + 90))
        canvas.refresh()
        qgis_iface.messageBar().clear_messages()
        layer = layers["violations"]
        count = layer.featureCount()
        tool = PickCaseTool(qgis_iface, layer, open_form=False)
        pixel = canvas.getCoordinateTransform().transform(QgsPointXY(x + 30, y + 10))
        point = QPoint(round(pixel.x()), round(pixel.y()))
        tool.canvasReleaseEvent(
            QgsMapMouseEvent(canvas, QEvent.Type.MouseButtonRelease, point, Qt.MouseButton.LeftButton)
        )
        assert layer.featureCount() == count
        (text,) = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)
        assert "巡查草图" in text and "EPSG:4524" in text
    finally:
        close_case_ledger()
