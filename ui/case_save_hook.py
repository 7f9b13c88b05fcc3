"""When a ledger's violations layer is saved, cases whose shape changed are checked again first, so the areas,
village, permit and parcel in the ledger always describe the shape that is stored (whatever tool reshaped it)."""

from __future__ import annotations

from contextlib import suppress
from typing import Dict

from qgis.core import Qgis, QgsProject, QgsVectorLayer

from ..layers.case_check import ledger_of
from ..layers.case_edits import refused_edits
from ..layers.case_shapes import number_new_cases, refresh_checks
from ..layers.gpkg_reader import plain_geopackage_table
from ..translation import tr, tr_later
from .errors import reports_errors


class CaseSaveHook:
    def __init__(self, iface):
        self.iface = iface
        self.layers: Dict[str, QgsVectorLayer] = {}
        project = QgsProject.instance()
        project.layersAdded.connect(self._watch)
        self._watch(list(project.mapLayers().values()))

    @reports_errors(tr_later("Case tools"))
    def _watch(self, layers) -> None:
        for layer in layers:
            if not isinstance(layer, QgsVectorLayer) or layer.id() in self.layers:
                continue
            table = plain_geopackage_table(layer)
            if table is None or table[1] != "violations":
                continue
            layer_id = layer.id()
            self.layers[layer_id] = layer
            layer.beforeCommitChanges.connect(lambda *_args, watched=layer: self.before_commit(watched))
            layer.willBeDeleted.connect(lambda lid=layer_id: self.layers.pop(lid, None))

    def before_commit(self, layer: QgsVectorLayer) -> int:
        buffer = layer.editBuffer()
        if buffer is None:
            return 0
        refused = refused_edits(layer)
        if refused:  # the ledger will refuse the save; say which cases and why, in Chinese
            self.iface.messageBar().pushMessage(
                tr("Lianwei"),
                tr("Not saved, the workflow does not allow it:") + "\n" + "\n".join(refused),
                Qgis.MessageLevel.Critical,
            )
        fids = list(buffer.changedGeometries().keys()) + list(buffer.addedFeatures().keys())
        if not fids:
            return 0
        try:
            ledger_of(layer)
            changed = refresh_checks(layer, fids)
            number_new_cases(layer, list(buffer.addedFeatures().keys()))
            return changed
        except Exception as error:  # noqa: BLE001 - a failed check must never block saving the technician's work
            self.iface.messageBar().pushMessage(
                tr("Lianwei"),
                tr("The check of the changed cases failed: {error}").format(error=error),
                Qgis.MessageLevel.Warning,
            )
            return 0

    def unload(self) -> None:
        with suppress(TypeError):  # already disconnected
            QgsProject.instance().layersAdded.disconnect(self._watch)
        self.layers.clear()
