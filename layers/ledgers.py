"""A ledger, whichever its backend: a GeoPackage file or a schema in PostgreSQL/PostGIS.

Processing and the desktop name a ledger by what the user gave (a .gpkg path, or a database and a schema) and
hand it here; only this module and the backends below it know which kind it is.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple, Union

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsDataSourceUri,
    QgsExpression,
    QgsFeatureRequest,
    QgsProviderRegistry,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDateTime

from ..core import schema
from ..translation import tr, tr_both, tr_later
from . import checkin as field_checkin
from . import field_copy, gpkg_reader, pg_ledger, pg_reads, postgis
from .convert import plain
from .gpkg_reader import plain_geopackage_table
from .ledger import LedgerError, build_ledger, layer_uri
from .ledger import open_layer as open_geopackage_layer
from .ledger_store import check_ledger
from .ledger_upgrade import upgrade_ledger
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


def check(ledger: Address, writable: bool = True) -> int:
    """The ledger's schema version, after checking it is a Lianwei ledger this plugin may write (or read,
    ``writable=False``); LedgerError naming the file or the database and schema otherwise."""
    if isinstance(ledger, PostgisLedger):
        return pg_ledger.check_postgis_ledger(ledger)
    return check_ledger(ledger, writable).version


def upgrade(ledger: Address) -> int:
    """The ledger's schema version after bringing a GeoPackage of an older one up to date (layers/ledger_upgrade.py);
    a PostGIS ledger is made at the current version and only checked."""
    if isinstance(ledger, PostgisLedger):
        return pg_ledger.check_postgis_ledger(ledger)
    return upgrade_ledger(ledger)


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


def table_of_layer(layer: Optional[QgsVectorLayer]) -> Optional[Tuple[Address, str]]:
    """(ledger, table) when ``layer`` is a whole table (no filter) of a GeoPackage or of a PostGIS ledger's
    schema, else None. Whether it is a Lianwei ledger is checked when it is opened for writing."""
    if layer is None:
        return None
    shared = postgis.table_of_layer(layer)
    if shared is not None:
        return shared
    return plain_geopackage_table(layer)


def same(first: Optional[Address], second: Optional[Address]) -> bool:
    """Whether two addresses name one ledger: the same file, or the same schema over the same connection (however
    its libpq text is ordered)."""
    if isinstance(first, PostgisLedger) and isinstance(second, PostgisLedger):
        return first.schema == second.schema and _connection_key(first) == _connection_key(second)
    if isinstance(first, str) and isinstance(second, str):
        return os.path.normcase(os.path.abspath(first)) == os.path.normcase(os.path.abspath(second))
    return False


def _connection_key(ledger: PostgisLedger) -> Tuple[str, ...]:
    if "=" not in ledger.database:
        return (ledger.database,)
    uri = QgsDataSourceUri(ledger.database)
    return (uri.service(), uri.host(), uri.port(), uri.database(), uri.username(), uri.authConfigId())


def parameters(ledger: Optional[Address]) -> Dict[str, str]:
    """What an algorithm's dialog is opened with for ``ledger``: LEDGER for a GeoPackage, DATABASE and SCHEMA for a
    PostGIS ledger (the name of the saved QGIS connection it was opened through when there is one, so no password
    is shown)."""
    if not ledger:
        return {}
    if not isinstance(ledger, PostgisLedger):
        return {"LEDGER": ledger}
    return {"DATABASE": _saved_connection(ledger) or ledger.database, "SCHEMA": ledger.schema}


def _saved_connection(ledger: PostgisLedger) -> Optional[str]:
    if "=" not in ledger.database:
        return ledger.database
    try:
        saved = QgsProviderRegistry.instance().providerMetadata("postgres").connections()
    except Exception:  # noqa: BLE001 - QgsProviderConnectionException: none can be listed
        return None
    for name, connection in saved.items():
        if same(ledger, PostgisLedger(QgsDataSourceUri(connection.uri()).connectionInfo(False), ledger.schema)):
            return name
    return None


def of_layer(layer: QgsVectorLayer) -> Optional[Address]:
    """The ledger a layer of the project belongs to (a GeoPackage's path, a PostGIS ledger), else None."""
    shared = postgis.ledger_of_layer(layer)
    if shared is not None:
        return shared
    if layer is not None and layer.providerType() == "ogr":
        path = layer.source().split("|")[0]
        return path if path.lower().endswith(".gpkg") else None
    return None


def checkout(
    ledger: Address, villages: List[str], path: str, progress: Optional[Callable[[float], None]] = None, title: str = ""
) -> field_copy.CheckoutResult:
    """A field copy of the cases of ``villages`` in the new GeoPackage ``path`` (layers/field_copy.py)."""
    if not isinstance(ledger, PostgisLedger):
        raise LedgerError(tr_both(field_copy.MESSAGES[3]))
    return field_copy.checkout(ledger, villages, path, progress, title)


def checkin(path: str, ledger: Address) -> field_checkin.CheckinResult:
    """Merge the field copy ``path`` back into ``ledger`` (layers/checkin.py): all of it, or nothing."""
    if not isinstance(ledger, PostgisLedger):
        raise LedgerError(tr_both(field_copy.MESSAGES[3]))
    return field_checkin.checkin(path, ledger)


def shared_table(layer: QgsVectorLayer) -> Optional[str]:
    """The table of a shared (PostGIS) ledger that ``layer`` shows ("violations", ...), else None."""
    if postgis.ledger_of_layer(layer) is None:
        return None
    return QgsDataSourceUri(layer.source()).table() or None


def save_refusal(layer: QgsVectorLayer) -> Optional[str]:
    """Why a shared ledger refused the last save of ``layer`` (the database's own bilingual words), else None."""
    return postgis.save_refusal(layer) if postgis.ledger_of_layer(layer) is not None else None


def editable_villages(layer: QgsVectorLayer) -> Optional[str]:
    """For a shared ledger's layer: which villages this login may edit, in a sentence for the desktop; None for a
    GeoPackage (one technician edits everything)."""
    from .pg_rights import own_villages

    ledger = postgis.ledger_of_layer(layer)
    if ledger is None:
        return None
    granted = own_villages(ledger)
    if granted.admin:
        return tr("Shared ledger: you ({role}) may edit the cases of every village").format(role=granted.role)
    if not granted.villages:
        return tr("Shared ledger: you ({role}) may edit no village; every case is read-only").format(role=granted.role)
    return tr("Shared ledger: you ({role}) may edit the cases of {villages}; the other villages are read-only").format(
        role=granted.role, villages="、".join(granted.names.get(c) or c for c in granted.villages)
    )


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
    return pg_reads.campaign_rows(ledger)  # LedgerError naming the database when it cannot be read


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


def grant_villages(database: str, schema_name: str, role: str, codes, admin: bool):
    """Which villages a login role may edit in a shared ledger (layers/pg_rights.py: a database has roles, a
    GeoPackage does not)."""
    from .pg_rights import grant_villages as grant

    return grant(database, schema_name, role, codes, admin)
