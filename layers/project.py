"""The QGIS project written beside a ledger: every table styled, in the ledger's CRS, on the CGCS2000 ellipsoid."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from typing import Dict, Optional

from qgis.core import (
    QgsProject,
    QgsReferencedRectangle,
    QgsRelation,
    QgsRelationContext,
    QgsVectorLayer,
)

from ..core import schema
from ..translation import tr, tr_both
from . import form
from .ledger import LedgerError, open_layer

# Top of the layer tree first.
MAP_ORDER = ("violations", "permits", "farmland", "cadastre", "villages")
TABLES = ("evidence", "case_log", "campaign")
# The name of the project stored in a PostGIS ledger's schema.
PROJECT_NAME = "两违整治台账"


def project_path(ledger_path: str) -> str:
    return os.path.splitext(ledger_path)[0] + ".qgz"


def ledger_layers(ledger_path: str) -> Dict[str, QgsVectorLayer]:
    """Every ledger table as a styled layer, keyed by table name, top of the map first."""
    return {name: open_layer(ledger_path, name) for name in MAP_ORDER + TABLES}


def write_project(ledger_path: str, title: str = "") -> str:
    """Write ``<ledger>.qgz`` beside the ledger (paths relative, so the pair can be copied together)."""
    path = project_path(ledger_path)
    _write(ledger_layers(ledger_path), path, title)
    return path


def _write(layers: Dict[str, QgsVectorLayer], path: str, title: str) -> None:
    """The ledger's project, every table styled, written to the .qgz file ``path``."""
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
    relate_ledger(project, layers)
    if not project.write(path):
        raise LedgerError(tr_both("Cannot write the project {path}: {error}").format(path=path, error=project.error()))
    _keep_relation_ids(path)
    project.clear()


def write_postgis_project(ledger, title: str = "") -> str:
    """Store the ledger's project in its schema (table qgis_projects, as QGIS's own "Save to PostgreSQL" does):
    the office opens it from the Browser, no file to pass around. Returns the project's QGIS address.

    Written as a .qgz first (the relation ids restored as for a file), then its bytes put in the table."""
    from .pg_ledger import open_layer as open_postgis_layer
    from .pg_ledger import store_project

    layers = {name: open_postgis_layer(ledger, name) for name in MAP_ORDER + TABLES}
    folder = tempfile.mkdtemp(prefix="lianwei-project-")
    try:
        path = os.path.join(folder, "ledger.qgz")
        _write(layers, path, title)
        with open(path, "rb") as f:
            return store_project(ledger, PROJECT_NAME, f.read())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def relate_ledger(project: QgsProject, layers: Dict[str, QgsVectorLayer]) -> Dict[str, QgsRelation]:
    """Join a ledger's evidence and case history to its violations in ``project`` and show them as the violation
    form's Photos and History tabs. Layers must already be in ``project``. Returns the relations by their fixed id."""
    relations = {}
    for child, relation_id in (("evidence", form.EVIDENCE_RELATION), ("case_log", form.CASE_LOG_RELATION)):
        relation = _relate(project, layers["violations"], layers[child], child, relation_id)
        if relation is not None:
            relations[relation_id] = relation
    form.bind_case_relations(layers["violations"], relations)
    return relations


def _relate(
    project: QgsProject, parent: QgsVectorLayer, child: QgsVectorLayer, name: str, relation_id: str
) -> Optional[QgsRelation]:
    """Evidence and case history shown in the violation's form, joined on case_id."""
    manager = project.relationManager()
    relation_ids = manager.relations()
    wanted, number = relation_id, 1
    while wanted in relation_ids:  # a second ledger in the same project gets its own relations
        existing = relation_ids[wanted]
        if existing.referencingLayerId() == child.id() and existing.referencedLayerId() == parent.id():
            return existing
        number += 1
        wanted = f"{relation_id}_{number}"
    relation = QgsRelation(QgsRelationContext(project))  # without a context it looks in QgsProject.instance()
    relation.setId(wanted)
    relation.setName(schema.layer(name).alias)
    relation.setReferencingLayer(child.id())
    relation.setReferencedLayer(parent.id())
    relation.addFieldPair("case_id", "case_id")
    if not relation.isValid():
        return None
    manager.addRelation(relation)
    return relation


_RELATION_ELEMENT = re.compile(r"<attributeEditorRelation [^>]*>")


def _keep_relation_ids(path: str) -> None:
    """QGIS 3.22 writes a form's relation editor with the id of the relation it found in QgsProject.instance(),
    so a project written in the background (this one) would store relation="" and lose the Photos and History
    tabs. The element's name is the relation's id: put it back. Later QGIS versions already write it."""

    def restore(match: "re.Match") -> str:
        element = match.group(0)
        name = re.search(r' name="(lianwei_[^"]*)"', element)
        if name and ' relation=""' in element:
            element = element.replace(' relation=""', f' relation="{name.group(1)}"')
        return element

    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info.filename)) for info in archive.infolist()]
    changed = False
    for k, (info, data) in enumerate(members):
        if info.filename.endswith(".qgs"):
            text = data.decode("utf-8")
            fixed = _RELATION_ELEMENT.sub(restore, text)
            if fixed != text:
                members[k] = (info, fixed.encode("utf-8"))
                changed = True
    if not changed:
        return
    partial = path + ".part"
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, data)
    os.replace(partial, path)
