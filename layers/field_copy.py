"""Field copies of a shared ledger (lianwei:checkout): the cases of chosen villages in a GeoPackage for a laptop or a
phone (QField), a normal ledger with its forms, its rules and a project beside it.

The copy keeps, in tables QGIS does not list (not registered in gpkg_contents), what the check-in needs
(layers/checkin.py): where it came from (database, schema), when, and for every case its row in the copy, its
number, its version and two bases for the three-way merge (core/checkin_merge.py): the values as written into the
copy, read back from it, and the values in the office's ledger.

The office's rows are read in one REPEATABLE READ transaction, so the copy is one consistent moment of the ledger.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from qgis.core import QgsCoordinateReferenceSystem
from shapely import wkb as shapely_wkb

from ..core import checkin_merge, schema, sql
from ..core.sql import identifier
from ..translation import tr_both, tr_later
from .gpkg_reader import geopackage_wkb, open_read_only
from .ledger import LedgerError, build_ledger, check_target, temporary_path
from .postgis import PostgisLedger, connect, transaction
from .project import project_path, write_project
from .sql_values import datetime_text, now_text

Progress = Callable[[float], None]

INFO_TABLE = "lianwei_checkout"
CASES_TABLE = "lianwei_checkout_cases"
EVIDENCE_TABLE = "lianwei_checkout_evidence"
BOOKKEEPING_TABLES = (
    f'CREATE TABLE {identifier(INFO_TABLE)} ("key" TEXT PRIMARY KEY, "value" TEXT)',
    f'CREATE TABLE {identifier(CASES_TABLE)} ("fid" INTEGER PRIMARY KEY, "case_id" TEXT NOT NULL, '
    '"version" INTEGER, "field_base" TEXT NOT NULL, "office_base" TEXT NOT NULL)',
    f'CREATE TABLE {identifier(EVIDENCE_TABLE)} ("fid" INTEGER PRIMARY KEY, "office_fid" INTEGER)',
)
REFERENCE_TABLES = ("cadastre", "permits", "farmland")
# The record of the copy's origin (INFO_TABLE keys).
DATABASE, DBNAME, SCHEMA, CHECKED_OUT_AT, CHECKED_OUT_BY, VILLAGES = (
    "database",
    "dbname",
    "schema",
    "checked_out_at",
    "checked_out_by",
    "villages",
)

MESSAGES = (
    tr_later("Give the codes of the villages to check out (separated by commas or spaces)"),
    tr_later("No village {codes} in the ledger {ledger}: check the village codes"),
    tr_later("{path} already exists; a field copy never overwrites a file. Choose a new file name"),
    tr_later("A field copy is taken from a shared ledger in a database: give DATABASE and SCHEMA"),
)


@dataclass
class CheckoutResult:
    path: str
    project: str
    villages: List[str]
    counts: Dict[str, int] = field(default_factory=dict)  # table -> rows in the copy


def geometry_hex(wkb) -> Optional[str]:
    """A shape in one plain form (2D/3D as stored, little-endian hex WKB) whichever program wrote it."""
    if wkb is None:
        return None
    shape = shapely_wkb.loads(bytes(wkb))
    return None if shape.is_empty else shape.wkb_hex


def office_rows(cursor, spec: schema.Layer, where: str, parameters, extra: Sequence[str] = ()) -> List[dict]:
    """Rows of the office's table in the order of their row ids, as dicts: the schema's fields, ``extra``
    expressions (named without their quotes) and ``geom`` as WKB bytes."""
    shape = ['ST_AsBinary("geom")'] if spec.geometry else []
    expressions = [identifier(f.name) for f in spec.fields] + list(extra) + shape
    cursor.execute(sql.select(spec.name, [], where, expressions=expressions, order_by=["fid"]), parameters)
    names = list(spec.field_names) + [e.strip('"') for e in extra] + (["geom"] if spec.geometry else [])
    found = []
    for row in cursor.fetchall():
        values = dict(zip(names, row))
        if spec.geometry and values["geom"] is not None:
            values["geom"] = bytes(values["geom"])
        found.append(values)
    return found


def _record_value(value):
    """A value read from PostgreSQL in the form the GeoPackage writer takes (layers/ledger.to_variant)."""
    if isinstance(value, datetime):
        return datetime_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _record(spec: schema.Layer, row: dict) -> Tuple[object, dict]:
    shape = shapely_wkb.loads(row["geom"]) if spec.geometry and row.get("geom") else None
    return shape, {f.name: _record_value(row.get(f.name)) for f in spec.fields}


def office_base(row: dict) -> dict:
    """A case of the office in plain values, its shape as hex WKB (the office side of the merge's base)."""
    values = checkin_merge.normal_row({k: v for k, v in row.items() if k != "geom"})
    values[checkin_merge.GEOMETRY] = geometry_hex(row.get("geom"))
    return values


def field_cases(db: sqlite3.Connection) -> Dict[int, dict]:
    """Every case of a copy, by its row id, in plain values (its shape as hex WKB)."""
    names = list(schema.VIOLATIONS.field_names)
    query = sql.select("violations", names, expressions=['"fid"', '"geom"'])
    cases = {}
    for row in db.execute(query).fetchall():
        values = checkin_merge.normal_row(dict(zip(names, row[2:])))
        values[checkin_merge.GEOMETRY] = geometry_hex(geopackage_wkb(row[1])) if row[1] else None
        cases[row[0]] = values
    return cases


def checkout(
    ledger: PostgisLedger, villages: Sequence[str], path: str, progress: Optional[Progress] = None, title: str = ""
) -> CheckoutResult:
    """Write the field copy of ``villages`` of ``ledger`` to the new GeoPackage ``path`` (and its project)."""
    codes = list(villages)
    if not codes:
        raise LedgerError(tr_both(MESSAGES[0]))
    check_target(path)
    if os.path.exists(project_path(path)):
        raise LedgerError(tr_both(MESSAGES[2]).format(path=project_path(path)))
    office, info = _read_office(ledger, codes)
    partial = temporary_path(path)
    try:
        srid = info.pop("srid")
        # The history goes in through SQLite in _write_bookkeeping: an insert's whole row (JSON) is longer than the
        # form's 500 characters, which GDAL would warn about once per row.
        records = {
            name: [_record(schema.layer(name), row) for row in rows]
            for name, rows in office.items()
            if name not in ("campaign", "case_log")
        }
        campaign = {row["key"]: row["value"] for row in office["campaign"]}
        build_ledger(partial, QgsCoordinateReferenceSystem(f"EPSG:{srid}"), campaign, records, progress)
        _write_bookkeeping(partial, info, office)
        os.replace(partial, path)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(partial + suffix):
                os.remove(partial + suffix)
    project = write_project(path, title)
    counts = {name: len(rows) for name, rows in office.items()}
    return CheckoutResult(path, project, codes, counts)


def _read_office(ledger: PostgisLedger, codes: List[str]) -> Tuple[Dict[str, List[dict]], dict]:
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute(
                "SELECT current_database(), session_user, Find_SRID(%s, 'villages', 'geom')", (ledger.schema,)
            )
            dbname, user, srid = cursor.fetchone()
            office = {"villages": office_rows(cursor, schema.VILLAGES, '"village_code" = ANY(%s)', (codes,))}
            missing = [c for c in codes if c not in {row["village_code"] for row in office["villages"]}]
            if missing:
                raise LedgerError(tr_both(MESSAGES[1]).format(codes=", ".join(missing), ledger=ledger.label()))
            office["violations"] = office_rows(
                cursor, schema.VIOLATIONS, '"village_code" = ANY(%s)', (codes,), ['"version"']
            )
            cases = [row["case_id"] for row in office["violations"]]
            office["evidence"] = office_rows(cursor, schema.EVIDENCE, '"case_id" = ANY(%s)', (cases,), ['"fid"'])
            office["case_log"] = office_rows(cursor, schema.CASE_LOG, '"case_id" = ANY(%s)', (cases,))
            area = '"geom" && (SELECT ST_Envelope(ST_Collect("geom")) FROM "villages" WHERE "village_code" = ANY(%s))'
            for name in REFERENCE_TABLES:
                office[name] = office_rows(cursor, schema.layer(name), area, (codes,))
            office["campaign"] = office_rows(cursor, schema.CAMPAIGN, "true", ())
    finally:
        connection.close()
    info = {
        DATABASE: source_label(ledger.database),
        DBNAME: dbname,
        SCHEMA: ledger.schema,
        CHECKED_OUT_AT: now_text(),
        CHECKED_OUT_BY: user,
        VILLAGES: ",".join(codes),
        "srid": srid,
    }
    return office, info


def source_label(database: str) -> str:
    """The database as the copy records it: a saved connection's name, or the libpq text without its password (a
    field copy travels; no secret goes with it)."""
    if "=" not in database:
        return database
    from psycopg2.extensions import parse_dsn

    try:
        parts = parse_dsn(database)
    except Exception:  # noqa: BLE001 - psycopg2.ProgrammingError: not libpq text after all
        return ""
    return " ".join(f"{k}={parts[k]}" for k in ("service", "host", "port", "dbname", "user") if parts.get(k))


def _write_bookkeeping(path: str, info: Dict[str, object], office: Dict[str, List[dict]]) -> None:
    """The copy's origin and each case's bases, matched to the copy's rows (written in the office's order)."""
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("BEGIN IMMEDIATE")
        for statement in BOOKKEEPING_TABLES:
            db.execute(statement)
        db.executemany(sql.insert(INFO_TABLE, ["key", "value"]), [(k, str(v)) for k, v in info.items()])
        # The copy's trace logged each case as created when it was written: the office's history replaces that.
        db.execute(sql.delete("case_log"))
        names = list(schema.CASE_LOG.field_names)
        history = [[_record_value(row[n]) for n in names] for row in office["case_log"]]
        db.executemany(sql.insert("case_log", names), history)
        copied = field_cases(db)
        by_number = {values["case_id"]: fid for fid, values in copied.items()}
        rows = []
        for row in office["violations"]:
            fid = by_number[row["case_id"]]
            rows.append((fid, row["case_id"], row["version"], dumps(copied[fid]), dumps(office_base(row))))
        db.executemany(sql.insert(CASES_TABLE, ["fid", "case_id", "version", "field_base", "office_base"]), rows)
        query = sql.select("evidence", ["case_id", "file_path"], expressions=['"fid"'], order_by=["fid"])
        evidence = db.execute(query).fetchall()
        pairs = list(zip(evidence, office["evidence"]))
        if len(evidence) != len(office["evidence"]) or any(
            (a[1], a[2]) != (b["case_id"], b["file_path"]) for a, b in pairs
        ):
            raise LedgerError(tr_both("The evidence written into the field copy does not match the ledger's"))
        db.executemany(sql.insert(EVIDENCE_TABLE, ["fid", "office_fid"]), [(a[0], b["fid"]) for a, b in pairs])
        db.execute("COMMIT")


def dumps(values: dict) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def read_info(path: str) -> Dict[str, str]:
    """The copy's record of its origin; empty for a ledger that is no field copy."""
    with closing(open_read_only(path)) as db:
        try:
            return dict(db.execute(sql.select(INFO_TABLE, ["key", "value"])).fetchall())
        except sqlite3.OperationalError:
            return {}
