"""The ledger's cases as the patch import sees them, inside its one write transaction.

``CasesTable`` holds what the import does with the cases whatever the backend: find them by number and by place,
number new ones, insert, update, keep the numbers it has seen. A backend gives it statements to run and
geometries to read and write: ``LedgerCases`` here, the import's own sqlite3 connection on a GeoPackage
(layers/ledger_store.connect, in ``immediate``); ``PostgisCases`` in layers/pg_patch_cases.py, a psycopg2
transaction of a PostGIS ledger. Either way a batch sees the cases an earlier batch of the same file created, and a
refusal anywhere rolls all of it back.

On a GeoPackage geometries are blobs in the ledger's CRS, written with an envelope so that the R-tree triggers (and
any reader) get the box from the header.
"""

from __future__ import annotations

import sqlite3
import struct
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from shapely import wkb
from shapely.geometry import MultiPolygon

from ..core import schema, sql
from ..core.cases import case_prefix, next_case_ids
from ..core.patch_dedup import ExistingCase
from ..core.patch_fields import UPPER_FIELD_NAMES
from .gpkg_reader import geopackage_wkb
from .sql_values import now_text, to_sql

TABLE = "violations"
CHUNK = 500  # bound parameters per statement, well under SQLite's 999 of older builds
_READ = ("case_id", "patch_no", "version", *UPPER_FIELD_NAMES)


class CasesTable:
    """The violations table on an open write transaction: read cases by number or by place, insert, update.
    Subclasses run the statements (``rows``, ``run``, their parameter ``MARK``) and read and write geometries."""

    MARK = "?"
    LOCK = ""  # what a SELECT of cases to update appends (PostgreSQL: FOR UPDATE)

    def __init__(self, author: str, path):
        self.path = path
        self.author = author
        self.spec = schema.layer(TABLE)
        self.geometry_column = "geom"
        self._highest: Dict[str, int] = {}  # prefix -> highest sequence given out, the ledger's and this import's
        self.written = 0
        self._numbers: Optional[Dict[str, List[int]]] = None  # the ledger's patch numbers -> fids, read once

    # What a backend gives.
    def rows(self, statement: str, parameters: Sequence = ()) -> List[tuple]:
        raise NotImplementedError

    def run(self, statement: str, parameters: Sequence = ()) -> None:
        raise NotImplementedError

    def near_fids(self, boxes: Sequence[Tuple[float, float, float, float]]) -> Iterable[int]:
        raise NotImplementedError

    def township_box(self, margin: float) -> Optional[Tuple[float, float, float, float]]:
        """The villages' box widened by ``margin`` metres; None when the ledger has no villages."""
        raise NotImplementedError

    def geometry_value(self, shape):
        raise NotImplementedError

    def shape_of(self, value):
        raise NotImplementedError

    def stamp(self) -> Dict[str, object]:
        """updated_at and updated_by of a row written now."""
        return {"updated_at": now_text(), "updated_by": self.author}

    def fids_in(self, fids: Sequence[int]) -> Iterator[Tuple[str, list]]:
        """(condition, parameters) selecting the rows of ``fids``, in as many statements as the backend needs."""
        for start in range(0, len(fids), CHUNK):
            chunk = list(fids[start : start + CHUNK])
            yield f"fid IN ({', '.join([self.MARK] * len(chunk))})", chunk

    def touch(self) -> None:
        """Tell readers that the table changed, where the backend needs telling."""

    # The import's use of the table, the same for every backend.
    def by_numbers(self, patch_nos: Iterable[str]) -> List[ExistingCase]:
        """The cases that carry one of ``patch_nos``. patch_no has no index: a query by number scanned the whole
        table, about 1 s a chunk of 500 numbers at 1,000,000 cases (measured), 40 chunks a batch: some 1,000 s
        of a million-patch import, growing with the square of the patches (bench/PATCHES.md). The ledger's
        numbers are read once instead (as many as the ledger has numbered cases, not the file's patches), and
        the cases by fid. A number this import gave a new case is not kept: it can only come back in a later
        row, which NumbersSeen refuses anyway."""
        if self._numbers is None:
            self._numbers = {}
            for number, fid in self.rows(sql.select(TABLE, ["patch_no", "fid"], '"patch_no" IS NOT NULL')):
                self._numbers.setdefault(str(number), []).append(fid)
        fids = sorted({fid for n in {n for n in patch_nos if n} for fid in self._numbers.get(n, ())})
        return self._by_fids(fids)

    def near(self, boxes: Sequence[Tuple[float, float, float, float]]) -> List[ExistingCase]:
        """Cases whose box meets one of ``boxes`` (minx, miny, maxx, maxy)."""
        return self._by_fids(sorted(set(self.near_fids(boxes))))

    def _by_fids(self, fids: Sequence[int]) -> List[ExistingCase]:
        found: List[ExistingCase] = []
        for where, parameters in self.fids_in(fids):
            found += self._select(where, parameters)
        return found

    def next_case_id(self, village_code: Optional[str], year: int) -> str:
        """The next case number "village code - year - sequence" after the highest of the ledger and of this
        import. The ledger's numbers are read once per prefix, then the highest is kept: scanning every number
        taken for each new case (next_case_ids over a growing list) made a 10,000-patch import spend 7 of its
        35 s (profiled) on it, and grows with the square of the patches (bench/PATCHES.md)."""
        prefix = case_prefix(village_code, year)
        if prefix not in self._highest:
            query = sql.select(TABLE, ["case_id"], f'substr("case_id", 1, {self.MARK}) = {self.MARK}')
            taken = [c for (c,) in self.rows(query, (len(prefix), prefix))]
            (first,) = next_case_ids(village_code, year, taken)
            self._highest[prefix] = int(first[len(prefix) :]) - 1
        return f"{prefix}{self._highest[prefix] + 1:04d}"

    def insert(self, record: Dict[str, object], shape) -> None:
        values = self._stored(record)
        values.update(self.stamp(), version=1)
        names = [self.geometry_column, *values]
        statement = sql.insert(TABLE, names, [self.MARK] * len(names))
        self.run(statement, [self.geometry_value(shape), *values.values()])
        self.written += 1
        case_id = str(record["case_id"])
        for prefix, highest in self._highest.items():
            sequence = case_id[len(prefix) :]
            if case_id.startswith(prefix) and sequence.isdigit():
                self._highest[prefix] = max(highest, int(sequence))

    def update(self, case: ExistingCase, record: Dict[str, object], shape=None) -> None:
        values = self._stored(record)
        values.update(self.stamp(), version=int(case.values.get("version") or 0) + 1)
        if shape is not None:
            values[self.geometry_column] = self.geometry_value(shape)
        statement = sql.update(TABLE, list(values), f'"case_id" = {self.MARK}', self.MARK)
        self.run(statement, [*values.values(), case.case_id])
        if "patch_no" in values and self._numbers is not None:  # re-issued under a new number
            self._renumbered(case, values["patch_no"])
        self.written += 1

    def _renumbered(self, case: ExistingCase, number) -> None:
        for (fid,) in self.rows(sql.select(TABLE, ["fid"], f'"case_id" = {self.MARK}'), (case.case_id,)):
            fids = self._numbers.get(str(case.patch_no), [])
            if fid in fids:
                fids.remove(fid)
            if number:
                self._numbers.setdefault(str(number), []).append(fid)

    def _stored(self, record: Dict[str, object]) -> Dict[str, object]:
        return {name: to_sql(self.spec.field(name), value) for name, value in record.items()}

    def _select(self, where: str, parameters: Sequence) -> List[ExistingCase]:
        query = sql.select(TABLE, _READ, where, expressions=[self.geometry_expression()]) + self.LOCK
        cases = []
        for row in self.rows(query, list(parameters)):
            values = dict(zip(_READ, row[1:]))
            geometry = self.shape_of(row[0]) if row[0] else None
            cases.append(ExistingCase(str(values["case_id"]), geometry, values["patch_no"], values))
        return cases

    def geometry_expression(self) -> str:
        return sql.identifier(self.geometry_column)


