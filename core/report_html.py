"""The progress report as one HTML file (chart inline, no external files) that prints on A4 portrait.

For the people who will not open QGIS: the leadership group reads it in a browser or on paper. Words come from the
caller, already translated; numbers come from the summary unchanged (the same figures as the dock and workbook).
"""

from __future__ import annotations

from html import escape
from typing import Dict, Iterable, List, Optional

from .chart import FONTS, burnup_svg
from .progress import LIGHT_COLOURS, MEETING_COLUMNS, ProgressSummary, VillageProgress

OVERDUE_SHOWN = 100  # the full list is in the workbook; a printed report keeps to a few pages

TABLE_COLUMNS = MEETING_COLUMNS

CSS = """
@page { size: A4 portrait; margin: 14mm 12mm; }
body { font-family: %(fonts)s; color: #222; margin: 0; font-size: 10.5pt; }
h1 { font-size: 17pt; margin: 0 0 2pt 0; }
h2 { font-size: 12.5pt; margin: 14pt 0 5pt 0; border-bottom: 1.5pt solid #1f6fb4; padding-bottom: 2pt; }
.meta { color: #555; margin-bottom: 8pt; }
.cards { display: flex; flex-wrap: wrap; gap: 6pt; margin: 6pt 0; }
.card { border: 1pt solid #ccc; border-radius: 4pt; padding: 5pt 8pt; min-width: 38mm; }
.card .value { font-size: 14pt; font-weight: bold; }
.card .label { color: #555; font-size: 9pt; }
.bar { height: 9pt; background: #eee; border-radius: 4pt; overflow: hidden; margin: 4pt 0 2pt 0; }
.bar div { height: 100%%; background: #1f6fb4; }
svg { width: 100%%; height: auto; }
table { border-collapse: collapse; width: 100%%; font-size: 9pt; }
th, td { border: 0.6pt solid #bbb; padding: 2.5pt 4pt; }
th { background: #eef3f8; font-weight: bold; }
td.num { text-align: right; white-space: nowrap; }
tr { page-break-inside: avoid; }
tr.total td { font-weight: bold; background: #f6f6f6; }
.dot { display: inline-block; width: 8pt; height: 8pt; border-radius: 4pt; margin-right: 3pt; vertical-align: -1pt; }
.note { color: #555; font-size: 8.5pt; margin-top: 8pt; }
.chart { page-break-inside: avoid; }
"""


def progress_html(
    summary: ProgressSummary,
    labels: Dict[str, str],
    lights: Dict[str, str],
    words: Dict[str, str],
    chart_words: Optional[Dict[str, str]] = None,
    generated: str = "",
) -> str:
    """The report. ``labels``: column → label; ``lights``: green/amber/red → label; ``words``: the report's own
    sentences (keys: title, date, producer, demolished, target, progress, next, none, table, overdue,
    overdue_more, case, village, due, days, kind, kind_new, kind_deadline, method)."""
    campaign, t = summary.campaign, summary.township
    pct = min(100.0, t.pct_target)
    next_text = f"{t.next_milestone.label}（{t.next_due_m2:,.2f}㎡）" if t.next_milestone is not None else words["none"]
    cards = [
        (f"{t.demolished_m2:,.2f}㎡", words["demolished"]),
        (f"{campaign.target_m2:,.2f}㎡", words["target"]),
        (f"{t.pct_target:.1f}%", words["progress"]),
        (next_text, words["next"]),
        (_light(t.light, lights), labels["light"]),
    ]
    parts: List[str] = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{escape(words['title'])}</title>",
        f"<style>{CSS % {'fonts': FONTS}}</style></head><body>",
        f"<h1>{escape(words['title'])}</h1>",
        f'<div class="meta">{escape(words["date"])}'
        + (f" · {escape(words['producer'])}" if words.get("producer") else "")
        + "</div>",
        '<div class="cards">'
        + "".join(
            f'<div class="card"><div class="value">{value}</div><div class="label">{escape(label)}</div></div>'
            for value, label in cards
        )
        + "</div>",
        f'<div class="bar"><div style="width:{pct:.1f}%"></div></div>',
        f'<div class="chart">{burnup_svg(summary, chart_words)}</div>',
        f"<h2>{escape(words['table'])}</h2>",
        _village_table(summary.rows, labels, lights),
    ]
    if summary.overdue:
        parts.append(f"<h2>{escape(words['overdue'])}（{len(summary.overdue)}）</h2>")
        parts.append(_overdue_table(summary, words))
    parts.append(f'<p class="note">{escape(words["method"])}</p>')
    if generated:
        parts.append(f'<p class="note">{escape(generated)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts)


def _light(light: str, lights: Dict[str, str]) -> str:
    return f'<span class="dot" style="background:{LIGHT_COLOURS[light]}"></span>{escape(lights[light])}'


def _cell(row: VillageProgress, column: str, lights: Dict[str, str]) -> str:
    value = {
        "village_name": row.village_name,
        "cases": row.cases,
        "found_m2": row.found_m2,
        "demolished_m2": row.demolished_m2,
        "quota_m2": row.quota_m2,
        "remaining_m2": row.remaining_m2,
        "pct_quota": row.pct_quota,
        "light": row.light,
        "new_cases": row.new_cases,
        "stock_cases": row.stock_cases,
        "overdue_cases": row.overdue_cases,
        "forecast_on": row.forecast_on,
    }[column]
    if column == "light":
        return f'<td style="white-space:nowrap">{_light(value, lights)}</td>'
    if column.endswith("_m2"):
        return f'<td class="num">{value:,.2f}</td>'
    if column == "pct_quota":
        return f'<td class="num">{"—" if value is None else f"{value:.1f}%"}</td>'
    if isinstance(value, int):
        return f'<td class="num">{value}</td>'
    return f"<td>{escape(str(value)) if value is not None else '—'}</td>"


def _village_table(rows: Iterable[VillageProgress], labels: Dict[str, str], lights: Dict[str, str]) -> str:
    head = "".join(f"<th>{escape(labels[c])}</th>" for c in TABLE_COLUMNS)
    body = []
    for row in rows:
        css = ' class="total"' if row.village_code == "*" else ""
        body.append(f"<tr{css}>" + "".join(_cell(row, c, lights) for c in TABLE_COLUMNS) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _overdue_table(summary: ProgressSummary, words: Dict[str, str]) -> str:
    head = "".join(f"<th>{escape(words[k])}</th>" for k in ("case", "village", "due", "days", "kind"))
    body = []
    for item in summary.overdue[:OVERDUE_SHOWN]:
        kind = words["kind_new"] if item.new_case else words["kind_deadline"]
        body.append(
            f"<tr><td>{escape(item.case_id)}</td><td>{escape(item.village_name)}</td>"
            f'<td>{item.due_on.isoformat()}</td><td class="num">{item.days}</td><td>{escape(kind)}</td></tr>'
        )
    more = len(summary.overdue) - OVERDUE_SHOWN
    note = f'<p class="note">{escape(words["overdue_more"].format(count=more))}</p>' if more > 0 else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{note}"
