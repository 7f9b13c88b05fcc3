"""The tables of the progress dock: sortable village cells and the overdue cases as a model."""

from __future__ import annotations

from typing import List

from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, Qt
from qgis.PyQt.QtGui import QBrush, QColor
from qgis.PyQt.QtWidgets import QTableWidgetItem

from ..core.progress import LIGHT_COLOURS, Overdue
from ..layers.progress_labels import light_label
from ..translation import tr

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class SortableItem(QTableWidgetItem):
    """A cell shown formatted and sorted by its value (numbers as numbers, empty last)."""

    def __init__(self, text: str, value):
        super().__init__(text)
        self.value = value
        self.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)

    def __lt__(self, other):
        if isinstance(other, SortableItem):
            mine, theirs = self.value, other.value
            if mine is None or theirs is None:
                return theirs is None and mine is not None
            return mine < theirs
        return super().__lt__(other)


class OverdueModel(QAbstractTableModel):
    """The overdue cases as a model: thousands of rows cost nothing to show (a table of items would take 0.5 s)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: List[Overdue] = []
        self.headers = [tr("Case number"), tr("Village"), tr("Due"), tr("Days overdue")]

    def set_items(self, items: List[Overdue]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else 4

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.case_id, item.village_name, item.due_on.isoformat(), str(item.days))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CODE_ROLE:
            return item.case_id
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def sort(self, column, order=Qt.SortOrder.AscendingOrder):
        keys = (lambda o: o.case_id, lambda o: (o.village_name, o.case_id), lambda o: o.due_on, lambda o: o.days)
        self.layoutAboutToBeChanged.emit()
        self.items.sort(key=keys[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


def village_cell(row, column: str) -> QTableWidgetItem:
    if column == "light":
        item = SortableItem(light_label(row.light), {"red": 0, "amber": 1, "green": 2}[row.light])
        item.setForeground(QBrush(QColor(LIGHT_COLOURS[row.light])))
        return item
    value = getattr(row, column)
    if column.endswith("_m2"):
        item = SortableItem(f"{value:,.2f}", value)
    elif column == "pct_quota":
        item = SortableItem("—" if value is None else f"{value:.1f}%", value)
    elif column == "forecast_on":
        item = SortableItem(value.isoformat() if value else "—", value)
    else:
        item = SortableItem(str(value), value)
    if isinstance(value, (int, float)) and column != "village_name":
        item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
    return item
