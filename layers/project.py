"""The QGIS project written beside a ledger: every table styled, in the ledger's CRS, on the CGCS2000 ellipsoid."""

from __future__ import annotations

import os
from typing import Dict

from qgis.core import (
    QgsProject,
    QgsReferencedRectangle,
    QgsRelation,
    QgsRelationContext,
    QgsVectorLayer,
)

from ..core import schema
from ..translation import tr, tr_both
from .ledger import LedgerError, open_layer

# Top of the layer tree first.
MAP_ORDER = ("violations", "permits", "farmland", "cadastre", "villages")
TABLES = ("evidence", "case_log", "campaign")


def project_path(ledger_path: str) -> str:
    return os.path.splitext(ledger_path)[0] + ".qgz"


def ledger_layers(ledger_path: str) -> Dict[str, QgsVectorLayer]:
    """Every ledger table as a styled layer, keyed by table name, top of the map first."""
    return {name: open_layer(ledger_path, name) for name in MAP_ORDER + TABLES}


def write_project(ledger_path: str, title: str = "") -> str:
    """Write ``<ledger>.qgz`` beside the ledger (paths relative, so the pair can be copied together)."""
    path = project_path(ledger_path)
    layers = ledger_layers(ledger_path)
    project = QgsProject()
    for layer in layers.values():
        project.addMapLayer(layer, False)
    root = project.layerTreeRoot()
    for name in MAP_ORDER:
        root.addLayer(layers[name])
    group = root.addGroup(tr("Ledger tables"))
    for name in TABLES:
        group.addLayer(layers[name])
    group.setExpanded(False)
    villages = layers["villages"]
    crs = villages.crs()
    project.setCrs(crs)
    project.setEllipsoid(schema.CGCS2000_ELLIPSOID)
    project.setTitle(title or tr("Land and building violations ledger"))
    if villages.featureCount() > 0:
        extent = villages.extent()
        extent.scale(1.05)
        project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(extent, crs))
    relate_cases(project, layers)
    if not project.write(path):
        raise LedgerError(tr_both("Cannot write the project {path}: {error}").format(path=path, error=project.error()))
    project.clear()
    return path


def relate_cases(project: QgsProject, layers: Dict[str, QgsVectorLayer]) -> None:
    """Relations from each case to its evidence and its history (the form's photo and history tabs use them)."""
    for child in ("evidence", "case_log"):
        _relate(project, layers["violations"], layers[child], child)


def _relate(project: QgsProject, parent: QgsVectorLayer, child: QgsVectorLayer, name: str) -> None:
    """Evidence and case history shown in the violation's form, joined on case_id."""
    relation = QgsRelation(QgsRelationContext(project))  # without a context it looks in QgsProject.instance()
    relation.setId(f"lianwei_{name}_case")
    relation.setName(schema.layer(name).alias)
    relation.setReferencingLayer(child.id())
    relation.setReferencedLayer(parent.id())
    relation.addFieldPair("case_id", "case_id")
    if relation.isValid():
        project.relationManager().addRelation(relation)
