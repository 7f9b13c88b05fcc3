"""The ledger workbook (台账) a county asks a township for: the rows of every sheet, as plain values.

processing/algorithms/export_ledger.py writes them with openpyxl; the rules live here so that they are tested
without QGIS. The case sheets keep the county's fixed Chinese headers (``HEADERS``) whatever the user's language.

How the sheet of a village adds up (the numbers of its 合计 row are those of the progress summary):

- Cases are listed by case_id. Cases verified legal (核查合法) come last, under a separator row, because a land
  office must still account for every patch it was sent (a satellite patch verified legal is closed, not
  dropped), but they are not violations: their 占地面积 is shown greyed and left out of the 合计, as the summary
  leaves them out of the area found.
- 拆除面积 is shown as recorded. The 合计 counts only demolitions dated on or before the report date, as the
  summary does; a demolition dated later, or not dated, is shown greyed with a note in 备注 saying it is not
  counted, so that the sheet and the summary of the same report date agree.
- Areas are m² rounded half-up to 0.01; 折合亩 = m² × 0.0015 to 4 decimals, in the 合计 row from the total m²
  (not the sum of rounded 亩), which is how the summary converts.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .areas import round_half_up, rounded_total, to_mu
from .campaign import as_date
from .progress import MEETING_COLUMNS, UNASSIGNED, ProgressSummary, table_rows
from .schema import code_label

if TYPE_CHECKING:  # imported in frame(): a QGIS without pandas loads every other part of the plugin
    import pandas as pd

HEADERS: Tuple[str, ...] = (
    "序号",
    "案件编号",
    "村",
    "当事人",
    "地址",
    "违法类别",
    "违法类型",
    "来源",
    "发现日期",
    "占地面积(㎡)",
    "折合亩",
    "状态",
    "处置方式",
    "整改期限",
    "拆除面积(㎡)",
    "拆除日期",
    "销号日期",
    "备注",
)
FOUND, MU, DEMOLISHED, REMARKS = "占地面积(㎡)", "折合亩", "拆除面积(㎡)", "备注"
AREA_HEADERS = (FOUND, DEMOLISHED)
DATE_HEADERS = ("发现日期", "整改期限", "拆除日期", "销号日期")
WIDE_HEADERS = ("地址", REMARKS)  # free text: wrapped in a capped width rather than one wide line

TOTAL = "合计"
LEGAL_SEPARATOR = "以下为核查合法图斑，不计入违法占地面积合计"
NOT_COUNTED_LATE = "拆除日期在报告日期之后，拆除面积未计入合计"
NOT_COUNTED_UNDATED = "未填拆除日期，拆除面积未计入合计"

SUMMARY_SHEET = "汇总"
OVERDUE_SHEET = "逾期案件"
SUMMARY_TITLE = "{town}两违整治进度汇总表（截至{date}）"
SHEET_TITLE = "{town}{sheet}两违整治台账（截至{date}）"  # printed at the top of every page of a sheet
OVERDUE_TITLE = "{town}两违整治逾期案件（截至{date}）"
PAGE_FOOTER = "第 &P 页，共 &N 页"  # &P, &N: the page number and count, filled in by the spreadsheet program
OVERDUE_HEADERS: Tuple[str, ...] = ("序号", "案件编号", "村", "当事人", "状态", "应整改日期", "逾期天数", "逾期原因")
OVERDUE_NEW = "新增违法未在{days}日内恢复原状"
OVERDUE_DEADLINE = "超过整改期限"
SUMMARY_COLUMNS = MEETING_COLUMNS

CASE, LEGAL, SEPARATOR, TOTAL_ROW = "case", "legal", "separator", "total"
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = set("[]:*?/\\")


@dataclass
class Row:
    kind: str  # CASE, LEGAL, SEPARATOR or TOTAL_ROW
    values: List[object]  # one per HEADERS (the separator: its text first, then None)
    not_counted: Tuple[str, ...] = ()  # headers whose value is shown but left out of the 合计

    def get(self, header: str):
        return self.values[HEADERS.index(header)]


@dataclass
class VillageSheet:
    village_code: str  # UNASSIGNED for the cases that lie in no village
    village_name: str
    rows: List[Row] = field(default_factory=list)

    @property
    def total(self) -> Row:
        return self.rows[-1]

    def frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame([r.values for r in self.rows], columns=list(HEADERS))


def village_sheets(records: Iterable[Mapping[str, object]], summary: ProgressSummary) -> List[VillageSheet]:
    """One sheet per row of ``summary.villages`` (the no-village row included when there is one), in that order;
    ``records`` are the case records the summary was built from."""
    report = summary.report_date
    codes = {row.village_code for row in summary.villages}
    groups: Dict[str, List[Mapping[str, object]]] = {code: [] for code in codes}
    for record in records:
        code = str(record.get("village_code") or "")
        groups[code if code in codes and code != UNASSIGNED else UNASSIGNED].append(record)
    sheets = []
    for row in summary.villages:
        cases = sorted(groups.get(row.village_code, []), key=lambda r: str(r.get("case_id") or ""))
        illegal = [r for r in cases if r.get("status") != "LEGAL"]
        legal = [r for r in cases if r.get("status") == "LEGAL"]
        # the no-village sheet shows the village each case names itself, if any; the others the village's name
        name = None if row.village_code == UNASSIGNED else row.village_name
        rows = [_case_row(n, r, name, report) for n, r in enumerate(illegal + legal, start=1)]
        if legal:
            rows.insert(len(illegal), Row(SEPARATOR, [LEGAL_SEPARATOR] + [None] * (len(HEADERS) - 1)))
        rows.append(_total_row(rows, len(illegal)))
        sheets.append(VillageSheet(row.village_code, row.village_name, rows))
    return sheets


def _case_row(number: int, record: Mapping[str, object], village_name: Optional[str], report: date) -> Row:
    legal = record.get("status") == "LEGAL"
    found = round_half_up(_number(record.get("footprint_m2")))
    demolished = round_half_up(_number(record.get("demolished_m2")))
    demolished_on = as_date(record.get("demolished_on"))
    remarks = [str(record["remarks"]).strip()] if record.get("remarks") else []
    not_counted = [FOUND, MU] if legal else []
    if demolished:
        if demolished_on is None:
            remarks.append(NOT_COUNTED_UNDATED)
            not_counted.append(DEMOLISHED)
        elif demolished_on > report:
            remarks.append(NOT_COUNTED_LATE)
            not_counted.append(DEMOLISHED)
    values = {
        "序号": number,
        "案件编号": record.get("case_id"),
        "村": village_name or record.get("village_name"),
        "当事人": record.get("party"),
        "地址": record.get("address"),
        "违法类别": _label("category", record.get("category")),
        "违法类型": _label("violation_type", record.get("violation_type")),
        "来源": _label("source", record.get("source")),
        "发现日期": as_date(record.get("found_on")),
        FOUND: found,
        MU: to_mu(found),
        "状态": _label("status", record.get("status")),
        "处置方式": _label("disposal", record.get("disposal")),
        "整改期限": as_date(record.get("deadline")),
        DEMOLISHED: demolished,
        "拆除日期": demolished_on,
        "销号日期": as_date(record.get("signed_off_on")),
        REMARKS: "；".join(remarks) or None,
    }
    return Row(LEGAL if legal else CASE, [values[h] for h in HEADERS], tuple(not_counted))


def _total_row(rows: Sequence[Row], cases: int) -> Row:
    def counted(header: str) -> float:
        return rounded_total(r.get(header) for r in rows if r.kind in (CASE, LEGAL) and header not in r.not_counted)

    found, demolished = counted(FOUND), counted(DEMOLISHED)
    values: Dict[str, object] = dict.fromkeys(HEADERS)
    values.update({"序号": TOTAL, "案件编号": f"{cases}宗", FOUND: found, MU: to_mu(found), DEMOLISHED: demolished})
    return Row(TOTAL_ROW, [values[h] for h in HEADERS])


def summary_rows(summary: ProgressSummary) -> List[Dict[str, object]]:
    """The summary sheet's rows (villages, then the township), keyed by ``SUMMARY_COLUMNS``; the forecast as a
    date, the light as its code (the caller names it in the user's language)."""
    rows = []
    for values in table_rows(summary):
        row = {name: values[name] for name in SUMMARY_COLUMNS}
        row["forecast_on"] = as_date(row["forecast_on"])
        rows.append(row)
    return rows


def summary_title(summary: ProgressSummary) -> str:
    town = summary.township.village_name or summary.campaign.town_name
    return SUMMARY_TITLE.format(town=town, date=summary.report_date.isoformat())


def village_title(summary: ProgressSummary, sheet: str, template: str = SHEET_TITLE) -> str:
    town = summary.township.village_name or summary.campaign.town_name
    return template.format(town=town, sheet=sheet, date=summary.report_date.isoformat())


def overdue_rows(summary: ProgressSummary, records: Iterable[Mapping[str, object]]) -> List[List[object]]:
    """The overdue cases, longest overdue first (the summary's order), keyed by ``OVERDUE_HEADERS``."""
    by_id = {str(r.get("case_id")): r for r in records}
    rows = []
    for number, late in enumerate(summary.overdue, start=1):
        record = by_id.get(late.case_id, {})
        why = OVERDUE_NEW.format(days=summary.campaign.rectify_days) if late.new_case else OVERDUE_DEADLINE
        status = _label("status", record.get("status"))
        rows.append([number, late.case_id, late.village_name, record.get("party"), status, late.due_on, late.days, why])
    return rows


def sheet_names(titles: Sequence[str], reserved: Sequence[str] = (SUMMARY_SHEET, OVERDUE_SHEET)) -> List[str]:
    """Excel sheet names for ``titles``: at most 31 characters, none of []:*?/\\, no leading or trailing
    apostrophe, and unique among themselves and ``reserved`` (Excel compares names ignoring case)."""
    taken = {name.casefold() for name in reserved}
    names = []
    for title in titles:
        base = "".join("_" if ch in SHEET_NAME_FORBIDDEN else ch for ch in str(title or "")).strip().strip("'")
        base = base or "_"
        name, number = base[:SHEET_NAME_MAX], 1
        while name.casefold() in taken or name.casefold() == "history":
            number += 1
            suffix = f"({number})"
            name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


def text_width(value: object) -> int:
    """How many character cells ``value`` takes as shown in the sheet: CJK characters count two; a date or a
    number one more than its digits, as a number that does not fit shows as ### (bold totals, wider digits)."""
    if value is None:
        return 0
    if isinstance(value, date):
        return 11
    if isinstance(value, float):
        return len(f"{value:,.2f}") + 1
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in str(value))


def column_widths(headers: Sequence[str], rows: Iterable[Sequence[object]], cap: int = 60) -> List[float]:
    """A width per column that shows its widest value (and its header) on one line, within ``cap``; wide text
    columns stay capped narrower and wrap."""
    widths = [text_width(h) for h in headers]
    for row in rows:
        for k, value in enumerate(row):
            widths[k] = max(widths[k], text_width(value))
    return [min(w, 30 if h in WIDE_HEADERS else cap) + 2 for h, w in zip(headers, widths)]


def _label(codes: str, code: Optional[object]) -> Optional[str]:
    return code_label(codes, str(code)) if code not in (None, "") else None


def _number(value) -> Optional[float]:
    if value is None or value == "":
        return None
    number = float(value)
    return None if math.isnan(number) else number
