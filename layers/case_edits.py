"""Changing cases in a ledger from code (lianwei:recordstatus, the desktop's actions): checked and written in one
immediate transaction, all or nothing.

Concurrency (issue 14, point 6). ``update_cases`` checks the file is a ledger it may write (ledger_store.
check_ledger), then takes SQLite's write lock first (BEGIN IMMEDIATE, waiting a bounded time for another writer)
and, holding it, reads the cases and their photos, checks the workflow, and writes each case with
version = stored version + 1. Two writers of one case therefore take turns: the second reads what the first wrote,
so no increment and no change is lost, and a busy ledger is waited for instead of failing with "database is
locked". Before, the case was read through the QGIS provider and written through another call: two processes read
the same version and one update was lost.

The ledger's own triggers run as for any writer (layers/gpkg.py): the workflow refuses a forbidden status
(reported here naming the case), the trace writes one case_log row per changed field. Fields whose given value
equals the stored one are not written; a case with nothing to change is not written at all (no version, no trace).

QGIS's edit buffer (form, attribute table, field calculator, map tools) saves through its own provider, and on a
GeoPackage "the last person to save wins" there: QGIS raises ``version`` once per change of a feature in the buffer
(two edited cells save as stored + 2), so no trigger can tell a stale save from a legitimate one by the version
alone. A trigger that refused saves not moving the version past the stored one was tried and removed: in the full
suite it refused one technician's own reshape-and-save (the check's refresh of the areas after GDAL rewrote the
row), and a refused save strands the technician's work in the buffer. A GeoPackage serves one technician; the
shared, multi-editor ledger with a database-enforced version rule is the PostGIS one.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Union

from qgis.core import QgsExpression, QgsExpressionContext, QgsExpressionContextUtils, QgsFeatureRequest, QgsVectorLayer

from ..core import schema, sql, workflow
from ..core.evidence_files import is_photo
from ..translation import both, tr_chinese, tr_later
from .convert import plain
from .gpkg_reader import open_read_only, plain_geopackage_table
from .ledger import LedgerError
from .ledger_store import check_ledger, connect, immediate
from .postgis import PostgisLedger, table_of_layer
from .sql_values import now_text, to_sql

TABLE = "violations"
BOOKKEEPING = ("updated_at", "updated_by", "version")  # stamped here, never given
CHUNK = 900  # SQLite's smallest limit of bound variables in one statement is 999

MESSAGES = (
    tr_later("{layer} is not the violations table of a ledger"),
    tr_later("{field} is not a field of the ledger's violations table ({path}): nothing was changed"),
    tr_later("{field} is kept by the ledger itself (who changed a case, when, how often) and cannot be given"),
    tr_later("No case {cases} in the ledger {path}: nothing was changed"),
    tr_later("Case {case}: {value} is not a valid {kind} for the field {field}. Nothing was changed"),
    tr_later("Case {case}: the field {field} holds at most {length} characters ({count} given). Nothing was changed"),
    tr_later("Case {case} was refused by the ledger {path}: {error}. Nothing was changed"),
)
KINDS = {
    schema.TEXT: tr_later("text"),
    schema.INTEGER: tr_later("whole number"),
    schema.REAL: tr_later("number"),
    schema.DATE: tr_later("date (YYYY-MM-DD)"),
    schema.DATETIME: tr_later("date and time"),
    schema.BOOLEAN: tr_later("yes/no value"),
}


class CaseEditError(LedgerError):
    """A change of cases that was not made, with the reasons (Chinese / English); the ledger is unchanged."""


@dataclass(frozen=True)
class Stored:
    """A change's value taken from another field of the case as stored when it is written (e.g. the demolished area
    from the footprint); a stored NULL leaves the field as it is."""

    field: str


def user_name() -> str:
    """Who is editing: the name set in the plugin's settings, else the QGIS user's full name."""
    context = QgsExpressionContext()
    context.appendScope(QgsExpressionContextUtils.globalScope())  # appendScope takes ownership; the list form did not
    value = QgsExpression(schema.USER_EXPRESSION).evaluate(context)
    return str(value or "")


def photo_counts(ledger_path: str, case_ids: Iterable[str]) -> Dict[str, int]:
    """Photos attached to each case in the ledger's evidence table (read-only, for messages)."""
    with closing(open_read_only(ledger_path)) as db:
        try:
            return _photo_counts(db, list(case_ids))
        except sqlite3.Error:
            return {case_id: 0 for case_id in case_ids}


