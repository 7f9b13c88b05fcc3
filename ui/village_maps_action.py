"""“Print village maps”: lianwei:villagemaps for the villages selected on the map (all when none is), run as a
background task with a progress bar and a cancel button in the message bar; the output folder opens at the end."""

from __future__ import annotations

import datetime
import os
from typing import Optional

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
)
from qgis.PyQt.QtCore import QObject, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import QFileDialog, QProgressBar, QPushButton

from ..layers import ledgers
from ..layers.case_cache import find_ledger_layers, ledger_table_layer
from ..translation import tr, tr_later
from .errors import reports_errors


class VillageMapsRunner(QObject):
    """One run at a time; keeps the task, its context and feedback alive until QGIS reports the end."""

    def __init__(self, iface, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.task: Optional[QgsProcessingAlgRunnerTask] = None
        self.folder = ""
        self.last_results = None

    @reports_errors(tr_later("Print village maps…"))
    def run(self, report_date: Optional[datetime.date] = None, folder: Optional[str] = None):
        if self.task is not None:
            self._message(tr("Village maps are already being printed"), Qgis.MessageLevel.Info)
            return None
        project = QgsProject.instance()
        violations, villages = find_ledger_layers(project)
        ledger = ledgers.ledger_of(violations)  # a GeoPackage's or a shared (PostGIS) ledger
        if not ledger or villages is None:
            self._message(tr("No ledger in this project: open a ledger first."), Qgis.MessageLevel.Warning)
            return None
        if folder is None:
            start = ledgers.files_folder(ledger)  # beside a GeoPackage; a shared ledger has no folder
            folder = QFileDialog.getExistingDirectory(self.iface.mainWindow(), tr("Folder for the village maps"), start)
            if not folder:
                return None
        day = report_date or datetime.date.today()
        self.folder = os.path.join(folder, tr("village maps {date}").format(date=day.isoformat()))
        codes = sorted({str(f["village_code"]) for f in villages.selectedFeatures() if f["village_code"]})
        parameters = {
            "INPUT": violations.id(),
            "VILLAGES": villages.id(),
            "REPORT_DATE": day.isoformat(),
            "VILLAGE_CODES": ",".join(codes),
            "OUTPUT_FOLDER": self.folder,
        }
        for key, table in (("CADASTRE", "cadastre"), ("PERMITS", "permits")):
            layer = ledger_table_layer(project, ledger, table)
            parameters[key] = layer.id() if layer is not None else ledgers.table_source(ledger, table)
        algorithm = QgsApplication.processingRegistry().createAlgorithmById("lianwei:villagemaps")
        self.context = QgsProcessingContext()
        self.context.setProject(project)
        self.feedback = QgsProcessingFeedback()
        self.task = QgsProcessingAlgRunnerTask(algorithm, parameters, self.context, self.feedback)
        self.task.executed.connect(self._finished)
        self._show_progress(len(codes))
        QgsApplication.taskManager().addTask(self.task)
        return self.task

    def _show_progress(self, count: int) -> None:
        text = (
            tr("Printing the maps of {count} villages…").format(count=count)
            if count
            else tr("Printing the maps of every village…")
        )
        bar = self.iface.messageBar()
        self.item = bar.createMessage(tr("Village maps"), text)
        self.progress = QProgressBar(self.item)
        self.progress.setRange(0, 100)
        cancel = QPushButton(tr("Cancel"), self.item)
        cancel.clicked.connect(self.cancel)
        self.item.layout().addWidget(self.progress)
        self.item.layout().addWidget(cancel)
        self.feedback.progressChanged.connect(lambda value: self.progress.setValue(int(value)))
        bar.pushWidget(self.item, Qgis.MessageLevel.Info)

    @reports_errors(tr_later("Print village maps…"))
    def cancel(self) -> None:
        if self.task is not None:
            self.feedback.cancel()
            self.task.cancel()

    @reports_errors(tr_later("Print village maps…"))
    def _finished(self, ok: bool, results) -> None:
        self.iface.messageBar().popWidget(self.item)
        self.task = None
        self.last_results = results if ok else None
        if not ok:
            if self.feedback.isCanceled():
                self._message(tr("Printing the village maps was canceled"), Qgis.MessageLevel.Info)
            else:
                log = self.feedback.textLog() if hasattr(self.feedback, "textLog") else ""
                reason = log.strip().splitlines()[-1] if log.strip() else tr("see the Processing log")
                self._message(
                    tr("The village maps could not be printed: {reason}").format(reason=reason),
                    Qgis.MessageLevel.Critical,
                )
            return
        self._message(
            tr("{count} map pages written to {folder}").format(count=results.get("PAGES"), folder=self.folder),
            Qgis.MessageLevel.Success,
        )
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder))

    def _message(self, text: str, level) -> None:
        self.iface.messageBar().pushMessage(tr("Village maps"), text, level)
