"""The import report of a patch file: one line per row (new, linked, changed, unchanged, refused, elsewhere) and
the rules an import applies across its batches.

A county's file covers more than one township: a patch that lies away from the ledger's villages belongs to
another township and is left out (``ELSEWHERE``), counted and listed but never an error. A file is read in
batches to keep memory bounded, so a number seen in an earlier batch is remembered here.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from . import sql
from .notes import Note, error, info, line_list
from .patch_dedup import CHANGED, KINDS, LINKED, NEW, REFUSED, UNCHANGED, Outcome
from .patches import PatchRow

ELSEWHERE = "elsewhere"
ALL_KINDS = (*KINDS, ELSEWHERE)
KIND_NAMES: Dict[str, str] = {
    NEW: "新建案件",
    LINKED: "关联已有案件",
    CHANGED: "上级信息更新",
    UNCHANGED: "无变化",
    REFUSED: "拒绝",
    ELSEWHERE: "不在本乡镇",
}
MARGIN_M = 1000.0  # how far from the villages' box a patch may still belong to the township

OUTSIDE_TOWNSHIP = "{count} patches lie outside the township's villages and were not imported (rows {rows})"
NOT_HERE = "Patch {patch_no} lies outside the township's villages: not imported"
EARLIER_BATCH = (
    "Patch number {patch_no} appears again in row {row} (first in row {first}): a patch number must be unique"
)
SUMMARY = (
    "{new} new cases, {linked} patches linked to existing cases, {changed} cases updated by the upper level, "
    "{unchanged} unchanged, {refused} refused, {elsewhere} outside the township"
)
TEMPLATES = (OUTSIDE_TOWNSHIP, NOT_HERE, EARLIER_BATCH, SUMMARY)

Box = Tuple[float, float, float, float]


@dataclass
class ReportLine:
    where: object
    patch_no: Optional[str]
    kind: str
    case_ids: List[str] = field(default_factory=list)
    share: Optional[float] = None
    notes: List[Note] = field(default_factory=list)


SPOOLED = 20_000  # report lines kept in memory; the others wait in a temporary file


class ImportReport:
    """The lines of every row and the notes about the whole file. A county's file may hold a million patches, so
    the lines go to a temporary file as they come (kept in memory they took some 350 B a patch, tracemalloc at
    10,000 patches: 350 MB at a million, bench/PATCHES.md); the refused lines, the rows elsewhere and the counts
    stay here for the messages."""

    def __init__(self, notes: Optional[List[Note]] = None) -> None:
        self.notes: List[Note] = list(notes or [])  # about the whole file
        self.refused: List[ReportLine] = []
        self.elsewhere: List[object] = []  # rows outside the township
        self._counts = {kind: 0 for kind in ALL_KINDS}
        self._pending: List[ReportLine] = []
        self._spool = None  # a temporary file of the lines, one JSON text each, in order

    @property
    def total(self) -> int:
        return sum(self._counts.values())

    def counts(self) -> Dict[str, int]:
        return dict(self._counts)

    def append(self, line: ReportLine) -> None:
        self._counts[line.kind] += 1
        if line.kind == REFUSED:
            self.refused.append(line)
        elif line.kind == ELSEWHERE:
            self.elsewhere.append(line.where)
        self._pending.append(line)
        if len(self._pending) >= SPOOLED:
            if self._spool is None:  # lives as long as the report
                self._spool = tempfile.TemporaryFile("w+", encoding="utf-8")
            self._spool.writelines(
                json.dumps(_plain(line), ensure_ascii=False, default=_number) + "\n" for line in self._pending
            )
            self._pending = []

    def add(self, outcome: Outcome) -> None:
        self.append(
            ReportLine(
                outcome.where, outcome.patch_no, outcome.kind, list(outcome.case_ids), outcome.share, outcome.notes
            )
        )

    def lines(self) -> Iterator[ReportLine]:
        """Every line in the order of the rows."""
        if self._spool is not None:
            self._spool.seek(0)
            for text in self._spool:
                yield _line(json.loads(text))
            self._spool.seek(0, os.SEEK_END)
        yield from self._pending

    def summary(self) -> Note:
        return info(SUMMARY, **self.counts())

    def elsewhere_note(self) -> Optional[Note]:
        rows = self.elsewhere
        return info(OUTSIDE_TOWNSHIP, count=len(rows), rows=line_list(rows)) if rows else None


def _number(value):
    """numpy's numbers in a note's values, as JSON takes them."""
    return value.item() if hasattr(value, "item") else str(value)


def _plain(line: ReportLine) -> dict:
    notes = [[n.level, n.template, n.values, n.where, n.field] for n in line.notes]
    return {
        "where": line.where,
        "patch_no": line.patch_no,
        "kind": line.kind,
        "case_ids": line.case_ids,
        "share": line.share,
        "notes": notes,
    }


def _line(data: dict) -> ReportLine:
    notes = [Note(level, template, values, where, name) for level, template, values, where, name in data["notes"]]
    return ReportLine(data["where"], data["patch_no"], data["kind"], data["case_ids"], data["share"], notes)


def meets(bounds: Sequence[float], box: Optional[Box]) -> bool:
    """True when the shape's ``bounds`` meet ``box`` (no box: everything does)."""
    if box is None:
        return True
    minx, miny, maxx, maxy = bounds
    return maxx >= box[0] and minx <= box[2] and maxy >= box[1] and miny <= box[3]


class NumbersSeen:
    """Patch numbers of the batches read so far: a number coming back in a later batch refuses that row.

    The numbers are kept in a temporary SQLite file, not a dict (which grows some 150 B a number: about 150 MB
    at a million, bench/PATCHES.md); here the memory is SQLite's page cache, whatever the file holds."""

    CHUNK = 500  # bound parameters per statement, well under SQLite's 999 of older builds

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="lianwei-numbers-")
        self._db = sqlite3.connect(os.path.join(self._folder.name, "numbers.sqlite"))
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE seen (key TEXT PRIMARY KEY, first TEXT) WITHOUT ROWID")

    def close(self) -> None:
        self._db.close()
        self._folder.cleanup()

    def check(self, rows: Sequence[PatchRow]) -> None:
        keyed = [(str(row.patch_no or "").strip().upper(), row) for row in rows]
        keyed = [(key, row) for key, row in keyed if key]
        keys = sorted({key for key, _ in keyed})
        first: Dict[str, object] = {}
        for start in range(0, len(keys), self.CHUNK):
            chunk = keys[start : start + self.CHUNK]
            query = sql.select("seen", ["key", "first"], f"key IN ({sql.marks(len(chunk))})")
            first.update(self._db.execute(query, chunk))
        added = []
        for key, row in keyed:
            if key in first:
                values = {"patch_no": row.patch_no, "row": row.where, "first": first[key]}
                row.notes.append(error(EARLIER_BATCH, row.where, "patch_no", **values))
            else:
                first[key] = row.where
                added.append((key, str(row.where)))
        self._db.executemany(sql.insert("seen", ["key", "first"]), added)
