"""A county's patch table, row by row, as case records: the upper level's number, area, dates, type and flags.

Each row becomes the values a new or linked case takes (``source`` SATELLITE, ``patch_no`` = JCBH, else TBBH), or
it is refused with the row and the field named: a patch without a number cannot be returned to the upper level,
and one whose date or area cannot be read would be reported wrong. Nothing is guessed except what is said: a date
without its day is read as the first of the month, an unknown patch type as OTHER, each with a warning.
"""

from __future__ import annotations

import datetime
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from shapely.ops import unary_union

from . import reference_values as values
from .areas import round_half_up
from .field_mapping import normalize
from .notes import Note, error, info, line_list, warning
from .patch_fields import PATCH_CODE_LISTS, PATCH_TYPE_SPELLINGS
from .patch_mapping import area_factor, effective_mapping, is_patch_column
from .schema import BOOLEAN, REAL, TEXT, Field
from .sheet_tables import Table, cell_text, find_table
from .spatial import polygonal

SOURCE = "SATELLITE"

NO_NUMBER = "Row {row}: no patch number ({columns})"
BAD_DATE = "Row {row}, {column}: {value} is not a date"
MONTH_ONLY = "Row {row}, {column}: {value} has no day; read as the first of the month"
BAD_AREA = "Row {row}, {column}: {value} is not an area"
NEGATIVE_AREA = "Row {row}, {column}: the area {value} is negative"
BAD_NUMBER = "Row {row}, {column}: {value} is not a number"
BAD_YES_NO = "Row {row}, {column}: {value} is neither yes (是) nor no (否)"
UNKNOWN_TYPE = "Row {row}, {column}: patch type {value} is not one the ledger knows; stored as OTHER (其他)"
DATES_REVERSED = "Row {row}: the after-image date {after} (HSX) is before the before-image date {before} (QSX)"
DUPLICATE = "Patch number {patch_no} appears in rows {rows} with different values: a patch number must be unique"
PARTS_MERGED = "Rows {rows} carry patch number {patch_no} with the same values: read as the parts of one patch"
TOTAL_ROW = "Row {row} is a total row ({text}): skipped"
BAD_OUTLINE = "Row {row}: the outline cannot be used: {reason}"
NOT_IN_CRS = (
    "Row {row}: the outline cannot be transformed to the ledger's CRS (its coordinates do not fit the file's CRS)"
)
NOT_WKT = "its outline is not WKT"  # a reason of BAD_OUTLINE
TEMPLATES = (
    NO_NUMBER,
    BAD_DATE,
    MONTH_ONLY,
    BAD_AREA,
    NEGATIVE_AREA,
    BAD_NUMBER,
    BAD_YES_NO,
    UNKNOWN_TYPE,
    DATES_REVERSED,
    DUPLICATE,
    PARTS_MERGED,
    TOTAL_ROW,
    BAD_OUTLINE,
    NOT_IN_CRS,
    NOT_WKT,
)

TEXT_FIELDS = ("patch_no", "upper_patch_id", "patch_batch", "upper_district_code", "upper_district_name")
TEXT_FIELDS += ("upper_land_class", "upper_land_class_name")
DATE_FIELDS = ("before_on", "after_on")
FLAG_FIELDS = ("upper_farmland", "upper_red_line")
NUMBER_FIELDS = ("upper_x", "upper_y")
# Values that may differ between the parts of one patch split into single-part features.
PART_FIELDS = ("upper_m2", "upper_x", "upper_y")

_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$|^(\d{4})(\d{2})$")
_TOTAL = re.compile(r"^(合计|总计|小计|共计)")
# Beyond reference_values' 是/否, 1/0, Y/N: how the flag columns of patch tables say yes and no.
_YES = {"涉及", "占用", "已占用"}
_NO = {"不涉及", "不占用", "未占用", "未涉及", "无"}
_REAL = Field("value", "", REAL)
_TEXT = Field("value", "", TEXT)
_BOOLEAN = Field("value", "", BOOLEAN)
_TYPE_WORDS: Dict[str, str] = {}
for _code, _name in PATCH_CODE_LISTS["patch_type"].items():
    for _word in (_code, _name, *PATCH_TYPE_SPELLINGS.get(_code, ())):
        _TYPE_WORDS.setdefault(normalize(unicodedata.normalize("NFKC", _word)), _code)


@dataclass
class PatchRow:
    """One patch as read: ``values`` are ledger field -> stored value; ``where`` the row (or feature) it came from."""

    where: object
    values: Dict[str, object] = field(default_factory=dict)
    notes: List[Note] = field(default_factory=list)
    geometry: Optional[object] = None
    parts: List[object] = field(default_factory=list)  # the rows merged into this one, when a patch came in parts

    @property
    def patch_no(self) -> Optional[str]:
        return self.values.get("patch_no")  # type: ignore[return-value]

    @property
    def ok(self) -> bool:
        return not any(n.is_error for n in self.notes)


