"""What each page of the village map series says: title, statistics, notes, file name. Plain Python, so the words
and numbers printed on a map are tested without QGIS and are those of the progress summary."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from .gauss_kruger import Zone
from .progress import STATUSES, TOWNSHIP, ProgressSummary, VillageProgress
from .schema import code_label

VILLAGE_TITLE = "{town}{village}违法用地违法建设分布图"
TOWNSHIP_TITLE = "{town}违法用地违法建设分布总图"
PAPERS_MM = {"A4": (297.0, 210.0), "A3": (420.0, 297.0), "A0": (1189.0, 841.0)}  # landscape width, height


@dataclass
class StatRow:
    item: str
    cases: str
    area: str


@dataclass
class Page:
    """One page of the series: the township overview (code ``*``) or a village."""

    order: int
    code: str
    name: str
    title: str
    file_name: str
    stats: List[StatRow] = field(default_factory=list)
    notes: str = ""


def crs_note(zone: Zone) -> str:
    """The coordinate system as printed on Chinese survey maps (no zone number: the central meridian says it)."""
    return f"2000国家大地坐标系 高斯-克吕格投影 3度带 中央经线{zone.central_meridian:g}°"


def stat_rows(row: VillageProgress, labels: Dict[str, str]) -> List[StatRow]:
    """The statistics table of a page: cases and area by status (statuses present only), the total found, the
    demolished area against the quota, and the overdue cases. ``labels``: found, demolished, overdue."""
    rows = [
        StatRow(code_label("status", s), str(row.by_status.get(s, 0)), f"{row.area_by_status.get(s, 0):,.2f}")
        for s in STATUSES
        if row.by_status.get(s, 0)
    ]
    rows.append(StatRow(labels["found"], str(row.cases), f"{row.found_m2:,.2f}"))
    quota = f"{row.demolished_m2:,.2f} / {row.quota_m2:,.2f}"
    if row.pct_quota is not None:
        quota += f"（{row.pct_quota:.1f}%）"
    rows.append(StatRow(labels["demolished"], str(row.demolished_cases), quota))
    rows.append(StatRow(labels["overdue"], str(row.overdue_cases), ""))
    return rows


def safe_file_name(text: str) -> str:
    """A file name that every file system takes (Chinese kept; separators and reserved characters replaced)."""
    cleaned = re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("._")
    return cleaned or "page"


def pages(
    summary: ProgressSummary,
    codes: Optional[Sequence[str]],
    zone: Zone,
    labels: Dict[str, str],
    data_date: str,
) -> List[Page]:
    """The overview page, then one page per village in ``codes`` (all villages when empty), in village order."""
    town = summary.township.village_name or summary.campaign.town_name
    wanted = set(codes or [])
    notes = "\n".join(
        part
        for part in (
            crs_note(zone),
            labels["producer"].format(producer=summary.campaign.producer) if summary.campaign.producer else "",
            labels["report_date"].format(date=summary.report_date.isoformat()),
            labels["data_date"].format(date=data_date) if data_date else "",
        )
        if part
    )
    result = [
        Page(
            0,
            TOWNSHIP,
            town,
            TOWNSHIP_TITLE.format(town=town),
            safe_file_name(f"00_{town}_总图"),
            stat_rows(summary.township, labels),
            notes,
        )
    ]
    villages = [r for r in summary.villages if r.village_code and (not wanted or r.village_code in wanted)]
    for number, row in enumerate(villages, start=1):
        result.append(
            Page(
                number,
                row.village_code,
                row.village_name,
                VILLAGE_TITLE.format(town=town, village=row.village_name),
                safe_file_name(f"{number:02d}_{row.village_code}_{row.village_name}"),
                stat_rows(row, labels),
                notes,
            )
        )
    return result


def unknown_codes(summary: ProgressSummary, codes: Optional[Sequence[str]]) -> List[str]:
    known = {r.village_code for r in summary.villages}
    return [c for c in (codes or []) if c not in known]


def paper_size(paper: str, landscape: bool) -> Tuple[float, float]:
    width, height = PAPERS_MM[paper]
    return (width, height) if landscape else (height, width)
