"""Field copies merged back into the shared ledger (lianwei:checkin).

Each case of the copy is merged field by field against the bases recorded at checkout (core/checkin_merge.py): a
field changed in the field only is applied through the database's version rule (version = the office's + 1, in
the same statement); a field changed on both sides to different values is listed side by side and overwritten on
neither side. Cases drawn in the field are inserted with the office's next number (village - year - sequence, as
the plugin numbers cases), the village taken from the shape when the field left it empty; evidence rows added in
the field are inserted.

All of it is one database transaction, taken while the copy is locked (BEGIN IMMEDIATE): a refusal by the
database (village rights, the workflow, a code list) names the case and nothing is applied anywhere. The copy then
records what was checked in — the new bases, the numbers of its new cases (renumbered in the copy too), its
evidence rows now in the office — before the database commits, so checking the same copy in again applies nothing.
"""

from __future__ import annotations

import json
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from typing import Dict, List, Optional

from shapely import wkb as shapely_wkb

from ..core import checkin_merge, schema, sql
from ..core.cases import case_prefix, is_provisional, next_case_ids
from ..core.checkin_merge import GEOMETRY, Base, Conflict
from ..core.sql import identifier
from ..translation import both, tr, tr_later
from . import field_copy
from .field_copy import CASES_TABLE, EVIDENCE_TABLE, INFO_TABLE, field_cases, office_base, office_rows
from .ledger import LedgerError
from .ledger_store import check_ledger, immediate
from .ledger_store import connect as connect_copy
from .postgis import PostgisLedger, connect, first_line, transaction
from .sql_values import now_text

MESSAGES = (
    tr_later("{path} is not a field copy (lianwei:checkout writes them): nothing was checked in"),
    tr_later(
        "{path} was checked out from {source}, not from {ledger}: check it in to the ledger it came from. "
        "Nothing was checked in"
    ),
    tr_later("Case {case} was refused by the ledger {ledger}: {error}. Nothing was checked in"),
    tr_later("Evidence {file} of case {case} was refused by the ledger {ledger}: {error}. Nothing was checked in"),
)
LAST_CHECKIN = "last_checkin_at"
LOCK = "lianwei checkin {schema}"  # one check-in at a time numbers new cases in a ledger
# The village a case drawn without one lies in most (the plugin's check gives a case the village of largest overlap).
VILLAGE_OF_SHAPE = (
    'SELECT "village_code", "village_name" FROM "villages" '
    'WHERE ST_Intersects("geom", ST_GeomFromWKB(decode(%s, \'hex\'), ST_SRID("geom"))) '
    'ORDER BY ST_Area(ST_Intersection("geom", ST_GeomFromWKB(decode(%s, \'hex\'), ST_SRID("geom")))) DESC LIMIT 1'
)


@dataclass
class CheckinResult:
    conflicts: List[Conflict] = field(default_factory=list)
    applied: Dict[str, List[str]] = field(default_factory=dict)  # case -> fields applied
    versions: Dict[str, int] = field(default_factory=dict)  # case -> its version after the check-in
    new_cases: Dict[str, str] = field(default_factory=dict)  # number in the copy -> number in the office
    evidence: int = 0
    deleted_in_field: List[str] = field(default_factory=list)
    orphan_evidence: List[str] = field(default_factory=list)  # evidence of a case the office does not have


def checkin(path: str, ledger: PostgisLedger) -> CheckinResult:
    """Merge the field copy ``path`` into ``ledger``; raises LedgerError (nothing applied) on any refusal."""
    check_ledger(path)
    info = field_copy.read_info(path)
    if not info:
        raise LedgerError(both(MESSAGES[0], path=path))
    with closing(connect_copy(path)) as db, immediate(db, path):
        bases, versions = _bases(db)
        copy_cases = field_cases(db)
        connection = connect(ledger)
        try:
            with transaction(connection, ledger) as cursor:
                result = _merge(cursor, db, ledger, info, path, bases, versions, copy_cases)
        finally:
            connection.close()
    return result


def _bases(db) -> tuple:
    query = sql.select(CASES_TABLE, ["fid", "case_id", "version", "field_base", "office_base"])
    bases, versions = {}, {}
    for fid, case_id, version, field_base, office in db.execute(query).fetchall():
        bases[fid] = Base(case_id, json.loads(field_base), json.loads(office))
        versions[fid] = version
    return bases, versions


