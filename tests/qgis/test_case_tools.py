"""Marking cases on the map: draw, pick a parcel, split; each saved case carries the check's values and a number."""

import datetime

import pytest
from case_ledger import close_case_ledger, open_case_ledger, rows
from qgis.core import QgsExpressionContextUtils, QgsGeometry, QgsPointXY, QgsProject, QgsRectangle
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QEvent, QPoint, Qt

from lianwei.core import schema
from lianwei.core.areas import round_half_up

USER = "巡查员李四"


@pytest.fixture
def ledger(small_sample, tmp_path, qgis_new_project, qgis_iface):
    path, layers = open_case_ledger(small_sample["OUTPUT"], tmp_path, USER)
    canvas = qgis_iface.mapCanvas()
    canvas.resize(800, 800)
    canvas.setDestinationCrs(layers["villages"].crs())
    canvas.setLayers([layers[n] for n in ("violations", "permits", "cadastre", "villages")])
    yield path, layers
    if canvas.mapTool() is not None:
        canvas.unsetMapTool(canvas.mapTool())
    close_case_ledger()


def click(canvas, tool, x, y, button=Qt.MouseButton.LeftButton):
    pixel = canvas.getCoordinateTransform().transform(QgsPointXY(x, y))
    point = QPoint(round(pixel.x()), round(pixel.y()))
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
        event = QgsMapMouseEvent(canvas, kind, point, button)
        (tool.canvasPressEvent if kind == QEvent.Type.MouseButtonPress else tool.canvasReleaseEvent)(event)


def open_space(layers):
    """The centre of a village, framed 200 m wide on the canvas."""
    village = next(layers["villages"].getFeatures())
    centre = village.geometry().pointOnSurface().asPoint()
    return village, centre


def frame(canvas, centre, half=100.0):
    canvas.setExtent(QgsRectangle(centre.x() - half, centre.y() - half, centre.x() + half, centre.y() + half))
    canvas.refresh()


def test_a_drawn_polygon_is_saved_with_every_field_filled(ledger, qgis_iface):
    from lianwei.ui.case_tools import DrawCaseTool

    path, layers = ledger
    layer, canvas = layers["violations"], qgis_iface.mapCanvas()
    village, centre = open_space(layers)
    frame(canvas, centre)
    tool = DrawCaseTool(qgis_iface, layer, open_form=False)
    canvas.setMapTool(tool)
    snapping = QgsProject.instance().snappingConfig()
    assert snapping.enabled() and snapping.individualLayerSettings(layers["cadastre"]).enabled()
    x, y = centre.x(), centre.y()
    for dx, dy in ((0, 0), (20, 0), (20, 20), (0, 20)):
        click(canvas, tool, x + dx, y + dy)
    click(canvas, tool, x, y, Qt.MouseButton.RightButton)
    assert layer.commitChanges(), layer.commitErrors()
    year = datetime.date.today().year
    (row,) = rows(
        path,
        "SELECT case_id, village_code, village_name, footprint_m2, ellipsoid_m2, permitted_m2, unpermitted_m2, "
        "parcel_id, status, found_on, area_method, check_note, updated_by, violation_type FROM violations "
        "WHERE fid = (SELECT max(fid) FROM violations)",
    )
    (
        case_id,
        code,
        name,
        footprint,
        ellipsoid,
        permitted,
        unpermitted,
        parcel,
        status,
        found,
        method,
        note,
        who,
        kind,
    ) = row
    assert code == village["village_code"] and name == village["village_name"]
    highest = max(
        int(c.rsplit("-", 1)[1])
        for (c,) in rows(path, "SELECT case_id FROM violations WHERE case_id LIKE ?", f"{code}-{year}-%")
    )
    assert case_id == f"{code}-{year}-{highest:04d}"
    stored = next(layer.getFeatures(f"\"case_id\" = '{case_id}'")).geometry()
    assert footprint == round_half_up(stored.area()) and 300 < footprint < 600
    assert abs(ellipsoid - footprint) / footprint < 0.01
    assert round_half_up(permitted + unpermitted) == footprint
    assert parcel and status == "DISCOVERED" and found == datetime.date.today().isoformat()
    assert "EPSG:4545" in method and note and kind and who == USER
    assert rows(path, "SELECT changed_by FROM case_log WHERE case_id = ? AND field = 'case_id'", case_id) == [(USER,)]


