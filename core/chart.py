"""The burn-up chart of a campaign as SVG: demolished area over time, the milestone plan, the target, the forecast.

One drawing for every output: the dock shows it (QSvgRenderer), the HTML report embeds it, the workbook gets it as
a PNG. Words come from the caller (already translated); the font list names CJK fonts that exist on Linux and
Windows so that Chinese never prints as boxes.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from typing import Dict, List, Tuple

from .progress import ProgressSummary

FONTS = "'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', 'SimSun', sans-serif"
COLOURS = {"done": "#1f6fb4", "plan": "#7a7a7a", "target": "#d7301f", "forecast": "#e6a100", "grid": "#dddddd"}

DEFAULT_WORDS = {
    "title": "拆除进度",
    "demolished": "已拆除面积",
    "plan": "时间节点要求",
    "target": "目标",
    "forecast": "按近30天进度预测",
    "report": "报告日期",
    "axis": "面积（㎡）",
    "month": "{month}月",
}


def burnup_svg(summary: ProgressSummary, words: Dict[str, str] = None, width: int = 900, height: int = 380) -> str:
    """The township's burn-up chart for ``summary`` as a standalone SVG document."""
    words = {**DEFAULT_WORDS, **(words or {})}
    campaign, report = summary.campaign, summary.report_date
    target = campaign.target_m2
    done = summary.township.demolished_m2
    forecast = summary.township.forecast_on
    start = min([campaign.started_on] + [d for d, _ in summary.burnup[:1]])
    end_candidates = [report + timedelta(days=7)] + [m.due_on for m in campaign.milestones]
    if forecast is not None and forecast > report:
        end_candidates.append(min(forecast, report + timedelta(days=400)))
    end = max(end_candidates)
    top = _nice_top(max(target, done) * 1.08)

    left, right, upper, lower = 78, 240, 44, 40
    plot_w, plot_h = width - left - right, height - upper - lower
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return left + plot_w * (day - start).days / span

    def y(m2: float) -> float:
        return upper + plot_h * (1 - m2 / top)

    out: List[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONTS}" font-size="13">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        _text(left, 26, words["title"], size=16, weight="bold"),
    ]
    step = top / 5
    for k in range(6):
        value = step * k
        out.append(_line(left, y(value), left + plot_w, y(value), COLOURS["grid"]))
        out.append(_text(left - 8, y(value) + 4, f"{value:,.0f}", anchor="end", size=12))
    out.append(_text(16, upper + plot_h / 2, words["axis"], size=12, rotate=True))
    for day in _month_starts(start, end):
        out.append(_line(x(day), upper + plot_h, x(day), upper + plot_h + 5, "#444444"))
        out.append(_text(x(day), upper + plot_h + 20, words["month"].format(month=day.month), anchor="middle", size=12))
    out.append(_line(left, upper + plot_h, left + plot_w, upper + plot_h, "#444444"))
    out.append(_line(left, upper, left, upper + plot_h, "#444444"))

    out.append(_line(left, y(target), left + plot_w, y(target), COLOURS["target"], dash="8 4", width=1.5))
    plan = [(campaign.started_on, 0.0)] + [(m.due_on, m.share * target) for m in campaign.milestones]
    out.append(_polyline([(x(d), y(v)) for d, v in plan], COLOURS["plan"], dash="4 4"))
    for milestone in campaign.milestones:
        mx, my = x(milestone.due_on), y(milestone.share * target)
        out.append(f'<circle cx="{mx:.1f}" cy="{my:.1f}" r="4" fill="{COLOURS["plan"]}"/>')
        out.append(_text(mx, my - 9, milestone.label, anchor="middle", size=11, fill=COLOURS["plan"]))

    steps: List[Tuple[float, float]] = [(x(start), y(0))]
    level = 0.0
    for day, cumulative in summary.burnup:
        steps += [(x(day), y(level)), (x(day), y(cumulative))]
        level = cumulative
    steps.append((x(report), y(level)))
    out.append(_polyline(steps, COLOURS["done"], width=2.5))
    if forecast is not None and forecast > report and done < target:
        fx = x(min(forecast, end))
        fy = (
            y(target) if forecast <= end else y(done + (target - done) * (end - report).days / (forecast - report).days)
        )
        out.append(_polyline([(x(report), y(done)), (fx, fy)], COLOURS["forecast"], dash="6 3", width=2))
        if forecast <= end:
            out.append(_text(fx, fy - 9, f"{forecast:%m-%d}", anchor="middle", size=11, fill=COLOURS["forecast"]))
    out.append(_line(x(report), upper, x(report), upper + plot_h, "#444444", dash="2 3"))
    out.append(_text(x(report), upper - 6, f"{words['report']} {report:%m-%d}", anchor="middle", size=11))

    legend = [
        ("done", f"{words['demolished']} {done:,.2f}㎡", ""),
        ("plan", words["plan"], "4 4"),
        ("target", f"{words['target']} {target:,.0f}㎡", "8 4"),
        ("forecast", words["forecast"], "6 3"),
    ]
    lx = left + plot_w + 16
    for k, (key, label, dash) in enumerate(legend):
        ly = upper + 12 + 24 * k
        out.append(_line(lx, ly, lx + 26, ly, COLOURS[key], dash=dash, width=2.5))
        out.append(_text(lx + 32, ly + 4, label, size=12))
    out.append("</svg>")
    return "\n".join(out)


def _nice_top(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above ``value`` (so that five grid steps are round numbers)."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if factor * magnitude >= value:
            return factor * magnitude
    return 10 * magnitude


def _month_starts(start: date, end: date) -> List[date]:
    day = date(start.year, start.month, 1)
    months = []
    while day <= end:
        if day >= start:
            months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def _line(x1, y1, x2, y2, colour, dash="", width=1.0) -> str:
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
        f'stroke-width="{width}"{dashes}/>'
    )


def _polyline(points, colour, dash="", width=1.5) -> str:
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    coordinates = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    return f'<polyline points="{coordinates}" fill="none" stroke="{colour}" stroke-width="{width}"{dashes}/>'


def _text(x, y, text, anchor="start", size=13, weight="normal", fill="#222222", rotate=False) -> str:
    turn = f' transform="rotate(-90 {x:.1f} {y:.1f})"' if rotate else ""
    anchor = "middle" if rotate else anchor
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" font-weight="{weight}" '
        f'fill="{fill}"{turn}>{escape(str(text), quote=False)}</text>'
    )