def _merge(cursor, db, ledger, info, path, bases, versions, copy_cases) -> CheckinResult:
    cursor.execute("SELECT current_database(), Find_SRID(%s, 'violations', 'geom')", (ledger.schema,))
    dbname, srid = cursor.fetchone()
    if (dbname, ledger.schema) != (info.get(field_copy.DBNAME), info.get(field_copy.SCHEMA)):
        source = f"{info.get(field_copy.DATABASE)} / {info.get(field_copy.SCHEMA)}"
        raise LedgerError(both(MESSAGES[1], path=path, source=source, ledger=ledger.label()))
    numbers = [base.case_id for base in bases.values()]
    # Locked first, then read: the rows read are the rows written; another saver waits for this transaction (and
    # the version rule then refuses its stale save).
    cursor.execute('SELECT 1 FROM "violations" WHERE "case_id" = ANY(%s) FOR UPDATE', (numbers,))
    office = {
        row["case_id"]: row
        for row in office_rows(cursor, schema.VIOLATIONS, '"case_id" = ANY(%s)', (numbers,), ['"version"', '"fid"'])
    }
    plan = checkin_merge.plan_checkin(bases, copy_cases, {k: office_base(v) for k, v in office.items()})
    result = CheckinResult(conflicts=plan.conflicts, deleted_in_field=plan.deleted_in_field)
    renamed = {  # a case's number in the copy -> in the office (its evidence follows it); none for deleted cases
        copy_cases[fid]["case_id"]: base.case_id
        for fid, base in bases.items()
        if fid in copy_cases and base.case_id in office
    }
    new_numbers = {}
    for fid in plan.new_cases:
        number = _insert_case(cursor, ledger, srid, copy_cases[fid])
        old = copy_cases[fid].get("case_id")
        new_numbers[fid] = number
        result.new_cases[old or f"fid {fid}"] = number
        if old:
            renamed[old] = number
    result.evidence, result.orphan_evidence, evidence_rows = _insert_evidence(cursor, db, ledger, renamed)
    for merge in plan.changed_cases:
        row = office[merge.case_id]
        version = int(row["version"] or 0) + 1
        _update_case(cursor, ledger, srid, merge.case_id, row["fid"], merge.apply, version)
        result.applied[merge.case_id] = list(merge.apply)
        result.versions[merge.case_id] = version
    _record(db, cursor, bases, versions, copy_cases, plan, result, new_numbers, evidence_rows)
    return result


def _insert_case(cursor, ledger: PostgisLedger, srid: int, values: dict) -> str:
    """Insert a case drawn in the field; returns its number in the office."""
    values = dict(values)
    cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (LOCK.format(schema=ledger.schema),))
    shape = values.pop(GEOMETRY, None)
    if not values.get("village_code") and shape:
        cursor.execute(VILLAGE_OF_SHAPE, (shape, shape))
        found = cursor.fetchone()
        if found:
            values["village_code"], values["village_name"] = found
    number = values.get("case_id")
    cursor.execute('SELECT 1 FROM "violations" WHERE "case_id" = %s', (number,))
    if is_provisional(number) or cursor.fetchone():
        found_on = str(values.get("found_on") or "")
        year = int(found_on[:4]) if found_on[:4].isdigit() else date.today().year
        prefix = case_prefix(values.get("village_code"), year)
        cursor.execute('SELECT "case_id" FROM "violations" WHERE "case_id" LIKE %s', (prefix + "%",))
        (number,) = next_case_ids(values.get("village_code"), year, [row[0] for row in cursor.fetchall()])
    values.update(case_id=number, version=1)
    values.pop("updated_at", None)
    columns = [name for name in schema.VIOLATIONS.field_names if name in values]
    statement = sql.insert("violations", columns + ["geom"], ["%s"] * len(columns) + [_shape(srid)])
    _execute(cursor, ledger, number, statement, [values[c] for c in columns] + [shape])
    return number


def _shape(srid: int) -> str:
    return f"ST_Multi(ST_GeomFromWKB(decode(%s, 'hex'), {int(srid)}))"


def _execute(cursor, ledger: PostgisLedger, case_id: str, statement: str, parameters, evidence: str = "") -> None:
    import psycopg2

    try:
        cursor.execute(statement, parameters)
    except psycopg2.Error as error:
        message = MESSAGES[3] if evidence else MESSAGES[2]
        raise LedgerError(
            both(message, case=case_id, file=evidence, ledger=ledger.label(), error=first_line(error))
        ) from None


def _update_case(cursor, ledger, srid: int, case_id: str, fid: int, apply: dict, version: int) -> None:
    columns = [name for name in apply if name != GEOMETRY]
    assignments = [identifier(name) + " = %s" for name in columns + ["version"]]
    parameters = [apply[name] for name in columns] + [version]
    if GEOMETRY in apply:
        assignments.append('"geom" = ' + _shape(srid))
        parameters.append(apply[GEOMETRY])
    statement = " ".join(["UPDATE", identifier("violations"), "SET", ", ".join(assignments), "WHERE", '"fid" = %s'])
    _execute(cursor, ledger, case_id, statement, parameters + [fid])


