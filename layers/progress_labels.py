"""Words of the progress table, shown in the dock, the summary layer, the workbook and the HTML report.

English source strings marked with tr_later and translated where shown, so one list serves every output.
"""

from __future__ import annotations

from typing import Dict

from ..core import schema
from ..core.progress import AMBER, GREEN, RED, STATUSES
from ..translation import tr, tr_later

COLUMN_LABELS: Dict[str, str] = {
    "report_date": tr_later("Report date"),
    "village_code": tr_later("Village code"),
    "village_name": tr_later("Village"),
    "cases": tr_later("Cases found"),
    "found_m2": tr_later("Area found (m²)"),
    "found_mu": tr_later("Area found (mu)"),
    "demolished_cases": tr_later("Cases demolished"),
    "demolished_m2": tr_later("Demolished (m²)"),
    "demolished_mu": tr_later("Demolished (mu)"),
    "quota_m2": tr_later("Quota (m²)"),
    "quota_by_hand": tr_later("Quota set by hand"),
    "remaining_m2": tr_later("Remaining (m²)"),
    "pct_target": tr_later("% of target"),
    "pct_quota": tr_later("% of quota"),
    "expected_pct": tr_later("% expected by now"),
    "next_milestone": tr_later("Next milestone"),
    "next_due_m2": tr_later("Due at next milestone (m²)"),
    "light": tr_later("Progress status"),
    "new_cases": tr_later("New cases"),
    "new_m2": tr_later("New area (m²)"),
    "stock_cases": tr_later("Stock cases"),
    "stock_m2": tr_later("Stock area (m²)"),
    "overdue_cases": tr_later("Overdue cases"),
    "pace_m2_day": tr_later("Pace, last 30 days (m²/day)"),
    "forecast_on": tr_later("Forecast date"),
    "area_method": tr_later("How areas were computed"),
}
LIGHT_LABELS = {GREEN: tr_later("On track"), AMBER: tr_later("Behind"), RED: tr_later("Far behind")}


def column_label(name: str) -> str:
    """The label of a summary column; a status count is named after the status (已拆除 …)."""
    if name.startswith("n_") and name[2:].upper() in STATUSES:
        return tr("Cases {status}").format(status=schema.code_label("status", name[2:].upper()))
    return tr(COLUMN_LABELS[name])


def light_label(light: str) -> str:
    return tr(LIGHT_LABELS[light])


def chart_words() -> Dict[str, str]:
    return {
        "title": tr("Demolition progress"),
        "demolished": tr("Demolished"),
        "plan": tr("Milestones"),
        "target": tr("Target"),
        "forecast": tr("Forecast (pace of last 30 days)"),
        "report": tr("Report date"),
        "axis": tr("Area (m²)"),
        "month": tr("Month {month}"),
    }


def report_words(summary) -> Dict[str, str]:
    town = summary.township.village_name or summary.campaign.town_name
    producer = summary.campaign.producer
    return {
        "title": tr("{town}: progress of the campaign against illegal land use and construction").format(town=town),
        "date": tr("As of {date}").format(date=summary.report_date.isoformat()),
        "producer": tr("Prepared by {producer}").format(producer=producer) if producer else "",
        "demolished": tr("Demolished"),
        "target": tr("Target"),
        "progress": tr("% of target"),
        "next": tr("Next milestone"),
        "none": tr("all milestones passed"),
        "table": tr("Progress by village"),
        "overdue": tr("Overdue case list"),
        "overdue_more": tr("… and {count} more: see the ledger workbook"),
        "case": tr("Case number"),
        "village": tr("Village"),
        "due": tr("Due"),
        "days": tr("Days overdue"),
        "kind": tr("Why"),
        "kind_new": tr("New violation not restored in time"),
        "kind_deadline": tr("Past its rectification deadline"),
        "method": tr(
            "How areas were computed: {method}. Demolished area counts demolitions on or before the report "
            "date; village rows add up to the township row."
        ).format(method=summary.area_method),
    }


def html_report(summary, generated: str = "") -> str:
    """The progress report in the user's language (see core/report_html.py)."""
    from ..core.report_html import TABLE_COLUMNS, progress_html

    labels = {name: column_label(name) for name in TABLE_COLUMNS}
    lights = {key: light_label(key) for key in LIGHT_LABELS}
    return progress_html(summary, labels, lights, report_words(summary), chart_words(), generated)
