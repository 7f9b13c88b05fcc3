"""Shared ledgers in PostgreSQL/PostGIS: create one from core's schema, check it, open its layers, store its project.

A new ledger is written in one transaction — schema, tables, rules (core/pg_schema.py), campaign settings and
any features — so a failed, canceled or killed run leaves no schema behind, and an existing schema is never
written over. Styles and forms then go into the database's ``layer_styles`` (every QGIS that opens a table gets
them) and the project into the ledger's schema (``qgis_projects``), so the office opens one project from the
database instead of passing files around.
"""

from __future__ import annotations

import datetime
import json
import traceback
from typing import Callable, Dict, List, Optional
from urllib.parse import urlencode

from qgis.core import QgsCoordinateReferenceSystem, QgsVectorLayer

from ..core import pg_schema, schema, sql
from ..core.sql import identifier
from ..translation import tr, tr_both, tr_later
from . import form, styles
from .ledger import LedgerError
from .postgis import PostgisLedger, connect, layer_source, source_uri, transaction

Progress = Callable[[float], None]
BATCH = 1000

MESSAGES = (
    tr_later("The schema {schema} already exists in {database}; a ledger is never overwritten. Choose a new schema"),
    tr_later("{ledger} is not a Lianwei ledger: it has no table {table}"),
    tr_later(
        "{ledger} is a ledger of schema version {version}, made by a newer Lianwei (this one knows version "
        "{known}): update the plugin"
    ),
    tr_later("Cannot open the ledger table {name} in {ledger}: {error}"),
    tr_later("{ledger}: the table {table} does not let you read it ({error})"),
)


def build_postgis_ledger(
    ledger: PostgisLedger,
    crs: QgsCoordinateReferenceSystem,
    campaign: Dict[str, str],
    records: Optional[Dict[str, List]] = None,
    progress: Optional[Progress] = None,
) -> None:
    """Create the ledger's schema with ``campaign`` settings and, optionally, (shapely geometry, attributes)
    records per table; then its styles. Refuses an existing schema."""
    if not crs.isValid():
        raise LedgerError(tr_both("The coordinate reference system is not valid"))
    srid = _srid(crs)
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:
            cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (ledger.schema,))
            if cursor.fetchone():
                raise LedgerError(tr_both(MESSAGES[0]).format(schema=ledger.schema, database=ledger.database_label()))
            for statement in pg_schema.create_statements(ledger.schema, srid):
                cursor.execute(statement)
            settings = {schema.SCHEMA_VERSION_KEY: str(schema.SCHEMA_VERSION), **campaign}
            rows = {"campaign": [(None, {"key": k, "value": v}) for k, v in settings.items()]}
            rows.update(records or {})
            _insert_all(cursor, srid, rows, progress)
    finally:
        connection.close()
    try:
        configure_tables(ledger)
    except BaseException as error:
        traceback.clear_frames(error.__traceback__)
        drop_ledger(ledger)  # a ledger without its forms would let editors save unchecked values: all or nothing
        raise


def _srid(crs: QgsCoordinateReferenceSystem) -> int:
    authority, _, code = crs.authid().partition(":")
    if authority.upper() == "EPSG" and code.isdigit():
        return int(code)
    raise LedgerError(
        tr_both("A PostGIS ledger needs an EPSG coordinate reference system ({crs} has no EPSG code)").format(
            crs=crs.description() or crs.authid()
        )
    )


def _insert_all(cursor, srid: int, rows: Dict[str, List], progress: Optional[Progress]) -> None:
    from psycopg2.extras import execute_values

    total = sum(len(v) for v in rows.values()) or 1
    done = 0
    for spec in schema.LAYERS:
        items = rows.get(spec.name, [])
        if not items:
            continue
        names = sorted({name for _, attrs in items for name in attrs}, key=spec.field_names.index)
        columns = list(names)
        template_parts = ["%s"] * len(names)
        if spec.geometry:
            columns.append("geom")
            make = "ST_GeomFromWKB(%s, " + str(int(srid)) + ")"
            template_parts.append(f"ST_Multi({make})" if spec.geometry == schema.MULTIPOLYGON else make)
        statement = sql.insert_rows(spec.name, columns)  # the connection's search path is the ledger's schema
        template = "(" + ", ".join(template_parts) + ")"
        for start in range(0, len(items), BATCH):
            values = []
            for geometry, attrs in items[start : start + BATCH]:
                row = [attrs.get(name) for name in names]
                if spec.geometry:
                    row.append(None if geometry is None else bytes(geometry.wkb))
                values.append(tuple(row))
            execute_values(cursor, statement, values, template=template, page_size=BATCH)
            done += len(values)
            if progress:
                progress(100.0 * done / total)


