"""What the office's algorithms read from a PostGIS ledger, and the one setting syncpatches keeps there: the
campaign settings, the cases a reconciliation compares, the cases and photos of the verification return.

Values come back as a GeoPackage holds them (dates and times as text, yes/no as 0/1, layers/sql_values.to_sql) and
geometries as plain WKB, so the code that reads a GeoPackage ledger takes them unchanged. Every read is one
read-only transaction: a consistent picture even while editors save.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple

from ..core import schema, sql
from .pg_rows import srid_of
from .postgis import PostgisLedger, connect, transaction
from .sql_values import to_sql


def _read(ledger: PostgisLedger, statements: Sequence[Tuple[str, tuple]]) -> List[List[tuple]]:
    """The rows of each (statement, parameters), in one read-only transaction."""
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:
            cursor.execute("SET TRANSACTION READ ONLY")
            found = []
            for statement, parameters in statements:
                cursor.execute(statement, parameters)
                found.append(cursor.fetchall())
            return found
    finally:
        connection.close()


def as_stored(table: str, names: Sequence[str], row: Sequence) -> Dict[str, object]:
    """A row of ``table`` as a dict, each schema field's value as a GeoPackage holds it."""
    spec = schema.layer(table)
    values = {}
    for name, value in zip(names, row):
        if name in spec.field_names and value is not None:
            try:
                value = to_sql(spec.field(name), value)
            except ValueError:
                pass  # kept as read: the reader says what is wrong with it
        values[name] = value
    return values


def campaign_rows(ledger: PostgisLedger) -> Dict[str, str]:
    """The campaign settings (key → value) of a PostGIS ledger."""
    (rows,) = _read(ledger, [(sql.select("campaign", ["key", "value"]), ())])
    return {key: value for key, value in rows if key}


def record_campaign(ledger: PostgisLedger, key: str, value: str) -> None:
    """Set one campaign setting (replacing its value, or adding it) in one transaction."""
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:
            cursor.execute(sql.update("campaign", ["value"], '"key" = %s', "%s"), (value, key))
            if cursor.rowcount == 0:
                cursor.execute(sql.insert("campaign", ["key", "value"], ["%s", "%s"]), (key, value))
    finally:
        connection.close()


def write_campaign(ledger: PostgisLedger, rows: Dict[str, str], quotas: Dict[str, Optional[float]]) -> None:
    """The campaign settings and the villages' hand-set quotas (None = shared automatically) in one transaction:
    all of it or nothing. A login without the right to change them gets the database's refusal (LedgerError)."""
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:
            for key, value in rows.items():
                cursor.execute(sql.update("campaign", ["value"], '"key" = %s', "%s"), (value, key))
                if cursor.rowcount == 0:
                    cursor.execute(sql.insert("campaign", ["key", "value"], ["%s", "%s"]), (key, value))
            for code, quota in quotas.items():
                value = None if quota is None else float(quota)
                cursor.execute(sql.update("villages", ["quota_m2"], '"village_code" = %s', "%s"), (value, code))
    finally:
        connection.close()


def reconcile_rows(ledger: PostgisLedger, names: Sequence[str]) -> List[tuple]:
    """``names`` of every case, then its outline as WKB (None without one), ordered by case number."""
    query = sql.select("violations", names, expressions=['ST_AsBinary("geom")'], order_by=["case_id"])
    (rows,) = _read(ledger, [(query, ())])
    return [
        (*as_stored("violations", names, row[1:]).values(), bytes(row[0]) if row[0] is not None else None)
        for row in rows
    ]


def verification_rows(
    ledger: PostgisLedger, case_fields: Sequence[str], photo_fields: Sequence[str], with_patch: str
) -> Tuple[List[dict], List[dict], Optional[int]]:
    """(the cases matching ``with_patch`` with their outline as WKB under "geom", every evidence row, the EPSG
    code of the violations' geometry)."""
    cases = sql.select("violations", case_fields, with_patch, expressions=['ST_AsBinary("geom")'], order_by=["case_id"])
    photos = sql.select("evidence", photo_fields, order_by=["fid"])
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:
            cursor.execute("SET TRANSACTION READ ONLY")
            srid = srid_of(cursor, ledger, "violations")
            cursor.execute(cases)
            case_rows = cursor.fetchall()
            cursor.execute(photos)
            photo_rows = cursor.fetchall()
    finally:
        connection.close()
    found = []
    for row in case_rows:
        values = as_stored("violations", case_fields, row[1:])
        values["geom"] = bytes(row[0]) if row[0] is not None else None
        found.append(values)
    return found, [as_stored("evidence", photo_fields, row) for row in photo_rows], srid or None
