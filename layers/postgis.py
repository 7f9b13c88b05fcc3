"""The shared ledger's address and connection: a saved QGIS PostgreSQL connection or a libpq service, and a
schema.

``DATABASE`` is what a technician already has: the name of a connection saved in QGIS's browser (its user and
password may sit in QGIS's authentication manager), or ``service=NAME`` from pg_service.conf, or a libpq
connection string. QGIS layers keep the connection as QGIS stores it (an authcfg id, never the password); the
plugin's own statements go through psycopg2 with the authentication expanded, every value bound.

Errors the database raises for the ledger's rules (core/pg_schema.py) already speak Chinese and English and name
the case; they are passed on as they are. Others are put in words naming the connection and schema.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Optional, Sequence, Tuple

from qgis.core import QgsDataSourceUri, QgsProviderRegistry, QgsVectorLayer

from ..core import pg_schema
from ..core.sql import identifier
from ..dependencies import missing_message
from ..translation import tr_both, tr_later
from .ledger import LedgerError

MESSAGES = (
    tr_later(
        "No PostgreSQL connection named {database} is saved in QGIS: add it in the Browser panel (PostgreSQL, "
        "New Connection), or give service=NAME of a pg_service.conf entry"
    ),
    tr_later("{schema!r} is not a usable schema name: use letters, digits and _, starting with a letter"),
    tr_later("Cannot connect to the database {database}: {error}"),
    tr_later("The database {database} refused the change: {error}. Nothing was changed"),
)
# A server message as libpq words it: the severity (English, or Chinese on a server with lc_messages zh_CN), a
# colon and two spaces, the message. QGIS's own lines have one space after "ERROR:".
SERVER_MESSAGE = re.compile(r"(?:\b(?:ERROR|FATAL|PANIC)|致命错误|错误):\s\s+(\S.*)")
# Lower case, so that QGIS, psql and the database all spell it the same way without quotes.
PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)
SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class PostgisLedger:
    """A ledger in schema ``schema`` of the database named by ``database`` (a saved connection, or libpq text)."""

    database: str
    schema: str = pg_schema.DEFAULT_SCHEMA

    def label(self) -> str:
        """For messages and logs: a password typed into a libpq text is never shown."""
        return f"{self.database_label()} / {self.schema}"

    def database_label(self) -> str:
        return PASSWORD.sub(lambda match: match.group(1) + "***", self.database)

    def __str__(self) -> str:
        return self.label()


def postgis_ledger(database: str, schema_name: str = "") -> PostgisLedger:
    """The address checked: a database given, a schema name that needs no quoting."""
    schema_name = (schema_name or pg_schema.DEFAULT_SCHEMA).strip()
    if not SCHEMA_NAME.match(schema_name):
        raise LedgerError(tr_both(MESSAGES[1]).format(schema=schema_name))
    return PostgisLedger((database or "").strip(), schema_name)


def _is_conninfo(database: str) -> bool:
    return "=" in database


def source_uri(ledger: PostgisLedger) -> QgsDataSourceUri:
    """The connection as QGIS keeps it: a saved connection's settings (authcfg unexpanded), or the libpq text."""
    if _is_conninfo(ledger.database):
        return QgsDataSourceUri(ledger.database)
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    try:
        connection = metadata.findConnection(ledger.database)
    except Exception:  # noqa: BLE001 - QgsProviderConnectionException: not found
        connection = None
    if connection is None:
        raise LedgerError(tr_both(MESSAGES[0]).format(database=ledger.database))
    return QgsDataSourceUri(connection.uri())


def conninfo(ledger: PostgisLedger) -> str:
    """libpq connection text with the authentication configuration expanded (user, password)."""
    return source_uri(ledger).connectionInfo(True)


def layer_source(ledger: PostgisLedger, table: str, geometry: Optional[str] = "geom") -> str:
    """The QGIS postgres provider's source of a ledger table (key fid)."""
    uri = source_uri(ledger)
    uri.setDataSource(ledger.schema, table, geometry or "", "", "fid")
    if geometry:
        uri.setSrid("")
    return uri.uri(False)


