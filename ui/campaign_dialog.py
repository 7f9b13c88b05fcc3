"""Campaign settings of a ledger: town, year, target, milestones, zero-growth date, days to restore, producer and
the villages' quotas. Saved in one transaction; a setting that does not make sense is refused and named."""

from __future__ import annotations

from datetime import date
from typing import Dict, List, Optional, Tuple

from qgis.PyQt.QtCore import QDate, Qt
from qgis.PyQt.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.campaign import EVIDENCE_FOLDER, Campaign, CampaignError, Milestone, format_milestones
from ..layers import ledgers
from ..layers.convert import DataError
from ..layers.progress_source import campaign_error_message, read_campaign, read_campaign_rows, write_campaign
from ..translation import tr, tr_later
from .errors import reports_errors

AUTO = -1.0  # the quota spin box's "shared automatically" value


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


class CampaignDialog(QDialog):
    def __init__(self, ledger_path: ledgers.Address, villages: List[Tuple[str, str, Optional[float]]], parent=None):
        super().__init__(parent)
        self.setObjectName("LianweiCampaignDialog")
        self.setWindowTitle(tr("Campaign settings"))
        self.ledger_path = ledger_path
        self.shared = ledgers.is_shared(ledger_path)
        self.villages = villages
        self.campaign = read_campaign(ledger_path)
        rows = read_campaign_rows(ledger_path) if self.shared else {}
        self._build()
        self._show(self.campaign)
        if self.shared:
            self.evidence_folder.setText(str(rows.get(EVIDENCE_FOLDER) or ""))

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.town = QLineEdit(self)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.target = QDoubleSpinBox(self)
        self.target.setRange(0.01, 1e9)
        self.target.setDecimals(2)
        self.target.setSuffix(" m²")
        self.target.valueChanged.connect(self._check_quotas)
        self.start = QDateEdit(self)
        self.zero_growth = QDateEdit(self)
        for edit in (self.start, self.zero_growth):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.rectify_days = QSpinBox(self)
        self.rectify_days.setRange(0, 365)
        self.producer = QLineEdit(self)
        form.addRow(tr("Town"), self.town)
        form.addRow(tr("Campaign year"), self.year)
        form.addRow(tr("Demolition target"), self.target)
        form.addRow(tr("Campaign starts on"), self.start)
        form.addRow(tr("Zero-growth date (later violations are new)"), self.zero_growth)
        form.addRow(tr("Days allowed to restore a new violation"), self.rectify_days)
        form.addRow(tr("Producer unit"), self.producer)
        if self.shared:  # a database has no folder beside it: the office's shared folder for photos and documents
            self.evidence_folder = QLineEdit(self)
            self.evidence_folder.setPlaceholderText(tr("a network folder every office computer reaches"))
            browse = QPushButton(tr("Browse…"), self)
            browse.clicked.connect(self._browse_evidence_folder)
            line = QHBoxLayout()
            line.addWidget(self.evidence_folder, 1)
            line.addWidget(browse)
            form.addRow(tr("Evidence folder"), line)
        layout.addLayout(form)

        layout.addWidget(QLabel(tr("Milestones (date, share of the target)"), self))
        self.milestones = QTableWidget(0, 2, self)
        self.milestones.setHorizontalHeaderLabels([tr("Due"), tr("Share of target")])
        self.milestones.verticalHeader().setVisible(False)
        self.milestones.horizontalHeader().setStretchLastSection(True)
        self.milestones.setColumnWidth(0, 160)
        layout.addWidget(self.milestones)
        buttons = QHBoxLayout()
        add, remove = QPushButton(tr("Add milestone"), self), QPushButton(tr("Remove milestone"), self)
        add.clicked.connect(lambda: self._add_milestone(Milestone(date(self.year.value(), 12, 31), 1.0)))
        remove.clicked.connect(lambda: self.milestones.removeRow(max(0, self.milestones.currentRow())))
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        layout.addWidget(QLabel(tr("Village quotas (automatic: the rest of the target shared by area found)"), self))
        self.quotas = QTableWidget(len(self.villages), 3, self)
        self.quotas.setHorizontalHeaderLabels([tr("Village code"), tr("Village"), tr("Quota (m²)")])
        self.quotas.verticalHeader().setVisible(False)
        for row, (code, name, _quota) in enumerate(self.villages):
            for column, text in ((0, code), (1, name)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.quotas.setItem(row, column, item)
            spin = QDoubleSpinBox(self)
            spin.setRange(AUTO, 1e9)
            spin.setDecimals(2)
            spin.setSpecialValueText(tr("automatic"))
            spin.valueChanged.connect(self._check_quotas)
            self.quotas.setCellWidget(row, 2, spin)
        self.quotas.resizeColumnsToContents()
        self.quotas.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.quotas)
        self.quota_note = QLabel(self)
        self.quota_note.setWordWrap(True)
        layout.addWidget(self.quota_note)

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        box.button(QDialogButtonBox.StandardButton.Save).setText(tr("Save"))
        box.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.resize(620, 720)

    def _browse_evidence_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, tr("Evidence folder"), self.evidence_folder.text())
        if chosen:
            self.evidence_folder.setText(chosen)

    def extra_rows(self) -> Dict[str, str]:
        """Settings of a shared ledger besides the campaign's: where its evidence files go."""
        return {EVIDENCE_FOLDER: self.evidence_folder.text().strip()} if self.shared else {}

    def _show(self, campaign: Campaign) -> None:
        self.town.setText(campaign.town_name)
        self.year.setValue(campaign.year)
        self.target.setValue(campaign.target_m2)
        self.start.setDate(_qdate(campaign.started_on))
        self.zero_growth.setDate(_qdate(campaign.zero_growth_on))
        self.rectify_days.setValue(campaign.rectify_days)
        self.producer.setText(campaign.producer)
        self.milestones.setRowCount(0)
        for milestone in campaign.milestones:
            self._add_milestone(milestone)
        for row, (_code, _name, quota) in enumerate(self.villages):
            self.quotas.cellWidget(row, 2).setValue(AUTO if quota is None else quota)
        self._check_quotas()

    def _add_milestone(self, milestone: Milestone) -> None:
        row = self.milestones.rowCount()
        self.milestones.insertRow(row)
        due = QDateEdit(_qdate(milestone.due_on), self)
        due.setDisplayFormat("yyyy-MM-dd")
        due.setCalendarPopup(True)
        share = QDoubleSpinBox(self)
        share.setRange(0.1, 100)
        share.setDecimals(1)
        share.setSuffix(" %")
        share.setValue(100 * milestone.share)
        self.milestones.setCellWidget(row, 0, due)
        self.milestones.setCellWidget(row, 1, share)

    def hand_quotas(self) -> Dict[str, Optional[float]]:
        quotas = {}
        for row, (code, _name, _quota) in enumerate(self.villages):
            value = self.quotas.cellWidget(row, 2).value()
            quotas[code] = None if value <= AUTO else round(value, 2)
        return quotas

    def _check_quotas(self, *_args) -> bool:
        by_hand = sum(v for v in self.hand_quotas().values() if v is not None)
        too_much = by_hand > self.target.value() + 1e-9
        text = tr("Quotas set by hand: {sum:,.2f} m² of {target:,.2f} m².").format(
            sum=by_hand, target=self.target.value()
        )
        if too_much:
            text += " " + tr("They exceed the target: lower them or raise the target.")
        self.quota_note.setText(text)
        self.quota_note.setStyleSheet("color: #d7301f;" if too_much else "")
        return not too_much

    def campaign_from_form(self) -> Campaign:
        """The campaign as entered; raises CampaignError naming the first setting that makes no sense."""
        milestones = []
        for row in range(self.milestones.rowCount()):
            due = _date(self.milestones.cellWidget(row, 0).date())
            share = self.milestones.cellWidget(row, 1).value() / 100
            milestones.append(Milestone(due, share))
        rows = {
            "town_name": self.town.text().strip(),
            "year": str(self.year.value()),
            "target_m2": f"{self.target.value():.2f}",
            "milestones": format_milestones(sorted(milestones, key=lambda m: m.due_on)),
            "zero_growth_on": _date(self.zero_growth.date()).isoformat(),
            "rectify_days": str(self.rectify_days.value()),
            "producer": self.producer.text().strip(),
            "start_on": _date(self.start.date()).isoformat(),
        }
        return Campaign.from_rows(_with_full_dates(rows, milestones))

    @reports_errors(tr_later("Campaign settings…"))
    def save(self) -> bool:
        try:
            campaign = self.campaign_from_form()
            if not self._check_quotas():
                raise CampaignError("quota_m2", f"{self.target.value():.2f}", "Quotas set by hand exceed the target")
            write_campaign(self.ledger_path, campaign, self.hand_quotas(), self.extra_rows())
        except CampaignError as error:
            label = ledgers.label(self.ledger_path)
            QMessageBox.warning(self, tr("Campaign settings"), campaign_error_message(error, label))
            return False
        except DataError as error:
            QMessageBox.warning(self, tr("Campaign settings"), str(error))
            return False
        self.campaign = campaign
        self.accept()
        return True


