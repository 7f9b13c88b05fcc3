"""The campaign dashboard: progress against the target, burn-up chart, villages with their traffic light, overdue
cases. It follows the ledger's violations layer: every save renews the cases that changed and redraws."""

from __future__ import annotations

import gc
import time
from datetime import date
from typing import List, Optional, Set

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QByteArray, QDate, Qt
from qgis.PyQt.QtSvg import QSvgWidget
from qgis.PyQt.QtWidgets import (
    QDateEdit,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.chart import burnup_svg
from ..core.progress import LIGHT_COLOURS, TOWNSHIP, ProgressSummary, summarize_cases
from ..layers import ledgers
from ..layers.case_cache import CaseCache, find_ledger_layers
from ..layers.convert import DataError
from ..layers.progress_labels import chart_words, column_label, light_label
from ..layers.progress_source import read_campaign, read_villages
from ..translation import tr, tr_later
from .errors import reports_errors
from .progress_tables import CODE_ROLE, OverdueModel, village_cell

VILLAGE_COLUMNS = (
    "village_name",
    "light",
    "cases",
    "found_m2",
    "demolished_m2",
    "quota_m2",
    "remaining_m2",
    "pct_quota",
    "overdue_cases",
    "forecast_on",
)


class ProgressDock(QDockWidget):
    def __init__(self, iface, parent=None):
        super().__init__(tr("Campaign progress"), parent)
        self.setObjectName("LianweiProgressDock")
        self.iface = iface
        self.violations: Optional[QgsVectorLayer] = None
        self.villages_layer: Optional[QgsVectorLayer] = None
        self.cache: Optional[CaseCache] = None
        self.villages = []
        self.summary: Optional[ProgressSummary] = None
        self.pending: Set[int] = set()
        self.removed: Set[int] = set()
        self.last_refresh_ms = 0.0
        self.last_update_ms = 0.0
        self._build()
        project = QgsProject.instance()
        project.layersAdded.connect(self._layers_changed)
        project.layersRemoved.connect(self._layers_changed)
        self.bind()

    def _build(self) -> None:
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.title = QLabel(body)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; font-size: 13pt;")
        row = QHBoxLayout()
        self.report_date = QDateEdit(QDate.currentDate(), body)
        self.report_date.setCalendarPopup(True)
        self.report_date.setDisplayFormat("yyyy-MM-dd")
        self.report_date.dateChanged.connect(lambda _d: self.refresh())
        self.reload_button = QPushButton(tr("Reload"), body)
        self.reload_button.clicked.connect(self.bind)
        self.print_button = QPushButton(tr("Print village maps…"), body)
        self.print_button.setToolTip(tr("Maps of the villages selected on the map (every village when none is)"))
        row.addWidget(QLabel(tr("Report date"), body))
        row.addWidget(self.report_date)
        row.addStretch(1)
        row.addWidget(self.print_button)
        row.addWidget(self.reload_button)
        self.bar = QProgressBar(body)
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(True)
        self.status = QLabel(body)
        self.status.setWordWrap(True)
        self.chart = QSvgWidget(body)
        self.chart.setMinimumHeight(190)
        self.tabs = QTabWidget(body)
        self.table = QTableWidget(0, len(VILLAGE_COLUMNS), body)
        self.table.setHorizontalHeaderLabels([column_label(c) for c in VILLAGE_COLUMNS])
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # villages by code at first
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setVisible(False)
        self.table.cellClicked.connect(self._village_clicked)
        self.overdue_model = OverdueModel(body)
        self.overdue = QTableView(body)
        self.overdue.setModel(self.overdue_model)
        self.overdue.setSortingEnabled(True)
        self.overdue.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.overdue.verticalHeader().setVisible(False)
        self.overdue.setColumnWidth(0, 190)
        self.overdue.clicked.connect(self._case_clicked)
        self.tabs.addTab(self.table, tr("Villages"))
        self.tabs.addTab(self.overdue, tr("Overdue cases"))
        for widget in (self.title,):
            layout.addWidget(widget)
        layout.addLayout(row)
        for widget in (self.bar, self.status, self.chart, self.tabs):
            layout.addWidget(widget)
        layout.setStretch(layout.indexOf(self.tabs), 1)
        self.setWidget(body)

    # --- following the ledger -------------------------------------------------------------------------------

    @reports_errors(tr_later("Campaign progress"))
    def _layers_changed(self, *_args) -> None:
        violations, _villages = find_ledger_layers(QgsProject.instance())
        if violations is not self.violations:
            self.bind()

    @reports_errors(tr_later("Campaign progress"))
    def bind(self) -> None:
        """Find the ledger in the project, read all its cases and draw; called on start, on reload and when
        ledger layers come or go."""
        self._disconnect()
        self.violations, self.villages_layer = find_ledger_layers(QgsProject.instance())
        if self.violations is None:
            self.cache, self.summary = None, None
            self._show_message(tr("No ledger in this project: open a ledger or the sample township."))
            return
        try:
            campaign = read_campaign(ledgers.ledger_of(self.violations), self.violations.name())
            self.villages = (
                read_villages(self.villages_layer, self.villages_layer.name()) if self.villages_layer else []
            )
        except DataError as error:
            self._show_message(str(error))
            return
        self.cache = CaseCache(self.violations, campaign)
        self.cache.load()
        if not self._report_date_set:
            self._default_report_date()
        for signal, slot in self._connections():
            signal.connect(slot)
        self.refresh()

    _report_date_set = False

    def _default_report_date(self) -> None:
        """Today, unless the ledger's data stop earlier (a sample or last year's ledger): then its last date."""
        latest = max((c.demolished_on or c.found_on or date.min for c in self.cache.values()), default=date.min)
        today = date.today()
        chosen = latest if date.min < latest < today else today
        self.report_date.blockSignals(True)
        self.report_date.setDate(QDate(chosen.year, chosen.month, chosen.day))
        self.report_date.blockSignals(False)
        self._report_date_set = True

    def _connections(self):
        """(signal, slot) pairs of this dock on the ledger's layers."""
        pairs = []
        if self.violations is not None:
            layer = self.violations
            pairs += [
                (layer.committedAttributeValuesChanges, self._attributes_saved),
                (layer.committedFeaturesAdded, self._features_added),
                (layer.committedFeaturesRemoved, self._features_removed),
                (layer.afterCommitChanges, self._saved),
            ]
        if self.villages_layer is not None:
            pairs.append((self.villages_layer.afterCommitChanges, self.bind))
        return pairs

    def _disconnect(self) -> None:
        for signal, slot in self._connections():
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):  # never connected, or the layer is already gone
                continue

    def _attributes_saved(self, _layer_id, changes) -> None:
        self.pending.update(int(fid) for fid in changes)

    def _features_added(self, _layer_id, features) -> None:
        self.pending.update(f.id() for f in features)

    def _features_removed(self, _layer_id, fids) -> None:
        self.removed.update(int(fid) for fid in fids)

    @reports_errors(tr_later("Campaign progress"))
    def _saved(self) -> None:
        if self.cache is None:
            return
        started = time.perf_counter()
        self.cache.renew(self.pending, self.removed)
        self.pending.clear()
        self.removed.clear()
        self.refresh()
        self.last_update_ms = 1000 * (time.perf_counter() - started)  # what bench/bench_dock.py reports

    # --- drawing --------------------------------------------------------------------------------------------

    def current_report_date(self) -> date:
        qdate = self.report_date.date()
        return date(qdate.year(), qdate.month(), qdate.day())

    @reports_errors(tr_later("Campaign progress"))
    def refresh(self) -> None:
        if self.cache is None:
            return
        started = time.perf_counter()
        qdate = self.report_date.date()
        collecting = gc.isenabled()
        gc.disable()  # a full collection over the 20,000 cached cases would double the time of one refresh
        try:
            self.summary = summarize_cases(
                self.cache.values(),
                self.villages,
                self.cache.campaign,
                date(qdate.year(), qdate.month(), qdate.day()),
                unassigned_name=tr("(in no village)"),
                township_name=self.cache.campaign.town_name or tr("Township"),
            )
        finally:
            if collecting:
                gc.enable()
        self._draw(self.summary)
        self.last_refresh_ms = 1000 * (time.perf_counter() - started)

    def _draw(self, summary: ProgressSummary) -> None:
        t = summary.township
        self.title.setText(tr("{town}: campaign progress").format(town=t.village_name))
        self.bar.setValue(int(min(1000, round(10 * t.pct_target))))
        self.bar.setFormat(
            tr("{done:,.2f} of {target:,.0f} m² demolished ({pct:.1f} %)").format(
                done=t.demolished_m2, target=summary.campaign.target_m2, pct=t.pct_target
            )
        )
        colour = LIGHT_COLOURS[t.light]
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background-color: {colour}; }}")
        if t.next_milestone is not None:
            need = max(0.0, (t.next_due_m2 or 0) - t.demolished_m2)
            status = tr("Next milestone {milestone}: {need:,.2f} m² still to demolish. {light}.").format(
                milestone=t.next_milestone.label, need=need, light=light_label(t.light)
            )
        else:
            status = tr("All milestones have passed. {light}.").format(light=light_label(t.light))
        if t.forecast_on is not None:
            status += " " + tr("At the pace of the last 30 days the target is reached on {day}.").format(
                day=t.forecast_on.isoformat()
            )
        self.status.setText(status)
        self.chart.load(QByteArray(burnup_svg(summary, chart_words(), width=640, height=300).encode("utf-8")))
        self._fill_villages(summary)
        self._fill_overdue(summary)

    def _fill_villages(self, summary: ProgressSummary) -> None:
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(summary.rows))
        for r, row in enumerate(summary.rows):
            for c, column in enumerate(VILLAGE_COLUMNS):
                item = village_cell(row, column)
                item.setData(CODE_ROLE, row.village_code)
                if row.village_code == TOWNSHIP:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self.table.resizeColumnsToContents()

    def _fill_overdue(self, summary: ProgressSummary) -> None:
        self.overdue_model.set_items(summary.overdue)
        header = self.overdue.horizontalHeader()
        self.overdue_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.tabs.setTabText(1, tr("Overdue cases ({count})").format(count=len(summary.overdue)))

    def _show_message(self, text: str) -> None:
        self.title.setText(text)
        self.status.clear()
        self.bar.setValue(0)
        self.bar.setFormat("")
        self.table.setRowCount(0)
        self.overdue_model.set_items([])
        self.chart.load(QByteArray())

    # --- from the table to the map --------------------------------------------------------------------------

    @reports_errors(tr_later("Campaign progress"))
    def _village_clicked(self, row: int, _column: int) -> None:
        code = self.table.item(row, 0).data(CODE_ROLE)
        if code and code != TOWNSHIP and self.villages_layer is not None:
            self._zoom_to(self.villages_layer, "village_code", code, select=False)

    @reports_errors(tr_later("Campaign progress"))
    def _case_clicked(self, index) -> None:
        case_id = self.overdue_model.data(index, CODE_ROLE)
        if case_id and self.violations is not None:
            self._zoom_to(self.violations, "case_id", case_id, select=True)

    def _zoom_to(self, layer: QgsVectorLayer, field: str, value: str, select: bool) -> None:
        request = QgsFeatureRequest().setFilterExpression(f'"{field}" = {_literal(value)}')
        features: List = list(layer.getFeatures(request))
        if not features or self.iface is None:
            return
        box = features[0].geometry().boundingBox()
        for feature in features[1:]:
            box.combineExtentWith(feature.geometry().boundingBox())
        canvas = self.iface.mapCanvas()
        transform = QgsCoordinateTransform(layer.crs(), canvas.mapSettings().destinationCrs(), QgsProject.instance())
        box = transform.transformBoundingBox(box)
        box.scale(1.3 if select else 1.05)
        if box.width() < 60:  # a small case: show its surroundings
            box.grow(60)
        canvas.setExtent(box)
        canvas.refresh()
        if select:
            layer.selectByIds([f.id() for f in features])

    def unload(self) -> None:
        self._disconnect()
        project = QgsProject.instance()
        for signal in (project.layersAdded, project.layersRemoved):
            try:
                signal.disconnect(self._layers_changed)
            except (TypeError, RuntimeError):
                continue


def _literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"
