"""Menu entries of the satellite patch cycle: each opens its Processing algorithm's dialog (the same algorithm
models, batch runs and qgis_process use) with the project's ledger filled in, and shows the new cases after."""

from __future__ import annotations

from typing import Dict

from qgis.core import QgsProject

from ..layers import ledgers
from ..layers.case_cache import find_ledger_layers
from ..translation import tr_later
from .errors import reports_errors


def _ledger_parameters() -> Dict[str, str]:
    """LEDGER for a GeoPackage ledger; DATABASE and SCHEMA for a shared (PostGIS) one."""
    violations, _ = find_ledger_layers(QgsProject.instance())
    return ledgers.parameters(ledgers.ledger_of(violations))


def _run(algorithm_id: str) -> None:
    import processing  # QGIS's Processing plugin; only there in the desktop

    results = processing.execAlgorithmDialog(algorithm_id, _ledger_parameters()) or {}
    if results:
        violations, _ = find_ledger_layers(QgsProject.instance())
        if violations is not None:  # cases written outside QGIS's edit buffer: read them again
            violations.reload()
            violations.triggerRepaint()


@reports_errors(tr_later("Import satellite patches…"))
def import_patches(iface) -> None:
    _run("lianwei:importpatches")


@reports_errors(tr_later("Return the field verification…"))
def export_verification(iface) -> None:
    _run("lianwei:exportverification")


@reports_errors(tr_later("Reconcile with the upper level…"))
def reconcile(iface) -> None:
    _run("lianwei:reconcile")
