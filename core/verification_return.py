"""The return of the field verification (核查结果回传) to the upper level: which columns the township adds to the
county's own patch file, and what goes into them.

The county's file comes back with every field it had, untouched; the township's columns are added after them,
named in pinyin initials like the county's own (≤ 10 characters, so a shapefile's DBF keeps them) with Chinese
aliases. A name the county's file already uses gets a suffix rather than overwriting the county's column.
A patch whose evidence (举证) is incomplete says so in the verdict column with every reason: it is never returned
as complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .areas import round_half_up
from .evidence_verdict import VERDICT_LABELS
from .schema import code_label

TEXT, REAL, INTEGER = "text", "real", "integer"
MAX_NAME = 10  # a DBF field name
MAX_TEXT = 254  # a DBF character field, in bytes


@dataclass(frozen=True)
class Column:
    key: str  # what the value is (stable; the written name may get a suffix)
    name: str  # ≤ 10 characters
    alias: str  # the Chinese header
    kind: str = TEXT
    width: int = 0  # characters for text (bytes in a DBF), digits for numbers
    precision: int = 0


COLUMNS: Tuple[Column, ...] = (
    Column("case_id", "AJBH", "案件编号", TEXT, 30),
    Column("result", "HCJG", "核查结果", TEXT, 10),
    Column("reason", "HCLY", "核查理由", TEXT, MAX_TEXT),
    Column("violation_type", "WFLX", "违法类型", TEXT, 80),
    Column("permit_no", "XKZH", "许可证号", TEXT, 40),
    Column("status", "CZZT", "处置状态", TEXT, 20),
    Column("demolished_m2", "CCMJ", "拆除面积(平方米)", REAL, 15, 2),
    Column("photos", "ZPSL", "照片数量", INTEGER, 4),
    Column("verdict", "JZWZ", "举证是否完整", TEXT, 10),
    Column("verdict_reasons", "JZSM", "举证不完整原因", TEXT, MAX_TEXT),
)
KEYS: Tuple[str, ...] = tuple(c.key for c in COLUMNS)
SEPARATOR = "；"


def column_names(existing: Iterable[str]) -> Dict[str, str]:
    """key -> the name to write: the column's own name, or with a suffix (_1, _2 …) when the county's file (or an
    earlier township column) already uses it; DBF names compare without case."""
    taken = {str(name).upper() for name in existing}
    names: Dict[str, str] = {}
    for column in COLUMNS:
        name, number = column.name, 0
        while name.upper() in taken:
            number += 1
            suffix = f"_{number}"
            name = column.name[: MAX_NAME - len(suffix)] + suffix
        taken.add(name.upper())
        names[column.key] = name
    return names


def clip(text: Optional[str], width: int, encoding: Optional[str] = None) -> Optional[str]:
    """``text`` cut to ``width`` characters, or to ``width`` bytes in ``encoding`` (a DBF), never mid-character;
    a cut text ends with "…" so that nobody takes it for the whole."""
    if text is None or width <= 0:
        return text

    def size(value: str) -> int:
        return len(value.encode(encoding, "replace")) if encoding else len(value)

    if size(text) <= width:
        return text
    kept = text
    while kept and size(kept + "…") > width:
        kept = kept[:-1]
    return kept + "…"


def verdict_text(complete: Optional[bool]) -> Optional[str]:
    """完整 / 不完整; None for a row the ledger does not know."""
    return None if complete is None else VERDICT_LABELS[bool(complete)]


def township_values(
    case: Mapping[str, object], photos: int, complete: bool, reasons: Sequence[str]
) -> Dict[str, object]:
    """key -> value of the township's columns for one case of the ledger (codes as their Chinese names, areas
    rounded half-up to 0.01 m²); ``reasons``: why the evidence is incomplete, already in Chinese."""
    demolished = case.get("demolished_m2")
    legal = case.get("verify_result") == "LEGAL"
    return {
        "case_id": _text(case.get("case_id")),
        "result": _label("verify_result", case.get("verify_result")),
        "reason": _text(case.get("verify_reason")),
        # a patch found legal is no violation: the type the check suggested is not returned as if it were one
        "violation_type": None if legal else _label("violation_type", case.get("violation_type")),
        "permit_no": _text(case.get("permit_no")),
        "status": _label("status", case.get("status")),
        "demolished_m2": None if demolished in (None, "") else round_half_up(float(demolished)),  # type: ignore[arg-type]
        "photos": int(photos),
        "verdict": verdict_text(complete),
        "verdict_reasons": SEPARATOR.join(reasons) if reasons else None,
    }


def empty_values() -> Dict[str, object]:
    """The township's columns of a patch the ledger does not know: all empty."""
    return dict.fromkeys(KEYS)


def _text(value: object) -> Optional[str]:
    text = "" if value is None else str(value).strip()
    return text or None


def _label(codes: str, value: object) -> Optional[str]:
    code = _text(value)
    return None if code is None else code_label(codes, code)


def patch_key(value: object) -> str:
    """A patch number as compared between the county's file and the ledger: text, blanks trimmed, a whole number
    read from a numeric column without its ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def first_by_key(cases: Iterable[Mapping[str, object]], field: str) -> Tuple[Dict[str, Mapping], List[str]]:
    """(key -> the first case with it, keys held by more than one case): a patch number should be one case."""
    found: Dict[str, Mapping] = {}
    twice: List[str] = []
    for case in cases:
        key = patch_key(case.get(field))
        if not key:
            continue
        if key in found:
            if key not in twice:
                twice.append(key)
            continue
        found[key] = case
    return found, twice