class LedgerCases(CasesTable):
    """The cases of a GeoPackage ledger, on the import's sqlite3 connection."""

    def __init__(self, db: sqlite3.Connection, author: str, path: str):
        super().__init__(author, path)
        self.db = db
        row = db.execute(
            "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?", (TABLE,)
        ).fetchone()
        self.geometry_column, self.srs_id = row
        self.rtree = f"rtree_{TABLE}_{self.geometry_column}"

    def rows(self, statement: str, parameters: Sequence = ()) -> List[tuple]:
        return self.db.execute(statement, list(parameters)).fetchall()

    def run(self, statement: str, parameters: Sequence = ()) -> None:
        self.db.execute(statement, list(parameters))

    def near_fids(self, boxes: Sequence[Tuple[float, float, float, float]]) -> Iterable[int]:
        """Through the R-tree, one box at a time."""
        query = sql.select(self.rtree, ["id"], "maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?")
        for minx, miny, maxx, maxy in boxes:
            yield from (fid for (fid,) in self.db.execute(query, (minx, maxx, miny, maxy)))

    def township_box(self, margin: float) -> Optional[Tuple[float, float, float, float]]:
        rtree = f"rtree_villages_{self.geometry_column}"
        box = sql.select(rtree, expressions=["min(minx)", "min(miny)", "max(maxx)", "max(maxy)"])
        try:
            row = self.db.execute(box).fetchone()
        except sqlite3.OperationalError:  # no R-tree: the box is not known, nothing is left out by place
            return None
        if row is None or row[0] is None:
            return None
        return row[0] - margin, row[1] - margin, row[2] + margin, row[3] + margin

    def touch(self) -> None:
        """Tell readers (QGIS's layer, the dock) that the table changed, when it did."""
        if not self.written:
            return
        self.db.execute(
            "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE table_name = ?",
            (TABLE,),
        )

    def geometry_value(self, shape) -> bytes:
        return self.blob(shape)

    def shape_of(self, value):
        return wkb.loads(geopackage_wkb(bytes(value)))

    def blob(self, shape) -> bytes:
        """A GeoPackage geometry (header with the srs id and the xy envelope, little-endian WKB) of a MultiPolygon."""
        if shape.geom_type == "Polygon":
            shape = MultiPolygon([shape])
        minx, miny, maxx, maxy = shape.bounds
        header = b"GP" + struct.pack("<BBi4d", 0, 0b011, self.srs_id, minx, maxx, miny, maxy)
        return header + shape.wkb  # WKB says its own byte order
