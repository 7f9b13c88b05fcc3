"""Plumbing shared by every Lianwei algorithm: translation, groups, help, icon, progress, errors."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputFile,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterFileDestination,
)
from qgis.PyQt.QtGui import QIcon

from ..core.errors import Canceled
from ..layers.ledger import layer_uri
from ..resources_paths import ICON_PATH
from ..translation import tr, tr_both, tr_later

GROUPS = {
    "ledger": tr_later("Ledger"),
    "check": tr_later("Check"),
    "progress": tr_later("Progress and reports"),
}


class LianweiAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set ``ID``, ``TITLE``, ``GROUP`` and ``HELP`` (English; translated through tr())."""

    ID = ""
    TITLE = ""
    GROUP = "ledger"
    HELP = ""

    def name(self) -> str:
        return self.ID

    def displayName(self) -> str:
        return tr(self.TITLE)

    def group(self) -> str:
        return tr(GROUPS[self.GROUP])

    def groupId(self) -> str:
        return self.GROUP

    def shortHelpString(self) -> str:
        return tr(self.HELP)

    def icon(self) -> QIcon:
        return QIcon(ICON_PATH)

    def tr(self, text: str) -> str:
        return tr(text)

    def createInstance(self):
        return self.__class__()

    @staticmethod
    def fail(message: str, **values) -> QgsProcessingException:
        """An error for the user, in Chinese and English, with ``values`` put into the message."""
        return QgsProcessingException(tr_both(message).format(**values))


def progress_reporter(feedback: QgsProcessingFeedback, start: float = 0.0, end: float = 100.0):
    """A core-style progress callback mapped onto [start, end] that raises Canceled when the user cancels."""

    def report(percent: float) -> None:
        if feedback.isCanceled():
            raise Canceled()
        feedback.setProgress(start + (end - start) * percent / 100.0)

    return report


class LedgerWriterAlgorithm(LianweiAlgorithm):
    """An algorithm that writes a new ledger and its project; outputs the ledger's tables for the next model step."""

    OUTPUT = "OUTPUT"
    PROJECT = "PROJECT"
    TABLE_OUTPUTS = (
        ("VIOLATIONS", "violations", tr_later("Violations (ledger table)")),
        ("VILLAGES", "villages", tr_later("Village boundaries (ledger table)")),
        ("CADASTRE", "cadastre", tr_later("Cadastre parcels (ledger table)")),
        ("PERMITS", "permits", tr_later("Permits (ledger table)")),
        ("FARMLAND", "farmland", tr_later("Permanent basic farmland (ledger table)")),
    )

    def add_ledger_outputs(self) -> None:
        self.addParameter(
            QgsProcessingParameterFileDestination(self.OUTPUT, tr("Ledger (GeoPackage)"), tr("GeoPackage (*.gpkg)"))
        )
        self.addOutput(QgsProcessingOutputFile(self.PROJECT, tr("QGIS project beside the ledger")))
        for key, _, description in self.TABLE_OUTPUTS:
            self.addOutput(QgsProcessingOutputVectorLayer(key, tr(description)))

    def ledger_results(self, path: str, project: str) -> dict:
        results = {self.OUTPUT: path, self.PROJECT: project}
        results.update({key: layer_uri(path, table) for key, table, _ in self.TABLE_OUTPUTS})
        return results
