"""Rows into a table of a PostGIS ledger (lianwei:importreference): the PostgreSQL half of layers/ledger_import.py.

The rows come checked (layers/reference_import.py, the same for both backends); here they are written in one
transaction of the ledger's database: REPLACE deletes the old rows, then the new ones go in by batches. A failure,
a cancel or a killed process rolls everything back — the database drops a transaction whose client has gone — so
the table holds either what it held or all of the new rows, never a part. The ledger's triggers run as for any
writer: case_log records every row deleted and inserted, with the database user.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable, List, Optional, Sequence

from qgis.core import QgsCoordinateReferenceSystem

from ..core import schema, sql
from ..translation import both, tr_later
from .convert import DataError
from .postgis import PostgisLedger, connect, first_line, transaction

BATCH = 500
Progress = Callable[[float], None]
ROW_REFUSED = tr_later("Feature {row}: the ledger refused it: {error}")
NO_TABLE = tr_later("{ledger} is not a Lianwei ledger: it has no table {table}")


def table_srid(ledger: PostgisLedger, table: str) -> int:
    """The EPSG code of a ledger table's geometry column (0 when it has none)."""
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:
            return srid_of(cursor, ledger, table)
    finally:
        connection.close()


def table_crs(ledger: PostgisLedger, table: str) -> QgsCoordinateReferenceSystem:
    srid = table_srid(ledger, table)
    return QgsCoordinateReferenceSystem(f"EPSG:{srid}") if srid else QgsCoordinateReferenceSystem()


def srid_of(cursor, ledger: PostgisLedger, table: str) -> int:
    cursor.execute(
        "SELECT srid FROM public.geometry_columns WHERE f_table_schema = %s AND f_table_name = %s "
        "AND f_geometry_column = 'geom'",
        (ledger.schema, table),
    )
    row = cursor.fetchone()
    if row is None and schema.layer(table).geometry:
        raise DataError(both(NO_TABLE, ledger=ledger.label(), table=table))
    return int(row[0]) if row else 0


def stored_keys(ledger: PostgisLedger, table: str, key_field: str) -> List[tuple]:
    """(key, geometry WKB, little-endian as shapely writes it) of every row the table holds now."""
    spec = schema.layer(table)
    expressions = ["ST_AsBinary(\"geom\", 'NDR')"] if spec.geometry else []
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:
            cursor.execute(sql.select(table, [key_field], expressions=expressions))
            found = cursor.fetchall()
    finally:
        connection.close()
    if not spec.geometry:
        return [(row[0], None) for row in found]
    return [(row[1], bytes(row[0]) if row[0] is not None else None) for row in found]


def write_rows(ledger: PostgisLedger, table: str, rows: Sequence, replace: bool, progress: Optional[Progress]) -> int:
    """Write ``rows`` (layers/ledger_import.IncomingRow, checked) into ``table`` in one transaction; returns the rows
    deleted by ``replace``. Any failure rolls everything back and raises LedgerError or DataError (naming the
    feature the database refused)."""
    from psycopg2.extras import execute_values

    spec = schema.layer(table)
    names = [name for name in spec.field_names if any(name in row.record for row in rows)]
    columns, template = _columns(spec, names)
    statement = sql.insert_rows(table, columns)
    items = [(row, part) for row in rows for part in (row.parts or [None])]
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:
            template = template.replace("SRID", str(srid_of(cursor, ledger, table)))
            replaced = 0
            if replace:
                cursor.execute(sql.delete(table))
                replaced = cursor.rowcount
            total = max(len(items), 1)
            for start in range(0, len(items), BATCH):
                batch = items[start : start + BATCH]
                values = [_values(spec, names, row, part) for row, part in batch]
                _insert(cursor, execute_values, statement, template, batch, values)
                if progress:
                    progress(min(99.0, 100.0 * (start + len(batch)) / total))
            if progress:
                progress(100.0)  # a cancel up to here still rolls back
    finally:
        connection.close()
    return replaced


def _columns(spec: schema.Layer, names: List[str]):
    """The columns and execute_values' row template (SRID put in once the table is read)."""
    columns, parts = list(names), ["%s"] * len(names)
    if spec.geometry:
        columns.append("geom")
        make = "ST_GeomFromWKB(%s, SRID)"
        parts.append(f"ST_Multi({make})" if spec.geometry == schema.MULTIPOLYGON else make)
    return columns, "(" + ", ".join(parts) + ")"


def _values(spec: schema.Layer, names: List[str], row, part) -> tuple:
    values = [bound_value(spec.field(name), row.record.get(name)) for name in names]
    if spec.geometry:
        values.append(None if part is None else bytes(part.wkb))
    return tuple(values)


def bound_value(field: schema.Field, value):
    """A value in the form the GeoPackage code checks it (layers/sql_values.to_sql: yes/no as 0/1, times as local
    text) as psycopg2 binds it for the column's type."""
    if value is None:
        return None
    if field.type == schema.BOOLEAN:
        return bool(value)
    if field.type == schema.DATETIME and isinstance(value, str):
        return datetime.fromisoformat(value).astimezone()  # a local time, said so
    return value


def _insert(cursor, execute_values, statement: str, template: str, batch: Sequence, values: List[tuple]) -> None:
    """One batch under a savepoint; when the database refuses it, the row it refuses is found and named."""
    import psycopg2

    cursor.execute("SAVEPOINT lianwei_batch")
    try:
        execute_values(cursor, statement, values, template=template, page_size=len(values))
    except psycopg2.Error as error:
        cursor.execute("ROLLBACK TO SAVEPOINT lianwei_batch")
        for (row, _), one in zip(batch, values):
            try:
                execute_values(cursor, statement, [one], template=template)
            except psycopg2.Error as refused:
                raise DataError(both(ROW_REFUSED, row=row.label, error=first_line(refused))) from None
        raise error  # refused as a batch only: the database's own message (transaction() puts it in words)
    cursor.execute("RELEASE SAVEPOINT lianwei_batch")