def test_the_form_of_a_drawn_case_opens_filled_in_and_adds_it_when_accepted(ledger, qgis_iface):
    from lianwei.ui.case_tools import NewCase

    path, layers = ledger
    layer = layers["violations"]
    _village, centre = open_space(layers)
    square = QgsGeometry.fromRect(QgsRectangle(centre.x(), centre.y(), centre.x() + 10, centre.y() + 10))

    adder = NewCase(qgis_iface, layer)
    count = layer.featureCount()
    feature = adder.add(square)
    assert adder.dialog.isVisible() and feature["case_id"] in adder.dialog.windowTitle()
    assert float(adder.dialog.attributeForm().currentFormFeature()["footprint_m2"]) == 100.0
    adder.dialog.accept()
    assert layer.featureCount() == count + 1
    assert layer.commitChanges(), layer.commitErrors()
    assert rows(path, "SELECT footprint_m2 FROM violations WHERE case_id = ?", feature["case_id"]) == [(100.0,)]


def test_a_picked_parcel_becomes_a_case_of_the_same_shape(ledger, qgis_iface):
    from lianwei.ui.case_tools import PickCaseTool

    path, layers = ledger
    layer, canvas = layers["violations"], qgis_iface.mapCanvas()
    taken = [f.geometry() for f in layer.getFeatures()] + [p.geometry() for p in layers["cadastre"].getFeatures()]
    parcel, inside = next(
        (p, p.geometry().pointOnSurface())
        for p in layers["cadastre"].getFeatures()
        if sum(g.intersects(p.geometry().pointOnSurface()) for g in taken) == 1
    )
    inside = inside.asPoint()
    frame(canvas, inside, half=20.0)
    canvas.setLayers([layers["cadastre"], layers["villages"]])
    tool = PickCaseTool(qgis_iface, layer, open_form=False)
    canvas.setMapTool(tool)
    click(canvas, tool, inside.x(), inside.y())
    assert layer.commitChanges(), layer.commitErrors()
    (row,) = rows(path, "SELECT parcel_id, footprint_m2 FROM violations WHERE fid = (SELECT max(fid) FROM violations)")
    assert row == (parcel["parcel_id"], round_half_up(parcel.geometry().area()))


def test_splitting_a_case_keeps_the_largest_part_and_numbers_the_others(ledger, qgis_iface):
    from lianwei.ui.case_tools import SplitCaseTool

    path, layers = ledger
    layer, canvas = layers["violations"], qgis_iface.mapCanvas()
    case = max(layer.getFeatures(), key=lambda f: f.geometry().area())
    box = case.geometry().boundingBox()
    frame(canvas, box.center(), half=max(box.width(), box.height()))
    tool = SplitCaseTool(qgis_iface, layer)
    canvas.setMapTool(tool)
    x = box.xMinimum() + box.width() * 0.3
    click(canvas, tool, x, box.yMinimum() - 5)
    click(canvas, tool, x, box.yMaximum() + 5)
    click(canvas, tool, x, box.yMaximum() + 5, Qt.MouseButton.RightButton)
    assert layer.commitChanges(), layer.commitErrors()
    kept = rows(path, "SELECT footprint_m2 FROM violations WHERE case_id = ?", case["case_id"])[0][0]
    parts = rows(
        path,
        "SELECT case_id, footprint_m2, party, remarks FROM violations WHERE remarks LIKE ?",
        "%" + case["case_id"] + "%",
    )
    assert len(parts) == 1 and parts[0][2] == case["party"]
    assert kept > parts[0][1]
    assert round_half_up(kept + parts[0][1]) == pytest.approx(case["footprint_m2"], abs=0.011)
    logged = rows(
        path, "SELECT field FROM case_log WHERE case_id = ? AND field IN ('geom', 'footprint_m2')", case["case_id"]
    )
    assert sorted(f for (f,) in logged) == ["footprint_m2", "geom"]


