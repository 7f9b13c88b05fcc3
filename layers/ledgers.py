"""A ledger, whichever its backend: a GeoPackage file or a schema in PostgreSQL/PostGIS.

Processing and the desktop name a ledger by what the user gave (a .gpkg path, or a database and a schema) and
hand it here; only this module and the backends below it know which kind it is.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Union

from qgis.core import QgsCoordinateReferenceSystem, QgsExpression, QgsFeatureRequest, QgsVectorLayer
from qgis.PyQt.QtCore import QDateTime

from ..core import schema
from ..translation import tr_both, tr_later
from . import gpkg_reader, pg_ledger, postgis
from .convert import plain
from .ledger import LedgerError, build_ledger, layer_uri
from .ledger import open_layer as open_geopackage_layer
from .pg_reader import database_name
from .postgis import PostgisLedger, postgis_ledger
from .project import PROJECT_NAME, project_path, write_postgis_project, write_project

Address = Union[str, PostgisLedger]
TABLES = ("violations", "villages", "cadastre", "permits", "farmland")
CANNOT_READ = tr_later("Cannot read the campaign settings of {path}: {error}")


@dataclass
class Created:
    ledger: str  # the path, or "database / schema"
    project: str  # the .qgz path, or the project's address in the database
    tables: Dict[str, str] = field(default_factory=dict)  # table -> a source Processing loads as a layer


def address(path: str = "", database: str = "", schema_name: str = "") -> Address:
    """The ledger named by a path, or by a database (saved connection or service=NAME) and schema."""
    if database and database.strip():
        return postgis_ledger(database, schema_name)
    if not path:
        raise LedgerError(tr_both("Give the ledger: a GeoPackage file, or a database and a schema"))
    return path


def is_shared(ledger: Address) -> bool:
    return isinstance(ledger, PostgisLedger)


def label(ledger: Address) -> str:
    return ledger.label() if isinstance(ledger, PostgisLedger) else str(ledger)


def create(
    ledger: Address,
    crs: QgsCoordinateReferenceSystem,
    campaign: Dict[str, str],
    records: Optional[Dict[str, List]] = None,
    progress: Optional[Callable[[float], None]] = None,
    title: str = "",
) -> Created:
    """A new ledger with its project; an existing file or schema is never written over."""
    if isinstance(ledger, PostgisLedger):
        pg_ledger.build_postgis_ledger(ledger, crs, campaign, records, progress)
        project = write_postgis_project(ledger, title)
    else:
        build_ledger(ledger, crs, campaign, records, progress)
        project = write_project(ledger, title)
    return Created(label(ledger), project, {name: table_source(ledger, name) for name in TABLES})


def table_source(ledger: Address, name: str) -> str:
    """A ledger table as a string Processing and QGIS load as a layer."""
    if isinstance(ledger, PostgisLedger):
        return "postgres://" + postgis.layer_source(ledger, name)
    return layer_uri(ledger, name)


def open_layer(ledger: Address, name: str) -> QgsVectorLayer:
    if isinstance(ledger, PostgisLedger):
        return pg_ledger.open_layer(ledger, name)
    return open_geopackage_layer(ledger, name)


def of_layer(layer: QgsVectorLayer) -> Optional[Address]:
    """The ledger a layer of the project belongs to (a GeoPackage's path, a PostGIS ledger), else None."""
    shared = postgis.ledger_of_layer(layer)
    if shared is not None:
        return shared
    if layer is not None and layer.providerType() == "ogr":
        path = layer.source().split("|")[0]
        return path if path.lower().endswith(".gpkg") else None
    return None


# Reading a ledger, whichever its backend: what the progress, the case card and the village maps need besides the
# layers they are given. The small tables are read through QGIS layers alike; only the differences are here.


def ledger_of(layer: Optional[QgsVectorLayer]) -> Optional[Address]:
    """The ledger ``layer`` is a table of (a GeoPackage's path, a PostGIS ledger), when it is a ledger: it has a
    campaign table. None for any other layer. For a GeoPackage, a whole table only (as ``ledger_path_of``)."""
    if layer is None:
        return None
    shared = postgis.ledger_of_layer(layer)
    if shared is not None:
        return shared if table_layer(shared, "campaign").isValid() else None
    table = gpkg_reader.plain_geopackage_table(layer)
    return table[0] if table is not None and gpkg_reader.is_ledger(table[0]) else None


def table_layer(ledger: Address, name: str) -> QgsVectorLayer:
    """A ledger table as a plain QGIS layer (no style, named by its table), valid or not: for reading."""
    if isinstance(ledger, PostgisLedger):
        spec = schema.layer(name)
        return QgsVectorLayer(postgis.layer_source(ledger, name, "geom" if spec.geometry else None), name, "postgres")
    return QgsVectorLayer(layer_uri(ledger, name), name, "ogr")


def campaign_rows(ledger: Optional[Address]) -> Dict[str, str]:
    """The ledger's campaign settings, key -> value ({} without a ledger); raises LedgerError naming the ledger."""
    if not ledger:
        return {}
    if not isinstance(ledger, PostgisLedger):
        try:
            return gpkg_reader.campaign_rows(ledger)
        except sqlite3.Error as error:
            raise LedgerError(tr_both(CANNOT_READ).format(path=ledger, error=error)) from None
    layer = table_layer(ledger, "campaign")
    if not layer.isValid():
        error = layer.dataProvider().error().summary() if layer.dataProvider() else ""
        where = f"{database_name(ledger)} / {ledger.schema}"
        raise LedgerError(tr_both(CANNOT_READ).format(path=where, error=error or "campaign?"))
    rows = {}
    for feature in layer.getFeatures(QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)):
        key = plain(feature["key"])
        if key:
            value = plain(feature["value"])
            rows[str(key)] = None if value is None else str(value)
    return rows


