"""A save to the shared ledger was refused because someone else saved the case first: the two versions side by
side, one case after the other, to keep one's edits (written onto the stored case) or reload the stored case.

The dialog shows and asks; what is compared and what is written is layers/shared_edits.py and
core/version_merge.py. After the last case, what is left in the edit buffer is saved again.
"""

from __future__ import annotations

from typing import List, Sequence

from qgis.core import Qgis, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QBrush, QColor, QFont
from qgis.PyQt.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..core.schema import CODE_LISTS, VIOLATIONS
from ..layers import shared_edits
from ..translation import tr, tr_later
from .errors import reports_errors

ACTION = tr_later("Saved by someone else meanwhile")
MARK = "≠"
DIFFERS = QColor(255, 228, 196)


def shown(name: str, value) -> str:
    """A value as the form shows it: a code with its Chinese name, nothing for NULL."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return tr("Yes") if value else tr("No")
    if name in VIOLATIONS.field_names and VIOLATIONS.field(name).codes:
        label = CODE_LISTS[VIOLATIONS.field(name).codes].get(str(value))
        return f"{label} ({value})" if label else str(value)
    return str(value)


class VersionConflictDialog(QDialog):
    def __init__(
        self,
        layer: QgsVectorLayer,
        read: shared_edits.VersionsRead,
        conflicts: Sequence[shared_edits.Conflict],
        stop_editing: bool = False,
        parent=None,
        message_bar=None,
    ):
        super().__init__(parent)
        self.layer = layer
        self.read = read
        self.conflicts: List[shared_edits.Conflict] = list(conflicts)
        self.stop_editing = stop_editing
        self.index = 0
        self.kept: List[str] = []
        self.reloaded: List[str] = []
        self.message_bar = message_bar
        self.saved = None  # the result of saving again, once every case is decided
        self.setWindowTitle(tr(ACTION))
        self.setMinimumSize(720, 520)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["", tr("Field"), tr("Your value"), tr("Stored value")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.buttons = QDialogButtonBox()
        self.keep_button = QPushButton(tr("Keep mine"))
        self.keep_button.setToolTip(tr("Write your changed fields onto the case as stored; its other fields stay"))
        self.reload_button = QPushButton(tr("Reload"))
        self.reload_button.setToolTip(tr("Discard your changes of this case and show it as stored"))
        self.buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.later_button = self.buttons.addButton(tr("Decide later"), QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.clicked.connect(self.keep)
        self.reload_button.clicked.connect(self.reload)
        self.later_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.show_conflict()

    @property
    def conflict(self) -> shared_edits.Conflict:
        return self.conflicts[self.index]

    def show_conflict(self) -> None:
        c = self.conflict
        self.heading.setText(
            tr(
                "Case {case} ({number} of {count}) was saved by {who} at {when} after you read it: you read "
                "version {base}, the ledger holds version {stored}. Your save was not written. Rows marked {mark} "
                "differ. Keep mine writes the fields you changed onto the stored case; Reload discards your "
                "changes of this case."
            ).format(
                case=c.case_id,
                number=self.index + 1,
                count=len(self.conflicts),
                who=c.saved_by or "?",
                when=c.saved_at or "?",
                base=c.base_version,
                stored=c.stored_version,
                mark=MARK,
            )
        )
        ordered = sorted(c.rows, key=lambda f: not f.differs)  # what differs on top, then the form's order
        self.table.setRowCount(len(ordered))
        for row, field in enumerate(ordered):
            cells = [
                MARK if field.differs else "",
                field.alias,
                shown(field.name, field.mine),
                shown(field.name, field.stored),
            ]
            notes = []
            if field.changed_by_me:
                notes.append(tr("you changed it"))
            if field.changed_by_others:
                notes.append(tr("changed by someone else since you read the case"))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, field.name)
                if notes:
                    item.setToolTip("; ".join(notes))
                if field.differs:
                    item.setBackground(QBrush(DIFFERS))
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)

    def rows(self) -> List[List[str]]:
        """The table as shown (marker, field, your value, stored value), for tests and screenshots."""
        columns = range(self.table.columnCount())
        return [[self.table.item(r, c).text() for c in columns] for r in range(self.table.rowCount())]

    @reports_errors(ACTION)
    def keep(self) -> None:
        shared_edits.keep_mine(self.read, self.conflict)
        self.kept.append(self.conflict.case_id)
        self._next()

    @reports_errors(ACTION)
    def reload(self) -> None:
        shared_edits.reload_cases(self.layer, self.read, [self.conflict.fid])
        self.reloaded.append(self.conflict.case_id)
        self._next()

    def _next(self) -> None:
        self.index += 1
        if self.index < len(self.conflicts):
            self.show_conflict()
            return
        if self.layer.isEditable() and self.layer.isModified():
            shared_edits.stamp_versions(self.layer, self.read)
            self.saved = self.layer.commitChanges(self.stop_editing)
            if not self.saved and self.message_bar is not None:
                errors = "\n".join(self.layer.commitErrors())
                self.message_bar.pushMessage(
                    tr("Lianwei"), tr("Saving again failed: {errors}").format(errors=errors), Qgis.MessageLevel.Warning
                )
        self.accept()
