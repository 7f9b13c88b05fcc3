"""One module per algorithm. Ids (``name()``) are lowercase and never change: models and scripts use them.

``MODULES`` names them without importing them: processing/provider.py imports each, so that one whose optional
package (numpy, shapely) is missing is listed as unavailable, saying what to install, and the others still load.
An algorithm's id is its module's name without the underscores.
"""

from __future__ import annotations

import importlib
from typing import Tuple

MODULES: Tuple[Tuple[str, str], ...] = (
    ("create_ledger", "CreateLedgerAlgorithm"),
    ("sample_township", "SampleTownshipAlgorithm"),
    ("check_violations", "CheckViolationsAlgorithm"),
    ("progress_summary", "ProgressSummaryAlgorithm"),
    ("export_ledger", "ExportLedgerAlgorithm"),
    ("progress_report", "ProgressReportAlgorithm"),
    ("village_maps", "VillageMapsAlgorithm"),
    ("record_status", "RecordStatusAlgorithm"),
    ("case_card", "CaseCardAlgorithm"),
    ("import_reference", "ImportReferenceAlgorithm"),
    ("import_patches", "ImportPatchesAlgorithm"),
    ("export_verification", "ExportVerificationAlgorithm"),
    ("read_boundary_points", "ReadBoundaryPointsAlgorithm"),
    ("reconcile", "ReconcileAlgorithm"),
    ("sync_patches", "SyncPatchesAlgorithm"),
    ("grant_villages", "GrantVillagesAlgorithm"),
    ("checkout", "CheckoutAlgorithm"),
    ("checkin", "CheckinAlgorithm"),
)


def algorithm_id(module: str) -> str:
    return module.replace("_", "")


def load(module: str, name: str):
    """The algorithm class ``name`` of ``module`` (ImportError when a package it needs is missing)."""
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def __getattr__(name: str):
    if name == "ALGORITHMS":  # every class, for tests and scripts on a complete QGIS
        return tuple(load(module, cls) for module, cls in MODULES)
    raise AttributeError(name)
