"""Campaign settings: the ledger's ``campaign`` key/value rows read into one object, checked, and written back.

The rows are plain text in the ledger (CONTRACT.md); everything else reads them through ``Campaign`` so that a
milestone string or a date is parsed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Dict, List, Mapping, Optional, Tuple

from .schema import CAMPAIGN_DEFAULTS

# A shared (PostGIS) ledger's folder for evidence files (a network folder; the database has no folder beside it).
EVIDENCE_FOLDER = "evidence_folder"
CAMPAIGN_START = "03-12"  # 宣传发动 begins on 03-12 (seed 002): the day the pace towards the first milestone starts


class CampaignError(ValueError):
    """A campaign setting that cannot be read. ``key`` names the setting, ``value`` what was found; ``reason`` is
    one of a fixed set of English sentences, so that the QGIS side can translate it (layers/progress_source.py)."""

    def __init__(self, key: str, value: object, reason: str):
        super().__init__(f"{key}={value!r}: {reason}")
        self.key, self.value, self.reason = key, value, reason


def as_date(value) -> Optional[date]:
    """A date from a ``date``, a ``datetime``, an ISO string ('2024-06-20', '2024-06-20T00:00:00') or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text or text.upper() in ("NULL", "NAT", "NONE"):
        return None
    return date.fromisoformat(text[:10])


@dataclass(frozen=True)
class Milestone:
    due_on: date
    share: float  # of the target, 0..1

    @property
    def label(self) -> str:
        return f"{self.due_on:%m-%d} {self.share:.0%}"


@dataclass
class Campaign:
    town_name: str = ""
    year: int = 2024
    target_m2: float = 40000.0
    milestones: List[Milestone] = field(default_factory=list)
    zero_growth_on: date = date(2024, 1, 1)
    rectify_days: int = 15
    producer: str = ""
    start_on: Optional[date] = None

    @property
    def started_on(self) -> date:
        return self.start_on or date.fromisoformat(f"{self.year}-{CAMPAIGN_START}")

    def next_milestone(self, report_date: date) -> Optional[Milestone]:
        """The first milestone due on or after ``report_date``; None when all have passed."""
        return next((m for m in self.milestones if m.due_on >= report_date), None)

    def passed_milestones(self, report_date: date) -> List[Milestone]:
        return [m for m in self.milestones if m.due_on < report_date]

    def expected_share(self, on: date) -> float:
        """The share of the target that a steady pace would have reached on ``on``: 0 at the campaign start, each
        milestone's share on its date, straight lines between them, the last share after the last milestone."""
        points = [(self.started_on, 0.0)] + [(m.due_on, m.share) for m in self.milestones]
        if on <= points[0][0]:
            return 0.0
        for (d0, s0), (d1, s1) in zip(points, points[1:]):
            if on <= d1:
                span = (d1 - d0).days or 1
                return s0 + (s1 - s0) * (on - d0).days / span
        return points[-1][1]

    @classmethod
    def from_rows(cls, rows: Mapping[str, object]) -> "Campaign":
        """From the ``campaign`` table's key → value; missing keys take the defaults of DOMAIN.md."""
        values: Dict[str, str] = dict(CAMPAIGN_DEFAULTS)
        values.update({k: "" if v is None else str(v) for k, v in rows.items()})
        year = _number("year", values["year"], int)
        target = _number("target_m2", values["target_m2"], float)
        if target <= 0:
            raise CampaignError("target_m2", values["target_m2"], "must be positive")
        days = _number("rectify_days", values["rectify_days"], int)
        if days < 0:
            raise CampaignError("rectify_days", values["rectify_days"], "must not be negative")
        return cls(
            town_name=values["town_name"],
            year=year,
            target_m2=target,
            milestones=parse_milestones(values["milestones"], year),
            zero_growth_on=_date("zero_growth_on", values["zero_growth_on"]),
            rectify_days=days,
            producer=values["producer"],
            start_on=_date("start_on", values["start_on"]) if values.get("start_on") else None,
        )

    def to_rows(self) -> Dict[str, str]:
        rows = {
            "town_name": self.town_name,
            "year": str(self.year),
            "target_m2": f"{self.target_m2:g}",
            "milestones": format_milestones(self.milestones),
            "zero_growth_on": self.zero_growth_on.isoformat(),
            "rectify_days": str(self.rectify_days),
            "producer": self.producer,
        }
        if self.start_on:
            rows["start_on"] = self.start_on.isoformat()
        return rows