def case_rows(ledger: Optional[Address], table: str, case_id: str) -> List[Dict[str, object]]:
    """The rows of a ledger table without geometry (evidence, case_log) that belong to ``case_id``, as plain
    values; date-times stored in UTC come back in this computer's local time. A PostGIS ledger's audit rows are
    given as the GeoPackage's trace gives them (``_as_trace``): the case's own rows, a new case as its case_id
    going from nothing to its value, a new outline without the outline."""
    if not ledger:
        return []
    layer = table_layer(ledger, table)
    if not layer.isValid():
        return []
    expression = QgsExpression.createFieldEqualityExpression("case_id", case_id)
    shared = isinstance(ledger, PostgisLedger) and table == "case_log"
    if shared:
        expression += ' AND ("table_name" IS NULL OR "table_name" = \'violations\')'
    rows = []
    for feature in layer.getFeatures(QgsFeatureRequest(QgsExpression(expression))):
        row = {"fid": feature.id()}
        for name, value in zip(feature.fields().names(), feature.attributes()):
            if isinstance(value, QDateTime) and value.isValid():
                value = value.toLocalTime()
            row[name] = plain(value)
        rows.append(_as_trace(row) if shared else row)
    return rows


def _as_trace(row: Dict[str, object]) -> Dict[str, object]:
    """A PostGIS audit row (core/pg_schema.py AUDIT: a whole row as JSON for an insert or a delete, a changed
    outline as GeoJSON) as the GeoPackage's trace writes it (core/trace.py)."""
    operation = row.get("operation")
    if operation == "INSERT":
        row.update(field="case_id", old_value=None, new_value=row.get("case_id"))
    elif operation == "DELETE":
        row.update(field="case_id", old_value=row.get("case_id"), new_value=None)
    elif row.get("field") == "geom":
        row.update(old_value=None, new_value=None)
    return row


def files_folder(ledger: Optional[Address]) -> str:
    """The folder relative evidence paths start from: a GeoPackage's own folder; none for a shared ledger (its
    evidence paths are absolute, on a share every office computer reaches)."""
    if ledger and not isinstance(ledger, PostgisLedger):
        return os.path.dirname(os.path.abspath(ledger))
    return ""


def project_address(ledger: Optional[Address]) -> Optional[str]:
    """Where the ledger's QGIS project is: the .qgz beside a GeoPackage (None when there is none), the project
    stored in a PostGIS ledger's schema."""
    if not ledger:
        return None
    if isinstance(ledger, PostgisLedger):
        return pg_ledger.project_uri(ledger, PROJECT_NAME)
    path = project_path(ledger)
    return path if os.path.exists(path) else None