def ledger_of_layer(layer: QgsVectorLayer) -> Optional[PostgisLedger]:
    """The PostGIS ledger a postgres layer belongs to (its connection and schema), else None."""
    if layer is None or layer.providerType() != "postgres":
        return None
    uri = QgsDataSourceUri(layer.source())
    text = uri.connectionInfo(False)
    return PostgisLedger(text, uri.schema() or "public")


def table_of_layer(layer: QgsVectorLayer) -> Optional[Tuple[PostgisLedger, str]]:
    """(ledger, table) when ``layer`` is a whole table of a PostGIS ledger (no filter), else None."""
    ledger = ledger_of_layer(layer)
    if ledger is None or layer.subsetString():
        return None
    return ledger, QgsDataSourceUri(layer.source()).table()


def _psycopg2():
    try:
        import psycopg2
    except ImportError as error:
        raise LedgerError(missing_message("psycopg2")) from error
    _adapt_numpy(psycopg2.extensions)
    return psycopg2


def _adapt_numpy(extensions) -> None:
    """numpy's numbers bound as plain numbers. psycopg2 binds a float subclass by its repr(), which numpy 2 (QGIS
    3.40 and later) writes as ``np.float64(1.5)``: broken SQL (seen on trixie). numpy's integers it cannot bind."""
    import numpy

    def as_float(value):
        return extensions.Float(float(value))

    def as_int(value):
        return extensions.AsIs(int(value))

    for kind in (numpy.float64, numpy.float32):
        extensions.register_adapter(kind, as_float)
    for kind in (numpy.int64, numpy.int32):
        extensions.register_adapter(kind, as_int)


def connect(ledger: PostgisLedger):
    """A psycopg2 connection to the ledger's database, its search path on the ledger's schema; transactions are
    explicit (``transaction``)."""
    psycopg2 = _psycopg2()
    try:
        connection = psycopg2.connect(conninfo(ledger), application_name="lianwei", connect_timeout=15)
    except psycopg2.Error as error:
        raise LedgerError(
            tr_both(MESSAGES[2]).format(database=ledger.database_label(), error=first_line(error))
        ) from None
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('search_path', %s, false)", (f"{identifier(ledger.schema)}, public",))
    connection.commit()
    return connection


@contextmanager
def transaction(connection, ledger: PostgisLedger) -> Iterator[object]:
    """One transaction: committed at the end, rolled back on any error, which becomes a LedgerError (the rule's
    own bilingual message when the ledger refused)."""
    psycopg2 = _psycopg2()
    try:
        with connection.cursor() as cursor:
            yield cursor
        connection.commit()
    except BaseException as error:
        connection.rollback()
        if isinstance(error, psycopg2.Error):
            raise refusal(error, ledger) from None
        raise


def is_rule(error) -> bool:
    """True when the ledger's own rules refused (version, village rights, workflow, code lists)."""
    code = getattr(error, "pgcode", None) or ""
    return code in (pg_schema.VERSION_CONFLICT, pg_schema.NOT_YOUR_VILLAGE, "23514")


def first_line(error) -> str:
    """The database's message without psycopg2's CONTEXT lines."""
    text = getattr(getattr(error, "diag", None), "message_primary", None) or str(error)
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__


def refusal(error, ledger: PostgisLedger) -> LedgerError:
    if is_rule(error) and getattr(error, "pgcode", "") != "23514":
        return LedgerError(first_line(error))
    return LedgerError(tr_both(MESSAGES[3]).format(database=ledger.label(), error=first_line(error)))


def save_refusal(layer: QgsVectorLayer) -> Optional[str]:
    """The database's reason the last commit of ``layer`` failed, for the desktop to show (``database_message`` of
    its commitErrors()); None when the commit passed or QGIS refused it itself (its commitErrors() say why)."""
    return database_message(layer.commitErrors()) if layer is not None else None


def database_message(errors: Sequence[str]) -> Optional[str]:
    """The first PostgreSQL error in QGIS's commit errors, its first line only: without QGIS's wrapping ("ERROR: 1
    attribute value change(s) not applied", "PostGIS error while changing attributes") nor the server's CONTEXT
    lines. The ledger's rules say it in Chinese and English, naming the case (and the village, or both versions)."""
    for entry in errors:
        for line in str(entry).splitlines():
            found = SERVER_MESSAGE.search(line)
            if found:
                return found.group(1).strip()
    return None
