"""What a reader or a rule has to say about one file, line, row or patch: English templates with {placeholders}.

The templates are constants of the module that raises them, so the QGIS side can list them with tr_later() and
translate a note by its template; the values are filled in after translation. ``where`` names the line or row (a
1-based line number of a text file, a spreadsheet row number, a feature id) and ``field`` the column, so that a
message can say exactly what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional

# ERROR: the thing named cannot be used as it is (a parcel, a row, or the whole file when ``where`` is None).
# WARNING: it was read, but something was changed or assumed: the user should look.
# INFO: what was detected (an encoding, a zone, a sheet), for the log.
ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True)
class Note:
    level: str
    template: str
    values: Dict[str, object] = field(default_factory=dict)
    where: Optional[object] = None  # line or row number, or a label such as a feature id
    field: Optional[str] = None

    def text(self) -> str:
        """The English text (the QGIS side translates ``template`` first, then formats it the same way)."""
        return self.template.format(**self.values)

    @property
    def is_error(self) -> bool:
        return self.level == ERROR


def error(template: str, where: Optional[object] = None, field: Optional[str] = None, **values: object) -> Note:
    return Note(ERROR, template, values, where, field)


def warning(template: str, where: Optional[object] = None, field: Optional[str] = None, **values: object) -> Note:
    return Note(WARNING, template, values, where, field)


def info(template: str, where: Optional[object] = None, field: Optional[str] = None, **values: object) -> Note:
    return Note(INFO, template, values, where, field)


def errors(notes: Iterable[Note]) -> List[Note]:
    return [n for n in notes if n.level == ERROR]


def line_list(numbers: Iterable[object], limit: int = 12) -> str:
    """ "3, 7, 12" — at most ``limit`` numbers, then "…": a message stays readable for a file with 10⁴ bad lines."""
    items = [str(n) for n in numbers]
    if len(items) > limit:
        return ", ".join(items[:limit]) + f", … ({len(items)})"
    return ", ".join(items)
