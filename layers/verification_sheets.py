"""The workbook beside the return (Chinese headers, one row per patch of the upper level's file, the header row
frozen), laid out with layers/workbook_writer.py's styles. Imported only when an export runs (openpyxl)."""

from __future__ import annotations

from typing import List

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ..core import verification_return
from ..core import workbook as core_workbook
from ..translation import tr_chinese, tr_later
from .verification_export import ExportResult
from .workbook_writer import add_styles, header_row, page_setup, save_replacing, set_widths, write_row

SHEET_TITLE = tr_later("Field verification")
NUMBER = "序号"
ROW = "原文件行号"
PATCH = "监测编号"
UPPER_ID = "图斑编号"
NOT_IN_LEDGER = "台账中无此图斑"
KINDS = {"demolished_m2": "area", "photos": "count"}


def headers(result: ExportResult) -> List[str]:
    return [NUMBER, ROW, PATCH, UPPER_ID, *(c.alias for c in verification_return.COLUMNS), "备注"]


def rows(result: ExportResult) -> List[list]:
    table = []
    for number, patch in enumerate(result.rows, start=1):
        values = [patch.values.get(key) for key in verification_return.KEYS]
        remark = None if patch.matched else NOT_IN_LEDGER
        table.append([number, patch.row, patch.patch_no or None, patch.upper_id or None, *values, remark])
    return table


def write_workbook(result: ExportResult, path: str, feedback) -> None:
    """The workbook at ``path``: written beside it first and moved into place (workbook_writer.save_replacing)."""
    labels = headers(result)
    table = rows(result)
    workbook = Workbook()
    add_styles(workbook)
    ws = workbook.active
    ws.title = tr_chinese(SHEET_TITLE)[:31]
    widths = core_workbook.column_widths(labels, table, cap=40)
    header_row(ws, 1, labels, widths)
    kinds = ["count", "count", "text", "text"]
    kinds += [
        KINDS.get(key, "wrap" if key in ("reason", "verdict_reasons") else "text") for key in verification_return.KEYS
    ]
    kinds.append("text")
    for number, values in enumerate(table, start=2):
        write_row(ws, number, values, kinds)
    set_widths(ws, widths)
    if table:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(labels))}{len(table) + 1}"
    ws.freeze_panes = "A2"
    page_setup(ws, "$1:$1", tr_chinese(SHEET_TITLE), paper=ws.PAPERSIZE_A3)
    save_replacing(workbook, path, feedback)
