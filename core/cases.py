"""A new case: its number and the fields the check suggests, the same for a drawn, picked or split case."""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Optional

from .schema import PROVISIONAL_PREFIX

NO_VILLAGE = "XX"  # a case outside every village still needs a number; the check lists it for the technician


def case_prefix(village_code: Optional[str], year: int) -> str:
    return f"{village_code or NO_VILLAGE}-{int(year)}-"


def next_case_ids(village_code: Optional[str], year: int, existing: Iterable[str], count: int = 1) -> List[str]:
    """``count`` new case numbers "village code - year - sequence" after the highest already in ``existing``.

    The sequence continues from the highest number, never fills a gap: a deleted case's number is not reused,
    so a number once printed on a notice never names another case.
    """
    prefix = case_prefix(village_code, year)
    pattern = re.compile(re.escape(prefix) + r"(\d+)$")
    highest = 0
    for case_id in existing:
        match = pattern.match(str(case_id or ""))
        if match:
            highest = max(highest, int(match.group(1)))
    return [f"{prefix}{highest + k:04d}" for k in range(1, count + 1)]


def with_type(values: Dict[str, object], current_type: Optional[str] = None) -> Dict[str, object]:
    """The check's values, plus violation_type and category from its suggestion when the case has no type yet.

    A type the technician chose is never replaced by a suggestion.
    """
    result = dict(values)
    suggested = result.get("suggested_type")
    if suggested and not current_type:
        result["violation_type"] = suggested
        result["category"] = "LAND" if str(suggested).startswith("L") else "BUILD"
    return result


def is_provisional(case_id: Optional[str]) -> bool:
    """True for a case saved without a number of its own yet (empty, or the form's provisional NEW-… number)."""
    return not case_id or str(case_id).startswith(PROVISIONAL_PREFIX)
