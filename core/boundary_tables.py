"""Boundary points in the spreadsheet layouts surveyors also hand over, read into the same parcels as the TXT.

Seen in practice: one sheet with 地块编号 / 界址点号 / 圈号 / X / Y columns (the parcel number often in a merged
cell down the rows of its parcel), or one parcel per sheet with 点号, X坐标, Y坐标 under a title row that names the
coordinate system ("2000国家大地坐标系 中央子午线108°"). A spreadsheet has no [属性描述]: the system comes from the
caller (the user's choice), else from the title, else from the zone number the eastings carry.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Dict, List, Optional, Tuple

from . import survey_crs as crs
from .boundary_points import BoundaryPoints, RawParcel, RawPoint, build
from .boundary_system import Declared
from .field_mapping import normalize
from .notes import Note, error, info
from .sheet_tables import CHOSEN, Table, cell_text, sheet_tables

ROLES: Dict[str, Tuple[str, ...]] = {
    "parcel": ("地块编号", "地块号", "宗地号", "宗地编号", "宗地代码", "地块", "DKBH", "ZDH", "ZDDM", "编号"),
    "name": ("地块名称", "名称", "项目名称", "宗地名称", "DKMC"),
    "point": ("界址点号", "点号", "点名", "界址点", "界址点名", "JZDH", "DH", "序号"),
    "ring": ("圈号", "地块圈号", "环号", "圈", "QH"),
    "x": ("X", "X坐标", "纵坐标", "北坐标", "坐标X", "X(M)", "XZB"),
    "y": ("Y", "Y坐标", "横坐标", "东坐标", "坐标Y", "Y(M)", "YZB"),
    "area": ("地块面积", "面积", "宗地面积", "DKMJ"),
}
_KNOWN = {normalize(name): role for role, names in ROLES.items() for name in names}
_UNIT = re.compile(r"\((.*)\)$")
AREA_UNITS_HA = {
    "公顷": 1.0,
    "hm2": 1.0,
    "hm²": 1.0,
    "ha": 1.0,
    "亩": 1 / 15,
    "平方米": 1e-4,
    "m2": 1e-4,
    "m²": 1e-4,
    "㎡": 1e-4,
}

NO_COORDINATES = "Sheet {sheet} has no X and Y columns"
BAD_ROW = "Sheet {sheet}, row {row}: {what} {value} is not a number"
HALF_POINT = "Sheet {sheet}, row {row}: only one of X and Y is given"
SYSTEM_FROM_TITLE = "The coordinate system was taken from the title of sheet {sheet}: {text}"
SHEETS_READ = "Read {count} sheets as parcels: {sheets}"
TEMPLATES = (NO_COORDINATES, BAD_ROW, HALF_POINT, SYSTEM_FROM_TITLE, SHEETS_READ)


def role_of(name: str) -> Optional[str]:
    """The boundary-point column a header names: "x", "point" …; units in brackets do not matter."""
    text = normalize(unicodedata.normalize("NFKC", name))
    if text in _KNOWN:
        return _KNOWN[text]
    return _KNOWN.get(normalize(_UNIT.sub("", unicodedata.normalize("NFKC", name))))


def _known(name: str) -> bool:
    return role_of(name) is not None


def read_boundary_table(path: str, declared: Optional[Declared] = None, text: Optional[str] = None) -> BoundaryPoints:
    """Parcels from a workbook or CSV of boundary points. ``declared``: the system the user chose, if any.

    Every sheet whose header names X and Y is read: one sheet with a parcel column gives many parcels, sheets
    without one give a parcel each, named after the sheet."""
    tables, _, notes = sheet_tables(path, _known, text)
    usable = [t for t in tables if {"x", "y"} <= {role_of(c) for c in t.frame.columns}]
    if not usable:
        notes += [error(NO_COORDINATES, sheet=t.sheet) for t in tables[:1]]
        if not tables and not notes:
            notes.append(error(NO_COORDINATES, sheet="-"))
        return build([], declared or Declared(), notes)
    if len(usable) > 1:
        notes.append(info(SHEETS_READ, count=len(usable), sheets=", ".join(t.sheet for t in usable)))
    else:
        table = usable[0]
        first = table.row_numbers[0] if table.row_numbers else "-"
        notes.append(info(CHOSEN, sheet=table.sheet, rows="–".join(map(str, table.header_rows)), first=first))
    parcels: List[RawParcel] = []
    for table in usable:
        parcels += _parcels(table, notes)
    return build(parcels, declared or _from_titles(usable, notes), notes)


def _column(table: Table, role: str) -> Optional[str]:
    """The column for ``role``; of two (序号 and 点号) the one named earlier in ROLES."""
    ranks = [normalize(n) for n in ROLES[role]]

    def rank(column: str) -> int:
        text = normalize(_UNIT.sub("", unicodedata.normalize("NFKC", column)))
        return ranks.index(text) if text in ranks else len(ranks)

    found = [c for c in table.frame.columns if role_of(c) == role]
    return min(found, key=rank) if found else None


def _parcels(table: Table, notes: List[Note]) -> List[RawParcel]:
    columns = {role: _column(table, role) for role in ROLES}
    frame = table.frame
    # A parcel number or name in a merged cell is in its first row only.
    keys = _filled_down(frame[columns["parcel"]]) if columns["parcel"] else None
    names = _filled_down(frame[columns["name"]]) if columns["name"] else None
    parcels: List[RawParcel] = []
    current: Optional[str] = None
    for k, row_number in enumerate(table.row_numbers):
        row = frame.iloc[k]
        key = (keys[k] if keys is not None else None) or table.sheet
        if key != current or not parcels:
            current = key
            name = (names[k] if names is not None else None) or ""
            area = _area(cell_text(row[columns["area"]]), columns["area"]) if columns["area"] else ""
            parcels.append(RawParcel(row_number, number=str(key), name=str(name), area=area))
        point = _point(table, columns, row, row_number, notes)
        if point is not None:
            parcels[-1].points.append(point)
    return [p for p in parcels if p.points]


def _filled_down(column):
    """A column's text with each blank taken from the row above (a merged cell down the rows of its parcel)."""
    texts = [cell_text(v) for v in column.tolist()]
    for k in range(1, len(texts)):
        texts[k] = texts[k] or texts[k - 1]
    return texts


