"""Changing the shape of cases in an edit session: split a case, refresh what the check says after a reshape."""

from __future__ import annotations

import warnings
from typing import Dict, List

from qgis.core import QgsGeometry, QgsPoint, QgsPointXY, QgsVectorLayer
from qgis.PyQt.QtCore import QDate

from ..core import schema
from ..core.cases import is_provisional, next_case_ids
from ..translation import tr_both
from .case_check import check_geometries, existing_case_ids, ledger_of, new_case_feature
from .ledger import to_variant

# What a part split from a case keeps of it: who, where, how it was found, how far the case has come.
KEPT_ON_SPLIT = (
    "patch_no",
    "source",
    "party",
    "address",
    "found_on",
    "built_on",
    "is_new",
    "status",
    "disposal",
    "deadline",
)


class CaseShapeError(Exception):
    """A split or reshape that could not be made (Chinese / English)."""


def split_case(layer: QgsVectorLayer, fid: int, line: List[QgsPointXY]) -> List[int]:
    """Split case ``fid`` of the editable ``layer`` along ``line`` (layer CRS).

    The largest part keeps the case and its number; every other part becomes a new case numbered after the
    village's last, keeping the original's party, address, source and stage, with the check run on every part.
    Returns the feature ids of the new cases (negative until saved).
    """
    feature = layer.getFeature(fid)
    geometry = QgsGeometry(feature.geometry())
    result, pieces = _split(geometry, line)
    if int(getattr(result, "value", result)) != 0:  # Success is 0 in QGIS 3.22's enum and in Qgis's later one
        raise CaseShapeError(tr_both("The line does not split case {case}").format(case=feature["case_id"]))
    parts = sorted([geometry] + list(pieces), key=lambda g: g.area(), reverse=True)
    keep, others = parts[0], parts[1:]
    keep.convertToMultiType()
    layer.changeGeometry(fid, keep)
    refresh_checks(layer, [fid])
    added, taken = [], []
    for part in others:
        new = new_case_feature(layer, part, taken)
        taken.append(new["case_id"])
        for name in KEPT_ON_SPLIT:
            if layer.fields().indexOf(name) >= 0:
                new[name] = feature[name]
        new["remarks"] = tr_both("Split from case {case}").format(case=feature["case_id"]).split(" / ")[0]
        if not layer.addFeature(new):
            raise CaseShapeError(tr_both("Cannot add the split part of case {case}").format(case=feature["case_id"]))
        added.append(new.id())
    return added


def _split(geometry: QgsGeometry, line: List[QgsPointXY]):
    """QgsGeometry.splitGeometry with points where this QGIS's Python takes them (3.22 knows only QgsPointXY)."""
    try:
        result, pieces, _points = geometry.splitGeometry([QgsPoint(p) for p in line], False, True)
    except TypeError:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            result, pieces, _points = geometry.splitGeometry(line, False)
    return result, pieces


def refresh_checks(layer: QgsVectorLayer, fids: List[int]) -> int:
    """Run the check again on features ``fids`` of the editable ``layer`` and write its values into the edit
    buffer (only values that differ, so an unchanged case gets no history row). Returns the values changed."""
    shapes = [(str(fid), layer.getFeature(fid).geometry()) for fid in fids]
    shapes = [(k, g) for k, g in shapes if not g.isNull() and not g.isEmpty()]
    if not shapes:
        return 0
    results = check_geometries(ledger_of(layer), shapes, layer.crs())
    spec = schema.layer("violations")
    changed = 0
    for key, values in results.items():
        fid = int(key)
        current = layer.getFeature(fid)
        updates: Dict[int, object] = {}
        for name, value in values.items():
            index = layer.fields().indexOf(name)
            if index < 0:
                continue
            new = to_variant(spec.field(name), value)
            old = current[name]
            if (old is None or (hasattr(old, "isNull") and old.isNull())) and new is None:
                continue
            if old != new:
                updates[index] = new
        if updates:
            layer.changeAttributeValues(fid, updates)
            changed += len(updates)
    return changed


def number_new_cases(layer: QgsVectorLayer, fids: List[int]) -> List[str]:
    """Give the new cases ``fids`` of the editable ``layer`` that still carry a provisional number their number
    village code - year found - sequence, after the highest of the layer (run after the check filled the village)."""
    taken = list(existing_case_ids(layer))
    index = layer.fields().indexOf("case_id")
    given = []
    for fid in sorted(fids, key=lambda f: -f):  # new features have negative ids: number them in the order drawn
        feature = layer.getFeature(fid)
        if not is_provisional(feature["case_id"]):
            continue
        found = feature["found_on"]
        year = found.year() if hasattr(found, "year") and found.isValid() else QDate.currentDate().year()
        (case_id,) = next_case_ids(feature["village_code"] or None, year, taken)
        layer.changeAttributeValue(fid, index, case_id)
        taken.append(case_id)
        given.append(case_id)
    return given
