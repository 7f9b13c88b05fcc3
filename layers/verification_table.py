"""The return of a county's patch table (Excel or CSV) as it came: every sheet, cell, merged header and title
untouched, the township's columns added after the last column of the patch sheet, one value per patch row.

A workbook is copied by openpyxl (an .xls or .ods comes back as .xlsx, the one format it writes); a CSV is written
in the encoding it came in, with its own separator, its lines as they were and the columns appended.
"""

from __future__ import annotations

import csv
import io
import os
from typing import Dict, List

from ..core import verification_return
from ..core.boundary_points import decode
from ..core.patches import read_patch_table
from ..translation import both, tr_later
from .convert import DataError
from .note_text import note_pair
from .verification_export import ExportResult, PatchReturn, Settings, patch_return, resolve_columns
from .verification_ledger import LedgerCases

UNREADABLE = tr_later("{path}: no patch table found: {reason}")
NOT_XLSX = tr_later("{output}: a returned workbook is written as .xlsx")


def export_table(upper: str, output: str, cases: LedgerCases, settings: Settings) -> ExportResult:
    """Write ``upper`` (a workbook or CSV) with the township's columns to ``output``."""
    is_csv = upper.lower().endswith(".csv")
    if not is_csv and not output.lower().endswith((".xlsx", ".xlsm")):
        raise DataError(both(NOT_XLSX, output=output))
    text, encoding = _csv_text(upper) if is_csv else (None, "")
    table, notes = read_patch_table(upper, text)
    if table is None:
        pairs = [note_pair(n) for n in notes if n.is_error]
        reason = ("；".join(p[0] for p in pairs), "; ".join(p[1] for p in pairs))
        raise DataError(both(UNREADABLE, path=upper, reason=reason))
    columns = [str(c) for c in table.frame.columns]
    mapping = resolve_columns(upper, columns, settings.mapping_text)
    names = verification_return.column_names(columns)
    rows: List[PatchReturn] = []
    for k, number in enumerate(table.row_numbers):
        rows.append(patch_return(cases, number, dict(zip(columns, table.frame.iloc[k].tolist())), mapping, settings))
    by_row = {row.row: row for row in rows}
    if is_csv:
        _write_csv(text, encoding, output, table.header_rows, by_row, names)
    else:
        _write_workbook(upper, output, table.sheet, table.header_rows, by_row, names)
    return ExportResult(output, rows, names, encoding, mapping.get("patch_no") or "")


def _csv_text(path: str):
    with open(path, "rb") as handle:
        text, encoding = decode(handle.read())
    return text, "utf-8-sig" if "BOM" in encoding else encoding.split()[0]


def _headers(names: Dict[str, str]) -> List[str]:
    return [f"{c.alias}({names[c.key]})" for c in verification_return.COLUMNS]


def _values(row: PatchReturn) -> list:
    return [row.values.get(key) for key in verification_return.KEYS]


def _write_workbook(upper, output, sheet_name, header_rows, by_row, names) -> None:
    from openpyxl import load_workbook  # only here: the vector return does not need it

    workbook = load_workbook(upper) if upper.lower().endswith((".xlsx", ".xlsm")) else _converted(upper)
    sheet = workbook[sheet_name]
    first = sheet.max_column + 1
    for number in header_rows:  # a header of two rows: the township's names in each, as in a merged header
        for offset, header in enumerate(_headers(names)):
            sheet.cell(row=number, column=first + offset, value=header)
    for number, row in by_row.items():
        for offset, value in enumerate(_values(row)):
            sheet.cell(row=number, column=first + offset, value=value)
    temporary = output + ".part"
    workbook.save(temporary)
    os.replace(temporary, output)


def _converted(path: str):
    """An .xls or .ods read by pandas into a new workbook, sheet by sheet, cell by cell (no formats)."""
    import pandas as pd
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, frame in pd.read_excel(path, sheet_name=None, header=None, dtype=object).items():
        sheet = workbook.create_sheet(str(name)[:31])
        for values in frame.itertuples(index=False):
            sheet.append([None if v != v else v for v in values])  # NaN: an empty cell
    return workbook


def _write_csv(text, encoding, output, header_rows, by_row, names) -> None:
    lines = text.splitlines()
    dialect = csv.Sniffer().sniff(lines[0]) if lines else csv.excel
    out = io.StringIO()
    writer = csv.writer(out, dialect, lineterminator="\r\n")
    for number, values in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if number in header_rows:
            values += _headers(names)
        elif number in by_row:
            values += ["" if v is None else v for v in _values(by_row[number])]
        writer.writerow(values)
    temporary = output + ".part"
    with open(temporary, "w", encoding=encoding, newline="") as handle:
        handle.write(out.getvalue())
    os.replace(temporary, output)
