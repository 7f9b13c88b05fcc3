"""Map tools to mark cases: draw a violation (snapping to parcels and permits), take a parcel or patch as its
shape, split a case. Each new case is checked and numbered before its form opens; a reshaped case is checked
again when the layer is saved."""

from __future__ import annotations

from typing import List, Optional

from qgis.core import (
    Qgis,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsSnappingConfig,
    QgsTolerance,
    QgsVectorLayer,
    QgsVectorLayerTools,
    QgsWkbTypes,
)
from qgis.gui import (
    QgsAdvancedDigitizingDockWidget,
    QgsAttributeDialog,
    QgsAttributeEditorContext,
    QgsMapTool,
    QgsMapToolCapture,
    QgsMapToolDigitizeFeature,
    QgsMapToolIdentify,
    QgsRubberBand,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor

from ..core import schema
from ..layers.case_cache import find_ledger_layers, ledger_table_layer
from ..layers.case_check import ledger_of, new_case_feature
from ..layers.case_shapes import CaseShapeError, split_case
from ..layers.convert import DataError, source_extent
from ..layers.coordinate_check import require_fit, township_of
from ..translation import tr, tr_later
from .errors import reports_errors

SNAP_TABLES = ("cadastre", "permits")


def message(iface, text: str, level=Qgis.MessageLevel.Info) -> None:
    iface.messageBar().pushMessage(tr("Lianwei"), text, level, 8)


def case_summary(feature) -> str:
    village = feature["village_name"] or tr("no village")
    return tr("Case {case}: {village}, footprint {area} m², {kind}").format(
        case=feature["case_id"],
        village=village,
        area=f"{float(feature['footprint_m2'] or 0):,.2f}",
        kind=schema.code_label("violation_type", feature["violation_type"]) or tr("no suggested type"),
    )


class NewCase:
    """Adds a checked, numbered case for a shape and opens its form (the form adds it when accepted)."""

    def __init__(self, iface, layer: QgsVectorLayer, open_form: bool = True):
        self.iface, self.layer, self.open_form = iface, layer, open_form
        self.dialog: Optional[QgsAttributeDialog] = None

    def add(self, geometry: QgsGeometry):
        try:
            feature = new_case_feature(self.layer, geometry)
        except DataError as error:  # a reference table whose coordinates do not fit its CRS, named in the message
            message(self.iface, str(error), Qgis.MessageLevel.Critical)
            return None
        if not self.layer.isEditable():
            self.layer.startEditing()
        if not self.open_form:
            self.layer.addFeature(feature)
            message(self.iface, case_summary(feature))
            return feature
        context = QgsAttributeEditorContext()
        context.setMapCanvas(self.iface.mapCanvas())
        tools = self.iface.vectorLayerTools()
        if isinstance(tools, QgsVectorLayerTools):  # the Photos and History tabs need them (a test iface has none)
            context.setVectorLayerTools(tools)
        self.dialog = QgsAttributeDialog(self.layer, feature, False, self.iface.mainWindow(), True, context)
        self.dialog.setMode(QgsAttributeEditorContext.Mode.AddFeatureMode)
        self.dialog.setWindowTitle(tr("New case {case}").format(case=feature["case_id"]))
        self.dialog.show()
        message(self.iface, case_summary(feature))
        return feature


class DrawCaseTool(QgsMapToolDigitizeFeature):
    """Draw the violation's polygon; snapping to the ledger's parcels and permits while the tool is on."""

    def __init__(self, iface, layer: QgsVectorLayer, open_form: bool = True):
        canvas = iface.mapCanvas()
        cad = iface.cadDockWidget()
        if not isinstance(cad, QgsAdvancedDigitizingDockWidget):  # an iface without one (tests, QGIS server)
            cad = QgsAdvancedDigitizingDockWidget(canvas)
        super().__init__(canvas, cad, QgsMapToolCapture.CaptureMode.CapturePolygon)
        self.cad = cad
        self.iface, self.case_layer = iface, layer
        self.new_case = NewCase(iface, layer, open_form)
        self.saved_snapping: Optional[QgsSnappingConfig] = None
        self.setLayer(layer)
        self.digitizingCompleted.connect(self._completed)

    @reports_errors(tr_later("Draw a violation"))
    def activate(self):
        if not self.case_layer.isEditable():
            self.case_layer.startEditing()
        self.saved_snapping = snap_to_references(self.case_layer)
        super().activate()

    def deactivate(self):
        if self.saved_snapping is not None:
            QgsProject.instance().setSnappingConfig(self.saved_snapping)
            self.saved_snapping = None
        super().deactivate()

    @reports_errors(tr_later("Draw a violation"))
    def _completed(self, feature) -> None:
        self.new_case.add(feature.geometry())


class PickCaseTool(QgsMapToolIdentify):
    """Click a parcel, permit or any polygon patch (a 卫片 layer, a patrol sketch): it becomes a new case."""

    def __init__(self, iface, layer: QgsVectorLayer, open_form: bool = True):
        super().__init__(iface.mapCanvas())
        self.iface, self.case_layer = iface, layer
        self.new_case = NewCase(iface, layer, open_form)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def candidate_layers(self) -> List[QgsVectorLayer]:
        villages = ledger_table_layer(QgsProject.instance(), ledger_of(self.case_layer), "villages")
        return [
            layer
            for layer in self.canvas().layers()
            if isinstance(layer, QgsVectorLayer)
            and layer.geometryType() == QgsWkbTypes.GeometryType.PolygonGeometry
            and layer is not villages
        ]

    @reports_errors(tr_later("Take a parcel or patch as a violation"))
    def canvasReleaseEvent(self, event):
        results = self.identify(
            event.x(), event.y(), self.candidate_layers(), QgsMapToolIdentify.IdentifyMode.TopDownStopAtFirst
        )
        if not results:
            message(self.iface, tr("No parcel or patch here"), Qgis.MessageLevel.Warning)
            return
        picked = results[0]
        try:  # a layer shown in the wrong place (its coordinates do not fit its CRS) gives no case
            context = QgsProject.instance().transformContext()
            township = township_of(ledger_of(self.case_layer), context)
            extent = source_extent(picked.mLayer)
            require_fit(picked.mLayer.crs(), extent, picked.mLayer.name(), context, township)
        except DataError as error:
            message(self.iface, str(error), Qgis.MessageLevel.Critical)
            return
        geometry = QgsGeometry(picked.mFeature.geometry())
        if picked.mLayer.crs() != self.case_layer.crs():
            geometry.transform(
                QgsCoordinateTransform(picked.mLayer.crs(), self.case_layer.crs(), QgsProject.instance())
            )
        self.new_case.add(geometry)


class SplitCaseTool(QgsMapTool):
    """Click the points of a line across a case, right-click to split it: the largest part keeps the case."""

    def __init__(self, iface, layer: QgsVectorLayer):
        super().__init__(iface.mapCanvas())
        self.iface, self.case_layer = iface, layer
        self.points: List[QgsPointXY] = []
        self.band = QgsRubberBand(self.canvas(), QgsWkbTypes.GeometryType.LineGeometry)
        self.band.setColor(QColor(220, 30, 30))
        self.band.setWidth(2)
        self.setCursor(Qt.CursorShape.CrossCursor)

    @reports_errors(tr_later("Split a case"))
    def canvasReleaseEvent(self, event):
        if event.button() == Qt.MouseButton.RightButton:
            self.finish()
            return
        point = event.snapPoint() if hasattr(event, "snapPoint") else event.mapPoint()
        self.points.append(self.toLayerCoordinates(self.case_layer, point))
        self.band.addPoint(point)

    @reports_errors(tr_later("Split a case"))
    def finish(self) -> List[int]:
        points, self.points = self.points, []
        self.band.reset(QgsWkbTypes.GeometryType.LineGeometry)
        if len(points) < 2:
            return []
        line = QgsGeometry.fromPolylineXY(points)
        crossed = [f for f in self.case_layer.getFeatures(line.boundingBox()) if f.geometry().intersects(line)]
        if not crossed:
            message(self.iface, tr("The line crosses no case"), Qgis.MessageLevel.Warning)
            return []
        if not self.case_layer.isEditable():
            self.case_layer.startEditing()
        added = []
        self.case_layer.beginEditCommand(tr("Split case"))
        try:
            for feature in crossed:
                added += split_case(self.case_layer, feature.id(), points)
        except CaseShapeError as error:
            self.case_layer.destroyEditCommand()
            message(self.iface, str(error), Qgis.MessageLevel.Warning)
            return []
        self.case_layer.endEditCommand()
        cases = ", ".join(self.case_layer.getFeature(fid)["case_id"] for fid in added)
        message(self.iface, tr("Split into new cases {cases}; save the layer to keep them").format(cases=cases))
        return added

    def deactivate(self):
        self.points = []
        self.band.reset(QgsWkbTypes.GeometryType.LineGeometry)
        super().deactivate()


def snap_to_references(layer: QgsVectorLayer) -> QgsSnappingConfig:
    """Snap to the vertices and edges of the ledger's parcels and permits; returns the project's former setting."""
    project = QgsProject.instance()
    former = QgsSnappingConfig(project.snappingConfig())
    config = QgsSnappingConfig(former)
    config.setEnabled(True)
    config.setMode(QgsSnappingConfig.SnappingMode.AdvancedConfiguration)
    ledger = ledger_of(layer)
    for table in SNAP_TABLES + ("violations",):
        target = ledger_table_layer(project, ledger, table)
        if target is not None:
            config.setIndividualLayerSettings(target, _layer_snapping())
    project.setSnappingConfig(config)
    return former


def _layer_snapping():
    types = getattr(Qgis, "SnappingType", None)  # QGIS 3.26+; 3.22 keeps the flags in QgsSnappingConfig
    if types is not None:
        kind = types.Vertex | types.Segment
    else:
        kind = QgsSnappingConfig.SnappingTypes.VertexFlag | QgsSnappingConfig.SnappingTypes.SegmentFlag
    units = getattr(getattr(Qgis, "MapToolUnit", None), "Pixels", None)
    if units is None:
        units = QgsTolerance.UnitType.Pixels
    return QgsSnappingConfig.IndividualLayerSettings(True, kind, 12, units, 0.0, 0.0)


def ledger_violations(iface) -> Optional[QgsVectorLayer]:
    layer, _villages = find_ledger_layers(QgsProject.instance())
    if layer is None:
        message(iface, tr("Open a ledger first (Land violations → Open ledger…)"), Qgis.MessageLevel.Warning)
    return layer