def _with_full_dates(rows: Dict[str, str], milestones: List[Milestone]) -> Dict[str, str]:
    """Milestones with full dates when one falls outside the campaign year (the MM-DD form assumes that year)."""
    year = int(rows["year"])
    if any(m.due_on.year != year for m in milestones):
        rows["milestones"] = ";".join(
            f"{m.due_on.isoformat()}:{m.share:g}" for m in sorted(milestones, key=lambda m: m.due_on)
        )
    return rows


@reports_errors(tr_later("Campaign settings…"))
def open_campaign_dialog(iface, parent: Optional[QWidget] = None) -> Optional[CampaignDialog]:
    """The dialog for the ledger in the current project (a message when there is none)."""
    from qgis.core import Qgis, QgsProject

    from ..layers.case_cache import find_ledger_layers
    from ..layers.progress_source import read_villages

    violations, villages_layer = find_ledger_layers(QgsProject.instance())
    path = ledgers.ledger_of(violations)
    if not path:
        iface.messageBar().pushMessage(
            tr("Lianwei"), tr("No ledger in this project: open a ledger first."), Qgis.MessageLevel.Warning
        )
        return None
    villages = read_villages(villages_layer, villages_layer.name()) if villages_layer is not None else []
    dialog = CampaignDialog(path, villages, parent or iface.mainWindow())
    dialog.open()
    return dialog
