"""One role of the "load office layers" dialog (村界, 宗地, 许可 or 永久基本农田): where the data comes from, how its
fields map onto the ledger's, whether its text and CRS are right, and the first rows as they will be stored."""

from __future__ import annotations

import json
import os
from typing import Dict, List, Optional

from qgis.core import QgsProject, QgsSettings, QgsVectorLayer
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import schema
from ..core.field_mapping import propose_mapping
from ..layers import coordinate_check, ledgers, office_source
from ..layers.convert import DataError
from ..layers.office_source import OfficeSource
from ..layers.reference_import import preview_rows
from ..translation import tr, tr_later
from .errors import reports_errors

SETTINGS_GROUP = "lianwei/office_sources"
PREVIEW_ROWS = 10
VECTOR_FILES = "Shapefile (*.shp);;GeoPackage (*.gpkg);;GeoJSON (*.geojson *.json);;MapInfo (*.tab);;* (*)"


def remembered_mapping(source: OfficeSource, table: str) -> Optional[Dict[str, Optional[str]]]:
    text = QgsSettings().value(f"{SETTINGS_GROUP}/{source.settings_key()}/{table}", "", type=str)
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def remember_mapping(source: OfficeSource, table: str, mapping: Dict[str, Optional[str]]) -> None:
    QgsSettings().setValue(f"{SETTINGS_GROUP}/{source.settings_key()}/{table}", json.dumps(mapping))


