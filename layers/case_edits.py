"""Changing cases in a ledger from code (Processing, map tools): the workflow checked first, all or nothing.

The ledger's triggers refuse a forbidden change anyway; checking here first names every refused case in the
message and writes nothing at all, instead of stopping at the first row the database refuses.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import Dict, Iterable, List, Mapping

from qgis.core import (
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeatureRequest,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDateTime

from ..core import schema, workflow
from ..core.evidence_files import is_photo
from ..translation import tr_both
from .convert import plain
from .gpkg_reader import open_read_only, plain_geopackage_table
from .ledger import to_variant


class CaseEditError(Exception):
    """A change of cases that was not made, with the reasons (Chinese / English); the ledger is unchanged."""


def user_name() -> str:
    """Who is editing: the name set in the plugin's settings, else the QGIS user's full name."""
    context = QgsExpressionContext()
    context.appendScope(QgsExpressionContextUtils.globalScope())  # appendScope takes ownership; the list form did not
    value = QgsExpression(schema.USER_EXPRESSION).evaluate(context)
    return str(value or "")


def photo_counts(ledger_path: str, case_ids: Iterable[str]) -> Dict[str, int]:
    """Photos attached to each case in the ledger's evidence table."""
    counts = {case_id: 0 for case_id in case_ids}
    with closing(open_read_only(ledger_path)) as db:
        try:
            rows = db.execute('SELECT "case_id", "file_path" FROM "evidence"').fetchall()
        except sqlite3.Error:
            return counts
    for case_id, path in rows:
        if case_id in counts and path and is_photo(path):
            counts[case_id] += 1
    return counts


def update_cases(layer: QgsVectorLayer, changes: Mapping[str, Mapping[str, object]]) -> int:
    """Apply ``changes`` (case_id → {field: value}) to the ledger table behind ``layer``; returns the rows changed.

    Unknown cases or a change the workflow refuses raise CaseEditError naming each case, and nothing is written.
    The write is one provider call, which the GeoPackage provider runs in one transaction.
    """
    table = plain_geopackage_table(layer)
    if table is None:
        raise CaseEditError(tr_both("{layer} is not a table of a ledger").format(layer=layer.name()))
    spec = schema.layer("violations")
    fields = layer.fields()
    for name in {n for change in changes.values() for n in change}:
        if fields.indexOf(name) < 0:
            raise CaseEditError(tr_both("Layer {layer} has no field {field}").format(layer=layer.name(), field=name))
    wanted = list(changes)
    current = _current(layer, wanted)
    missing = [case_id for case_id in wanted if case_id not in current]
    if missing:
        raise CaseEditError(
            tr_both("No case {cases} in layer {layer}").format(cases=", ".join(missing), layer=layer.name())
        )
    photos = photo_counts(table[0], wanted)
    refused: List[str] = []
    for case_id, change in changes.items():
        _fid, old = current[case_id]
        for refusal in workflow.refusals(old, dict(old, **change), photos[case_id]):
            refused.append(f"{case_id}: {refusal.message}")
    if refused:
        raise CaseEditError("\n".join(refused))
    stamp = {"updated_at": QDateTime.currentDateTime(), "updated_by": user_name()}
    values = {}
    for case_id, change in changes.items():
        fid, old = current[case_id]
        row = {fields.indexOf(n): to_variant(spec.field(n), v) for n, v in change.items()}
        row.update({fields.indexOf(n): v for n, v in stamp.items() if fields.indexOf(n) >= 0})
        if fields.indexOf("version") >= 0:
            row[fields.indexOf("version")] = int(old.get("version") or 0) + 1
        values[fid] = row
    provider = layer.dataProvider()
    if not provider.changeAttributeValues(values):
        errors = "; ".join(provider.errors()[-3:])
        raise CaseEditError(tr_both("Writing to {layer} failed: {errors}").format(layer=layer.name(), errors=errors))
    layer.reload()
    return len(values)


def _current(layer: QgsVectorLayer, case_ids: List[str]) -> Dict[str, tuple]:
    """case_id → (fid, values of the workflow's fields) as stored."""
    wanted = ("case_id", "status", "demolished_m2", "demolished_on", "remarks", "version")
    names = [n for n in wanted if layer.fields().indexOf(n) >= 0]
    quoted = ", ".join(QgsExpression.quotedValue(c) for c in case_ids)
    request = QgsFeatureRequest().setFilterExpression(f'"case_id" IN ({quoted})')
    request.setSubsetOfAttributes(names, layer.fields())
    request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    found = {}
    for feature in layer.dataProvider().getFeatures(request):
        found[feature["case_id"]] = (feature.id(), {n: plain(feature[n]) for n in names})
    return found


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
