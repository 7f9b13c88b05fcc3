"""The township's ledger against the upper level's patch file, before every report (对账).

Patches are matched by number first, then, for what is left on both sides, by outline (overlap above a share of
the smaller, as the import links them). Every difference is one row: the patch number, a stable English kind, the
value here and the value above. The summary is Chinese because it is report text, printed as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from . import reference_values
from .areas import round_half_up
from .patch_dedup import THRESHOLD, OutlineIndex, overlap_share
from .schema import BOOLEAN, Field, code_label

MISSING_HERE = "missing_here"  # the upper level has the patch; the ledger has no case for it
MISSING_ABOVE = "missing_above"  # a case here carries a patch number the upper level's file does not have
UNKNOWN_ABOVE = "unknown_above"  # a case here without a patch number, which the upper level does not know
NUMBER_DIFFERS = "number_differs"  # the same place, matched by outline, under another number (or none) here
AREA_DIFFERS = "area_differs"
CLOSED_HERE_OPEN_ABOVE = "closed_here_open_above"  # signed off here, still open in the upper level's file
OPEN_HERE_CLOSED_ABOVE = "open_here_closed_above"
KINDS: Tuple[str, ...] = (
    MISSING_HERE,
    MISSING_ABOVE,
    UNKNOWN_ABOVE,
    NUMBER_DIFFERS,
    AREA_DIFFERS,
    CLOSED_HERE_OPEN_ABOVE,
    OPEN_HERE_CLOSED_ABOVE,
)
KIND_LABELS: Dict[str, str] = {
    MISSING_HERE: "本台账缺少",
    MISSING_ABOVE: "上级缺少",
    UNKNOWN_ABOVE: "上级未掌握",
    NUMBER_DIFFERS: "编号不一致",
    AREA_DIFFERS: "面积不一致",
    CLOSED_HERE_OPEN_ABOVE: "本地已销号上级未销号",
    OPEN_HERE_CLOSED_ABOVE: "上级已销号本地未销号",
}
# Statuses a case is closed in, as the upper level counts closed: signed off, or verified legal.
CLOSED_STATUSES = ("SIGNED_OFF", "LEGAL")

# How upper-level files say a patch is still open or closed (整改状态, 是否销号, 处理情况 …); open words first,
# because 未整改 contains 整改.
_OPEN_WORDS = (
    "不合法",
    "违法",
    "未销号",
    "未整改",
    "整改中",
    "正在整改",
    "未完成",
    "未处理",
    "待核查",
    "待整改",
    "未拆除",
    "未办结",
)
_CLOSED_WORDS = ("已销号", "销号", "已整改", "整改到位", "整改完成", "已完成", "已拆除", "已处理", "已办结", "已复耕")
_CLOSED_WORDS += ("已恢复", "合法", "已补办")


@dataclass
class LedgerCase:
    case_id: str
    patch_no: Optional[str]
    geometry: Optional[object]
    area_m2: Optional[float]  # the township's area (占地面积), else the upper level's as recorded
    status: Optional[str]


@dataclass
class UpperPatch:
    patch_no: str
    geometry: Optional[object]
    area_m2: Optional[float]
    status: Optional[str] = None  # as the file writes it; upper_closed() reads it
    where: object = None


@dataclass(frozen=True)
class Difference:
    patch_no: str
    kind: str
    here: str
    above: str
    case_id: str = ""


@dataclass
class Reconciliation:
    differences: List[Difference]
    upper_count: int
    case_count: int
    by_number: int
    by_outline: int
    counts: Dict[str, int] = field(default_factory=dict)


def upper_closed(value: object) -> Optional[bool]:
    """True (closed), False (open) or None (the file says nothing readable) from an upper-level status cell."""
    if reference_values.is_blank(value):
        return None
    text = str(value).strip()
    if any(word in text for word in _OPEN_WORDS):
        return False
    if any(word in text for word in _CLOSED_WORDS):
        return True
    try:
        return bool(reference_values.convert(_YES_NO, text))
    except reference_values.ConversionError:
        return None


_YES_NO = Field("closed", "", BOOLEAN)


def _key(patch_no: object) -> str:
    return str(patch_no or "").strip().upper()


def _area_text(value: Optional[float]) -> str:
    return "" if value is None else f"{round_half_up(value):.2f}"


def reconcile(
    cases: Sequence[LedgerCase],
    upper: Sequence[UpperPatch],
    tolerance_m2: Optional[float] = 1.0,
    tolerance_share: Optional[float] = None,
    threshold: float = THRESHOLD,
    closed_statuses: Sequence[str] = CLOSED_STATUSES,
) -> Reconciliation:
    """Every difference between the ledger's ``cases`` and the upper level's ``upper`` patches.

    An area difference counts when it is above every tolerance given (m², and/or a share of the larger area)."""
    groups: Dict[str, List[int]] = {}
    for k, case in enumerate(cases):
        if _key(case.patch_no):
            groups.setdefault(_key(case.patch_no), []).append(k)
    pairs: List[Tuple[int, List[int], bool]] = []  # (upper index, case indices, matched by number)
    used_cases, used_upper = set(), set()
    for u, patch in enumerate(upper):
        found = groups.get(_key(patch.patch_no))
        if found and _key(patch.patch_no) not in {_key(upper[p].patch_no) for p, _, _ in pairs}:
            pairs.append((u, found, True))
            used_upper.add(u)
            used_cases.update(found)
    left_cases = [k for k in range(len(cases)) if k not in used_cases]
    index = OutlineIndex([cases[k].geometry for k in left_cases])
    proposals = []
    for u, patch in enumerate(upper):
        if u in used_upper or patch.geometry is None:
            continue
        for slot in index.near(patch.geometry):
            share = overlap_share(patch.geometry, cases[left_cases[slot]].geometry)
            if share > threshold:
                proposals.append((share, u, left_cases[slot]))
    for _, u, k in sorted(proposals, key=lambda p: (-p[0], p[1], p[2])):
        if u not in used_upper and k not in used_cases:
            pairs.append((u, [k], False))
            used_upper.add(u)
            used_cases.add(k)
    differences: List[Difference] = []
    for u, found, by_number in pairs:
        differences += _compare(
            upper[u], [cases[k] for k in found], by_number, tolerance_m2, tolerance_share, closed_statuses
        )
    for u, patch in enumerate(upper):
        if u not in used_upper:
            differences.append(Difference(patch.patch_no, MISSING_HERE, "", _area_text(patch.area_m2)))
    for k, case in enumerate(cases):
        if k in used_cases:
            continue
        kind = MISSING_ABOVE if _key(case.patch_no) else UNKNOWN_ABOVE
        differences.append(Difference(case.patch_no or "", kind, _area_text(case.area_m2), "", case.case_id))
    differences.sort(key=lambda d: (KINDS.index(d.kind), d.patch_no, d.case_id))
    counts = {kind: sum(1 for d in differences if d.kind == kind) for kind in KINDS}
    by_number = sum(1 for _, _, n in pairs if n)
    return Reconciliation(differences, len(upper), len(cases), by_number, len(pairs) - by_number, counts)


def _compare(patch: UpperPatch, found: List[LedgerCase], by_number: bool, tolerance_m2, tolerance_share, closed):
    case_ids = ", ".join(c.case_id for c in found)
    result: List[Difference] = []
    if not by_number:
        here = ", ".join(c.patch_no or "" for c in found)
        result.append(Difference(patch.patch_no, NUMBER_DIFFERS, here, patch.patch_no, case_ids))
    areas = [c.area_m2 for c in found]
    if patch.area_m2 is not None and all(a is not None for a in areas) and (tolerance_m2 or tolerance_share):
        here_m2 = sum(areas)  # type: ignore[arg-type]
        difference = abs(here_m2 - patch.area_m2)
        beyond_m2 = tolerance_m2 is None or difference > tolerance_m2
        beyond_share = tolerance_share is None or difference > tolerance_share * max(here_m2, patch.area_m2)
        if beyond_m2 and beyond_share:
            here, above = _area_text(here_m2), _area_text(patch.area_m2)
            result.append(Difference(patch.patch_no, AREA_DIFFERS, here, above, case_ids))
    above_closed = upper_closed(patch.status)
    here_closed = all(c.status in closed for c in found)
    statuses = "、".join(sorted({code_label("status", c.status) for c in found}))
    if above_closed is not None and here_closed != above_closed:
        kind = CLOSED_HERE_OPEN_ABOVE if here_closed else OPEN_HERE_CLOSED_ABOVE
        result.append(Difference(patch.patch_no, kind, statuses, str(patch.status), case_ids))
    return result


def summary_text(result: Reconciliation, town: str = "", tolerance_m2: Optional[float] = 1.0) -> str:
    """A short Chinese summary for the log and the report: what was compared, how it matched, counts per kind."""
    head = f"{town}卫片图斑对账" if town else "卫片图斑对账"
    if tolerance_m2:
        head += f"（面积容差{tolerance_m2:g}平方米）"
    text = (
        f"{head}：上级图斑{result.upper_count}个，本台账案件{result.case_count}宗；"
        f"按监测编号对上{result.by_number}个，按图形对上{result.by_outline}个。"
    )
    total = len(result.differences)
    if not total:
        return text + "两边一致，无差异。"
    parts = [f"{KIND_LABELS[kind]}{count}条" for kind, count in result.counts.items() if count]
    return text + f"差异{total}条：" + "，".join(parts) + "。"
