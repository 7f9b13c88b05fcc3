"""The one way into a GeoPackage ledger: the file checked before anything is written, every write in one
transaction that waits a bounded time for another writer, and a message naming the file when it cannot.

``check_ledger`` refuses what is not a Lianwei ledger (a missing, truncated or foreign file, a GeoPackage that
merely has a table called violations, a ledger of a newer schema, a read-only file) before any write begins.
``immediate`` opens SQLite's write lock first (BEGIN IMMEDIATE), so a case read inside it cannot change before it
is written back: two writers of the same case take turns instead of losing one's update.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional
from urllib.parse import quote

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QThread

from ..core import schema, sql
from ..translation import tr_both, tr_later
from . import gpkg_functions
from .ledger import LedgerError

SQLITE_HEADER = b"SQLite format 3\x00"
# GeoPackage application ids: "GPKG" (1.2 and later), "GP10", "GP11" (1.0, 1.1).
GEOPACKAGE_IDS = (0x47504B47, 0x47503130, 0x47503131)
# How long a busy ledger is waited for: each attempt waits BUSY_TIMEOUT_S inside SQLite, ATTEMPTS times.
BUSY_TIMEOUT_S = 10.0
ATTEMPTS = 3
# In the desktop's own thread a wait freezes the window: there a busy ledger is waited for this long in all.
DESKTOP_WAIT_S = 2.0

MESSAGES = (
    tr_later("The ledger {path} does not exist"),
    tr_later("{path} is not a GeoPackage (it is not an SQLite database): choose the ledger's .gpkg file"),
    tr_later("{path} is an SQLite database but not a GeoPackage: choose the ledger's .gpkg file"),
    tr_later(
        "{path} is truncated ({size} of {expected} bytes): the copy is incomplete. Copy the ledger again, "
        "with its -wal file if there is one"
    ),
    tr_later("{path} cannot be read: {error}"),
    tr_later("{path} is not a Lianwei ledger: it has no table {table}"),
    tr_later("{path} is not a Lianwei ledger: its table {table} has no field {field}"),
    tr_later(
        "{path} is a ledger of schema version {version}, made by a newer Lianwei (this one knows version "
        "{known}): update the plugin"
    ),
    tr_later("{path} has an unreadable schema version {version!r} in its campaign table"),
    tr_later("The ledger {path} is read-only: make the file and its folder writable, or copy it somewhere writable"),
    tr_later(
        "The ledger {path} is in use by another program (still locked after {seconds:.0f} s): close the other "
        "program or finish its edits, then try again. Nothing was changed"
    ),
    tr_later("The ledger {path} refused the change: {error}. Nothing was changed"),
)


@dataclass(frozen=True)
class LedgerInfo:
    path: str
    version: int


def _refuse(template: str, **values) -> LedgerError:
    return LedgerError(tr_both(template).format(**values))


def _uri(path: str, mode: str) -> str:
    return f"file:{quote(os.path.abspath(path))}?mode={mode}"


def check_ledger(path: str, writable: bool = True) -> LedgerInfo:
    """The ledger at ``path`` after checking it is one this plugin may write (or read, ``writable=False``)."""
    if not path or not os.path.isfile(path):
        raise _refuse(MESSAGES[0], path=path)
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise _refuse(MESSAGES[1], path=path)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if pages and size < page_size * pages:
        raise _refuse(MESSAGES[3], path=path, size=size, expected=page_size * pages)
    if int.from_bytes(header[68:72], "big") not in GEOPACKAGE_IDS:
        raise _refuse(MESSAGES[2], path=path)
    try:
        with closing(sqlite3.connect(_uri(path, "ro"), uri=True, timeout=_attempt_seconds())) as db:
            version = _check_tables(db, path)
    except sqlite3.Error as error:
        if _busy(error):
            raise _locked_or_refused(error, path) from None
        raise _refuse(MESSAGES[4], path=path, error=error) from None
    if writable and not _writable(path):
        raise _refuse(MESSAGES[9], path=path)
    return LedgerInfo(path, version)


def _writable(path: str) -> bool:
    """The file and its folder (for SQLite's -journal and -wal files) may be written, and the file is not marked
    read-only: a file without any write permission is taken as read-only even for root or an administrator, as
    Windows' read-only attribute is, because someone marked it so (an archived or handed-over copy)."""
    if not os.stat(path).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return False
    return os.access(path, os.W_OK) and os.access(os.path.dirname(os.path.abspath(path)), os.W_OK)


def _check_tables(db: sqlite3.Connection, path: str) -> int:
    """The ledger's schema version, once every table and every field of that version is found."""
    tables = {row[0] for row in db.execute("SELECT table_name FROM gpkg_contents")}
    columns = {}
    for spec in schema.LAYERS:
        if spec.name not in tables:
            raise _refuse(MESSAGES[5], path=path, table=spec.name)
        columns[spec.name] = {row[1] for row in db.execute(sql.table_info(spec.name))}
    _check_fields(columns, 1, path)  # version 1's fields, the campaign table's among them, before reading it
    version = _stored_version(db, path)
    _check_fields(columns, version, path)
    return version


def _check_fields(columns: Dict[str, set], version: int, path: str) -> None:
    for spec in schema.LAYERS:
        for f in schema.fields_of_version(spec, version):
            if f.name not in columns[spec.name]:
                raise _refuse(MESSAGES[6], path=path, table=spec.name, field=f.name)


def _stored_version(db: sqlite3.Connection, path: str) -> int:
    row = db.execute('SELECT "value" FROM "campaign" WHERE "key" = ?', (schema.SCHEMA_VERSION_KEY,)).fetchone()
    if row is None or row[0] in (None, ""):
        return 1  # made before the version was kept
    try:
        version = int(str(row[0]).strip())
    except ValueError:
        raise _refuse(MESSAGES[8], path=path, version=row[0]) from None
    if version > schema.SCHEMA_VERSION:
        raise _refuse(MESSAGES[7], path=path, version=version, known=schema.SCHEMA_VERSION)
    return version


def connect(path: str) -> sqlite3.Connection:
    """A connection for writing that waits up to BUSY_TIMEOUT_S for a lock; transactions are explicit.

    It has the SQL functions the GeoPackage's R-tree triggers call (layers/gpkg_functions.py): without them SQLite
    refuses any UPDATE of a table with a geometry, even of its attributes only."""
    try:
        db = sqlite3.connect(_uri(path, "rw"), uri=True, timeout=_attempt_seconds(), isolation_level=None)
    except sqlite3.Error as error:  # gone or unreadable since it was checked
        raise _locked_or_refused(error, path) from None
    return gpkg_functions.register(db)


@contextmanager
def immediate(db: sqlite3.Connection, path: str) -> Iterator[sqlite3.Connection]:
    """One write transaction holding the write lock from its start; committed at the end, rolled back on error.

    A ledger busy with another writer is waited for (SQLite's busy timeout, ATTEMPTS times) and only then refused
    with a message; the ledger is then unchanged. An SQLite error inside the transaction (a trigger's refusal, a
    full disk) rolls it back and becomes a LedgerError naming the file; a caller that can name the row catches
    sqlite3.Error around its statement first.
    """
    for attempt in range(ATTEMPTS):
        try:
            db.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as error:
            if not _busy(error) or attempt == ATTEMPTS - 1:
                raise _locked_or_refused(error, path) from None
            time.sleep(0.05 * (attempt + 1))
    try:
        yield db
        _commit(db, path)
    except BaseException as error:
        if db.in_transaction:
            db.rollback()
        if isinstance(error, sqlite3.Error):
            raise _locked_or_refused(error, path) from None
        raise


def _commit(db: sqlite3.Connection, path: str) -> None:
    for attempt in range(ATTEMPTS):
        try:
            db.execute("COMMIT")
            return
        except sqlite3.OperationalError as error:  # readers still hold their locks: wait for them
            if not _busy(error) or attempt == ATTEMPTS - 1:
                raise _locked_or_refused(error, path) from None


def _in_desktop_window_thread() -> bool:
    """True in QGIS Desktop's GUI thread (not in qgis_process, tests or a Processing worker)."""
    application = QCoreApplication.instance()
    return (
        application is not None
        and QgsApplication.platform() == "desktop"
        and QThread.currentThread() == application.thread()
    )


def _attempt_seconds() -> float:
    return DESKTOP_WAIT_S / ATTEMPTS if _in_desktop_window_thread() else BUSY_TIMEOUT_S


def _busy(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _locked_or_refused(error: sqlite3.Error, path: str) -> LedgerError:
    if _busy(error):
        return _refuse(MESSAGES[10], path=path, seconds=max(_attempt_seconds() * ATTEMPTS, 1))
    if "readonly" in str(error).lower() or "read-only" in str(error).lower():
        return _refuse(MESSAGES[9], path=path)
    return _refuse(MESSAGES[11], path=path, error=error)


def table_dump(path: str) -> Dict[str, List[tuple]]:
    """Every row of every ledger table (geometry blobs included), sorted: for tests that a refusal changed nothing."""
    with closing(sqlite3.connect(_uri(path, "ro"), uri=True)) as db:
        dump = {}
        for spec in schema.LAYERS:
            rows = db.execute(sql.select(spec.name, expressions=["*"])).fetchall()
            dump[spec.name] = sorted(rows, key=repr)
        return dump


def writable_ledger(path: Optional[str]) -> LedgerInfo:
    """``check_ledger`` for a write, with a None path refused like a missing file."""
    return check_ledger(path or "", writable=True)
