"""Field copies merged back into the office's ledger: the three-way merge of each case, field by field.

A field copy (lianwei:checkout) records, for every case it carries, two bases: the case's values as written into the
copy (read back from the copy) and the case's values in the office's ledger at that moment. At check-in each field
of each case is judged against them:

- changed in the field only (the office's value is still its base): the field's value is applied;
- changed in the office only: nothing to do, the office keeps its value (the field never saw it);
- changed on both sides to the same value: nothing to do, both agree;
- changed on both sides to different values: a conflict, listed with the base, the field's and the office's value
  side by side; neither is overwritten (the office keeps its value, the copy keeps the field's).

Keeping one base per side means a change is always found by comparing values read the same way (the copy with the
copy, the office with the office); only the question "do both sides now agree?" compares across the two, and a
difference of representation there can only list a conflict, never overwrite anything.

The case number is never merged: the office gives numbers. Bookkeeping fields (when, who, how often) are stamped by
the office's ledger itself when the merged values are written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Dict, List, Mapping, Optional, Sequence

from . import schema

GEOMETRY = "geom"
KEY = "case_id"
BOOKKEEPING = ("updated_at", "updated_by", "version")
GEOMETRY_ALIAS = "图形"


def merged_fields(spec: schema.Layer = schema.VIOLATIONS) -> tuple:
    """The fields of a case the merge judges: every field but the number and the bookkeeping, then the shape."""
    return tuple(f.name for f in spec.fields if f.name not in BOOKKEEPING and f.name != KEY) + (GEOMETRY,)


def alias(name: str, spec: schema.Layer = schema.VIOLATIONS) -> str:
    if name == GEOMETRY:
        return GEOMETRY_ALIAS
    try:
        return spec.field(name).alias
    except KeyError:
        return name


def normal(kind: Optional[str], value):
    """A stored value in one plain form whichever backend it was read from (SQLite, PostgreSQL), JSON-ready.

    Empty text is no value (a form that empties a text field writes ''); dates as YYYY-MM-DD; date-times as local
    time to the millisecond (what a GeoPackage keeps); booleans as True/False; a shape as given (hex WKB)."""
    if value is None:
        return None
    if kind == schema.TEXT:
        text = str(value)
        return text if text != "" else None
    if kind == schema.INTEGER:
        return int(value)
    if kind == schema.REAL:
        return float(value)
    if kind == schema.BOOLEAN:
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "t", "yes")
        return bool(value)
    if kind == schema.DATE:
        if isinstance(value, (date, datetime)):
            return value.isoformat()[:10]
        text = str(value).strip()
        return text[:10] if text else None
    if kind == schema.DATETIME:
        return _datetime_text(value)
    return value


def _datetime_text(value) -> Optional[str]:
    moment = value
    if not isinstance(moment, datetime):
        text = str(value).strip()
        if not text:
            return None
        try:
            moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
        except ValueError:
            return text
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}"


def field_kind(name: str, spec: schema.Layer = schema.VIOLATIONS) -> Optional[str]:
    """The schema type of ``name`` (None for the shape)."""
    return None if name == GEOMETRY else spec.field(name).type


def normal_row(values: Mapping[str, object], spec: schema.Layer = schema.VIOLATIONS) -> Dict[str, object]:
    """Every field of ``values`` known to ``spec`` (and the shape) in plain form."""
    known = set(spec.field_names) | {GEOMETRY}
    return {name: normal(field_kind(name, spec), value) for name, value in values.items() if name in known}


def same(a, b) -> bool:
    """Equal values; numbers within a rounding error (a value read back through another program)."""
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
            return a is b
        try:
            return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-9)
        except (TypeError, ValueError):
            return False
    return a == b


@dataclass(frozen=True)
class Conflict:
    """A field both sides changed differently: nothing was written; the office keeps ``office``, the copy
    ``field``. ``reason`` is set when it is not a plain two-sided change (an English sentence, translated by the
    QGIS side)."""

    case_id: str
    field: str
    base: object
    field_value: object
    office_value: object
    reason: str = ""


@dataclass
class CaseMerge:
    """What the merge decided for one case."""

    case_id: str
    apply: Dict[str, object] = field(default_factory=dict)  # field -> the field's value, to write in the office
    conflicts: List[Conflict] = field(default_factory=list)
    agreed: Dict[str, object] = field(default_factory=dict)  # field -> the value both sides now hold (new bases)


CASE_NUMBER_CHANGED = "The case number was changed in the field copy: numbers are given by the office"
DELETED_IN_OFFICE = "The case was deleted in the office after the checkout: the field's changes were not applied"
TEMPLATES = (CASE_NUMBER_CHANGED, DELETED_IN_OFFICE)


def merge_case(
    case_id: str,
    field_base: Mapping[str, object],
    office_base: Mapping[str, object],
    field_now: Mapping[str, object],
    office_now: Optional[Mapping[str, object]],
    names: Sequence[str] = (),
) -> CaseMerge:
    """The three-way merge of one case; every mapping holds plain values (``normal``). ``office_now`` None: the case
    is no longer in the office's ledger."""
    names = tuple(names) or merged_fields()
    result = CaseMerge(case_id)
    changed = [n for n in names if not same(field_now.get(n), field_base.get(n))]
    if office_now is None:
        for n in changed:
            result.conflicts.append(Conflict(case_id, n, field_base.get(n), field_now.get(n), None, DELETED_IN_OFFICE))
        return result
    if not same(field_now.get(KEY), field_base.get(KEY)) and KEY in field_base:
        result.conflicts.append(
            Conflict(case_id, KEY, field_base.get(KEY), field_now.get(KEY), office_now.get(KEY), CASE_NUMBER_CHANGED)
        )
    for n in names:
        ours, theirs = field_now.get(n), office_now.get(n)
        if n not in changed:
            if same(ours, theirs):
                result.agreed[n] = theirs
            continue
        if same(ours, theirs):
            result.agreed[n] = theirs
        elif same(theirs, office_base.get(n)):
            result.apply[n] = ours
        else:
            result.conflicts.append(Conflict(case_id, n, field_base.get(n), ours, theirs))
    return result


