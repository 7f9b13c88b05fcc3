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
        self._ids: Dict[str, List[str]] = {}
        self.written = 0

    def by_numbers(self, patch_nos: Iterable[str]) -> List[ExistingCase]:
        numbers = sorted({n for n in patch_nos if n})
        found: List[ExistingCase] = []
        for start in range(0, len(numbers), CHUNK):
            chunk = numbers[start : start + CHUNK]
            found += self._select(f'"patch_no" IN ({sql.marks(len(chunk))})', chunk)
        return found

    def near(self, boxes: Sequence[Tuple[float, float, float, float]]) -> List[ExistingCase]:
        """Cases whose R-tree box meets one of ``boxes`` (minx, miny, maxx, maxy)."""
        fids = set()
        query = sql.select(self.rtree, ["id"], "maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?")
        for minx, miny, maxx, maxy in boxes:
            fids.update(fid for (fid,) in self.db.execute(query, (minx, maxx, miny, maxy)))
        ordered = sorted(fids)
        found: List[ExistingCase] = []
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
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

    def taken_ids(self, prefix: str) -> List[str]:
        """The case numbers that start with ``prefix``, the ones given out by this import included."""
        if prefix not in self._ids:
            query = sql.select(TABLE, ["case_id"], 'substr("case_id", 1, ?) = ?')
            self._ids[prefix] = [c for (c,) in self.db.execute(query, (len(prefix), prefix))]
        return self._ids[prefix]

    def insert(self, record: Dict[str, object], shape) -> None:
        values = self._stored(record)
        values.update(updated_at=now_text(), updated_by=self.author, version=1)
        names = [self.geometry_column, *values]
        self.db.execute(sql.insert(TABLE, names), [self.blob(shape), *values.values()])
        self.written += 1
        case_id = str(record["case_id"])
        for prefix, ids in self._ids.items():
            if case_id.startswith(prefix):
                ids.append(case_id)

    def update(self, case: ExistingCase, record: Dict[str, object], shape=None) -> None:
        values = self._stored(record)
        values.update(updated_at=now_text(), updated_by=self.author, version=int(case.values.get("version") or 0) + 1)
        if shape is not None:
            values[self.geometry_column] = self.blob(shape)
        self.db.execute(sql.update(TABLE, list(values), '"case_id" = ?'), [*values.values(), case.case_id])
        self.written += 1

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
