"""Menu and toolbar actions about ledgers. They open the same Processing algorithms that models and scripts run."""

from __future__ import annotations

import os

from qgis.core import Qgis, QgsProject
from qgis.PyQt.QtWidgets import QDockWidget, QFileDialog, QMessageBox

from ..layers.gpkg import ensure_case_triggers
from ..layers.ledger import LedgerError
from ..layers.ledger_store import check_ledger
from ..layers.ledger_upgrade import upgrade_ledger
from ..layers.project import ledger_layers, relate_ledger
from ..translation import tr, tr_later
from .errors import reports_errors


def _run_dialog(iface, algorithm_id: str) -> None:
    """Show the algorithm's dialog; when it wrote a ledger, offer to open the project beside it."""
    import processing  # QGIS's Processing plugin; only there in the desktop

    results = processing.execAlgorithmDialog(algorithm_id, {}) or {}
    project = results.get("PROJECT")
    if not project or not os.path.exists(project):
        return
    answer = QMessageBox.question(
        iface.mainWindow(),
        tr("Ledger created"),
        tr("The ledger and its project were written:\n{path}\n\nOpen the project now?").format(path=project),
    )
    if answer == QMessageBox.StandardButton.Yes:
        iface.addProject(project)


@reports_errors(tr_later("New ledger…"))
def new_ledger(iface) -> None:
    _run_dialog(iface, "lianwei:createledger")


@reports_errors(tr_later("Sample township…"))
def sample_township(iface) -> None:
    _run_dialog(iface, "lianwei:sampletownship")


@reports_errors(tr_later("Lianwei algorithms in the Processing toolbox"))
def show_toolbox(iface) -> None:
    """Show the Processing toolbox filtered to Lianwei's algorithms (batch mode and the Modeler start there)."""
    dock = iface.mainWindow().findChild(QDockWidget, "ProcessingToolbox")
    if dock is None:
        iface.messageBar().pushMessage(
            tr("Lianwei"), tr("Enable the Processing plugin to see the toolbox"), Qgis.MessageLevel.Warning
        )
        return
    dock.show()
    dock.raise_()
    search = getattr(dock, "searchBox", None)
    if search is not None:
        search.setText("lianwei")


@reports_errors(tr_later("Open ledger…"))
def open_ledger(iface) -> None:
    """Add a ledger's tables to the current project, styled by the ledger's own default styles."""
    path, _ = QFileDialog.getOpenFileName(iface.mainWindow(), tr("Open ledger"), "", tr("GeoPackage (*.gpkg)"))
    if not path:
        return
    try:
        check_ledger(path, writable=False)  # says why: not a GeoPackage, truncated, not a ledger, a newer schema
    except LedgerError as error:
        iface.messageBar().pushMessage(tr("Lianwei"), str(error), Qgis.MessageLevel.Warning)
        return
    try:
        upgrade_ledger(path)  # a ledger made by an earlier version gets the fields added since
        ensure_case_triggers(path)  # and the current workflow rules and trace
        layers = ledger_layers(path)
    except (LedgerError, RuntimeError) as error:
        iface.messageBar().pushMessage(tr("Lianwei"), str(error), Qgis.MessageLevel.Critical)
        return
    project = QgsProject.instance()
    group = project.layerTreeRoot().insertGroup(0, os.path.splitext(os.path.basename(path))[0])
    for layer in layers.values():
        project.addMapLayer(layer, False)
        group.addLayer(layer)
    relate_ledger(project, layers)  # the violation form's Photos and History tabs
