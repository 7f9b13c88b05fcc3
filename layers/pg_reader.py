"""Reading a PostGIS table near a set of boxes straight from the database: the PostGIS side of gpkg_reader, for
the reference layers of a check (cadastre, permits, villages, farmland) when they are whole tables of a shared
ledger (or any PostGIS table). Used only for plain tables (no subset filter, no selection); anything else is read
through QGIS.

Through QGIS a postgres layer sends every feature with every attribute, 200,000 parcels of which 45,000 are near a
violation of the bench township; here only the near ones come, with the key and the attributes the check reads.
Which are near: measured 2026-12-06, PostgreSQL 15 + PostGIS 3.3 on the same machine, the bench township
(200,000 parcels, 20,000 violation boxes), a shared 2-core VM:

| way                                                                     | 2,000 boxes | 20,000 boxes |
|-------------------------------------------------------------------------|------------:|-------------:|
| GiST index asked once per box (``geom && ANY(boxes)``, a bitmap scan)   |      0.20 s |       2.0 s  |
| the same as a join of the boxes to the table, in parallel workers       |      0.18 s |       2.4 s  |
| every entry's box sent as one binary string, one numpy box join here    |      0.30 s |       0.30 s |

An index probe costs about 100 µs a box here, an entry's box about 1.5 µs: the index is asked when the entries
outnumber the boxes ``INDEX_ENTRIES_PER_BOX`` times (a village, a few cases), else every box is read. Both give
the same rows: the index's float boxes are rounded outwards, so its few extra rows are dropped by the same
``BoxFilter`` test on each feature's own box (grown a hair: nothing near is missed). Rows come in key order, as
the GeoPackage reader returns them.
"""

from __future__ import annotations

import datetime
import decimal
from contextlib import closing
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

import numpy as np
from qgis.core import QgsDataSourceUri, QgsVectorLayer

from ..core import sql
from ..core.checks import FeatureColumns
from ..core.spatial import BoxFilter, bounds_with_wkb, from_wkb
from ..translation import tr_both, tr_later
from .ledger import LedgerError
from .postgis import PostgisLedger, connect, first_line

INDEX_ENTRIES_PER_BOX = 100
CANNOT_READ = tr_later("Cannot read the table {table} of {database}: {error}")
_ENTRY = np.dtype([("id", ">i8"), ("minx", ">f8"), ("miny", ">f8"), ("maxx", ">f8"), ("maxy", ">f8")])


@dataclass(frozen=True)
class PostgisTable:
    """A whole table of a PostGIS database: where it is (connection and schema), its geometry column and key."""

    ledger: PostgisLedger
    table: str
    geometry: str
    key: str


def plain_postgis_table(layer: Optional[QgsVectorLayer]) -> Optional[PostgisTable]:
    """The table when ``layer`` is a whole PostGIS table with a geometry column and a one-column key, else None."""
    if layer is None or layer.providerType() != "postgres" or layer.subsetString():
        return None
    uri = QgsDataSourceUri(layer.source())
    key = uri.keyColumn()
    if uri.sql() or not uri.table() or uri.table().startswith("(") or not uri.geometryColumn():
        return None
    if not key or "," in key or key.startswith('"'):
        return None
    schema = uri.schema() or "public"
    return PostgisTable(PostgisLedger(uri.connectionInfo(False), schema), uri.table(), uri.geometryColumn(), key)


def available() -> bool:
    """psycopg2 is there (without it, PostGIS tables are read through QGIS)."""
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return False
    return True


