"""Campaign progress: how much each village has demolished against its share of the target, on a report date.

Rules (written out in the README, section "进度规则 / Progress rules"):
- A case counts as found (立案) unless its status is LEGAL (核查合法); its area found is ``footprint_m2``.
- Demolished area = ``demolished_m2`` of cases whose ``demolished_on`` is on or before the report date; a partly
  demolished case counts with the part demolished.
- New (新增) = ``is_new`` when recorded, else built (or found) on or after the zero-growth date; the rest is stock.
- Overdue on the report date: a case not closed whose ``deadline`` has passed, or a new case not closed within
  ``rectify_days`` of being found. Closed: LEGAL, REGULARIZED, SIGNED_OFF, DEFERRED, or DEMOLISHED on or before
  the report date.
- Remaining = quota − demolished, negative when a village did more than its share, so that village rows add up to
  the township row exactly (areas are summed in whole hundredths of m²).
- Traffic light: red when a milestone date has passed and the village is still below that milestone's share of
  its quota, or below 80 % of the pace (``Campaign.expected_share``); green at or above the pace; amber between.
- Forecast: the date the quota is reached at the average daily pace of the last 30 days.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .areas import round_half_up, to_mu
from .campaign import Campaign, Milestone, as_date, share_quotas
from .schema import CODE_LISTS

STATUSES: Tuple[str, ...] = tuple(CODE_LISTS["status"])
CLOSED = ("LEGAL", "REGULARIZED", "SIGNED_OFF", "DEFERRED")
PACE_DAYS = 30
AMBER_FLOOR = 0.8  # below 80 % of the pace is red
GREEN, AMBER, RED = "green", "amber", "red"
LIGHT_COLOURS = {GREEN: "#2e9d4b", AMBER: "#e6a100", RED: "#d7301f"}
TOWNSHIP = "*"  # village_code of the township row
UNASSIGNED = ""  # village_code of the row holding cases that lie in no village


@dataclass
class Case:
    """The fields of a violation the progress needs, normalised (dates as ``date``, areas in cents).

    ``due`` (the deadline, else found date + days allowed for a new case) is worked out once, when the case is
    read: the dock summarises 20,000 cases on every save and must not redo it.
    """

    __slots__ = (
        "case_id",
        "village_code",
        "status",
        "found_cents",
        "demolished_cents",
        "demolished_on",
        "found_on",
        "is_new",
        "deadline",
        "due",
    )
    case_id: str
    village_code: str
    status: str
    found_cents: int
    demolished_cents: int
    demolished_on: Optional[date]
    found_on: Optional[date]
    is_new: bool
    deadline: Optional[date]
    due: Optional[date]

    @classmethod
    def from_record(cls, record: Mapping[str, object], campaign: Campaign) -> "Case":
        found_on = as_date(record.get("found_on"))
        built_on = as_date(record.get("built_on"))
        is_new = record.get("is_new")
        if is_new is None or is_new == "":
            since = built_on or found_on
            is_new = bool(since and since >= campaign.zero_growth_on)
        deadline = as_date(record.get("deadline"))
        due = deadline
        if due is None and is_new and found_on is not None:
            due = found_on + timedelta(days=campaign.rectify_days)
        return cls(
            case_id=str(record.get("case_id") or ""),
            village_code=str(record.get("village_code") or ""),
            status=str(record.get("status") or "DISCOVERED"),
            found_cents=_cents(record.get("footprint_m2")),
            demolished_cents=_cents(record.get("demolished_m2")),
            demolished_on=as_date(record.get("demolished_on")),
            found_on=found_on,
            is_new=bool(is_new),
            deadline=deadline,
            due=due,
        )

    def closed_on(self, day: date) -> bool:
        if self.status in CLOSED:
            return True
        return self.status == "DEMOLISHED" and (self.demolished_on is None or self.demolished_on <= day)


@dataclass
class Overdue:
    case_id: str
    village_code: str
    village_name: str
    due_on: date
    days: int
    new_case: bool  # overdue as a new case not restored in time (else: past its deadline)


@dataclass
class VillageProgress:
    village_code: str
    village_name: str
    cases: int = 0
    found_m2: float = 0.0
    by_status: Dict[str, int] = field(default_factory=dict)
    area_by_status: Dict[str, float] = field(default_factory=dict)
    demolished_cases: int = 0
    demolished_m2: float = 0.0
    quota_m2: float = 0.0
    quota_by_hand: bool = False
    remaining_m2: float = 0.0
    pct_target: float = 0.0
    pct_quota: Optional[float] = None
    expected_pct: float = 0.0
    next_milestone: Optional[Milestone] = None
    next_due_m2: Optional[float] = None
    light: str = GREEN
    new_cases: int = 0
    new_m2: float = 0.0
    stock_cases: int = 0
    stock_m2: float = 0.0
    overdue_cases: int = 0
    pace_m2_per_day: float = 0.0
    forecast_on: Optional[date] = None


@dataclass
class ProgressSummary:
    campaign: Campaign
    report_date: date
    villages: List[VillageProgress]  # in the order of the villages given, then the unassigned row if any
    township: VillageProgress
    overdue: List[Overdue]
    burnup: List[Tuple[date, float]]  # cumulative demolished m² of the township, one point per demolition day
    area_method: str = ""  # how the cases' footprint areas were computed (from the check), shown on every output

    @property
    def rows(self) -> List[VillageProgress]:
        return [*self.villages, self.township]


def summarize(
    records: Iterable[Mapping[str, object]],
    villages: Sequence[Tuple[str, str, Optional[float]]],
    campaign: Campaign,
    report_date,
    unassigned_name: str = "(未落村)",
    township_name: Optional[str] = None,
    area_method: str = "",
) -> ProgressSummary:
    """The progress on ``report_date``. ``villages`` are (village_code, village_name, quota_m2 or None)."""
    cases = [Case.from_record(r, campaign) for r in records]
    return summarize_cases(cases, villages, campaign, report_date, unassigned_name, township_name, area_method)


def summarize_cases(
    cases: Sequence[Case],
    villages: Sequence[Tuple[str, str, Optional[float]]],
    campaign: Campaign,
    report_date,
    unassigned_name: str = "(未落村)",
    township_name: Optional[str] = None,
    area_method: str = "",
) -> ProgressSummary:
    """``summarize`` for cases already normalised (the dock keeps them between saves and renews only the edited)."""
    report = as_date(report_date)
    names = {code: name for code, name, _ in villages}
    groups: Dict[str, List[Case]] = defaultdict(list)
    for case in cases:
        groups[case.village_code if case.village_code in names else UNASSIGNED].append(case)
    order = [code for code, _, _ in villages] + ([UNASSIGNED] if groups.get(UNASSIGNED) else [])
    names[UNASSIGNED] = unassigned_name

    found = {code: sum(c.found_cents for c in groups[code] if c.status != "LEGAL") / 100 for code, _, _ in villages}
    quotas, by_hand = share_quotas(campaign.target_m2, found, {code: quota for code, _, quota in villages})
    quotas[UNASSIGNED], by_hand[UNASSIGNED] = 0.0, False  # the target is the villages'; a case outside has no share

    rows, overdue, recent = [], [], 0
    for code in order:
        row, late, row_recent = _village_row(
            code, names[code], groups[code], quotas[code], by_hand[code], campaign, report
        )
        rows.append(row)
        overdue += late
        recent += row_recent
    township = _township_row(rows, township_name or campaign.town_name, cases, recent, campaign, report)
    overdue.sort(key=lambda o: (-o.days, o.case_id))
    return ProgressSummary(campaign, report, rows, township, overdue, burnup(cases, report), area_method)


def _village_row(code, name, cases: List[Case], quota, by_hand, campaign: Campaign, report: date):
    """The row of one village, its overdue cases and what it demolished in the last PACE_DAYS (in cents)."""
    row = VillageProgress(code, name, quota_m2=quota, quota_by_hand=by_hand)
    count = dict.fromkeys(STATUSES, 0)
    area = dict.fromkeys(STATUSES, 0)
    found = demolished = new = stock = recent = 0
    cases_found = cases_demolished = cases_new = 0
    window_start = report - timedelta(days=PACE_DAYS)
    overdue: List[Overdue] = []
    for case in cases:  # one pass, plain locals: this loop runs over every case on every save in the dock
        status, cents = case.status, case.found_cents
        count[status] = count.get(status, 0) + 1
        area[status] = area.get(status, 0) + cents
        when = case.demolished_on
        if when is not None and when <= report and case.demolished_cents:
            demolished += case.demolished_cents
            cases_demolished += 1
            if when > window_start:
                recent += case.demolished_cents
        due = case.due
        if due is not None and due < report and not case.closed_on(report):
            overdue.append(
                Overdue(case.case_id, case.village_code, name, due, (report - due).days, case.deadline is None)
            )
        if status == "LEGAL":
            continue
        cases_found += 1
        found += cents
        if case.is_new:
            cases_new += 1
            new += cents
        else:
            stock += cents
    row.cases, row.demolished_cases = cases_found, cases_demolished
    row.new_cases, row.stock_cases = cases_new, cases_found - cases_new
    row.by_status = count
    row.area_by_status = {k: v / 100 for k, v in area.items()}
    row.found_m2, row.demolished_m2, row.new_m2, row.stock_m2 = found / 100, demolished / 100, new / 100, stock / 100
    row.overdue_cases = len(overdue)
    _judge(row, cases, recent, campaign, report)
    return row, overdue, recent


def _township_row(rows, name, cases, recent: int, campaign: Campaign, report: date) -> VillageProgress:
    def total(attribute):
        return sum(round(getattr(r, attribute) * 100) for r in rows) / 100

    township = VillageProgress(TOWNSHIP, name, quota_m2=campaign.target_m2)
    for attribute in ("cases", "demolished_cases", "new_cases", "stock_cases", "overdue_cases"):
        setattr(township, attribute, sum(getattr(r, attribute) for r in rows))
    for attribute in ("found_m2", "demolished_m2", "new_m2", "stock_m2"):
        setattr(township, attribute, total(attribute))
    township.by_status = {s: sum(r.by_status.get(s, 0) for r in rows) for s in STATUSES}
    township.area_by_status = {s: sum(round(r.area_by_status.get(s, 0) * 100) for r in rows) / 100 for s in STATUSES}
    _judge(township, cases, recent, campaign, report)
    return township


def _judge(row: VillageProgress, cases: List[Case], recent: int, campaign: Campaign, report: date) -> None:
    """Fills remaining, percentages, the next milestone, the traffic light and the forecast of ``row``."""
    row.remaining_m2 = (round(row.quota_m2 * 100) - round(row.demolished_m2 * 100)) / 100
    row.pct_target = 100 * row.demolished_m2 / campaign.target_m2
    row.pct_quota = 100 * row.demolished_m2 / row.quota_m2 if row.quota_m2 > 0 else None
    expected = campaign.expected_share(report)
    row.expected_pct = 100 * expected
    row.next_milestone = campaign.next_milestone(report)
    if row.next_milestone is not None:
        row.next_due_m2 = round(row.next_milestone.share * row.quota_m2, 2)
    share = row.demolished_m2 / row.quota_m2 if row.quota_m2 > 0 else 1.0
    behind_passed = any(share < m.share - 1e-12 for m in campaign.passed_milestones(report))
    if row.quota_m2 <= 0 or share >= expected - 1e-12:
        row.light = GREEN
    elif behind_passed or share < AMBER_FLOOR * expected:
        row.light = RED
    else:
        row.light = AMBER
    if behind_passed:
        row.light = RED
    row.pace_m2_per_day = recent / 100 / PACE_DAYS
    row.forecast_on = _forecast(row, cases, report)


def _forecast(row: VillageProgress, cases: List[Case], report: date) -> Optional[date]:
    if row.quota_m2 <= 0:
        return None
    if row.remaining_m2 <= 0:  # already reached: the day it was
        running = 0
        for day, cents in sorted(_daily(cases, report).items()):
            running += cents
            if running >= round(row.quota_m2 * 100):
                return day
        return report
    if row.pace_m2_per_day <= 0:
        return None
    return report + timedelta(days=math.ceil(row.remaining_m2 / row.pace_m2_per_day))


def _daily(cases: Iterable[Case], report: date) -> Dict[date, int]:
    days: Dict[date, int] = defaultdict(int)
    for case in cases:
        if case.demolished_on is not None and case.demolished_on <= report and case.demolished_cents:
            days[case.demolished_on] += case.demolished_cents
    return days


def burnup(cases: Iterable[Case], report: date) -> List[Tuple[date, float]]:
    """Cumulative demolished m² at the end of each day something was demolished, up to ``report``."""
    running, points = 0, []
    for day, cents in sorted(_daily(cases, report).items()):
        running += cents
        points.append((day, running / 100))
    return points


def _cents(value) -> int:
    """Whole hundredths of m², rounded half-up on the decimal figure (1.005 → 101) like ``round_half_up``."""
    if value is None or value == "":
        return 0
    number = float(value)
    if math.isnan(number):
        return 0
    return int(Decimal(repr(number)).scaleb(2).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# The summary as a table: (column, type) in order; types as in core/schema.py.
COLUMNS: Tuple[Tuple[str, str], ...] = (
    ("report_date", "date"),
    ("village_code", "text"),
    ("village_name", "text"),
    ("cases", "integer"),
    ("found_m2", "real"),
    ("found_mu", "real"),
    ("demolished_cases", "integer"),
    ("demolished_m2", "real"),
    ("demolished_mu", "real"),
    ("quota_m2", "real"),
    ("quota_by_hand", "boolean"),
    ("remaining_m2", "real"),
    ("pct_target", "real"),
    ("pct_quota", "real"),
    ("expected_pct", "real"),
    ("next_milestone", "text"),
    ("next_due_m2", "real"),
    ("light", "text"),
    ("new_cases", "integer"),
    ("new_m2", "real"),
    ("stock_cases", "integer"),
    ("stock_m2", "real"),
    ("overdue_cases", "integer"),
    ("pace_m2_day", "real"),
    ("forecast_on", "date"),
    *((f"n_{status.lower()}", "integer") for status in STATUSES),
    ("area_method", "text"),
)


# What a progress meeting reads, in this order: the HTML report's table and the workbook's summary sheet.
MEETING_COLUMNS: Tuple[str, ...] = (
    "village_name",
    "cases",
    "found_m2",
    "demolished_m2",
    "quota_m2",
    "remaining_m2",
    "pct_quota",
    "light",
    "new_cases",
    "stock_cases",
    "overdue_cases",
    "forecast_on",
)


def table_rows(summary: ProgressSummary) -> List[Dict[str, object]]:
    """One dict per village and the township last, keyed by ``COLUMNS`` (dates as ISO text)."""
    rows = []
    for row in summary.rows:
        values = {
            "report_date": summary.report_date.isoformat(),
            "village_code": row.village_code,
            "village_name": row.village_name,
            "cases": row.cases,
            "found_m2": row.found_m2,
            "found_mu": to_mu(row.found_m2),
            "demolished_cases": row.demolished_cases,
            "demolished_m2": row.demolished_m2,
            "demolished_mu": to_mu(row.demolished_m2),
            "quota_m2": row.quota_m2,
            "quota_by_hand": row.quota_by_hand,
            "remaining_m2": row.remaining_m2,
            "pct_target": round_half_up(row.pct_target),
            "pct_quota": round_half_up(row.pct_quota),
            "expected_pct": round_half_up(row.expected_pct),
            "next_milestone": row.next_milestone.label if row.next_milestone else None,
            "next_due_m2": row.next_due_m2,
            "light": row.light,
            "new_cases": row.new_cases,
            "new_m2": row.new_m2,
            "stock_cases": row.stock_cases,
            "stock_m2": row.stock_m2,
            "overdue_cases": row.overdue_cases,
            "pace_m2_day": round_half_up(row.pace_m2_per_day),
            "forecast_on": row.forecast_on.isoformat() if row.forecast_on else None,
        }
        values.update({f"n_{s.lower()}": row.by_status.get(s, 0) for s in STATUSES})
        values["area_method"] = summary.area_method
        rows.append(values)
    return rows