def parse_milestones(text: str, year: int) -> List[Milestone]:
    """'06-20:0.6;09-10:1.0' → milestones of ``year`` in date order. A share may be written 0.6 or 60%."""
    milestones: List[Milestone] = []
    for item in (p.strip() for p in str(text or "").replace("；", ";").split(";")):
        if not item:
            continue
        day, _, share_text = item.replace("：", ":").partition(":")
        try:
            due = date.fromisoformat(f"{year}-{day.strip()}") if len(day.strip()) == 5 else date.fromisoformat(day)
            share_text = share_text.strip()
            share = float(share_text.rstrip("%")) / 100 if share_text.endswith("%") else float(share_text)
        except ValueError as error:
            raise CampaignError("milestones", item, "not in the form MM-DD:share") from error
        if not 0 < share <= 1:
            raise CampaignError("milestones", item, "a share is not between 0 and 1")
        milestones.append(Milestone(due, share))
    milestones.sort(key=lambda m: m.due_on)
    for earlier, later in zip(milestones, milestones[1:]):
        if later.share < earlier.share:
            raise CampaignError("milestones", text, "a later milestone asks for less than an earlier one")
    return milestones


def format_milestones(milestones: List[Milestone]) -> str:
    return ";".join(f"{m.due_on:%m-%d}:{m.share:g}" for m in milestones)


def _number(key: str, text: str, kind):
    try:
        return kind(float(text)) if kind is int else kind(text)
    except (TypeError, ValueError) as error:
        raise CampaignError(key, text, "not a number") from error


def _date(key: str, text: str) -> date:
    try:
        value = as_date(text)
    except ValueError as error:
        raise CampaignError(key, text, "not a date (YYYY-MM-DD)") from error
    if value is None:
        raise CampaignError(key, text, "missing")
    return value


def share_quotas(
    target_m2: float, found_m2: Mapping[str, float], explicit: Mapping[str, Optional[float]]
) -> Tuple[Dict[str, float], Dict[str, bool]]:
    """Each village's share of the target (its quota) and whether it was set by hand.

    Rule: a quota set on the village (``villages.quota_m2``) is kept; the rest of the target is shared among the
    other villages in proportion to the area found in each, in whole hundredths of m² with the largest remainders
    rounded up, so that the quotas add up exactly to the target. With no area found anywhere, equal shares.
    """
    fixed = {k: float(v) for k, v in explicit.items() if v is not None and k in found_m2}
    others = [k for k in found_m2 if k not in fixed]
    rest_cents = max(0, round(target_m2 * 100) - round(sum(fixed.values()) * 100))
    weights = {k: max(0.0, float(found_m2[k] or 0)) for k in others}
    total_weight = sum(weights.values())
    if total_weight <= 0:
        weights = {k: 1.0 for k in others}
        total_weight = float(len(others))
    quotas: Dict[str, float] = {k: v for k, v in fixed.items()}
    if others:
        exact = {k: rest_cents * weights[k] / total_weight for k in others}
        cents = {k: int(exact[k]) for k in others}
        leftover = rest_cents - sum(cents.values())
        for k in sorted(others, key=lambda k: (-(exact[k] - cents[k]), k))[:leftover]:
            cents[k] += 1
        quotas.update({k: cents[k] / 100 for k in others})
    return quotas, {k: k in fixed for k in found_m2}