def read_near(table: PostgisTable, key_field: str, attributes: Sequence[str], near: BoxFilter) -> FeatureColumns:
    """Features of ``table`` whose box meets one of ``near``'s boxes (in the table's own CRS), as columns, in key
    order; attributes as plain values (dates as ISO text, as the GeoPackage and QGIS readers give them). Raises
    LedgerError naming the table and the database."""
    import psycopg2

    boxes = near.boxes[np.isfinite(near.boxes).all(axis=1)] if not near.empty else np.zeros((0, 4))
    with closing(connect(table.ledger)) as connection:
        try:
            connection.set_session(readonly=True)
            with connection.cursor() as cursor:
                ids = _near_ids(cursor, table, near, boxes)
                rows = _rows(cursor, table, key_field, attributes, ids)
            connection.rollback()
        except psycopg2.Error as error:
            message = tr_both(CANNOT_READ).format(
                table=f"{table.ledger.schema}.{table.table}",
                database=database_name(table.ledger),
                error=first_line(error),
            )
            raise LedgerError(message) from None
    if not rows:
        return FeatureColumns([], [], {name: [] for name in attributes}, np.zeros((0, 4)))
    fids, blobs, keys, *values = zip(*rows)
    wkb = [bytes(blob) if blob is not None else None for blob in blobs]
    shapes = from_wkb(wkb)
    # The index compares float boxes, rounded outwards: keep exactly what ``near`` keeps, whichever way was asked.
    own_boxes = bounds_with_wkb(shapes, wkb)
    kept = np.flatnonzero(near.near(own_boxes)).tolist()
    keys = [str(keys[k]) if keys[k] is not None else f"#{fids[k]}" for k in kept]
    columns = {name: [plain_value(column[k]) for k in kept] for name, column in zip(attributes, values)}
    return FeatureColumns(keys, [shapes[k] for k in kept], columns, own_boxes[kept].reshape(-1, 4))


def database_name(ledger: PostgisLedger) -> str:
    """The database as a message names it: a saved connection or service by its name, else its dbname and host
    (never the rest of the connection text, which may hold a password)."""
    if "=" not in ledger.database:
        return ledger.database
    uri = QgsDataSourceUri(ledger.database)
    if uri.service():
        return f"service={uri.service()}"
    return f"{uri.database()}@{uri.host() or 'localhost'}"


def _near_ids(cursor, table: PostgisTable, near: BoxFilter, boxes: np.ndarray) -> List[int]:
    """Keys (ascending) of the rows whose box meets one of ``boxes``: the GiST index asked once per box when the
    entries far outnumber the boxes, else every entry's box read and joined here."""
    if not len(boxes):
        return []
    cursor.execute(sql.select(table.table, expressions=["count(*)"]))
    entries = cursor.fetchone()[0]
    geometry = sql.identifier(table.geometry)
    if len(boxes) * INDEX_ENTRIES_PER_BOX <= entries:
        texts = [f"BOX({x0!r} {y0!r},{x1!r} {y1!r})" for x0, y0, x1, y1 in boxes.tolist()]
        cursor.execute(
            sql.select(table.table, [table.key], geometry + " && ANY(%s::box2d[])", order_by=[table.key]), (texts,)
        )
        return [row[0] for row in cursor.fetchall()]
    ids, entry_boxes = all_boxes(cursor, table)
    return ids[near.near(entry_boxes)].tolist() if len(ids) else []


def all_boxes(cursor, table: PostgisTable) -> Tuple[np.ndarray, np.ndarray]:
    """Keys and (minx, miny, maxx, maxy) boxes of every row with a geometry, sent as one binary string (200,000
    rows as Python tuples of text numbers cost twice as long)."""
    box = "box2d(" + sql.identifier(table.geometry) + ")"
    entry = " || ".join(
        ["int8send(" + sql.identifier(table.key) + "::int8)"]
        + [f"float8send({side}({box}))" for side in ("ST_XMin", "ST_YMin", "ST_XMax", "ST_YMax")]
    )
    cursor.execute(sql.select(table.table, expressions=[f"string_agg({entry}, ''::bytea)"]))
    data = cursor.fetchone()[0]
    entries = np.frombuffer(bytes(data) if data is not None else b"", dtype=_ENTRY)
    order = np.argsort(entries["id"], kind="stable")
    entries = entries[order]
    boxes = np.column_stack([entries[c].astype(float) for c in ("minx", "miny", "maxx", "maxy")])
    return entries["id"].astype(np.int64), boxes.reshape(-1, 4)


def _rows(cursor, table: PostgisTable, key_field: str, attributes: Sequence[str], ids: List[int]) -> list:
    if not ids:
        return []
    # the key first, then the geometry as WKB, the key field and the attributes (expressions come first in select)
    statement = sql.select(
        table.table,
        [key_field, *attributes],
        sql.identifier(table.key) + " = ANY(%s)",
        expressions=[sql.identifier(table.key), "ST_AsBinary(" + sql.identifier(table.geometry) + ")"],
        order_by=[table.key],
    )
    cursor.execute(statement, (ids,))
    return cursor.fetchall()


def plain_value(value):
    """A database value as the other readers give it: dates and times as ISO text, numerics as floats."""
    if isinstance(value, datetime.datetime):
        local = value.astimezone() if value.tzinfo is not None else value
        return local.replace(tzinfo=None).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value
