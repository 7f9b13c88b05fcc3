"""The case workflow: which status may follow which, and what a case needs before it takes a status.

DISCOVERED → LEGAL or VERIFIED → FILED → ORDERED → DEMOLISHED / REGULARIZED / DEFERRED → SIGNED_OFF (seed 002:
全程留痕, 销号 only after demolition or regularization). A deferred case goes back to ORDERED, or on to demolition
or regularization, when the reason for deferring has passed; it is never signed off as it is.

Each rule is written once here, both as a Python test (for the form and the desktop, which explain a refusal
naming the case) and as an SQL condition (for the ledger's own triggers, which refuse the change whatever tool
makes it). The messages are Chinese then English, because the ledger itself raises them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, List, Mapping, Optional, Tuple

from .evidence_files import PHOTO_SUFFIXES
from .schema import code_label
from .sql import identifier, literal, select

TRANSITIONS: Dict[str, Tuple[str, ...]] = {
    "DISCOVERED": ("LEGAL", "VERIFIED"),
    "LEGAL": (),
    "VERIFIED": ("FILED",),
    "FILED": ("ORDERED",),
    "ORDERED": ("DEMOLISHED", "REGULARIZED", "DEFERRED"),
    "DEFERRED": ("ORDERED", "DEMOLISHED", "REGULARIZED"),
    "DEMOLISHED": ("SIGNED_OFF",),
    "REGULARIZED": ("SIGNED_OFF",),
    "SIGNED_OFF": (),
}
PHOTO_EXTENSIONS = PHOTO_SUFFIXES


@dataclass(frozen=True)
class Requirement:
    """What a case needs before it may take ``status``."""

    status: str
    name: str
    test: Callable[[Mapping[str, object], int], bool]  # (case values, photos attached) -> satisfied
    sql: str  # the same condition over NEW."field" in an SQLite trigger of the violations table
    message: str


def _positive(value) -> bool:
    try:
        return value is not None and float(value) > 0
    except (TypeError, ValueError):
        return False


def _filled(value) -> bool:
    return value is not None and str(value).strip() != ""


_PHOTO_SQL = " OR ".join(f"lower(file_path) LIKE {literal('%' + ext)}" for ext in PHOTO_EXTENSIONS)
_HAS_PHOTO = select("evidence", expressions=["1"], where=f'"case_id" = NEW."case_id" AND ({_PHOTO_SQL})')

REQUIREMENTS: Tuple[Requirement, ...] = (
    Requirement(
        "DEMOLISHED",
        "demolished_m2",
        lambda case, photos: _positive(case.get("demolished_m2")),
        'NEW."demolished_m2" > 0',
        "改为已拆除须先填写大于0的拆除面积 / A demolished case needs a demolished area above 0 m²",
    ),
    Requirement(
        "DEMOLISHED",
        "demolished_on",
        lambda case, photos: _filled(case.get("demolished_on")),
        'NEW."demolished_on" IS NOT NULL',
        "改为已拆除须先填写拆除日期 / A demolished case needs the demolition date",
    ),
    Requirement(
        "DEMOLISHED",
        "photo",
        lambda case, photos: photos > 0,
        f"EXISTS ({_HAS_PHOTO})",
        "改为已拆除须先上传至少一张拆除后照片 / A demolished case needs at least one photo as evidence",
    ),
    Requirement(
        "DEFERRED",
        "remarks",
        lambda case, photos: _filled(case.get("remarks")),
        "trim(coalesce(NEW.\"remarks\", '')) <> ''",
        "暂缓须在备注中写明原因 / A deferred case needs its reason in the remarks",
    ),
)


@dataclass(frozen=True)
class Refusal:
    case_id: str
    rule: str  # "transition" or the requirement's name
    message: str  # Chinese / English


def transition_message(old: str) -> str:
    """Why a case in ``old`` cannot take another status than those allowed (fixed text, the ledger raises it)."""
    allowed = TRANSITIONS.get(old, ())
    if not allowed:
        return (
            f"「{code_label('status', old)}」是终结状态，不能再改 / {old} is final: the status cannot change any more"
        )
    names = "、".join(code_label("status", s) for s in allowed)
    return (
        f"「{code_label('status', old)}」的案件只能改为：{names} / A {old} case can only become {' or '.join(allowed)}"
    )


def refusals(old: Optional[Mapping[str, object]], new: Mapping[str, object], photos: int = 0) -> List[Refusal]:
    """Why the change of a case from ``old`` (None for a new case) to ``new`` is not allowed; empty if it is.

    Only a change of status is judged: a new case may be recorded in any status (a ledger taken over from a
    spreadsheet), and editing other fields of a case never breaks the workflow.
    """
    case_id = str(new.get("case_id") or (old or {}).get("case_id") or "")
    before = (old or {}).get("status")
    after = new.get("status")
    if old is None or after == before or not after:
        return []
    if before and after not in TRANSITIONS.get(str(before), ()):
        return [Refusal(case_id, "transition", transition_message(str(before)))]
    return [Refusal(case_id, r.name, r.message) for r in REQUIREMENTS if r.status == after and not r.test(new, photos)]


def trigger_statements(table: str = "violations") -> List[Tuple[str, str]]:
    """(name, CREATE TRIGGER statement) of the SQLite triggers that keep the workflow inside the ledger."""
    statements = []
    for old, allowed in TRANSITIONS.items():
        permitted = ", ".join(literal(s) for s in (old,) + allowed)
        name = f"lianwei_workflow_from_{old.lower()}"
        statements.append(
            (
                name,
                f'CREATE TRIGGER {identifier(name)} BEFORE UPDATE OF "status" ON {identifier(table)} '
                f'WHEN OLD."status" = {literal(old)} AND NEW."status" NOT IN ({permitted}) '
                f"BEGIN SELECT RAISE(ABORT, {literal(transition_message(old))}); END",
            )
        )
    for r in REQUIREMENTS:
        name = f"lianwei_workflow_{r.status.lower()}_{r.name}"
        statements.append(
            (
                name,
                f'CREATE TRIGGER {identifier(name)} BEFORE UPDATE OF "status" ON {identifier(table)} '
                f'WHEN NEW."status" = {literal(r.status)} AND OLD."status" IS NOT {literal(r.status)} '
                f"AND NOT ({r.sql}) "
                f"BEGIN SELECT RAISE(ABORT, {literal(r.message)}); END",
            )
        )
    return statements


def form_expression() -> str:
    """A QGIS expression true when the form's status may follow the status stored for the feature.

    The stored status is read back with get_feature_by_id (the form holds the edited values, the layer the old
    ones); a new feature has none and may take any status. Photos are counted through the evidence relation.
    """
    stored = "attribute(get_feature_by_id(@layer, $id), 'status')"
    moves = " OR ".join(
        f"({stored} = '{old}' AND \"status\" IN ({', '.join(repr(s) for s in allowed)}))"
        for old, allowed in TRANSITIONS.items()
        if allowed
    )
    needs = {
        "demolished_m2": 'coalesce("demolished_m2", 0) > 0',
        "demolished_on": '"demolished_on" IS NOT NULL',
        "photo": "relation_aggregate('lianwei_evidence_case', 'count', \"fid\") > 0",
        "remarks": "trim(coalesce(\"remarks\", '')) <> ''",
    }
    ready = " AND ".join(
        f"(\"status\" IS NOT '{r.status}' OR {stored} IS '{r.status}' OR {needs[r.name]})" for r in REQUIREMENTS
    )
    return f'("status" IS NULL OR {stored} IS NULL OR "status" = {stored} OR {moves}) AND {ready}'


def form_message() -> str:
    steps = "；".join(
        f"{code_label('status', old)}→{'/'.join(code_label('status', s) for s in allowed)}"
        for old, allowed in TRANSITIONS.items()
        if allowed
    )
    return (
        f"状态须按流程改变：{steps}。已拆除须有拆除面积、拆除日期和照片；暂缓须在备注写明原因 / "
        "The status must follow the workflow; demolished needs area, date and a photo; deferred needs a reason"
    )