def _insert_evidence(cursor, db, ledger: PostgisLedger, numbers: Dict[str, str]) -> tuple:
    """Evidence rows the field added: inserted (an identical row already in the office is not doubled). Returns
    (inserted, rows of unknown cases, [(row id in the copy, row id in the office)])."""
    names = list(schema.EVIDENCE.field_names)
    known = {row[0] for row in db.execute(sql.select(EVIDENCE_TABLE, ["fid"])).fetchall()}
    rows = db.execute(sql.select("evidence", names, expressions=['"fid"'], order_by=["fid"])).fetchall()
    inserted, orphans, recorded = 0, [], []
    for row in rows:
        fid, values = row[0], checkin_merge.normal_row(dict(zip(names, row[1:])), schema.EVIDENCE)
        if fid in known:
            continue
        case_id = numbers.get(values.get("case_id"))
        if case_id is None:
            orphans.append(f"{values.get('case_id')}: {values.get('file_path')}")
            continue
        values["case_id"] = case_id
        cursor.execute(
            'SELECT "fid" FROM "evidence" WHERE "case_id" = %s AND "file_path" = %s', (case_id, values["file_path"])
        )
        existing = cursor.fetchone()
        if existing is None:
            statement = sql.insert("evidence", names, ["%s"] * len(names)) + ' RETURNING "fid"'
            _execute(cursor, ledger, case_id, statement, [values.get(n) for n in names], values.get("file_path"))
            existing = cursor.fetchone()
            inserted += 1
        recorded.append((fid, existing[0]))
    return inserted, orphans, recorded


def _record(db, cursor, bases, versions, copy_cases, plan, result: CheckinResult, new_numbers, evidence_rows) -> None:
    """What was checked in, written into the copy inside its transaction (committed after the database's)."""
    changed = list(result.applied) + list(new_numbers.values())
    after = {}
    if changed:
        rows = office_rows(cursor, schema.VIOLATIONS, '"case_id" = ANY(%s)', (changed,), ['"version"'])
        after = {row["case_id"]: office_base(row) for row in rows}
    by_number = {base.case_id: fid for fid, base in bases.items()}
    for merge in plan.merges:
        settled = dict(merge.agreed, **merge.apply)
        if not settled:
            continue
        fid = by_number[merge.case_id]
        field_base, office = dict(bases[fid].field), dict(bases[fid].office)
        for name in settled:
            field_base[name] = copy_cases[fid].get(name)
            office[name] = after.get(merge.case_id, {}).get(name, merge.agreed.get(name))
        version = result.versions.get(merge.case_id, versions[fid])
        db.execute(
            sql.update(CASES_TABLE, ["field_base", "office_base", "version"], '"fid" = ?'),
            (field_copy.dumps(field_base), field_copy.dumps(office), version, fid),
        )
    for fid in plan.new_cases:
        old, number = copy_cases[fid].get("case_id"), new_numbers[fid]
        if number != old:
            db.execute(sql.update("violations", ["case_id"], '"fid" = ?'), (number, fid))
            db.execute(sql.update("evidence", ["case_id"], '"case_id" = ?'), (number, old))
        values = dict(copy_cases[fid], case_id=number)
        db.execute(
            sql.insert(CASES_TABLE, ["fid", "case_id", "version", "field_base", "office_base"]),
            (fid, number, 1, field_copy.dumps(values), field_copy.dumps(after[number])),
        )
    db.executemany(sql.insert(EVIDENCE_TABLE, ["fid", "office_fid"]), evidence_rows)
    db.execute(sql.delete(INFO_TABLE, '"key" = ?'), (LAST_CHECKIN,))
    db.execute(sql.insert(INFO_TABLE, ["key", "value"]), (LAST_CHECKIN, now_text()))


def display(name: str, value) -> str:
    """A value of a conflict as the office reads it: a code with its Chinese name, a shape by its area."""
    if value is None:
        return ""
    if name == GEOMETRY:
        return tr("shape of {area} m²").format(area=f"{shapely_wkb.loads(bytes.fromhex(value)).area:.2f}")
    if name in schema.VIOLATIONS.field_names:
        spec = schema.VIOLATIONS.field(name)
        if spec.codes and value in spec.code_list:
            return f"{value} {spec.code_list[value]}"
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    return str(value)


def reason_text(conflict: Conflict) -> Optional[str]:
    return tr(conflict.reason) if conflict.reason else None
