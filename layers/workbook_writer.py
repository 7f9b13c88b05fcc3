"""The ledger workbook laid out with openpyxl: styles, sheets, print setup, and a save that never leaves a
half-written file. Rows come from core/workbook.py; lianwei:exportledger imports this module only when it runs,
so that a QGIS without openpyxl still loads every other algorithm."""

from __future__ import annotations

import io
import math
import os
import uuid
from typing import List, Sequence

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..core import workbook as core_workbook
from ..core.errors import Canceled
from ..core.progress import LIGHT_COLOURS, ProgressSummary
from ..translation import tr
from .progress_labels import column_label, light_label

# Cell styles by kind of column; each is a named style in three variants (plain, not counted, total row) so that
# a cell takes its whole style at once: styling cell by cell made a 20,000-case export spend a minute hashing styles.
FORMATS = {"text": None, "wrap": None, "date": "yyyy-mm-dd", "area": "0.00", "mu": "0.0000", "count": "0"}
PLAIN, MUTED, TOTAL = "", "muted", "total"
SUMMARY_KINDS = {
    **dict.fromkeys(("cases", "new_cases", "stock_cases", "overdue_cases"), "count"),
    **dict.fromkeys(("found_m2", "demolished_m2", "quota_m2", "remaining_m2", "pct_quota"), "area"),
    "forecast_on": "date",
}
CASE_KINDS = {
    "序号": "count",
    **dict.fromkeys(core_workbook.DATE_HEADERS, "date"),
    **dict.fromkeys(core_workbook.AREA_HEADERS, "area"),
    core_workbook.MU: "mu",
    **dict.fromkeys(core_workbook.WIDE_HEADERS, "wrap"),
}
OVERDUE_KINDS = {"序号": "count", "应整改日期": "date", "逾期天数": "count"}
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
SEPARATOR_FILL = PatternFill("solid", fgColor="FFF5D6")
NOT_COUNTED = Font(color="808080", italic=True)
LINE_PT = 15  # height of one line of 11 pt text, to size rows whose text wraps
CHART_SIZE = (900, 380)  # px as shown in the sheet; the PNG has twice the pixels so that it prints sharp


def save_replacing(workbook: Workbook, path: str, feedback) -> None:
    """Save next to ``path`` first and move it into place, so that a failed or canceled export never leaves a
    half-written workbook (nor spoils the one it was to replace)."""
    # a name of our own rather than mkstemp, whose file is private to its owner (0600) and would stay so
    temporary = os.path.join(os.path.dirname(os.path.abspath(path)), f".~{uuid.uuid4().hex}.xlsx")
    try:
        workbook.save(temporary)
        if feedback.isCanceled():
            raise Canceled()
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def build_workbook(summary: ProgressSummary, records, sheets, chart_png: str, feedback) -> Workbook:
    workbook = Workbook()
    add_styles(workbook)
    summary_sheet(workbook.active, summary, chart_png)
    names = core_workbook.sheet_names([s.village_name for s in sheets])
    for k, (sheet, name) in enumerate(zip(sheets, names)):
        if feedback.isCanceled():
            raise Canceled()
        village_sheet(workbook.create_sheet(name), sheet, summary)
        feedback.setProgress(60 + 30 * (k + 1) / max(len(sheets), 1))
    overdue_sheet(workbook.create_sheet(core_workbook.OVERDUE_SHEET), summary, records)
    return workbook


def add_styles(workbook: Workbook) -> None:
    header = NamedStyle("lianwei header", font=Font(bold=True), fill=HEADER_FILL, border=BORDER)
    header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    workbook.add_named_style(header)
    for kind, number_format in FORMATS.items():
        for variant in (PLAIN, MUTED, TOTAL):
            style = NamedStyle(style_name(kind, variant), border=BORDER)
            style.alignment = Alignment(vertical="top", wrap_text=kind == "wrap")
            style.number_format = number_format or "General"
            if variant == MUTED:
                style.font = NOT_COUNTED
            elif variant == TOTAL:
                style.font, style.fill = Font(bold=True), TOTAL_FILL
            workbook.add_named_style(style)


def style_name(kind: str, variant: str = PLAIN) -> str:
    return f"lianwei {kind} {variant}".strip()


