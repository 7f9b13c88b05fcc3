"""What a case card (案件卡片) says: the attributes of one case with Chinese names, its photos and documents, its
history, and the scale of its map. Plain Python, so the words and numbers printed are tested without QGIS; the
QGIS side (layers/case_card.py) only places them on the page."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, List, Mapping, Optional, Sequence, Tuple

from .areas import round_half_up, to_mu
from .schema import LAND_CLASSES, VIOLATIONS, code_label

CARD_TITLE = "{town}{village} 违法图斑案件卡片"
CARD_FOLDER = "案件卡片"  # beside the ledger: <ledger folder>/案件卡片/<case_id>.pdf
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png")
MAX_PHOTOS = 4
# Round scales for a single case (a few hundred m² to a few hectares): the first at which the case fits.
CARD_SCALES = (200, 250, 500, 750, 1000, 1500, 2000, 2500, 5000, 7500, 10000, 15000, 20000, 25000, 50000)
NO_VALUE = "—"
COMPASS = ("北", "东北", "东", "东南", "南", "西南", "西", "西北")

# The attribute block, read left to right in pairs. A tuple joins fields printed in one cell.
ATTRIBUTE_FIELDS: Tuple[str, ...] = (
    "case_id",
    "patch_no",
    "village_name",
    "party",
    "address",
    "source",
    "category",
    "violation_type",
    "status",
    "disposal",
    "found_on",
    "built_on",
    "is_new",
    "deadline",
    "footprint_m2",
    "ellipsoid_m2",
    "floor_area_m2",
    "permitted_m2",
    "unpermitted_m2",
    "excess_m2",
    "farmland_m2",
    "permit_no",
    "parcel_id",
    "owner",
    "land_class",
    "demolished_m2",
    "demolished_on",
    "signed_off_on",
    "remarks",
    "updated_at",
)
AREA_FIELDS = frozenset(f.name for f in VIOLATIONS.fields if f.name.endswith("_m2"))
DATE_FIELDS = frozenset(f.name for f in VIOLATIONS.fields if f.type == "date")


@dataclass
class Photo:
    path: str  # absolute
    caption: str


@dataclass
class HistoryLine:
    time: str
    who: str
    field: str
    change: str

    def cells(self) -> Tuple[str, str, str, str]:
        return self.time, self.who, self.field, self.change


@dataclass
class CaseCard:
    case_id: str
    title: str
    attributes: List[Tuple[str, str]]
    area_method: str = ""
    photos: List[Photo] = field(default_factory=list)
    documents: List[str] = field(default_factory=list)
    history: List[HistoryLine] = field(default_factory=list)
    footer: str = ""


def area_text(m2) -> str:
    """'1,234.56 m²（1.8518 亩）' (亩 = m² × 0.0015)."""
    if m2 is None or m2 == "":
        return NO_VALUE
    value = round_half_up(float(m2))
    return f"{value:,.2f} m²（{to_mu(value):.4f} 亩）"


def date_text(value) -> str:
    return str(value)[:10] if value not in (None, "") else NO_VALUE


def time_text(value) -> str:
    """'2024-05-03 10:12' from an ISO date-time (a 'Z' or offset is turned into this computer's local time)."""
    if value in (None, ""):
        return ""
    text = str(value).strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text[:16].replace("T", " ")
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def compass_text(degrees) -> str:
    """'东北 45°': the eight-point direction a camera looked (0° = north, clockwise)."""
    if degrees in (None, ""):
        return ""
    value = float(degrees) % 360.0
    return f"{COMPASS[int((value + 22.5) // 45) % 8]} {value:.0f}°"


def value_text(name: str, value) -> str:
    """A stored value as the card prints it: coded values by their Chinese names, areas with 亩, plain dates."""
    if value is None or value == "":
        return NO_VALUE
    spec = VIOLATIONS.field(name) if name in VIOLATIONS.field_names else None
    if spec is not None and spec.codes:
        label = code_label(spec.codes, str(value))
        return f"{value} {label}" if spec.codes == "violation_type" and label != value else label
    if name in AREA_FIELDS:
        return area_text(value)
    if name in DATE_FIELDS:
        return date_text(value)
    if name == "is_new":
        return "是（新增）" if value in (True, 1, "1", "true", "True") else "否（存量）"
    if name == "land_class":
        return f"{value} {LAND_CLASSES[value]}" if value in LAND_CLASSES else str(value)
    if name == "updated_at":
        return time_text(value)
    return str(value)


def attribute_rows(record: Mapping[str, object]) -> List[Tuple[str, str]]:
    """(Chinese alias, printed value) of every card field; the village carries its code, the update its editor."""
    rows = []
    for name in ATTRIBUTE_FIELDS:
        text = value_text(name, record.get(name))
        if name == "village_name" and record.get("village_code"):
            text = f"{record.get('village_name') or ''} {record['village_code']}".strip()
        if name == "updated_at" and record.get("updated_by"):
            text = f"{text} {record['updated_by']}".strip()
        rows.append((VIOLATIONS.field(name).alias, text))
    return rows


def card_title(town: str, village: Optional[str]) -> str:
    return CARD_TITLE.format(town=town or "", village=village or "")


def is_photo(file_path: str) -> bool:
    return os.path.splitext(str(file_path or ""))[1].lower() in PHOTO_EXTENSIONS


def evidence_path(ledger_folder: str, file_path: str) -> str:
    """file_path is relative to the ledger's folder (an absolute one is kept), whatever separator it was written
    with."""
    path = str(file_path).replace("\\", "/")
    return os.path.normpath(path if os.path.isabs(path) else os.path.join(ledger_folder, path))


def photo_caption(row: Mapping[str, object], direction_label: str) -> str:
    """One line each: when, which way, the note (a photo cell is too narrow for time and direction together)."""
    direction = row.get("direction")
    lines = (
        time_text(row.get("taken_at")),
        f"{direction_label} {compass_text(direction)}" if direction not in (None, "") else "",
        str(row.get("note") or ""),
    )
    return "\n".join(line for line in lines if line)


def split_evidence(
    rows: Sequence[Mapping[str, object]], ledger_folder: str, direction_label: str
) -> Tuple[List[Photo], List[str]]:
    """The first MAX_PHOTOS photos (in the order taken) and every other file by name, with its note. Photos past
    the fourth are listed with the documents, so nothing attached goes unmentioned."""
    ordered = sorted(rows, key=lambda r: (str(r.get("taken_at") or "9999"), str(r.get("file_path"))))
    photos: List[Photo] = []
    documents: List[str] = []
    for row in ordered:
        path = evidence_path(ledger_folder, row["file_path"])
        if is_photo(path) and len(photos) < MAX_PHOTOS:
            photos.append(Photo(path, photo_caption(row, direction_label)))
        else:
            note = str(row.get("note") or "")
            documents.append(os.path.basename(path) + (f"（{note}）" if note else ""))
    return photos, documents


def history_lines(rows: Iterable[Mapping[str, object]]) -> List[HistoryLine]:
    """case_log rows as printed, oldest first (newest last): field by its alias, codes by their Chinese names."""
    ordered = sorted(rows, key=lambda r: (str(r.get("changed_at") or ""), r.get("fid") or 0))
    lines = []
    for row in ordered:
        name = str(row.get("field") or "")
        alias = VIOLATIONS.field(name).alias if name in VIOLATIONS.field_names else name
        old, new = (_logged_value(name, row.get(k)) for k in ("old_value", "new_value"))
        lines.append(
            HistoryLine(time_text(row.get("changed_at")), str(row.get("changed_by") or ""), alias, f"{old} → {new}")
        )
    return lines


def _logged_value(name: str, value) -> str:
    if value is None or value == "":
        return NO_VALUE
    if name in AREA_FIELDS:
        try:
            return area_text(float(value))
        except ValueError:
            return str(value)
    return value_text(name, value)


def fitting_history(lines: Sequence[HistoryLine], capacity: int, earlier: str) -> List[HistoryLine]:
    """The newest lines that fit ``capacity`` rows, newest last; when some do not fit the first row says how many
    earlier entries were left out (``earlier`` holds {count})."""
    if capacity <= 0:
        return []
    if len(lines) <= capacity:
        return list(lines)
    kept = list(lines[len(lines) - (capacity - 1) :]) if capacity > 1 else []
    left_out = len(lines) - len(kept)
    return [HistoryLine("…", "", "", earlier.format(count=left_out))] + kept


def card_scale(width_m: float, height_m: float, frame_w_mm: float, frame_h_mm: float, share: float = 0.5) -> float:
    """The first round scale at which the case takes at most ``share`` of the map frame either way."""
    needed = max(width_m / (share * frame_w_mm / 1000.0), height_m / (share * frame_h_mm / 1000.0), 1.0)
    return float(next((s for s in CARD_SCALES if s >= needed), CARD_SCALES[-1]))
