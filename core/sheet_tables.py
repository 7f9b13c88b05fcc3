"""Tables as offices make them in Excel: a title row, one or two header rows with merged cells, several sheets.

pandas reads the first row as the header and nothing else, so a title row makes every column "Unnamed" and a
second header row becomes the first data row without a word (checked). Here the header is found instead: the row
(or two rows) whose cells best match the names the caller knows, on the sheet where they match best, and the
choice is reported so that the user can see which rows were read. Row numbers stay those of the spreadsheet.
"""

from __future__ import annotations

import io
import os
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Dict, List, Optional, Sequence, Tuple

if TYPE_CHECKING:  # imported where a table is read: a QGIS without pandas loads every other part of the plugin
    import pandas as pd

from .boundary_points import decode
from .notes import Note, error, info

SCAN_ROWS = 30  # the header is within the first rows; a title block is rarely more than a few

CHOSEN = "Read sheet {sheet}: header on row {rows}, data from row {first}"
OTHER_SHEETS = "Other sheets not read: {sheets}"
NO_HEADER = "No sheet has a header row naming the expected columns (such as {names})"
UNREADABLE = "The file cannot be read as a table: {reason}"
TEMPLATES = (CHOSEN, OTHER_SHEETS, NO_HEADER, UNREADABLE)

Known = Callable[[str], bool]


@dataclass
class Table:
    frame: pd.DataFrame  # named columns, data rows only, values as read (object dtype)
    sheet: str
    header_rows: Tuple[int, ...]  # spreadsheet row numbers (1-based)
    row_numbers: List[int]  # the spreadsheet row number of each row of ``frame``
    score: int = 0
    titles: List[str] = field(default_factory=list)  # text of the rows above the header (title, notes)


def cell_text(value: object) -> str:
    """A header cell as text: NFKC (full-width letters and brackets), no line breaks, "" for blanks."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return " ".join(text.split())


def read_raw(path: str, text: Optional[str] = None) -> Dict[str, pd.DataFrame]:
    """Every sheet of a workbook (or the one table of a CSV/TXT) with no header taken: all cells as values.

    ``text``: a CSV's decoded text, when the caller has detected its encoding already."""
    import pandas as pd

    suffix = os.path.splitext(path)[1].lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object)
        return {str(name): frame for name, frame in sheets.items()}
    if text is None:
        with open(path, "rb") as handle:
            text, _ = decode(handle.read())
    first = next((line for line in text.splitlines() if line.strip()), "")
    separator = max((",", "\t", ";", "，"), key=first.count)
    frame = pd.read_csv(
        io.StringIO(text.replace("，", ",") if separator == "，" else text),
        header=None,
        dtype=str,
        sep="," if separator == "，" else separator,
        keep_default_na=False,
        skip_blank_lines=False,
    )
    return {os.path.splitext(os.path.basename(path))[0]: frame.astype(object)}


def _texts(frame: pd.DataFrame, row: int) -> List[str]:
    return [cell_text(v) for v in frame.iloc[row].tolist()]


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
        return True
    except ValueError:
        return False


def _score(texts: Sequence[str], known: Known) -> int:
    return sum(1 for t in texts if t and known(t))


def _merged(top: List[str], bottom: List[str]) -> List[str]:
    """The top row with the text of a merged cell carried right over the blank cells it spans (cells with a
    second-row label below them; Excel leaves the spanned cells empty)."""
    filled = list(top)
    for k in range(1, len(filled)):
        if not filled[k] and bottom[k]:
            filled[k] = filled[k - 1]
    return filled


def _second_row(frame: pd.DataFrame, row: int, known: Known) -> bool:
    """True when ``row`` is a second header row under ``row - 1``: it names a known column, or it labels the cells
    under a merged heading and holds no number (a data row has areas)."""
    if row >= len(frame):
        return False
    top, bottom = _texts(frame, row - 1), _texts(frame, row)
    if not any(bottom):
        return False
    if _score(bottom, known) and not any(_is_number(t) for t in bottom if t):
        return True
    spanned = any(not t and b for t, b in zip(top, bottom))
    if not spanned or any(_is_number(t) for t in bottom if t):
        return False
    # Under a merged heading's first cell and the blanks it spans, a label; under a heading of its own (merged
    # down over both rows), nothing. A data row has a value under every heading.
    for k, label in enumerate(bottom):
        heading_alone = top[k] and (k + 1 >= len(top) or top[k + 1])
        if label and heading_alone:
            return False
    return True