def patch_type_code(value: object) -> Optional[str]:
    """The code of a patch type written any usual way (建（构）筑物, 建构筑物, 房屋, BUILDING); None if unknown."""
    text = normalize(unicodedata.normalize("NFKC", cell_text(value)))
    if not text:
        return None
    if text in _TYPE_WORDS:
        return _TYPE_WORDS[text]
    # A Chinese word inside a longer description (新建房屋 -> BUILDING); pinyin codes (JZ, DL) only whole, as
    # two letters turn up inside anything.
    for word, code in sorted(_TYPE_WORDS.items(), key=lambda kv: -len(kv[0])):
        if len(word) > 1 and not word.isascii() and word in text:
            return code
    return None


def to_date(value: object) -> Tuple[Optional[str], bool]:
    """(ISO date, month only) from every spelling county files use, Excel serial day numbers included."""
    if blank(value):
        return None, False
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 <= value <= 80000:
        return (datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))).isoformat(), False
    try:
        return values.to_date(value), False
    except values.ConversionError:
        pass
    match = _MONTH.match(unicodedata.normalize("NFKC", cell_text(value)))
    if match:
        year, month = [int(g) for g in match.groups() if g]
        if 1 <= month <= 12:
            return datetime.date(year, month, 1).isoformat(), True
    raise values.ConversionError(values.NOT_A_DATE, value)


def blank(value: object) -> bool:
    """A blank cell: None, NaN, empty text, or pandas' NaT (a datetime whose .date() raises)."""
    pandas = sys.modules.get("pandas")  # imported where a table is read; a NaT can only come from it
    return values.is_blank(value) or (pandas is not None and value is pandas.NaT)


def _number(value: object) -> float:
    text = unicodedata.normalize("NFKC", cell_text(value)) if isinstance(value, str) else value
    return values.convert(_REAL, text)  # type: ignore[return-value]


def patch_record(
    row: Mapping[str, object],
    mapping: Mapping[str, Optional[str]],
    where: object,
    zero_growth_on: Optional[str] = None,
    batch: Optional[str] = None,
) -> PatchRow:
    """One row (column -> value) as a case record, with the problems of its row. ``zero_growth_on``: the campaign's
    date; a patch whose before-image is on or after it is new (新增), one whose after-image is before it is stock."""
    result = PatchRow(where, {"source": SOURCE}, [], None, [where])
    out, notes = result.values, result.notes

    def cell(ledger_field: str) -> Tuple[Optional[str], object]:
        column = mapping.get(ledger_field)
        return column, (row.get(column) if column else None)

    for name in TEXT_FIELDS:
        column, value = cell(name)
        text = values.convert(_TEXT, value) if not blank(value) else None
        out[name] = text or None
    if not out["patch_no"]:
        out["patch_no"] = out["upper_patch_id"]
    if not out["patch_no"]:
        columns = " / ".join(c for c in (mapping.get("patch_no"), mapping.get("upper_patch_id")) if c) or "-"
        notes.append(error(NO_NUMBER, where, "patch_no", row=where, columns=columns))
    if batch and not out["patch_batch"]:
        out["patch_batch"] = batch
    for name in DATE_FIELDS:
        column, value = cell(name)
        try:
            out[name], month_only = to_date(value)
            if month_only:
                notes.append(warning(MONTH_ONLY, where, name, row=where, column=column, value=cell_text(value)))
        except values.ConversionError:
            out[name] = None
            notes.append(error(BAD_DATE, where, name, row=where, column=column, value=cell_text(value)))
    _area(cell("upper_m2"), where, out, notes)
    for name in FLAG_FIELDS:
        column, value = cell(name)
        out[name] = _flag(value, column, where, name, notes)
    for name in NUMBER_FIELDS:
        column, value = cell(name)
        try:
            out[name] = None if blank(value) else _number(value)
        except values.ConversionError:
            out[name] = None
            notes.append(error(BAD_NUMBER, where, name, row=where, column=column, value=cell_text(value)))
    column, value = cell("patch_type")
    out["patch_type"] = patch_type_code(value)
    if out["patch_type"] is None and not blank(value):
        out["patch_type"] = "OTHER"
        notes.append(warning(UNKNOWN_TYPE, where, "patch_type", row=where, column=column, value=cell_text(value)))
    before, after = out["before_on"], out["after_on"]
    if before and after and after < before:
        notes.append(warning(DATES_REVERSED, where, "after_on", row=where, before=before, after=after))
    if zero_growth_on:
        if before and before >= zero_growth_on:
            out["is_new"] = True
        elif after and after < zero_growth_on:
            out["is_new"] = False
    return result