class RolePage(QWidget):
    """``changed`` is emitted when the source or its mapping changes (the dialog enables its import button)."""

    changed = pyqtSignal()

    def __init__(self, table: str, parent=None):
        super().__init__(parent)
        self.table = table
        self.spec = schema.layer(table)
        self.source: Optional[OfficeSource] = None
        self.layer: Optional[QgsVectorLayer] = None
        self.fix: Optional[str] = None
        self.diagnosis = None
        self.ledger = ""  # the ledger imported into: its villages tell where the data should lie
        self._filling = False
        self._db_sources: List[OfficeSource] = []
        self._build()

    # --- widgets ---------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.use = QCheckBox(tr("Import into {table}").format(table=self.spec.alias))
        self.use.setEnabled(False)
        layout.addWidget(self.use)
        form = QFormLayout()
        kinds = QHBoxLayout()
        self.from_file = QRadioButton(tr("File"))
        self.from_database = QRadioButton(tr("Database connection"))
        self.from_file.setChecked(True)
        kinds.addWidget(self.from_file)
        kinds.addWidget(self.from_database)
        kinds.addStretch()
        form.addRow(tr("Source"), kinds)
        self.file = QgsFileWidget()
        self.file.setStorageMode(QgsFileWidget.StorageMode.GetFile)
        self.file.setFilter(VECTOR_FILES)
        self.file.fileChanged.connect(self._file_chosen)
        form.addRow(tr("File"), self.file)
        self.file_table = QComboBox()
        self.file_table.activated.connect(lambda _index: self._file_chosen(self.file.filePath()))
        form.addRow(tr("Table in the file"), self.file_table)
        self.connection = QComboBox()
        self.connection.activated.connect(self._connection_chosen)
        form.addRow(tr("Connection"), self.connection)
        self.db_table = QComboBox()
        self.db_table.activated.connect(self._db_table_chosen)
        form.addRow(tr("Table"), self.db_table)
        layout.addLayout(form)
        self.from_file.toggled.connect(self._show_kind)
        self.banner = QFrame()
        self.banner.setStyleSheet("QFrame { background: #fff3cd; border: 1px solid #e0b000; }")
        banner_layout = QHBoxLayout(self.banner)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.fix_button = QPushButton()
        self.fix_button.clicked.connect(self.apply_encoding_fix)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.fix_button)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.crs_line = QLabel()
        self.crs_line.setWordWrap(True)
        layout.addWidget(self.crs_line)
        self.mapping = QTableWidget(len(self.spec.fields), 2)
        self.mapping.setHorizontalHeaderLabels([tr("Ledger field"), tr("Source field")])
        self.mapping.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mapping.verticalHeader().hide()
        self.combos: Dict[str, QComboBox] = {}
        for row, f in enumerate(self.spec.fields):
            label = f"{f.alias} ({f.name})" + (" *" if f.required else "")
            self.mapping.setItem(row, 0, QTableWidgetItem(label))
            combo = QComboBox()
            combo.currentIndexChanged.connect(self._mapping_edited)
            self.mapping.setCellWidget(row, 1, combo)
            self.combos[f.name] = combo
        self.mapping.setMinimumHeight(34 * min(len(self.spec.fields), 6) + 30)
        layout.addWidget(QLabel(tr("Field mapping (proposed; correct it where it is wrong)")))
        layout.addWidget(self.mapping, 3)
        self.replace = QCheckBox(tr("Replace the rows already in the ledger table (else append)"))
        self.replace.setChecked(True)
        layout.addWidget(self.replace)
        layout.addWidget(QLabel(tr("Preview: the first rows as they will be stored")))
        self.preview = QTableWidget(0, 0)
        self.preview.verticalHeader().hide()
        layout.addWidget(self.preview, 2)
        self.fill_connections()
        self._show_kind()

    def _show_kind(self) -> None:
        from_file = self.from_file.isChecked()
        for widget in (self.file, self.file_table):
            widget.setEnabled(from_file)
        for widget in (self.connection, self.db_table):
            widget.setEnabled(not from_file)

    def fill_connections(self) -> None:
        self.connection.clear()
        self.connection.addItem("", None)
        names = {"postgres": "PostGIS", "ogr": "GeoPackage"}
        for provider, name in office_source.connections():
            self.connection.addItem(f"{names.get(provider, provider)}: {name}", f"{provider}:{name}")

    # --- choosing the source ---------------------------------------------------------------------------------
    @reports_errors(tr_later("Load office layers…"))
    def _file_chosen(self, path: str) -> None:
        if not path:
            return
        tables = office_source.file_tables(path)
        if self.sender() is self.file:
            self.file_table.clear()
            self.file_table.addItems(tables)
        table = self.file_table.currentText() if tables else ""
        self.set_source(office_source.file_source(path, table))

    @reports_errors(tr_later("Load office layers…"))
    def _connection_chosen(self, _index: int = 0) -> None:
        data = self.connection.currentData()
        self.db_table.clear()
        self._db_sources = office_source.connection_tables(*data.split(":", 1)) if data else []
        for source in self._db_sources:
            self.db_table.addItem(source.name)
        if self._db_sources:
            self._db_table_chosen(0)

    @reports_errors(tr_later("Load office layers…"))
    def _db_table_chosen(self, index: int) -> None:
        if 0 <= index < len(self._db_sources):
            self.set_source(self._db_sources[index])

    def set_source(self, source: OfficeSource) -> None:
        """Open ``source`` and propose (or recall) its mapping, check its text and CRS, show the preview."""
        try:
            layer = office_source.open_source(source)
        except DataError as error:
            self.crs_line.setText(str(error))
            return
        self.source, self.layer = source, layer
        self.use.setEnabled(True)
        self.use.setChecked(True)
        self._fill_mapping()
        self._check_text()
        self._check_crs()
        self.refresh_preview()
        self.changed.emit()

    def release(self) -> None:
        """Let go of the source layer (a layer kept past QGIS's exit crashes it); the page stays as it is shown."""
        self.layer = None

    @reports_errors(tr_later("Load office layers…"))
    def apply_encoding_fix(self) -> None:
        """Read the source again in the offered encoding: the banner goes, the preview shows the right text."""
        if self.source is not None and self.fix:
            self.set_source(self.source.with_encoding(self.fix))

    def _check_text(self) -> None:
        self.fix = office_source.encoding_fix(self.source, self.layer)
        if not self.fix:
            self.banner.hide()
            return
        self.banner_text.setText(
            tr(
                "The text of this file is not valid {current} (shown as �): it was probably written in {fix}. "
                "The file itself is not changed."
            ).format(current=self.layer.dataProvider().encoding() or "UTF-8", fix=self.fix)
        )
        self.fix_button.setText(tr("Use {encoding}").format(encoding=self.fix))
        self.banner.show()

    def set_ledger(self, path) -> None:
        """The ledger the dialog imports into (a GeoPackage's path or a shared ledger); the CRS check of a source
        shown is done again against it."""
        self.ledger = path or ""
        if self.layer is not None:
            self._check_crs()

    def _check_crs(self) -> None:
        context = QgsProject.instance().transformContext()
        township = (
            coordinate_check.township_of(self.ledger, context)
            if ledgers.is_shared(self.ledger) or os.path.isfile(self.ledger)
            else None
        )
        diagnosis = office_source.diagnose(self.source, self.layer, township, context)
        self.crs_line.setText(office_source.describe(diagnosis, self.layer))
        color = "#b00020" if diagnosis.blocking else "#b26a00" if diagnosis.notes else "#2e7d32"
        self.crs_line.setStyleSheet(f"color: {color};")
        self.diagnosis = diagnosis

    # --- the mapping ---------------------------------------------------------------------------------------------
    def _fill_mapping(self) -> None:
        names = self.layer.fields().names()
        proposal = propose_mapping(self.table, names, office_source.field_aliases(self.layer))
        remembered = remembered_mapping(self.source, self.table)
        if remembered is not None:
            proposal = {k: (v if v in names else None) for k, v in remembered.items() if k in proposal}
            proposal = {f.name: proposal.get(f.name) for f in self.spec.fields}
        self._filling = True
        try:
            for ledger_field, combo in self.combos.items():
                combo.clear()
                combo.addItem(tr("(not imported)"), None)
                for name in names:
                    combo.addItem(name, name)
                chosen = proposal.get(ledger_field)
                combo.setCurrentIndex(combo.findData(chosen) if chosen else 0)
        finally:
            self._filling = False

    def current_mapping(self) -> Dict[str, Optional[str]]:
        return {name: combo.currentData() for name, combo in self.combos.items()}

    def set_mapping(self, ledger_field: str, source_field: Optional[str]) -> None:
        """Choose a source field for a ledger field, as the user would in its combo box."""
        combo = self.combos[ledger_field]
        combo.setCurrentIndex(combo.findData(source_field) if source_field else 0)

    @reports_errors(tr_later("Load office layers…"))
    def _mapping_edited(self, _index: int) -> None:
        if self._filling or self.source is None:
            return
        remember_mapping(self.source, self.table, self.current_mapping())
        self.refresh_preview()
        self.changed.emit()

    def chosen_mapping(self) -> Dict[str, str]:
        return {k: v for k, v in self.current_mapping().items() if v}

    # --- the preview -----------------------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        mapping = self.chosen_mapping()
        fields = [f for f in self.spec.fields if f.name in mapping]
        self.preview.clear()
        self.preview.setColumnCount(max(len(fields), 1))
        self.preview.setHorizontalHeaderLabels([f.alias for f in fields] or [""])
        rows = preview_rows(self.layer, self.table, mapping, self.source.name, PREVIEW_ROWS) if mapping else []
        self.preview.setRowCount(len(rows))
        for row, (record, error) in enumerate(rows):
            if record is None:
                self.preview.setSpan(row, 0, 1, max(len(fields), 1))
                item = QTableWidgetItem(error)
                item.setToolTip(error)
                self.preview.setItem(row, 0, item)
                continue
            for column, f in enumerate(fields):
                value = record.get(f.name)
                text = "" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value)
                self.preview.setItem(row, column, QTableWidgetItem(text))
        self.preview.resizeColumnsToContents()

    def preview_texts(self) -> List[List[str]]:
        """The preview's cells as shown (for tests and the report)."""
        return [
            [
                self.preview.item(r, c).text() if self.preview.item(r, c) else ""
                for c in range(self.preview.columnCount())
            ]
            for r in range(self.preview.rowCount())
        ]

    # --- importing ----------------------------------------------------------------------------------------------
    def wanted(self) -> bool:
        return self.layer is not None and self.use.isChecked()

    def parameters(self, ledger: str, index: int) -> dict:
        """lianwei:importreference's parameters for this role; the text read exactly as the preview reads it."""
        remember_mapping(self.source, self.table, self.current_mapping())
        encoding = self.layer.dataProvider().encoding() if self.source.is_shapefile else ""
        return {
            "INPUT": self.source.processing_input(),
            "TABLE": index,
            "MAPPING": ";".join(f"{k}={v}" for k, v in self.chosen_mapping().items()),
            "LEDGER": ledger,
            "REPLACE": self.replace.isChecked(),
            "ENCODING": encoding,
        }