def test_a_reshaped_case_is_checked_again_when_saved(ledger, qgis_iface):
    from lianwei.ui.case_save_hook import CaseSaveHook

    path, layers = ledger
    layer = layers["violations"]
    hook = CaseSaveHook(qgis_iface)
    case = next(layer.getFeatures())
    bigger = QgsGeometry(case.geometry()).buffer(2.0, 8)
    bigger.convertToMultiType()
    layer.startEditing()
    layer.changeGeometry(case.id(), bigger)
    assert layer.commitChanges(), layer.commitErrors()
    hook.unload()
    (footprint,) = rows(path, "SELECT footprint_m2 FROM violations WHERE fid = ?", case.id())[0]
    assert footprint == round_half_up(bigger.area()) and footprint > case["footprint_m2"]


def test_the_plugin_actions_start_the_tools_on_the_ledger_of_the_project(ledger, qgis_iface):
    from lianwei.ui.case_actions import CaseActions, set_operator
    from lianwei.ui.case_tools import DrawCaseTool, SplitCaseTool

    _path, layers = ledger
    actions = CaseActions(qgis_iface, qgis_iface.mainWindow())
    try:
        assert isinstance(actions.activate("draw"), DrawCaseTool)
        assert layers["violations"].isEditable()
        assert isinstance(actions.activate("split"), SplitCaseTool)
        assert qgis_iface.mapCanvas().mapTool() is actions.tools["split"]
        set_operator("  王工  ")
        assert QgsExpressionContextUtils.globalScope().variable(schema.USER_VARIABLE) == "王工"
    finally:
        layers["violations"].rollBack()
        actions.unload()


def test_a_case_added_with_qgis_own_tools_is_checked_and_numbered_on_save(ledger, qgis_iface):
    from qgis.core import QgsVectorLayerUtils

    from lianwei.ui.case_save_hook import CaseSaveHook

    path, layers = ledger
    layer = layers["violations"]
    village, centre = open_space(layers)
    hook = CaseSaveHook(qgis_iface)
    layer.startEditing()
    squares = []
    for dx in (0, 40):  # two patches pasted or drawn with the stock tool, in this order
        square = QgsGeometry.fromRect(QgsRectangle(centre.x() + dx, centre.y(), centre.x() + dx + 10, centre.y() + 10))
        square.convertToMultiType()
        feature = QgsVectorLayerUtils.createFeature(layer, square, {}, layer.createExpressionContext())
        assert str(feature["case_id"]).startswith(schema.PROVISIONAL_PREFIX)  # the form shows a provisional number
        assert layer.addFeature(feature)
        squares.append(square)
    assert layer.commitChanges(), layer.commitErrors()
    hook.unload()
    code, year = village["village_code"], datetime.date.today().year
    stored = rows(
        path,
        "SELECT case_id, village_code, footprint_m2, area_method FROM violations WHERE fid > ? ORDER BY fid",
        max(f for (f,) in rows(path, "SELECT fid FROM violations")) - 2,
    )
    numbers = [int(case_id.rsplit("-", 1)[1]) for case_id, *_ in stored]
    assert [case_id.rsplit("-", 1)[0] for case_id, *_ in stored] == [f"{code}-{year}"] * 2
    assert numbers[1] == numbers[0] + 1
    assert [s[1:3] for s in stored] == [(code, 100.0), (code, 100.0)] and all(s[3] for s in stored)
