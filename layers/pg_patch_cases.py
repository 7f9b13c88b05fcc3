"""The cases of a PostGIS ledger as the patch import sees them: layers/patch_cases.CasesTable on one psycopg2
transaction of the ledger's database.

Imports of patches into one ledger take turns (a transaction-scoped advisory lock on the schema), so two of them
never give the same case number; an office's editors go on saving meanwhile. The cases an import may update are
read with FOR UPDATE: an editor's save of the same case waits for the import's commit, and the import writes
version = stored + 1, which the database's version rule accepts. New cases are stamped with the database user,
updated ones by the version rule; the audit trigger logs every row inserted and every field changed.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from shapely import wkb
from shapely.geometry import MultiPolygon

from .patch_cases import TABLE, CasesTable
from .pg_rows import bound_value, srid_of
from .postgis import PostgisLedger, connect, transaction
from .sql_values import to_sql

Box = Tuple[float, float, float, float]
# Case numbers are given out by one import at a time per ledger schema (pg_advisory_xact_lock's key).
LOCK_KEY = "SELECT pg_advisory_xact_lock(hashtext(%s))"
NEAR = (
    "SELECT DISTINCT v.fid FROM violations v JOIN unnest(%s::float8[], %s::float8[], %s::float8[], %s::float8[]) "
    "AS b(minx, miny, maxx, maxy) ON v.geom && ST_MakeEnvelope(b.minx, b.miny, b.maxx, b.maxy, %s)"
)
TOWNSHIP = "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) AS e FROM villages) AS t"


class PostgisCases(CasesTable):
    MARK = "%s"
    LOCK = " FOR UPDATE"

    def __init__(self, cursor, author: str, ledger: PostgisLedger):
        super().__init__(author, ledger)
        self.cursor = cursor
        self.srid = srid_of(cursor, ledger, TABLE)
        cursor.execute("SELECT session_user")
        self.database_user = cursor.fetchone()[0]

    def rows(self, statement: str, parameters: Sequence = ()) -> List[tuple]:
        self.cursor.execute(statement, list(parameters))
        return self.cursor.fetchall()

    def run(self, statement: str, parameters: Sequence = ()) -> None:
        self.cursor.execute(statement, list(parameters))

    def near_fids(self, boxes: Sequence[Box]) -> Iterable[int]:
        """Through the table's GiST index, every box in one statement."""
        if not boxes:
            return []
        columns = [list(column) for column in zip(*boxes)]
        return [fid for (fid,) in self.rows(NEAR, [*columns, self.srid])]

    def township_box(self, margin: float) -> Optional[Box]:
        return township_box(self.cursor, margin)

    def fids_in(self, fids: Sequence[int]) -> Iterator[Tuple[str, list]]:
        if fids:
            yield "fid = ANY(%s)", [list(fids)]

    def stamp(self) -> Dict[str, object]:
        """Who: the database user, as the audit and the version rule record it."""
        return {"updated_at": datetime.now().astimezone(), "updated_by": self.database_user}

    def geometry_value(self, shape) -> str:
        """Hex EWKB of a MultiPolygon with the table's SRID: PostgreSQL reads it as a geometry literal."""
        if shape.geom_type == "Polygon":
            shape = MultiPolygon([shape])
        return wkb.dumps(shape, hex=True, srid=self.srid)

    def geometry_expression(self) -> str:
        return 'ST_AsBinary("geom")'

    def shape_of(self, value):
        return wkb.loads(bytes(value))

    def _select(self, where: str, parameters: Sequence):
        cases = super()._select(where, parameters)
        for case in cases:  # as a GeoPackage holds them (dates as text), so that unchanged values compare equal
            case.values.update({name: _as_stored(self.spec, name, value) for name, value in case.values.items()})
        return cases

    def _stored(self, record: Dict[str, object]) -> Dict[str, object]:
        values = super()._stored(record)
        return {name: bound_value(self.spec.field(name), value) for name, value in values.items()}


def _as_stored(spec, name: str, value):
    try:
        return to_sql(spec.field(name), value)
    except (KeyError, ValueError):
        return value


def township_box(cursor, margin: float) -> Optional[Box]:
    """The villages' box widened by ``margin`` metres; None when the ledger has no villages."""
    cursor.execute(TOWNSHIP)
    row = cursor.fetchone()
    if row is None or row[0] is None:
        return None
    return row[0] - margin, row[1] - margin, row[2] + margin, row[3] + margin


def ledger_township(ledger: PostgisLedger, margin: float) -> Optional[Box]:
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:
            return township_box(cursor, margin)
    finally:
        connection.close()


@contextmanager
def postgis_cases(ledger: PostgisLedger, author: str) -> Iterator[PostgisCases]:
    """The cases on one transaction of the ledger's database, committed when the block ends, rolled back on any
    error (or when the process is killed)."""
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:
            cursor.execute(LOCK_KEY, (f"lianwei.cases.{ledger.schema}",))
            yield PostgisCases(cursor, author, ledger)
    finally:
        connection.close()
