"""QGIS's own saves (form, attribute table, field calculator, map tools) of a shared (PostGIS) ledger's cases under
the version rule, and what to do when one is refused.

QGIS raises ``version`` once per changed cell (the field's default value on update, core/schema.py), so a case
with two edited cells would be saved as stored + 2 and refused, and a save never says which version it was made
from. ``VersionsRead`` keeps, for the violations layer, the version of each case as this QGIS read it: all of them
when editing starts (one read of the layer's fids and versions), a case first seen later when it is first
changed, and a case just saved at the version saved. Before QGIS commits, ``stamp_versions`` sets every changed
case's ``version`` to that + 1, whatever the buffer counted. A case someone else saved after it was read is then
refused by the database (LW001), the whole save with it (the postgres provider writes the changes in one
transaction), and the edits stay in QGIS's buffer.

``conflicts`` then reads those cases as stored and puts them side by side with the edits (core/version_merge.py);
what someone else changed since the case was read comes from ``case_log``, whose rows after the mark taken when
the case was read are theirs. ``keep_mine`` makes the next save be made from the stored version (the edited
fields written onto the stored case); ``reload_cases`` drops the edits of those cases from the buffer.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence

from qgis.core import QgsFeature, QgsFeatureRequest, QgsGeometry, QgsVectorLayer

from ..core import version_merge
from ..core.version_merge import VERSION, FieldRow
from ..translation import tr, tr_both, tr_later
from . import postgis
from .convert import plain
from .ledger import LedgerError

LOG_SINCE = (
    'SELECT "field", "old_value", "changed_by", "changed_at" FROM "case_log" WHERE "table_name" = %s '
    'AND "operation" = %s AND "case_id" = %s AND "fid" > %s ORDER BY "fid"'
)
LOG_MARK = 'SELECT coalesce(max("fid"), 0) FROM "case_log"'
MESSAGES = (
    tr_later("{layer}: fields were added or removed in the edit buffer; save or discard them before reloading cases"),
)


class VersionsRead:
    """The version of each case of ``layer`` (a shared ledger's violations) as this QGIS read it, and the mark in
    ``case_log`` up to which the ledger's history was known then."""

    def __init__(self, layer: QgsVectorLayer):
        self.layer = layer
        self.ledger = postgis.ledger_of_layer(layer)
        self.versions: Dict[int, int] = {}
        self.marks: Dict[int, Optional[int]] = {}
        self.mark: Optional[int] = None
        self.stamped: Dict[int, int] = {}  # fid -> the version the last save stamped
        self._log = None  # a psycopg2 connection reading case_log, while editing
        self._connections = [
            (layer.editingStarted, self.take),
            (layer.editingStopped, self._stopped),
            (layer.attributeValueChanged, self._changed),
            (layer.geometryChanged, self._changed),
            (layer.afterCommitChanges, self._committed),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)
        if layer.isEditable():
            self.take()

    def detach(self) -> None:
        for signal, slot in self._connections:
            with suppress(TypeError, RuntimeError):  # already disconnected, or the layer is gone
                signal.disconnect(slot)
        self._connections = []
        self.close()

    def take(self) -> None:
        """Read every case's version (editing starts)."""
        self.mark = self.log_mark()
        self.marks = {}
        self.stamped = {}
        index = self.layer.fields().indexOf(VERSION)
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes([index])
        self.versions = {f.id(): _version(f[VERSION]) for f in self.layer.dataProvider().getFeatures(request)}

    def log_mark(self) -> Optional[int]:
        """The last ``case_log`` row now (None if the log cannot be read: the side-by-side then shows the stored
        values for the fields you did not change)."""
        try:
            return int(self.query(LOG_MARK)[0][0])
        except Exception:  # noqa: BLE001 - no psycopg2, no right to read the log: the save itself is not affected
            return None

    def query(self, statement: str, parameters=()) -> list:
        """Rows of a read of the ledger's history, on one connection kept while editing (a new connection for
        every save would double a save's time); a dropped connection is opened again once."""
        for attempt in (1, 2):
            try:
                if self._log is None:
                    self._log = postgis.connect(self.ledger)
                with self._log.cursor() as cursor:
                    cursor.execute(statement, parameters)
                    rows = cursor.fetchall()
                self._log.rollback()  # never left idle in a transaction
                return rows
            except Exception:
                self.close()
                if attempt == 2:
                    raise
        return []

    def close(self) -> None:
        if self._log is not None:
            with suppress(Exception):
                self._log.close()
            self._log = None

    def base(self, fid: int) -> Optional[int]:
        """The version case ``fid`` had when it was read."""
        if fid not in self.versions:
            stored = stored_features(self.layer, [fid]).get(fid)
            if stored is None:
                return None
            self.versions[fid] = _version(stored[VERSION])
        return self.versions[fid]

    def since(self, fid: int) -> Optional[int]:
        return self.marks.get(fid, self.mark)

    def rebase(self, fid: int, version: int) -> None:
        """Case ``fid`` read anew at ``version`` (kept as mine, or reloaded)."""
        self.versions[fid] = int(version)
        self.marks[fid] = self.log_mark()

    def _changed(self, fid, *_args) -> None:
        if fid >= 0 and fid not in self.versions:  # a case added by someone else after editing started
            self.base(fid)

    def _stopped(self) -> None:
        if not self.layer.isEditable():  # rollBack(False) says "stopped" and goes on editing
            self.versions, self.marks, self.stamped, self.mark = {}, {}, {}, None
            self.close()

    def _committed(self) -> None:
        mark = self.log_mark() if self.stamped else None
        for fid, version in self.stamped.items():
            self.versions[fid] = version
            self.marks[fid] = mark
        self.stamped = {}


def _version(value) -> Optional[int]:
    value = plain(value)
    return None if value is None else int(value)


def changed_cases(layer: QgsVectorLayer) -> List[int]:
    """The fids of the stored cases the edit buffer changes (attributes or shape), deleted ones left out."""
    buffer = layer.editBuffer()
    if buffer is None:
        return []
    deleted = set(buffer.deletedFeatureIds())
    fids = set(buffer.changedAttributeValues()) | set(buffer.changedGeometries())
    return sorted(fid for fid in fids if fid >= 0 and fid not in deleted)


def stamp_versions(layer: QgsVectorLayer, read: VersionsRead) -> Dict[int, int]:
    """Set ``version`` of every changed case in the edit buffer to the version it was read at + 1 (before QGIS
    commits); returns fid -> the version stamped."""
    index = layer.fields().indexOf(VERSION)
    buffered = layer.editBuffer().changedAttributeValues() if layer.editBuffer() else {}
    stamped = {}
    for fid in changed_cases(layer):
        base = read.base(fid)
        if base is None:  # deleted by someone else: QGIS reports the failed update itself
            continue
        if plain(buffered.get(fid, {}).get(index)) != base + 1:
            layer.changeAttributeValue(fid, index, base + 1, None, True)
        stamped[fid] = base + 1
    read.stamped = stamped
    return stamped


def stored_features(layer: QgsVectorLayer, fids: Iterable[int]) -> Dict[int, QgsFeature]:
    """The cases as stored in the ledger now (the provider, not the edit buffer)."""
    request = QgsFeatureRequest().setFilterFids(list(fids))
    return {f.id(): QgsFeature(f) for f in layer.dataProvider().getFeatures(request)}


@dataclass
class Conflict:
    fid: int
    case_id: str
    base_version: int  # the version your save was made from
    stored_version: int
    saved_by: str  # who saved the stored version, and when
    saved_at: str
    rows: List[FieldRow] = field(default_factory=list)
    changes: Dict[str, object] = field(default_factory=dict)  # the fields your save writes (no bookkeeping)
    stored: Dict[str, object] = field(default_factory=dict)

    @property
    def merged(self) -> Dict[str, object]:
        """What "keep mine" stores: the stored case with your fields, at the stored version + 1."""
        return version_merge.merged(self.stored, self.changes, self.stored_version)


def conflicts(layer: QgsVectorLayer, read: VersionsRead) -> List[Conflict]:
    """The changed cases that someone else saved after this QGIS read them, each side by side with the edits."""
    buffer = layer.editBuffer()
    fids = changed_cases(layer)
    if buffer is None or not fids:
        return []
    stored = stored_features(layer, fids)
    names = layer.fields().names()
    found = []
    for fid in fids:
        feature = stored.get(fid)
        base = read.base(fid)
        if feature is None or base is None or _version(feature[VERSION]) == base:
            continue
        stored_values = {name: plain(feature[name]) for name in names}
        changes = {names[i]: plain(v) for i, v in buffer.changedAttributeValues().get(fid, {}).items()}
        history = _history(read, str(stored_values.get("case_id")), read.since(fid))
        fields = [(f.name(), f.alias() or f.name()) for f in layer.fields() if f.name() != "fid"]
        rows = version_merge.compare(fields, stored_values, changes, history["read"])
        if fid in buffer.changedGeometries():
            rows.insert(0, _shape_row(buffer.changedGeometries()[fid], feature.geometry(), history["geom"]))
        found.append(
            Conflict(
                fid,
                str(stored_values.get("case_id") or ""),
                base,
                _version(feature[VERSION]),
                str(stored_values.get("updated_by") or history["by"] or ""),
                str(stored_values.get("updated_at") or history["at"] or "").replace("T", " "),
                rows,
                version_merge.your_changes(changes),
                stored_values,
            )
        )
    return found


def _history(read: VersionsRead, case_id: str, since: Optional[int]) -> dict:
    """What someone else changed in case ``case_id`` after log row ``since``: field -> the value before."""
    found = {"read": {}, "geom": False, "by": "", "at": ""}
    if since is None:
        return found
    try:
        rows = read.query(LOG_SINCE, ("violations", "UPDATE", case_id, since))
    except Exception:  # noqa: BLE001 - the history is shown when it can be read; the stored values always are
        return found
    for name, old_value, by, at in rows:
        if name == "geom":
            found["geom"] = True
        else:
            found["read"].setdefault(name, old_value)
        found["by"], found["at"] = by, str(at)[:19]
    return found


def _shape_row(mine: QgsGeometry, stored: QgsGeometry, changed_by_others: bool) -> FieldRow:
    def text(geometry: QgsGeometry) -> str:
        return "" if geometry is None or geometry.isNull() else tr("{area:.2f} m²").format(area=geometry.area())

    equal = bool(mine is not None and stored is not None and mine.equals(stored))
    return FieldRow("geom", tr("Shape"), text(mine), text(stored), True, changed_by_others, equal)


def keep_mine(read: VersionsRead, conflict: Conflict) -> None:
    """Your edits of the case are to be saved onto the case as stored: the next save is made from its version."""
    read.rebase(conflict.fid, conflict.stored_version)


def reload_cases(layer: QgsVectorLayer, read: VersionsRead, fids: Sequence[int]) -> None:
    """Drop the edits of cases ``fids`` from the edit buffer (the others' stay) and show the cases as stored."""
    discard_changes(layer, fids)
    stored = stored_features(layer, fids)
    for fid in fids:
        if fid in stored:
            read.rebase(fid, _version(stored[fid][VERSION]))
    layer.reload()
    layer.triggerRepaint()


def discard_changes(layer: QgsVectorLayer, fids: Sequence[int]) -> None:
    """The edit buffer without the changes of ``fids``: QGIS cannot undo one feature's edits, so the buffer is
    emptied and the other features' changes are put back (as they were, no default values recomputed; the undo
    history starts again)."""
    buffer = layer.editBuffer()
    if buffer is None:
        return
    if buffer.addedAttributes() or buffer.deletedAttributeIds():
        raise LedgerError(tr_both(MESSAGES[0]).format(layer=layer.name()))
    dropped = set(fids)
    attributes = {fid: dict(v) for fid, v in buffer.changedAttributeValues().items() if fid not in dropped}
    shapes = {fid: QgsGeometry(g) for fid, g in buffer.changedGeometries().items() if fid not in dropped}
    added = [QgsFeature(f) for fid, f in buffer.addedFeatures().items() if fid not in dropped]
    deleted = [fid for fid in buffer.deletedFeatureIds() if fid not in dropped]
    layer.rollBack(False)
    for fid, shape in shapes.items():
        layer.changeGeometry(fid, shape, True)
    for fid, values in attributes.items():
        layer.changeAttributeValues(fid, values, {}, True)
    if added:
        layer.addFeatures(added)
    if deleted:
        layer.deleteFeatures(deleted)
