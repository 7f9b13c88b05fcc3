"""The cases of a ledger's violations layer kept in memory for the dashboard, renewed feature by feature.

A save in QGIS tells which features changed (committedAttributeValuesChanges and friends); only those are read
again, so the township's progress follows an edit at 20,000 cases without re-reading the layer.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import Dict, Iterable, List, Optional, Tuple

from qgis.core import QgsFeatureRequest, QgsProject, QgsVectorLayer

from ..core import sql
from ..core.campaign import Campaign
from ..core.progress import Case
from . import ledgers
from .convert import plain
from .gpkg_reader import open_read_only, plain_geopackage_table
from .progress_source import OPTIONAL, REQUIRED

FIELDS = tuple(n for n in REQUIRED + OPTIONAL if n not in ("village_name", "area_method"))


def find_ledger_layers(project: QgsProject) -> Tuple[Optional[QgsVectorLayer], Optional[QgsVectorLayer]]:
    """The violations and villages layers of the first ledger found in ``project`` (None when there is none): a
    GeoPackage's or a PostGIS ledger's (layers/ledgers.py), whole tables only."""
    found: List[Tuple[ledgers.Address, Dict[str, QgsVectorLayer]]] = []
    for layer in project.mapLayers().values():
        if not isinstance(layer, QgsVectorLayer) or not layer.isValid():
            continue
        table = ledgers.table_of_layer(layer)
        if table is None or table[1] not in ("violations", "villages"):
            continue
        entry = next((layers for ledger, layers in found if ledgers.same(ledger, table[0])), None)
        if entry is None:
            entry = {}
            found.append((table[0], entry))
        entry[table[1]] = layer
    for _ledger, layers in sorted(found, key=lambda item: ledgers.label(item[0])):
        if "violations" in layers and ledgers.ledger_of(layers["violations"]):
            return layers["violations"], layers.get("villages")
    return None, None


def ledger_table_layer(project: QgsProject, ledger: ledgers.Address, table: str) -> Optional[QgsVectorLayer]:
    """The project's layer showing the whole ``table`` of ``ledger`` (a GeoPackage or a PostGIS ledger), if any."""
    for layer in project.mapLayers().values():
        if not isinstance(layer, QgsVectorLayer):
            continue
        shown = ledgers.table_of_layer(layer)
        if shown is not None and shown[1] == table and ledgers.same(shown[0], ledger):
            return layer
    return None


class CaseCache:
    """fid → Case of one violations layer."""

    def __init__(self, layer: QgsVectorLayer, campaign: Campaign):
        self.layer = layer
        self.campaign = campaign
        self.cases: Dict[int, Case] = {}

    def load(self) -> None:
        """Read every case: straight from SQLite for a GeoPackage table, through QGIS otherwise."""
        table = plain_geopackage_table(self.layer)
        names = [n for n in FIELDS if self.layer.fields().indexOf(n) >= 0]
        if table is not None and not self.layer.isEditable():
            self.cases = dict(self._read_sqlite(table[0], table[1], names))
        else:
            self.cases = dict(self._read_qgis(names, QgsFeatureRequest()))

    def renew(self, changed: Iterable[int], removed: Iterable[int] = ()) -> None:
        """Read again the features whose ids are in ``changed``; forget those in ``removed``."""
        for fid in removed:
            self.cases.pop(fid, None)
        fids = sorted(set(changed))
        if not fids:
            return
        names = [n for n in FIELDS if self.layer.fields().indexOf(n) >= 0]
        request = QgsFeatureRequest().setFilterFids(fids)
        self.cases.update(self._read_qgis(names, request))

    def values(self) -> List[Case]:
        return list(self.cases.values())

    def _read_qgis(self, names, request: QgsFeatureRequest):
        indexes = [self.layer.fields().indexOf(n) for n in names]
        request.setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes(indexes)
        for feature in self.layer.getFeatures(request):
            attributes = feature.attributes()
            record = {n: plain(attributes[i]) for n, i in zip(names, indexes)}
            yield feature.id(), Case.from_record(record, self.campaign)

    def _read_sqlite(self, path: str, table: str, names):
        with closing(open_read_only(path)) as db:
            key = next((r[1] for r in db.execute(sql.table_info(table)) if r[5] == 1), "fid")
            try:
                rows = db.execute(sql.select(table, [key, *names])).fetchall()
            except sqlite3.Error:
                rows = None
        if rows is None:  # a view or a table QGIS reads differently: let QGIS read it
            yield from self._read_qgis(names, QgsFeatureRequest())
            return
        for fid, *values in rows:
            yield fid, Case.from_record(dict(zip(names, values)), self.campaign)