def _area(text: str, column: str) -> str:
    """The area as hectares (the TXT's unit, which the parcel check compares with the points)."""
    if not text:
        return ""
    unit = _UNIT.search(unicodedata.normalize("NFKC", column))
    factor = AREA_UNITS_HA.get(unit.group(1).strip().lower(), 1.0) if unit else 1.0
    try:
        return repr(float(text.replace(",", "")) * factor)
    except ValueError:
        return text


def _point(table: Table, columns, row, row_number: int, notes: List[Note]) -> Optional[RawPoint]:
    x, y = cell_text(row[columns["x"]]), cell_text(row[columns["y"]])
    if not x and not y:
        return None  # a blank line between parcels, or a total row
    if not x or not y:
        notes.append(error(HALF_POINT, row_number, sheet=table.sheet, row=row_number))
        return None
    values = []
    ring_text = cell_text(row[columns["ring"]]) if columns["ring"] else ""
    for what, text in (("X", x), ("Y", y), ("ring", ring_text or "1")):
        try:
            values.append(float(text.replace(",", "")))
        except ValueError:
            notes.append(error(BAD_ROW, row_number, sheet=table.sheet, row=row_number, what=what, value=text))
            return None
    name = cell_text(row[columns["point"]]) if columns["point"] else ""
    return RawPoint(name or str(row_number), int(values[2]), values[0], values[1], row_number)


_MERIDIAN = re.compile(r"(?:中央子午线|中央经线|中央经度)\D{0,3}(\d{2,3})")
_WIDTH = re.compile(r"([36三六])\s*度\s*(?:分)?带")


def _from_titles(tables: List[Table], notes: List[Note]) -> Declared:
    """What the title rows above a header say about the system: 坐标系 words, 3度带, 中央子午线108°."""
    for table in tables:
        for text in table.titles:
            datum = crs.datum_from_name(text) if "坐标" in text or "CGCS" in text.upper() else None
            meridian = _MERIDIAN.search(text)
            width_match = _WIDTH.search(text)
            if not datum and not meridian:
                continue
            width = {"3": 3, "三": 3, "6": 6, "六": 6}[width_match.group(1)] if width_match else 3
            zone = crs.zone_from_meridian(int(meridian.group(1)), width) if meridian else None
            names = {crs.CGCS2000: "2000国家大地坐标系", crs.XIAN80: "1980西安坐标系", crs.BEIJING54: "1954北京坐标系"}
            notes.append(info(SYSTEM_FROM_TITLE, sheet=table.sheet, text=text[:80]))
            return Declared(
                datum=names.get(datum, text if datum else ""),
                width=str(width) if zone else "",
                zone=str(zone) if zone else "",
            )
    return Declared()