def _names(frame: pd.DataFrame, rows: Tuple[int, ...], known: Known) -> List[str]:
    if len(rows) == 1:
        names = _texts(frame, rows[0])
    else:
        bottom = _texts(frame, rows[1])
        top = _merged(_texts(frame, rows[0]), bottom)
        names = []
        for t, b in zip(top, bottom):
            if not b or t == b:
                names.append(t)
            elif not t or known(b):
                names.append(b)
            else:
                names.append(f"{t}({b})")  # 图斑面积 over 平方米 and 亩 -> 图斑面积(平方米), 图斑面积(亩)
    seen: Dict[str, int] = {}
    unique = []
    for k, name in enumerate(names):
        name = name or f"column{k + 1}"
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return unique


def sheet_table(sheet: str, frame: pd.DataFrame, known: Known) -> Optional[Table]:
    """The table of one sheet under its best header (one row, or two where a second row belongs to it)."""
    best, best_score = None, 0
    for row in range(min(SCAN_ROWS, len(frame))):
        score = _score(_texts(frame, row), known)
        if score > best_score:
            best, best_score = row, score
    if best is None:
        return None
    rows: Tuple[int, ...] = (best,)
    if best > 0 and _second_row(frame, best, known) and _score(_texts(frame, best - 1), known):
        rows = (best - 1, best)
    elif _second_row(frame, best + 1, known):
        rows = (best, best + 1)
    import pandas as pd

    names = _names(frame, rows, known)
    data = frame.iloc[rows[-1] + 1 :].copy()
    data.columns = names
    blank = data.apply(lambda r: all(not cell_text(v) for v in r.tolist()), axis=1) if len(data) else []
    data = data[~pd.Series(blank, index=data.index, dtype=bool)] if len(data) else data
    numbers = [int(i) + 1 for i in data.index.tolist()]
    titles = [" ".join(t for t in _texts(frame, r) if t) for r in range(rows[0])]
    score = max(_score(_texts(frame, r), known) for r in rows) + (len(rows) - 1)
    table = Table(data.reset_index(drop=True), sheet, tuple(r + 1 for r in rows), numbers, score, titles)
    return table


def sheet_tables(path: str, known: Known, text: Optional[str] = None) -> Tuple[List[Table], List[str], List[Note]]:
    """(every sheet's table, best first; the names of all sheets; an error note when the file cannot be read)."""
    try:
        raw = read_raw(path, text)
    # A broken or renamed workbook, a .xls without xlrd, a locked file: said, not raised.
    except (OSError, ValueError, ImportError, KeyError, EOFError, zipfile.BadZipFile) as reason:
        return [], [], [error(UNREADABLE, reason=str(reason))]
    tables = [t for t in (sheet_table(name, frame, known) for name, frame in raw.items()) if t is not None]
    tables.sort(key=lambda t: (-t.score, -len(t.frame)))
    return tables, list(raw), []


def find_table(path: str, known: Known, examples: str, minimum: int = 2, text: Optional[str] = None):
    """(the table of the sheet whose header matches best, notes saying which sheet and rows were read).

    ``examples`` names typical expected columns for the message when no sheet matches at least ``minimum``."""
    tables, names, notes = sheet_tables(path, known, text)
    if notes:
        return None, notes
    if not tables or tables[0].score < minimum:
        return None, [error(NO_HEADER, names=examples)]
    chosen = tables[0]
    notes.append(info(CHOSEN, sheet=chosen.sheet, rows="–".join(map(str, chosen.header_rows)), first=_first(chosen)))
    others = [name for name in names if name != chosen.sheet]
    if others:
        notes.append(info(OTHER_SHEETS, sheets=", ".join(others)))
    return chosen, notes


def _first(table: Table) -> object:
    return table.row_numbers[0] if table.row_numbers else "-"
