"""Saving a case of a shared (PostGIS) ledger from code — algorithms, check-in, the bench — under the ledger's
version rule: a save names the version it was made from and writes version = that + 1; the database refuses it
(SQLSTATE LW001, core/pg_schema.py) when someone else saved the case meanwhile.

A refusal is an answer, not a crash: ``save_case`` returns it with the version now stored and the ledger's own
bilingual message naming the case, so a caller lists it (the check-in's conflicts, the bench's counts) and nothing
is overwritten. The ledger's other rules (village rights, workflow, code lists) refuse the same way. Only what is
not a rule of the ledger (no such case, a lost connection, a field that does not exist) raises a LedgerError.

Every value is bound (psycopg2 ``%s``), names come from the schema through core/sql.py. One transaction a save.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass
from typing import Dict, Mapping, Optional, Tuple

from ..core import pg_schema, schema, sql
from ..core.version_merge import BOOKKEEPING, VERSION
from ..translation import tr_both, tr_later
from . import postgis
from .convert import plain
from .ledger import LedgerError
from .postgis import PostgisLedger

TABLE = "violations"
MESSAGES = (
    tr_later("{field} is not a field of the ledger's violations table ({ledger}): nothing was changed"),
    tr_later("{field} is kept by the ledger itself (who changed a case, when, how often) and cannot be given"),
    tr_later("No case {case} in the ledger {ledger}: nothing was changed"),
)
ACCEPTED = "accepted"
CONFLICT = "conflict"  # refused by the version rule: someone else saved the case first
REFUSED = "refused"  # refused by another rule of the ledger (village rights, workflow, code lists)


@dataclass(frozen=True)
class SaveResult:
    case_id: str
    outcome: str  # ACCEPTED, CONFLICT or REFUSED
    base_version: int  # the version the save was made from
    version: Optional[int]  # the version stored now: base + 1 when accepted, else the ledger's
    message: str = ""  # the ledger's refusal (Chinese / English), empty when accepted

    @property
    def accepted(self) -> bool:
        return self.outcome == ACCEPTED


def _checked(ledger: PostgisLedger, values: Mapping[str, object]) -> Dict[str, object]:
    spec = schema.layer(TABLE)
    checked = {}
    for name, value in values.items():
        if name in BOOKKEEPING:
            raise LedgerError(tr_both(MESSAGES[1]).format(field=name))
        if name not in spec.field_names:
            raise LedgerError(tr_both(MESSAGES[0]).format(field=name, ledger=ledger.label()))
        checked[name] = plain(value)
    return checked


def read_case(connection, case_id: str, fields: Tuple[str, ...] = ()) -> Optional[Tuple[Dict[str, object], int]]:
    """(the fields asked for, the version) of a case as stored, read on ``connection`` (postgis.connect), or None
    when there is no such case. Ends its read transaction."""
    names = [*fields, VERSION]
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.select(TABLE, names, '"case_id" = %s'), (case_id,))
            row = cursor.fetchone()
    finally:
        connection.rollback()
    if row is None:
        return None
    return dict(zip(fields, row[:-1])), int(row[-1])


def save_case(
    ledger: PostgisLedger,
    case_id: str,
    values: Mapping[str, object],
    base_version: int,
    connection=None,
) -> SaveResult:
    """Write ``values`` (field -> value) to case ``case_id``, made from version ``base_version``: accepted at
    base + 1, or refused (with the version now stored and the ledger's message) when the case has moved on or a
    rule of the ledger forbids it. ``connection``: an open postgis.connect() to reuse (a worker saving many)."""
    changes = _checked(ledger, values)
    if connection is None:
        with closing(postgis.connect(ledger)) as own:
            return save_case(ledger, case_id, changes, base_version, own)
    psycopg2 = postgis._psycopg2()
    columns = [*changes, VERSION]
    statement = sql.update(TABLE, columns, '"case_id" = %s', mark="%s") + " RETURNING " + sql.identifier(VERSION)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, [*changes.values(), int(base_version) + 1, case_id])
            row = cursor.fetchone()
        connection.commit()
    except psycopg2.Error as error:
        connection.rollback()
        if not postgis.is_rule(error):
            raise postgis.refusal(error, ledger) from None
        stored = read_case(connection, case_id)
        outcome = CONFLICT if error.pgcode == pg_schema.VERSION_CONFLICT else REFUSED
        return SaveResult(case_id, outcome, int(base_version), stored[1] if stored else None, postgis.first_line(error))
    if row is None:
        raise LedgerError(tr_both(MESSAGES[2]).format(case=case_id, ledger=ledger.label()))
    return SaveResult(case_id, ACCEPTED, int(base_version), int(row[0]))
