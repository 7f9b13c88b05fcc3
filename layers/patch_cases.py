"""The ledger's cases as the patch import sees them, inside its one write transaction.

Everything here runs on the import's own sqlite3 connection (layers/ledger_store.connect, in ``immediate``), so a
batch sees the cases an earlier batch of the same file created, and a refusal anywhere rolls all of it back.
Geometries are GeoPackage blobs in the ledger's CRS; they are written with an envelope so that the R-tree triggers
(and any reader) get the box from the header.
"""

from __future__ import annotations

import sqlite3
import struct
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

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


class LedgerCases:
    """The violations table on an open write transaction: read cases by number or by place, insert, update."""

    def __init__(self, db: sqlite3.Connection, author: str, path: str):
        self.db = db
        self.path = path
        self.author = author
        self.spec = schema.layer(TABLE)
        row = db.execute(
            "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?", (TABLE,)
        ).fetchone()
        self.geometry_column, self.srs_id = row
        self.rtree = f"rtree_{TABLE}_{self.geometry_column}"
        self._highest: Dict[str, int] = {}  # prefix -> highest sequence given out, the ledger's and this import's
        self.written = 0
        self._numbers: Optional[Dict[str, List[int]]] = None  # the ledger's patch numbers -> fids, read once

    def by_numbers(self, patch_nos: Iterable[str]) -> List[ExistingCase]:
        """The cases that carry one of ``patch_nos``. patch_no has no index: a query by number scanned the whole
        table, about 1 s a chunk of 500 numbers at 1,000,000 cases (measured), 40 chunks a batch: some 1,000 s
        of a million-patch import, growing with the square of the patches (bench/PATCHES.md). The ledger's
        numbers are read once instead (as many as the ledger has numbered cases, not the file's patches), and
        the cases by fid. A number this import gave a new case is not kept: it can only come back in a later
        row, which NumbersSeen refuses anyway."""
        if self._numbers is None:
            self._numbers = {}
            for number, fid in self.db.execute(sql.select(TABLE, ["patch_no", "fid"], '"patch_no" IS NOT NULL')):
                self._numbers.setdefault(str(number), []).append(fid)
        fids = sorted({fid for n in {n for n in patch_nos if n} for fid in self._numbers.get(n, ())})
        return self._by_fids(fids)

    def near(self, boxes: Sequence[Tuple[float, float, float, float]]) -> List[ExistingCase]:
        """Cases whose R-tree box meets one of ``boxes`` (minx, miny, maxx, maxy)."""
        fids = set()
        query = sql.select(self.rtree, ["id"], "maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?")
        for minx, miny, maxx, maxy in boxes:
            fids.update(fid for (fid,) in self.db.execute(query, (minx, maxx, miny, maxy)))
        return self._by_fids(sorted(fids))

    def _by_fids(self, fids: Sequence[int]) -> List[ExistingCase]:
        found: List[ExistingCase] = []
        for start in range(0, len(fids), CHUNK):
            chunk = fids[start : start + CHUNK]
            found += self._select(f"fid IN ({sql.marks(len(chunk))})", chunk)
        return found

    def township_box(self, margin: float) -> Optional[Tuple[float, float, float, float]]:
        """The villages' box widened by ``margin`` metres; None when the ledger has no villages."""
        rtree = f"rtree_villages_{self.geometry_column}"
        box = sql.select(rtree, expressions=["min(minx)", "min(miny)", "max(maxx)", "max(maxy)"])
        try:
            row = self.db.execute(box).fetchone()
        except sqlite3.OperationalError:  # no R-tree: the box is not known, nothing is left out by place
            return None
        if row is None or row[0] is None:
            return None
        return row[0] - margin, row[1] - margin, row[2] + margin, row[3] + margin

    def next_case_id(self, village_code: Optional[str], year: int) -> str:
        """The next case number "village code - year - sequence" after the highest of the ledger and of this
        import. The ledger's numbers are read once per prefix, then the highest is kept: scanning every number
        taken for each new case (next_case_ids over a growing list) made a 10,000-patch import spend 7 of its
        35 s (profiled) on it, and grows with the square of the patches (bench/PATCHES.md)."""
        prefix = case_prefix(village_code, year)
        if prefix not in self._highest:
            query = sql.select(TABLE, ["case_id"], 'substr("case_id", 1, ?) = ?')
            taken = [c for (c,) in self.db.execute(query, (len(prefix), prefix))]
            (first,) = next_case_ids(village_code, year, taken)
            self._highest[prefix] = int(first[len(prefix) :]) - 1
        return f"{prefix}{self._highest[prefix] + 1:04d}"

    def insert(self, record: Dict[str, object], shape) -> None:
        values = self._stored(record)
        values.update(updated_at=now_text(), updated_by=self.author, version=1)
        names = [self.geometry_column, *values]
        self.db.execute(sql.insert(TABLE, names), [self.blob(shape), *values.values()])
        self.written += 1
        case_id = str(record["case_id"])
        for prefix, highest in self._highest.items():
            sequence = case_id[len(prefix) :]
            if case_id.startswith(prefix) and sequence.isdigit():
                self._highest[prefix] = max(highest, int(sequence))

    def update(self, case: ExistingCase, record: Dict[str, object], shape=None) -> None:
        values = self._stored(record)
        values.update(updated_at=now_text(), updated_by=self.author, version=int(case.values.get("version") or 0) + 1)
        if shape is not None:
            values[self.geometry_column] = self.blob(shape)
        self.db.execute(sql.update(TABLE, list(values), '"case_id" = ?'), [*values.values(), case.case_id])
        if "patch_no" in values and self._numbers is not None:  # re-issued under a new number
            self._renumbered(case, values["patch_no"])
        self.written += 1

    def _renumbered(self, case: ExistingCase, number) -> None:
        for (fid,) in self.db.execute(sql.select(TABLE, ["fid"], '"case_id" = ?'), (case.case_id,)).fetchall():
            fids = self._numbers.get(str(case.patch_no), [])
            if fid in fids:
                fids.remove(fid)
            if number:
                self._numbers.setdefault(str(number), []).append(fid)

    def touch(self) -> None:
        """Tell readers (QGIS's layer, the dock) that the table changed, when it did."""
        if not self.written:
            return
        self.db.execute(
            "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE table_name = ?",
            (TABLE,),
        )

    def blob(self, shape) -> bytes:
        """A GeoPackage geometry (header with the srs id and the xy envelope, little-endian WKB) of a MultiPolygon."""
        if shape.geom_type == "Polygon":
            shape = MultiPolygon([shape])
        minx, miny, maxx, maxy = shape.bounds
        header = b"GP" + struct.pack("<BBi4d", 0, 0b011, self.srs_id, minx, maxx, miny, maxy)
        return header + shape.wkb  # WKB says its own byte order

    def _stored(self, record: Dict[str, object]) -> Dict[str, object]:
        return {name: to_sql(self.spec.field(name), value) for name, value in record.items()}

    def _select(self, where: str, parameters: Sequence) -> List[ExistingCase]:
        query = sql.select(TABLE, (*_READ, self.geometry_column), where)
        cases = []
        for row in self.db.execute(query, list(parameters)):
            values = dict(zip(_READ, row))
            blob = row[-1]
            geometry = wkb.loads(geopackage_wkb(bytes(blob))) if blob else None
            cases.append(ExistingCase(str(values["case_id"]), geometry, values["patch_no"], values))
        return cases