def drop_ledger(ledger: PostgisLedger) -> None:
    """Remove a ledger this run created (its schema and its styles)."""
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS " + identifier(ledger.schema) + " CASCADE")
            cursor.execute("SELECT to_regclass('public.layer_styles') IS NOT NULL")
            if cursor.fetchone()[0]:
                cursor.execute('DELETE FROM "public"."layer_styles" WHERE "f_table_schema" = %s', (ledger.schema,))
    finally:
        connection.close()


def open_layer(ledger: PostgisLedger, name: str) -> QgsVectorLayer:
    """A ledger table as a QGIS postgres layer, named with its Chinese alias, styled from layer_styles."""
    spec = schema.layer(name)
    layer = QgsVectorLayer(layer_source(ledger, name, "geom" if spec.geometry else None), spec.alias, "postgres")
    if not layer.isValid():
        error = layer.dataProvider().error().summary() if layer.dataProvider() else ""
        raise LedgerError(tr_both(MESSAGES[3]).format(name=name, ledger=ledger.label(), error=error or "?"))
    return layer


def configure_tables(ledger: PostgisLedger) -> None:
    """Styles, Chinese forms and constraints of every table, as the database's default styles."""
    for spec in schema.LAYERS:
        layer = open_layer(ledger, spec.name)
        if spec.geometry:
            styles.apply_style(layer, spec.name)
        form.apply_schema(layer, spec)
        styles.save_default_style(layer, tr("Lianwei ledger style"))


def check_postgis_ledger(ledger: PostgisLedger) -> int:
    """The ledger's schema version, after checking every table of it is there and readable."""
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:
            for spec in schema.LAYERS:
                cursor.execute("SELECT to_regclass(%s)", (pg_schema.qualified(ledger.schema, spec.name),))
                if cursor.fetchone()[0] is None:
                    raise LedgerError(tr_both(MESSAGES[1]).format(ledger=ledger.label(), table=spec.name))
            cursor.execute('SELECT "value" FROM "campaign" WHERE "key" = %s', (schema.SCHEMA_VERSION_KEY,))
            row = cursor.fetchone()
    finally:
        connection.close()
    version = int(row[0]) if row and str(row[0]).strip().isdigit() else 1
    if version > schema.SCHEMA_VERSION:
        raise LedgerError(
            tr_both(MESSAGES[2]).format(ledger=ledger.label(), version=version, known=schema.SCHEMA_VERSION)
        )
    return version


def project_uri(ledger: PostgisLedger, name: str) -> str:
    """QGIS's address of a project stored in the ledger's schema (QgsPostgresProjectStorage's form)."""
    uri = source_uri(ledger)
    query = {}
    for key, value in (("service", uri.service()), ("authcfg", uri.authConfigId())):
        if value:
            query[key] = value
    query.update({"dbname": uri.database(), "schema": ledger.schema, "project": name})
    user = uri.username()
    host = uri.host()
    port = f":{uri.port()}" if uri.port() else ""
    who = f"{user}@" if user else ""
    return f"postgresql://{who}{host}{port}?{urlencode(query)}"


def store_project(ledger: PostgisLedger, name: str, content: bytes) -> str:
    """Put a .qgz's bytes into the schema's ``qgis_projects`` (created as QGIS creates it), replacing a project of
    the same name; returns the project's QGIS address."""
    from psycopg2 import Binary

    table = "qgis_projects"  # in the ledger's schema, the connection's search path
    metadata = json.dumps(
        {"last_modified_time": datetime.datetime.now().isoformat(timespec="seconds"), "last_modified_user": "lianwei"}
    )
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS qgis_projects (name TEXT PRIMARY KEY, metadata JSONB, content BYTEA)"
            )
            cursor.execute(sql.delete(table, "name = %s"), (name,))
            cursor.execute(
                sql.insert(table, ["name", "metadata", "content"], ["%s"] * 3), (name, metadata, Binary(content))
            )
    finally:
        connection.close()
    return project_uri(ledger, name)