def summary_sheet(ws: Worksheet, summary: ProgressSummary, chart_png: str) -> None:
    ws.title = core_workbook.SUMMARY_SHEET
    columns = core_workbook.SUMMARY_COLUMNS
    labels = [column_label(name) for name in columns]
    rows = core_workbook.summary_rows(summary)
    shown = [[light_label(r[n]) if n == "light" else r[n] for n in columns] for r in rows]
    widths = core_workbook.column_widths(labels, shown, cap=24)
    title = ws.cell(1, 1, core_workbook.summary_title(summary))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    title.font, title.alignment = Font(bold=True, size=16), Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    header_row(ws, 2, labels, widths)
    kinds = [SUMMARY_KINDS.get(name, "text") for name in columns]
    for number, (values, row) in enumerate(zip(shown, rows), start=3):
        township = number == len(rows) + 2
        cells = write_row(ws, number, values, kinds, TOTAL if township else PLAIN)
        light = cells[columns.index("light")]
        light.font = Font(color=LIGHT_COLOURS[row["light"]].lstrip("#"), bold=True)
        light.alignment = Alignment(horizontal="center", vertical="top")
    set_widths(ws, widths)
    note_row = len(rows) + 4
    note = ws.cell(note_row, 1, tr("Areas: {method}").format(method=summary.area_method))
    ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=len(columns))
    note.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[note_row].height = LINE_PT * lines(note.value, sum(widths))
    with open(chart_png, "rb") as png:
        image = Image(io.BytesIO(png.read()))  # read now: openpyxl would hold the file open until saved
    image.width, image.height = CHART_SIZE
    ws.add_image(image, f"A{note_row + 2}")
    ws.freeze_panes = "A3"
    page_setup(ws, "$1:$2", core_workbook.summary_title(summary))


def village_sheet(ws: Worksheet, sheet: core_workbook.VillageSheet, summary: ProgressSummary) -> None:
    headers = core_workbook.HEADERS
    widths = core_workbook.column_widths(headers, (r.values for r in sheet.rows if r.kind != core_workbook.SEPARATOR))
    header_row(ws, 1, headers, widths)
    kinds = [CASE_KINDS.get(h, "text") for h in headers]
    wide = [headers.index(h) for h in core_workbook.WIDE_HEADERS]
    for number, row in enumerate(sheet.rows, start=2):
        if row.kind == core_workbook.SEPARATOR:
            cell = ws.cell(number, 1, row.values[0])
            ws.merge_cells(start_row=number, start_column=1, end_row=number, end_column=len(headers))
            cell.font, cell.fill = Font(italic=True, bold=True), SEPARATOR_FILL
            continue
        cells = write_row(ws, number, row.values, kinds, TOTAL if row.kind == core_workbook.TOTAL_ROW else PLAIN)
        for header in row.not_counted:
            k = headers.index(header)
            cells[k].style = style_name(kinds[k], MUTED)
        fit_height(ws, number, [(row.values[k], widths[k]) for k in wide])
    set_widths(ws, widths)
    if len(sheet.rows) > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(sheet.rows)}"  # the cases, not the 合计
    ws.freeze_panes = "C2"  # the header and the case number stay in view across 18 columns
    page_setup(ws, "$1:$1", core_workbook.village_title(summary, sheet.village_name), paper=ws.PAPERSIZE_A3)


def overdue_sheet(ws: Worksheet, summary: ProgressSummary, records) -> None:
    headers = core_workbook.OVERDUE_HEADERS
    rows = core_workbook.overdue_rows(summary, records)
    widths = core_workbook.column_widths(headers, rows)
    header_row(ws, 1, headers, widths)
    kinds = [OVERDUE_KINDS.get(h, "text") for h in headers]
    for number, values in enumerate(rows, start=2):
        write_row(ws, number, values, kinds)
    set_widths(ws, widths)
    ws.freeze_panes = "A2"
    page_setup(ws, "$1:$1", core_workbook.village_title(summary, "", core_workbook.OVERDUE_TITLE))


def header_row(ws: Worksheet, row: int, labels: Sequence[str], widths: Sequence[float]) -> None:
    for column, label in enumerate(labels, start=1):
        ws.cell(row, column, label).style = "lianwei header"
    ws.row_dimensions[row].height = LINE_PT * max(lines(label, width) for label, width in zip(labels, widths)) + 4


def write_row(ws: Worksheet, row: int, values: Sequence, kinds: Sequence[str], variant: str = PLAIN) -> List[Cell]:
    # not ws.append() then ws[ws.max_row]: max_row scans every cell, which made large villages quadratic
    cells = []
    for column, (value, kind) in enumerate(zip(values, kinds), start=1):
        cell = ws.cell(row, column, value)
        cell.style = style_name(kind, variant)
        cells.append(cell)
    return cells


def fit_height(ws: Worksheet, row: int, texts) -> None:
    """Spreadsheet programs do not always grow a row for wrapped text written by a program; size it here."""
    needed = max([lines(text, width) for text, width in texts] + [1])
    if needed > 1:
        ws.row_dimensions[row].height = LINE_PT * needed


def lines(text, width: float) -> int:
    return max(1, math.ceil(core_workbook.text_width(text) / max(width - 2, 1)))


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width


def page_setup(ws: Worksheet, title_rows: str, title: str, paper: str = Worksheet.PAPERSIZE_A4) -> None:
    """Printed landscape, all columns on one page width, the header repeated on every page. The 18 columns of a
    case sheet go on A3, as ledgers are printed: on A4 they would shrink to about 6 pt."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = paper
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows  # absolute ($1:$1), as Excel writes it: LibreOffice ignores 1:1
    ws.oddHeader.center.text = title.replace("&", "&&")
    ws.oddFooter.center.text = core_workbook.PAGE_FOOTER