def _area(cell: Tuple[Optional[str], object], where: object, out: Dict[str, object], notes: List[Note]) -> None:
    column, value = cell
    out["upper_m2"] = None
    if blank(value):
        return
    factor = area_factor(column or "") or 1.0
    text = unicodedata.normalize("NFKC", cell_text(value)) if isinstance(value, str) else value
    if isinstance(text, str):  # a unit written in the cell itself: "0.35亩", "120.5㎡"
        for word, cell_factor in (("亩", 10_000.0 / 15.0), ("公顷", 10_000.0)):
            if text.endswith(word):
                text, factor = text[: -len(word)], cell_factor
    try:
        number = _number(text)
    except values.ConversionError:
        notes.append(error(BAD_AREA, where, "upper_m2", row=where, column=column, value=cell_text(value)))
        return
    if number < 0:
        notes.append(error(NEGATIVE_AREA, where, "upper_m2", row=where, column=column, value=cell_text(value)))
        return
    out["upper_m2"] = round_half_up(number * factor)


def _flag(value: object, column: Optional[str], where: object, name: str, notes: List[Note]) -> Optional[bool]:
    if blank(value):
        return None
    text = cell_text(value)
    if text in _NO:
        return False
    if text in _YES:
        return True
    try:
        return values.convert(_BOOLEAN, value)  # type: ignore[return-value]
    except values.ConversionError:
        notes.append(error(BAD_YES_NO, where, name, row=where, column=column, value=text))
        return None


def is_total_row(row: Mapping[str, object], mapping: Mapping[str, Optional[str]]) -> Optional[str]:
    """The text of a 合计/总计 row (no patch number, a total word in a cell), else None."""
    for key in ("patch_no", "upper_patch_id"):
        column = mapping.get(key)
        if column and not blank(row.get(column)) and not _TOTAL.match(cell_text(row.get(column))):
            return None
    for value in row.values():
        text = cell_text(value)
        if _TOTAL.match(text):
            return text
    return None


def merge_duplicates(rows: Sequence[PatchRow]) -> List[PatchRow]:
    """Rows sharing a patch number: the same values but area and centre (a multi-part patch exported as single
    parts) become one patch with the parts' areas added and geometries joined; different values refuse every row
    that carries the number."""
    groups: Dict[str, List[PatchRow]] = {}
    for row in rows:
        if row.patch_no:
            groups.setdefault(row.patch_no, []).append(row)
    merged_away = set()
    for patch_no, group in groups.items():
        if len(group) < 2:
            continue
        labels = line_list(r.where for r in group)
        same = all(_identity(r) == _identity(group[0]) for r in group[1:])
        if not same:
            for r in group:
                r.notes.append(error(DUPLICATE, r.where, "patch_no", patch_no=patch_no, rows=labels))
            continue
        first = group[0]
        areas = [r.values.get("upper_m2") for r in group]
        first.values["upper_m2"] = round_half_up(sum(a for a in areas if a)) if any(areas) else None
        first.parts = [r.where for r in group]
        first.geometry = _union([r.geometry for r in group])
        first.notes.append(warning(PARTS_MERGED, first.where, "patch_no", patch_no=patch_no, rows=labels))
        for r in group[1:]:
            first.notes += [n for n in r.notes if n.is_error]
            merged_away.add(id(r))
    return [r for r in rows if id(r) not in merged_away]


def _identity(row: PatchRow) -> Tuple:
    return tuple(sorted((k, str(v)) for k, v in row.values.items() if k not in PART_FIELDS))


def _union(geometries: Sequence[Optional[object]]):
    shapes = [g for g in geometries if g is not None]
    if not shapes:
        return None
    return polygonal(unary_union(shapes))


def read_patch_table(path: str, text: Optional[str] = None) -> Tuple[Optional[Table], List[Note]]:
    """The sheet and header rows of a patch workbook or CSV, chosen by how well they name patch columns."""
    return find_table(
        path, is_patch_column, "JCBH 监测编号, TBBH 图斑编号, QSX 前时相, HSX 后时相, TBMJ 图斑面积", 2, text
    )


def table_patches(
    table: Table, mapping_text: str = "", zero_growth_on: Optional[str] = None, batch: Optional[str] = None
) -> Tuple[List[PatchRow], Dict[str, Optional[str]], List[Note]]:
    """(the patches of a table, the mapping used, file-level notes). Rows keep their spreadsheet numbers."""
    columns = [str(c) for c in table.frame.columns]
    mapping, notes = effective_mapping(columns, mapping_text)
    if any(n.is_error for n in notes):
        return [], mapping, notes
    rows: List[PatchRow] = []
    for k, number in enumerate(table.row_numbers):
        row = dict(zip(columns, table.frame.iloc[k].tolist()))
        total = is_total_row(row, mapping)
        if total:
            notes.append(info(TOTAL_ROW, number, row=number, text=total))
            continue
        rows.append(patch_record(row, mapping, number, zero_growth_on, batch))
    return merge_duplicates(rows), mapping, notes
