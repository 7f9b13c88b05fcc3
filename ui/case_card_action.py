"""“Case card…”: lianwei:casecard for the case selected on the map, run as a background task; the PDF is written
beside the ledger (<ledger folder>/案件卡片/<case_id>.pdf) and opened."""

from __future__ import annotations

import os
from typing import Optional

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsFeatureRequest,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QObject, QStandardPaths, QUrl
from qgis.PyQt.QtGui import QDesktopServices

from ..core.case_card import CARD_FOLDER
from ..core.village_maps import safe_file_name
from ..layers import ledgers
from ..layers.case_cache import find_ledger_layers
from ..translation import tr, tr_later
from .errors import reports_errors


def violations_layer(iface) -> Optional[QgsVectorLayer]:
    """The active layer when it is a ledger's violations layer, else the first ledger's in the project."""
    active = iface.activeLayer()
    if isinstance(active, QgsVectorLayer) and active.fields().indexOf("case_id") >= 0:
        table = ledgers.table_of_layer(active)  # a GeoPackage's or a shared (PostGIS) ledger's
        if table is not None and table[1] == "violations" and ledgers.ledger_of(active):
            return active
    return find_ledger_layers(QgsProject.instance())[0]


def card_path(ledger: ledgers.Address, case_id: str) -> str:
    """Beside a GeoPackage ledger; for a shared (PostGIS) ledger, which has no folder, in this computer's
    Documents folder."""
    base = ledgers.files_folder(ledger) or documents_folder()
    return os.path.join(base, CARD_FOLDER, safe_file_name(case_id) + ".pdf")


def documents_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or os.path.expanduser("~")


class CaseCardRunner(QObject):
    """One card at a time; keeps the task, its context and feedback alive until QGIS reports the end."""

    def __init__(self, iface, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.task: Optional[QgsProcessingAlgRunnerTask] = None
        self.path = ""
        self.last_results = None

    @reports_errors(tr_later("Case card…"))
    def run(self) -> Optional[QgsProcessingAlgRunnerTask]:
        if self.task is not None:
            self._message(tr("A case card is already being printed"), Qgis.MessageLevel.Info)
            return None
        layer = violations_layer(self.iface)
        ledger = ledgers.ledger_of(layer)
        if layer is None or not ledger:
            self._message(tr("No ledger in this project: open a ledger first."), Qgis.MessageLevel.Warning)
            return None
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
        selected = sorted(layer.getSelectedFeatures(request), key=lambda f: f.id())
        if not selected or not selected[0]["case_id"]:
            self._message(
                tr("Select one case of the layer {layer} on the map first").format(layer=layer.name()),
                Qgis.MessageLevel.Warning,
            )
            return None
        case_id = str(selected[0]["case_id"])
        if len(selected) > 1:
            self._message(
                tr("{count} cases are selected: printing the first, {case_id}").format(
                    count=len(selected), case_id=case_id
                ),
                Qgis.MessageLevel.Info,
            )
        self.case_id, self.path = case_id, card_path(ledger, case_id)
        parameters = {"INPUT": layer.id(), "CASE_ID": case_id, "OUTPUT": self.path}
        algorithm = QgsApplication.processingRegistry().createAlgorithmById("lianwei:casecard")
        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())
        self.feedback = QgsProcessingFeedback()
        self.task = QgsProcessingAlgRunnerTask(algorithm, parameters, self.context, self.feedback)
        self.task.executed.connect(self._finished)
        self._message(tr("Printing the case card of {case_id}…").format(case_id=case_id), Qgis.MessageLevel.Info)
        QgsApplication.taskManager().addTask(self.task)
        return self.task

    @reports_errors(tr_later("Case card…"))
    def _finished(self, ok: bool, results) -> None:
        self.task = None
        self.last_results = results if ok else None
        if not ok:
            log = self.feedback.textLog() if hasattr(self.feedback, "textLog") else ""
            reason = log.strip().splitlines()[-1] if log.strip() else tr("see the Processing log")
            self._message(
                tr("The case card could not be printed: {reason}").format(reason=reason), Qgis.MessageLevel.Critical
            )
            return
        self._message(
            tr("Case card of {case_id} written to {path}").format(case_id=self.case_id, path=self.path),
            Qgis.MessageLevel.Success,
        )
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.path))

    def _message(self, text: str, level) -> None:
        self.iface.messageBar().pushMessage(tr("Case card"), text, level)
