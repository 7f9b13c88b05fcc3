"""Two versions of a case side by side, and the merge "keep mine": what the version conflict dialog shows and what
it writes when a save to a shared ledger was refused because someone else saved the case first.

Plain Python (no QGIS), so the rules are tested on their own:

- "your value" of a field is what your save would write (a field you changed), else the value you read (for a
  field someone else changed since: its value before their change), else the stored one;
- a row is marked when your value and the stored value differ;
- keep mine = the stored case with the fields you changed put on it, at the stored version + 1: fields the other
  editor changed and you did not keep their value; fields you both changed get yours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

# Kept by the ledger itself (who, when, how often): never shown as a difference, never merged.
BOOKKEEPING = ("updated_at", "updated_by", "version")
VERSION = "version"


@dataclass(frozen=True)
class FieldRow:
    name: str
    alias: str
    mine: object
    stored: object
    changed_by_me: bool = False
    changed_by_others: bool = False  # changed in the ledger since you read the case
    equal: Optional[bool] = None  # given where the texts shown cannot tell (a shape)

    @property
    def differs(self) -> bool:
        if self.equal is not None:
            return not self.equal
        return not same(self.mine, self.stored)


def _normal(value) -> object:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if text.lower() in ("true", "false"):
        return text.lower()
    try:
        return float(text)
    except ValueError:
        return text


def same(a, b) -> bool:
    """Equal as values, whichever way each was read: 12 and "12.0", True and "true", None and "" are the same
    (the audit log keeps values as text, the layer as typed values)."""
    return _normal(a) == _normal(b)


def your_changes(changes: Mapping[str, object]) -> Dict[str, object]:
    """The fields a save changes, without the ledger's bookkeeping."""
    return {name: value for name, value in changes.items() if name not in BOOKKEEPING}


def compare(
    fields: Sequence[Tuple[str, str]],
    stored: Mapping[str, object],
    changes: Mapping[str, object],
    read: Mapping[str, object],
) -> List[FieldRow]:
    """One row per field (name, alias) in the order given, bookkeeping left out. ``stored``: the case as it is in
    the ledger now; ``changes``: the fields your save writes; ``read``: for the fields someone else changed since
    you read the case, the value you read."""
    mine = your_changes(changes)
    rows = []
    for name, alias in fields:
        if name in BOOKKEEPING:
            continue
        if name in mine:
            value = mine[name]
        elif name in read:
            value = read[name]
        else:
            value = stored.get(name)
        rows.append(FieldRow(name, alias or name, value, stored.get(name), name in mine, name in read))
    return rows


def merged(stored: Mapping[str, object], changes: Mapping[str, object], stored_version: int) -> Dict[str, object]:
    """Keep mine: the stored case with your changed fields on it, at the stored version + 1."""
    values = dict(stored)
    values.update(your_changes(changes))
    values[VERSION] = int(stored_version) + 1
    return values


def differing(rows: Sequence[FieldRow]) -> List[str]:
    """The names of the rows that differ, in order."""
    return [row.name for row in rows if row.differs]
