"""When a ledger's violations layer is saved, cases whose shape changed are checked again first, so the areas,
village, permit and parcel in the ledger always describe the shape that is stored (whatever tool reshaped it).

On a shared (PostGIS) ledger every save of the violations layer is made from the versions the cases were read at
(layers/shared_edits.py); when the ledger refuses it because someone else saved a case meanwhile, the two versions
are shown side by side (ui/version_conflict.py) to keep one's edits or reload the case.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Dict

from qgis.core import Qgis, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QTimer

from ..layers import ledgers, shared_edits
from ..layers.case_check import ledger_of
from ..layers.case_edits import refused_edits
from ..layers.case_shapes import number_new_cases, refresh_checks
from ..layers.ledger import LedgerError
from ..translation import tr, tr_later
from .errors import reports_errors


class CaseSaveHook:
    def __init__(self, iface):
        self.iface = iface
        self.layers: Dict[str, QgsVectorLayer] = {}
        self.shared: Dict[str, shared_edits.VersionsRead] = {}
        self.dialogs: Dict[str, object] = {}  # layer id -> the open version conflict dialog
        project = QgsProject.instance()
        project.layersAdded.connect(self._watch)
        self._watch(list(project.mapLayers().values()))

    @reports_errors(tr_later("Case tools"))
    def _watch(self, layers) -> None:
        for layer in layers:
            if not isinstance(layer, QgsVectorLayer) or layer.id() in self.layers:
                continue
            if ledgers.shared_table(layer) == "violations" and layer.fields().indexOf("version") >= 0:
                self._watch_shared(layer)
                continue
            table = ledgers.table_of_layer(layer)
            if table is None or table[1] != "violations" or ledgers.is_shared(table[0]):
                continue
            layer_id = layer.id()
            self.layers[layer_id] = layer
            layer.beforeCommitChanges.connect(lambda *_args, watched=layer: self.before_commit(watched))
            layer.willBeDeleted.connect(lambda lid=layer_id: self.layers.pop(lid, None))

    def _watch_shared(self, layer: QgsVectorLayer) -> None:
        layer_id = layer.id()
        self.layers[layer_id] = layer
        self.shared[layer_id] = shared_edits.VersionsRead(layer)
        layer.beforeCommitChanges.connect(lambda *args, watched=layer: self.before_shared_commit(watched, *args[:1]))
        layer.willBeDeleted.connect(lambda lid=layer_id: self._forget(lid))
        try:
            rights = ledgers.editable_villages(layer)
        except LedgerError:  # the database cannot be reached now: QGIS says so for the layer itself
            rights = None
        if rights:
            self.iface.messageBar().pushMessage(tr("Lianwei"), rights, Qgis.MessageLevel.Info, 15)

    def _forget(self, layer_id: str) -> None:
        self.layers.pop(layer_id, None)
        read = self.shared.pop(layer_id, None)
        if read is not None:
            read.detach()

    def before_shared_commit(self, layer: QgsVectorLayer, stop_editing: bool = True) -> None:
        """Every changed case saved from the version it was read at; a refusal looked at once QGIS has
        reported it."""
        read = self.shared.get(layer.id())
        if read is None or read.layer is not layer:
            return
        self.check_changed(layer)  # the check and the new numbers first: their values are saved under the version
        if shared_edits.stamp_versions(layer, read):
            QTimer.singleShot(0, lambda: self.after_shared_commit(layer, stop_editing))

    @reports_errors(tr_later("Case tools"))
    def after_shared_commit(self, layer: QgsVectorLayer, stop_editing: bool = True) -> None:
        """After a refused save: the cases someone else saved meanwhile, side by side, to keep or reload."""
        read = self.shared.get(layer.id()) if layer.id() in self.layers else None
        if read is None or not layer.isEditable() or not layer.isModified() or layer.id() in self.dialogs:
            return
        found = shared_edits.conflicts(layer, read)
        if not found:  # refused for another rule (another village's case, the workflow): the database's words
            refusal = ledgers.save_refusal(layer)
            if refusal:
                self.iface.messageBar().pushMessage(tr("Not saved"), refusal, Qgis.MessageLevel.Critical, 0)
            return
        from .version_conflict import VersionConflictDialog

        self.iface.messageBar().pushMessage(
            tr("Lianwei"),
            tr("Not saved: {count} case(s) were saved by someone else after you read them").format(count=len(found)),
            Qgis.MessageLevel.Warning,
        )
        dialog = VersionConflictDialog(
            layer, read, found, stop_editing, self.iface.mainWindow(), self.iface.messageBar()
        )
        layer_id = layer.id()
        self.dialogs[layer_id] = dialog
        dialog.finished.connect(lambda *_args: self.dialogs.pop(layer_id, None))
        dialog.open()

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
        return self.check_changed(layer)

    def check_changed(self, layer: QgsVectorLayer) -> int:
        """The check again on the cases whose shape changed and on the new ones, and the new cases numbered (village
        - year - sequence), in the edit buffer before it is saved; returns the values changed."""
        buffer = layer.editBuffer()
        if buffer is None:
            return 0
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
        for dialog in list(self.dialogs.values()):
            dialog.reject()
        for read in self.shared.values():
            read.detach()
        self.shared.clear()
        self.layers.clear()
