"""Evidence of a case of a shared (PostGIS) ledger: a database has no folder beside it, so its files go to the photo
folder set in the ledger's campaign settings (``evidence_folder``: a network folder every office computer
reaches, e.g. ``\\\\server\\两违取证``), ``<folder>/<case_id>/``, and their rows store the absolute path.

The rows are inserted in one transaction through psycopg2 as the login role: the database's village rights apply
(a case of another village is refused with the database's own bilingual message, naming the case and the
village), and the audit writes them to case_log. If the insert fails the copied files are removed again.
"""

from __future__ import annotations

import os
from typing import List, Sequence

from ..core import evidence_files, sql
from ..core.campaign import EVIDENCE_FOLDER
from ..translation import tr_both, tr_later
from . import pg_reads
from .evidence import Evidence, _with_fid, copy_and_write, numbers
from .ledger import LedgerError
from .postgis import PostgisLedger, connect, transaction

MESSAGES = (
    tr_later(
        "The shared ledger {ledger} has no evidence folder: set one in the campaign settings (a network folder "
        "every office computer reaches), then attach the files again"
    ),
    tr_later(
        "The evidence folder {folder} of the shared ledger {ledger} cannot be reached from this computer: connect "
        "the network folder, or set another one in the campaign settings"
    ),
    tr_later("Case {case_id} is not in the violations table of {ledger}"),
)
COLUMNS = ("case_id", "file_path", "taken_at", "note", "longitude", "latitude", "direction")
CASE_EXISTS = 'SELECT 1 FROM "violations" WHERE "case_id" = %s'


def evidence_folder(ledger: PostgisLedger) -> str:
    """The shared ledger's evidence folder, checked to be reachable; LedgerError naming the ledger otherwise."""
    folder = str(pg_reads.campaign_rows(ledger).get(EVIDENCE_FOLDER) or "").strip()
    if not folder:
        raise LedgerError(tr_both(MESSAGES[0]).format(ledger=ledger.label()))
    if not os.path.isdir(folder):
        raise LedgerError(tr_both(MESSAGES[1]).format(folder=folder, ledger=ledger.label()))
    return folder


def attach_shared(ledger: PostgisLedger, case_id: str, files: Sequence[str], note: str = "") -> List[Evidence]:
    """Copy ``files`` (checked already) into the case's folder under the evidence folder and insert their rows."""
    folder = os.path.join(evidence_folder(ledger), evidence_files.folder_name(case_id))
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:  # before copying anything; the insert checks again
            cursor.execute(CASE_EXISTS, (case_id,))
            if cursor.fetchone() is None:
                raise LedgerError(tr_both(MESSAGES[2]).format(case_id=case_id, ledger=ledger.label()))
        return copy_and_write(
            folder, case_id, files, note, os.path.abspath, lambda rows: _insert(connection, ledger, rows)
        )
    finally:
        connection.close()


def _insert(connection, ledger: PostgisLedger, rows: Sequence[Evidence]) -> List[Evidence]:
    statement = sql.insert("evidence", COLUMNS, ["%s"] * len(COLUMNS)) + ' RETURNING "fid"'
    written = []
    with transaction(connection, ledger) as cursor:  # the village rights refuse another village's case here
        for row in rows:
            taken_at = row.taken_at.astimezone() if row.taken_at is not None else None  # EXIF: this computer's time
            cursor.execute(statement, (row.case_id, row.file_path, taken_at, row.note or None, *numbers(row)))
            written.append(_with_fid(row, cursor.fetchone()[0]))
    return written
