"""Where a Lianwei algorithm may write: never into a ledger, never over a GeoPackage holding other tables.

QGIS names a GeoPackage destination in several ways, and they do different things (QgsProcessingUtils::
parseDestinationString and createFeatureSink; measured on QGIS 3.22):
- a path (``x.gpkg``, ``x.GPKG``, relative, a QgsProcessingOutputLayerDefinition with or without a ``layerName``
  create option) goes to QgsVectorFileWriter with CreateOrOverwriteFile: the whole file is replaced, every other
  table in it is gone. A path without a known extension gets ``.gpkg`` added.
- ``ogr:dbname='x.gpkg' table="t" (geom)`` (the dialog's "Save to GeoPackage…") goes to QgsVectorLayerExporter
  with update: table t is added to the file, or replaced; the other tables stay.
- ``x.gpkg|layername=t`` is taken by 3.22 as a file literally named ``x.gpkg|layername=t.gpkg``; it is judged
  here as table t of x.gpkg, so that no version's reading of it can reach a ledger.
A file destination (PDF, HTML, Excel) or a folder given as an existing GeoPackage would overwrite it too.

The rule: a ledger is never a destination (not even for a new table in it); a GeoPackage of several tables is not
replaced as a whole, and its tables are not replaced one by one either; a new table may be added to a GeoPackage
that is not a ledger. Every Lianwei algorithm asks this in checkParameterValues (the dialog, processing.run and
qgis_process refuse before running) and again in prepareAlgorithm (batch runs, models, background tasks).
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from typing import Optional

from qgis.core import (
    QgsDataSourceUri,
    QgsProcessing,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProperty,
    QgsVectorFileWriter,
)

from ..core import schema, source_files
from ..translation import tr_both, tr_later

PROVIDER_PREFIX = re.compile(r"^(.{3,}?):(.*)$", re.DOTALL)  # as QgsProcessingUtils::parseDestinationString
LEDGER = tr_later(
    "{path} is a Lianwei ledger: {output} must not be written into it (its cases, parcels and case history would "
    "be lost). Choose a new file name for {output}; the ledger was not changed"
)
OTHER_TABLES = tr_later(
    "{path} is a GeoPackage holding {count} tables ({tables}): writing {output} as this file would delete them all. "
    "Choose a new file name for {output}, or a new table in it (ogr:dbname='{path}' table=\"NAME\")"
)
OVER_DATABASE = tr_later(
    "{path} is a database (GeoPackage) holding {tables}: {output} would replace it with a file of another kind. "
    "Choose a new file name for {output}"
)
TABLE_EXISTS = tr_later(
    "{path} already has a table {table} beside {others}: {output} would replace it. Choose a new table name or a "
    "new file for {output}"
)
DAMAGED = tr_later(
    "{path} is an existing database that cannot be read: {output} is not written over it. Choose a new file name "
    "for {output}"
)
NOT_A_FOLDER = tr_later("{path} is a file, not a folder: choose a folder for {output}")


@dataclass(frozen=True)
class Target:
    """What a destination writes: ``path`` (absolute), and ``table`` when only that table of the file is written
    ("" when the whole file is). ``kind``: "layer" (a feature sink), "file" (PDF, HTML, ...) or "folder"."""

    path: str
    table: str = ""
    kind: str = "layer"


def destination_text(definition, value, context) -> str:
    """The destination as QGIS will read it: a definition's sink, a property evaluated, the default if unset."""
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink
    if isinstance(value, QgsProperty):
        default = definition.defaultValue()
        value, _ok = value.valueAsString(context.expressionContext(), str(default) if default else "")
    if value is None or value == "":
        value = definition.defaultValue()
    return "" if value is None or not isinstance(value, str) else value.strip()


def target_of(definition, value, context) -> Optional[Target]:
    """The file (and table) ``value`` writes for the destination parameter ``definition``; None when it writes no
    file of ours to judge (a temporary or memory layer, a database table)."""
    text = destination_text(definition, value, context)
    if not text or text == QgsProcessing.TEMPORARY_OUTPUT or text.startswith("memory:"):
        return None
    if isinstance(definition, QgsProcessingParameterFolderDestination):
        return Target(os.path.abspath(text), kind="folder")
    if isinstance(definition, QgsProcessingParameterFileDestination):
        return Target(os.path.abspath(text), kind="file")
    match = PROVIDER_PREFIX.match(text)
    if match:
        if match.group(1) != "ogr":
            return None  # postgres:, spatialite: ...: not a file
        uri = QgsDataSourceUri(match.group(2))
        if uri.database():
            return Target(os.path.abspath(uri.database()), uri.table())
        return Target(os.path.abspath(match.group(2)))
    path, _, options = text.partition("|")
    layer = re.search(r"(?:^|\|)layername=([^|]*)", options)
    if layer:
        return Target(os.path.abspath(path), layer.group(1))
    extension = os.path.splitext(path)[1][1:]
    if not extension or not QgsVectorFileWriter.driverForExtension(extension):
        path += ".gpkg"  # as QGIS does for a name without a format
    return Target(os.path.abspath(path))


def target_problem(target: Target, output: str) -> Optional[str]:
    """Why ``target`` must not be written (bilingual, naming the file and what to do), or None."""
    path = target.path
    if target.kind == "folder":
        if os.path.exists(path) and not os.path.isdir(path):
            return _database_problem(target, output) or tr_both(NOT_A_FOLDER).format(path=path, output=output)
        return None
    if not os.path.isfile(path):
        return None
    return _database_problem(target, output)


def _database_problem(target: Target, output: str) -> Optional[str]:
    path = target.path
    if not source_files.is_sqlite(path):
        return None  # any other file is replaced as QGIS always does
    try:
        damaged = source_files.sqlite_problem(path) is not None
        tables = [] if damaged else source_files.geopackage_tables(path)
    except (sqlite3.Error, OSError):
        damaged, tables = True, []
    if damaged:
        return tr_both(DAMAGED).format(path=path, output=output)
    lowered = {t.lower() for t in tables}
    if all(spec.name in lowered for spec in schema.LAYERS):
        return tr_both(LEDGER).format(path=path, output=output)
    listed = ", ".join(tables)
    if target.kind in ("file", "folder"):
        return tr_both(OVER_DATABASE).format(path=path, tables=listed, output=output)
    if target.table:
        if target.table.lower() in lowered and len(tables) > 1:
            others = ", ".join(t for t in tables if t.lower() != target.table.lower())
            return tr_both(TABLE_EXISTS).format(path=path, table=target.table, others=others, output=output)
        return None
    if len(tables) > 1:
        return tr_both(OTHER_TABLES).format(path=path, count=len(tables), tables=listed, output=output)
    return None  # an earlier output of one table: replaced, as QGIS does


def destinations_problem(algorithm, parameters, context) -> Optional[str]:
    """The first destination parameter of ``algorithm`` that must not be written, explained; or None."""
    for definition in algorithm.destinationParameterDefinitions():
        target = target_of(definition, parameters.get(definition.name()), context)
        if target is not None:
            problem = target_problem(target, definition.description() or definition.name())
            if problem:
                return problem
    return None