def _photo_counts(db: sqlite3.Connection, case_ids: List[str]) -> Dict[str, int]:
    counts = {case_id: 0 for case_id in case_ids}
    for chunk in _chunks(case_ids):
        query = sql.select("evidence", ["case_id", "file_path"], f'"case_id" IN ({sql.marks(len(chunk))})')
        for case_id, path in db.execute(query, chunk).fetchall():
            if path and is_photo(path):
                counts[case_id] += 1
    return counts


def update_cases(
    ledger: Union[str, PostgisLedger, QgsVectorLayer],
    changes: Mapping[str, Mapping[str, object]],
    user: Optional[str] = None,
) -> int:
    """Apply ``changes`` (case_id → {field: value or Stored}) to the ledger (its file, a PostGIS ledger, or its
    violations layer, which is reloaded afterwards); returns the cases changed. A PostGIS ledger is written by
    layers/pg_case_edits.py with the same checks.

    Raises CaseEditError naming every case that is unknown, refused by the workflow or given a bad value, and
    LedgerError for a file that is not a writable ledger or stays locked; then nothing is written.
    """
    layer = ledger if isinstance(ledger, QgsVectorLayer) else None
    shared = _shared_ledger(layer) if layer is not None else ledger if isinstance(ledger, PostgisLedger) else None
    if shared is not None:  # the PostGIS ledger: the same checks, its database's own transaction and rules
        from .pg_case_edits import update_shared_cases

        written = update_shared_cases(shared, changes)
        if layer is not None:
            layer.reload()
        return written
    path = _ledger_path(layer) if layer is not None else str(ledger)
    spec = schema.layer(TABLE)
    check_fields(spec, changes, path)
    check_ledger(path)
    author = user_name() if user is None else user
    with closing(connect(path)) as db, immediate(db, path):
        stored = _read_cases(db, spec, list(changes))
        missing = [case_id for case_id in changes if case_id not in stored]
        if missing:
            raise CaseEditError(both(MESSAGES[3], cases=", ".join(missing), path=path))
        wanted = checked_changes(spec, changes, stored, _photo_counts(db, list(changes)))
        written = 0
        for case_id, change in wanted.items():
            differing = {name: value for name, value in change.items() if stored[case_id].get(name) != value}
            if differing:
                _write(db, path, stored[case_id], differing, author)
                written += 1
        if written:
            db.execute(
                "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE table_name = ?",
                (TABLE,),
            )
    if layer is not None:
        layer.reload()
    return written


def checked_changes(
    spec: schema.Layer, changes: Mapping[str, Mapping[str, object]], stored: Dict[str, dict], photos: Dict[str, int]
) -> Dict[str, Dict[str, object]]:
    """The changes as the values to store, after the workflow's check of each case (its stored values and photos);
    CaseEditError naming every refused case. The same for a GeoPackage and a PostGIS ledger."""
    wanted = {case_id: resolve(spec, case_id, change, stored[case_id]) for case_id, change in changes.items()}
    refused = [
        f"{case_id}: {refusal.message}"
        for case_id, change in wanted.items()
        for refusal in workflow.refusals(stored[case_id], dict(stored[case_id], **change), photos[case_id])
    ]
    if refused:
        raise CaseEditError("\n".join(refused))
    return wanted


def _shared_ledger(layer: QgsVectorLayer) -> Optional[PostgisLedger]:
    """The PostGIS ledger whose violations table ``layer`` is (None for a GeoPackage layer)."""
    if layer.providerType() != "postgres":
        return None
    table = table_of_layer(layer)
    if table is None or table[1] != TABLE:
        raise CaseEditError(both(MESSAGES[0], layer=layer.name()))
    return table[0]


def _ledger_path(layer: QgsVectorLayer) -> str:
    table = plain_geopackage_table(layer)
    if table is None or table[1] != TABLE:
        raise CaseEditError(both(MESSAGES[0], layer=layer.name()))
    return table[0]


