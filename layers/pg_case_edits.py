"""Changing cases of a PostGIS ledger from code (lianwei:recordstatus, the desktop's actions): the checks of
layers/case_edits.py, written through psycopg2 in one transaction of the ledger's database, all or nothing.

The cases are read with SELECT … FOR UPDATE: a second writer of the same case waits for the first to commit and
then reads what it wrote, so each write carries version = stored + 1 and the database's version rule
(core/pg_schema.py) never has to refuse one of ours. The workflow is checked here first, naming every refused case,
as for a GeoPackage; the database checks it again (and the village rights, and the code lists) for every client.

Each case is written under its own savepoint, so a case the database refuses (another village's, LW002) does not
hide the others: every refused case is named, then everything is rolled back. Who and when are the database's:
``updated_by`` and ``updated_at`` are left to the version rule (session_user, now()), and the audit trigger writes
one case_log row per changed field with the database user.
"""

from __future__ import annotations

from typing import Dict, List, Mapping

from ..core import schema, sql
from ..core.evidence_files import is_photo
from ..translation import both
from .case_edits import MESSAGES, TABLE, CaseEditError, check_fields, checked_changes
from .pg_rows import bound_value
from .postgis import PostgisLedger, connect, first_line, is_rule, transaction
from .sql_values import to_sql

# What the database keeps itself (the version rule stamps who and when); never compared or written from here.
STAMPED = ("updated_at", "updated_by")


def update_shared_cases(ledger: PostgisLedger, changes: Mapping[str, Mapping[str, object]]) -> int:
    """Apply ``changes`` (case_id → {field: value or Stored}) to the PostGIS ledger; returns the cases changed.
    Raises CaseEditError naming every case that is unknown, refused by the workflow, by the village rights or
    given a bad value, LedgerError when the database cannot be reached or refuses; then nothing is written."""
    spec = schema.layer(TABLE)
    check_fields(spec, changes, ledger.label())
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:
            stored = _read_cases(cursor, spec, list(changes))
            missing = [case_id for case_id in changes if case_id not in stored]
            if missing:
                raise CaseEditError(both(MESSAGES[3], cases=", ".join(missing), path=ledger.label()))
            wanted = checked_changes(spec, changes, stored, _photo_counts(cursor, list(changes)))
            refused = []
            written = 0
            for case_id, change in wanted.items():
                differing = {name: value for name, value in change.items() if stored[case_id].get(name) != value}
                if differing:
                    problem = _write(cursor, ledger, spec, stored[case_id], differing)
                    if problem:
                        refused.append(problem)
                    written += 1
            if refused:
                raise CaseEditError("\n".join(refused))
    finally:
        connection.close()
    return written


def _read_cases(cursor, spec: schema.Layer, case_ids: List[str]) -> Dict[str, dict]:
    """case_id → {"fid": …, field: stored value as a GeoPackage holds it}, the rows locked until the commit."""
    names = list(spec.field_names)
    cursor.execute(sql.select(TABLE, names, '"case_id" = ANY(%s)', expressions=['"fid"']) + " FOR UPDATE", (case_ids,))
    found = {}
    for row in cursor.fetchall():
        values = {name: _stored(spec.field(name), value) for name, value in zip(names, row[1:])}
        values["fid"] = row[0]
        found[values["case_id"]] = values
    return found


def _stored(field: schema.Field, value):
    """A value read from PostgreSQL in the form case_edits compares and the workflow reads (dates as text,
    yes/no as 0/1), so that an unchanged value is not written again."""
    try:
        return to_sql(field, value)
    except ValueError:
        return value


def _photo_counts(cursor, case_ids: List[str]) -> Dict[str, int]:
    counts = {case_id: 0 for case_id in case_ids}
    cursor.execute(sql.select("evidence", ["case_id", "file_path"], '"case_id" = ANY(%s)'), (case_ids,))
    for case_id, path in cursor.fetchall():
        if path and is_photo(path):
            counts[case_id] += 1
    return counts


def _write(cursor, ledger: PostgisLedger, spec: schema.Layer, stored: dict, change: Dict[str, object]) -> str:
    """Write one case under a savepoint; "" when written, else the refusal (the savepoint rolled back)."""
    values = {name: bound_value(spec.field(name), value) for name, value in change.items() if name not in STAMPED}
    values["version"] = int(stored.get("version") or 0) + 1
    import psycopg2  # there: connect() succeeded

    cursor.execute("SAVEPOINT lianwei_case")
    try:
        cursor.execute(sql.update(TABLE, list(values), '"fid" = %s', mark="%s"), [*values.values(), stored["fid"]])
    except psycopg2.Error as error:
        cursor.execute("ROLLBACK TO SAVEPOINT lianwei_case")
        if is_rule(error) and error.pgcode != "23514":  # version, village rights: the rule's message names the case
            return first_line(error)
        return both(MESSAGES[6], case=stored["case_id"], path=ledger.label(), error=first_line(error))
    cursor.execute("RELEASE SAVEPOINT lianwei_case")
    return ""