@dataclass
class Plan:
    """The merge of a whole field copy."""

    merges: List[CaseMerge] = field(default_factory=list)
    new_cases: List[object] = field(default_factory=list)  # keys (the copy's row ids) of cases drawn in the field
    deleted_in_field: List[str] = field(default_factory=list)  # cases gone from the copy: never deleted here

    @property
    def conflicts(self) -> List[Conflict]:
        return [c for m in self.merges for c in m.conflicts]

    @property
    def changed_cases(self) -> List[CaseMerge]:
        return [m for m in self.merges if m.apply]


@dataclass(frozen=True)
class Base:
    """A case as the field copy recorded it at checkout (or at its last check-in)."""

    case_id: str
    field: Mapping[str, object]
    office: Mapping[str, object]


def plan_checkin(
    bases: Mapping[object, Base],
    field_cases: Mapping[object, Mapping[str, object]],
    office_cases: Mapping[str, Mapping[str, object]],
    names: Sequence[str] = (),
) -> Plan:
    """The merge of every case of a field copy.

    ``bases`` and ``field_cases`` are keyed by the copy's own row id (a case keeps it whatever is typed in its
    number); ``office_cases`` by case number. Rows of the copy without a base are new cases."""
    plan = Plan()
    for key, base in bases.items():
        if key not in field_cases:
            plan.deleted_in_field.append(base.case_id)
            continue
        merge = merge_case(
            base.case_id, base.field, base.office, field_cases[key], office_cases.get(base.case_id), names
        )
        plan.merges.append(merge)
    plan.new_cases = [key for key in field_cases if key not in bases]
    return plan
