"""附加取证材料 / Attach evidence…: photos and documents attached to a case from the map, the attribute table or the
identify results (a QgsMapLayerAction on the ledger's violations layers) and from the 两违整治 menu."""

from __future__ import annotations

from typing import List, Optional

from qgis import core
from qgis.core import Qgis, QgsApplication, QgsFeature, QgsProject, QgsVectorLayer
from qgis.gui import QgsGui, QgsMapLayerAction
from qgis.PyQt.QtWidgets import QFileDialog

from ..core.evidence_files import DOCUMENT_SUFFIXES, PHOTO_SUFFIXES, VIDEO_SUFFIXES
from ..layers import ledgers
from ..layers.evidence import Evidence, attach
from ..layers.ledger import LedgerError
from ..translation import tr, tr_later
from .errors import reports_errors

ICON = "mIconCamera.svg"


def is_violations_layer(layer) -> bool:
    """A ledger's violations table (the only layer whose features are cases)."""
    if not isinstance(layer, QgsVectorLayer) or layer.fields().indexOf("case_id") < 0:
        return False
    table = ledgers.table_of_layer(layer)  # a GeoPackage's or a shared (PostGIS) ledger's
    return table is not None and table[1] == "violations"


def _targets():
    # QGIS 3.30 moved the targets to Qgis.MapLayerActionTarget; 3.22 has only QgsMapLayerAction.Target.
    targets = getattr(Qgis, "MapLayerActionTarget", None)
    return targets.SingleFeature if targets is not None else QgsMapLayerAction.Target.SingleFeature


def _vector_type():
    layer_type = getattr(Qgis, "LayerType", None)
    return layer_type.Vector if layer_type is not None else core.QgsMapLayerType.VectorLayer


class AttachEvidenceAction(QgsMapLayerAction):
    """Shown for one feature of a ledger's violations layer in the attribute table and the identify results."""

    def __init__(self, iface, parent=None):
        super().__init__(tr("Attach evidence…"), parent, _vector_type(), _targets(), QgsApplication.getThemeIcon(ICON))
        self.iface = iface
        self.setObjectName("LianweiAttachEvidenceAction")
        # QGIS 3.30+ emits both signals; listen to one only.
        if hasattr(self, "triggeredForFeatureV2"):
            self.triggeredForFeatureV2.connect(lambda layer, feature, _context: self.run(layer, feature))
        else:
            self.triggeredForFeature.connect(self.run)

    def canRunUsingLayer(self, layer, context=None) -> bool:  # noqa: N802 - QGIS API; 3.30+ passes a context
        return is_violations_layer(layer)

    @reports_errors(tr_later("Attach evidence…"))
    def run(self, layer, feature: QgsFeature) -> None:
        attach_to_case(self.iface, layer, feature)


def register(iface, parent=None) -> AttachEvidenceAction:
    action = AttachEvidenceAction(iface, parent)
    QgsGui.mapLayerActionRegistry().addMapLayerAction(action)
    return action


def unregister(action: Optional[AttachEvidenceAction]) -> None:
    if action is not None:
        QgsGui.mapLayerActionRegistry().removeMapLayerAction(action)
        action.deleteLater()


@reports_errors(tr_later("Attach evidence…"))
def attach_to_selected(iface) -> None:
    """The menu entry: the one selected case of the active violations layer."""
    layer = iface.activeLayer()
    if not is_violations_layer(layer):
        _warn(iface, tr("Select the violations layer of a ledger (违法图斑) first"))
        return
    selected = layer.selectedFeatures()
    if len(selected) != 1:
        _warn(
            iface,
            tr("Select exactly one case on the map or in the attribute table ({count} selected)").format(
                count=len(selected)
            ),
        )
        return
    attach_to_case(iface, layer, selected[0])


def file_filter() -> str:
    def patterns(suffixes) -> str:
        return " ".join("*" + s for s in suffixes)

    return ";;".join(
        (
            tr("Photos, videos and documents") + f" ({patterns(PHOTO_SUFFIXES + VIDEO_SUFFIXES + DOCUMENT_SUFFIXES)})",
            tr("Photos") + f" ({patterns(PHOTO_SUFFIXES)})",
            tr("Documents") + f" ({patterns(DOCUMENT_SUFFIXES)})",
        )
    )


@reports_errors(tr_later("Attach evidence…"))
def attach_to_case(iface, layer: QgsVectorLayer, feature: QgsFeature) -> List[Evidence]:
    case_id = feature["case_id"]
    table = ledgers.table_of_layer(layer)
    ledger = table[0] if table is not None else None
    if not case_id or ledger is None:
        _warn(iface, tr("This feature has no case number"))
        return []
    files, _ = QFileDialog.getOpenFileNames(
        iface.mainWindow(), tr("Attach evidence to case {case_id}").format(case_id=case_id), "", file_filter()
    )
    if not files:
        return []
    try:
        rows = attach(ledger, case_id, files)
    except LedgerError as error:
        iface.messageBar().pushMessage(tr("Lianwei"), str(error), Qgis.MessageLevel.Critical)
        return []
    reload_evidence_layers(ledger)
    iface.messageBar().pushMessage(tr("Lianwei"), attached_message(case_id, rows), Qgis.MessageLevel.Success)
    return rows


def attached_message(case_id: str, rows: List[Evidence]) -> str:
    photos = [row for row in rows if row.is_photo]
    times = sorted(row.taken_at for row in photos if row.taken_at is not None)
    text = tr("{count} files attached to case {case_id} ({photos} photos)").format(
        count=len(rows), case_id=case_id, photos=len(photos)
    )
    if times:
        first, last = times[0].strftime("%Y-%m-%d %H:%M"), times[-1].strftime("%Y-%m-%d %H:%M")
        when = first if first == last else f"{first} – {last}"
        text += tr("; taken (EXIF): {when}").format(when=when)
    elif photos:
        text += tr("; the photos carry no EXIF time")
    located = sum(1 for row in photos if row.latitude is not None)
    if located:
        text += tr("; {count} with position").format(count=located)
    return text


def reload_evidence_layers(ledger: ledgers.Address) -> None:
    """The project's layers of this ledger's evidence table read it again, so open forms show the new rows."""
    for layer in QgsProject.instance().mapLayers().values():
        table = ledgers.table_of_layer(layer) if isinstance(layer, QgsVectorLayer) else None
        if table is not None and table[1] == "evidence" and ledgers.same(table[0], ledger):
            layer.dataProvider().reloadData()
            layer.triggerRepaint()


def _warn(iface, text: str) -> None:
    iface.messageBar().pushMessage(tr("Lianwei"), text, Qgis.MessageLevel.Warning)