def check_fields(spec: schema.Layer, changes: Mapping[str, Mapping[str, object]], path: str) -> None:
    for name in sorted({n for change in changes.values() for n in change}):
        if name in BOOKKEEPING:
            raise CaseEditError(both(MESSAGES[2], field=name))
        if name not in spec.field_names:
            raise CaseEditError(both(MESSAGES[1], field=name, path=path))
        for change in changes.values():
            value = change.get(name)
            if isinstance(value, Stored) and value.field not in spec.field_names:
                raise CaseEditError(both(MESSAGES[1], field=value.field, path=path))


def _read_cases(db: sqlite3.Connection, spec: schema.Layer, case_ids: List[str]) -> Dict[str, dict]:
    """case_id → {"rowid": …, field: stored value} of every field of the schema, inside the transaction."""
    names = list(spec.field_names)
    found = {}
    for chunk in _chunks(case_ids):
        where = f'"case_id" IN ({sql.marks(len(chunk))})'
        query = sql.select(spec.name, names, where, expressions=["rowid"])
        for row in db.execute(query, chunk).fetchall():
            values = dict(zip(names, row[1:]))
            values["rowid"] = row[0]
            found[values["case_id"]] = values
    return found


def resolve(spec: schema.Layer, case_id: str, change: Mapping[str, object], stored: dict) -> Dict[str, object]:
    """The change as the values to store: Stored fields read from the case, everything converted and checked."""
    values = {}
    for name, value in change.items():
        field = spec.field(name)
        if isinstance(value, Stored):
            value = stored.get(value.field)
            if value is None:
                continue
        try:
            values[name] = to_sql(field, value)
        except ValueError:
            raise CaseEditError(
                both(MESSAGES[4], case=case_id, value=repr(plain(value)), kind=_kind(field), field=name)
            ) from None
        text = values[name]
        if field.type == schema.TEXT and field.length and text is not None and len(text) > field.length:
            raise CaseEditError(both(MESSAGES[5], case=case_id, field=name, length=field.length, count=len(text)))
    return values


def _kind(field: schema.Field) -> tuple:
    kind = KINDS[field.type]
    return (tr_chinese(kind), kind)


def _write(db: sqlite3.Connection, path: str, stored: dict, change: Dict[str, object], author: str) -> None:
    values = dict(change)
    values["version"] = int(stored.get("version") or 0) + 1
    values["updated_at"] = now_text()
    values["updated_by"] = author
    statement = sql.update(TABLE, list(values), "rowid = ?")
    try:
        db.execute(statement, [*values.values(), stored["rowid"]])
    except sqlite3.IntegrityError as error:  # a trigger's RAISE(ABORT) (the workflow, a code list) or a constraint
        raise CaseEditError(both(MESSAGES[6], case=stored["case_id"], path=path, error=str(error))) from None


def _chunks(items: Sequence) -> Iterable[list]:
    for start in range(0, len(items), CHUNK):
        yield list(items[start : start + CHUNK])


def refused_edits(layer: QgsVectorLayer) -> List[str]:
    """The status changes waiting in ``layer``'s edit buffer that the workflow refuses, as "case: reason" lines.

    The ledger refuses them on saving anyway; this names the cases, which the database's message cannot.
    """
    buffer = layer.editBuffer()
    table = plain_geopackage_table(layer)
    status = layer.fields().indexOf("status")
    if buffer is None or table is None or status < 0:
        return []
    changed = [fid for fid, values in buffer.changedAttributeValues().items() if status in values]
    if not changed:
        return []
    names = [
        n for n in ("case_id", "status", "demolished_m2", "demolished_on", "remarks") if layer.fields().indexOf(n) >= 0
    ]
    stored = {f.id(): {n: plain(f[n]) for n in names} for f in layer.dataProvider().getFeatures(_by_ids(changed))}
    edited = {fid: {n: plain(layer.getFeature(fid)[n]) for n in names} for fid in changed if fid in stored}
    photos = photo_counts(table[0], [values["case_id"] for values in edited.values()])
    lines = []
    for fid, new in edited.items():
        for refusal in workflow.refusals(stored[fid], new, photos.get(new["case_id"], 0)):
            lines.append(f"{refusal.case_id}: {refusal.message}")
    return lines


def _by_ids(fids: List[int]) -> QgsFeatureRequest:
    request = QgsFeatureRequest().setFilterFids(fids)
    request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    return request
