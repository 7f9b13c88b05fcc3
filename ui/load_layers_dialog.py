"""“Load office layers”: the village boundaries, cadastre, permits and farmland an office hands over, copied into
the ledger by lianwei:importreference — one background task per role, one after another, so QGIS never freezes
and every table is written in its own all-or-nothing transaction."""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
)
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
)

from ..core import schema
from ..core.coordinate_fit import NOTE_MISSING
from ..core.field_mapping import REFERENCE_TABLES, mapping_problems
from ..layers import coordinate_check, ledgers
from ..layers.case_cache import find_ledger_layers, ledger_table_layer
from ..layers.ledger import LedgerError
from ..translation import tr, tr_later
from .errors import reports_errors
from .load_layers_page import RolePage


def project_ledger(project: QgsProject) -> ledgers.Address:
    """The ledger of the current project: a GeoPackage's path or a shared (PostGIS) ledger ("" when none)."""
    violations, _ = find_ledger_layers(project)
    return ledgers.ledger_of(violations) or ""


class LoadLayersDialog(QDialog):
    def __init__(self, iface=None, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.setWindowTitle(tr("Load office layers"))
        self.resize(880, 900)
        self.queue: List[Tuple[RolePage, dict]] = []
        self.task: Optional[QgsProcessingAlgRunnerTask] = None
        self.results: Dict[str, dict] = {}
        self.errors: Dict[str, str] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        found = project_ledger(QgsProject.instance())
        self.shared = found if ledgers.is_shared(found) else None  # a PostGIS ledger: imported into, not chosen
        self.ledger = QgsFileWidget()
        self.ledger.setStorageMode(QgsFileWidget.StorageMode.GetFile)
        self.ledger.setFilter(tr("GeoPackage (*.gpkg)"))
        self.ledger.setFilePath("" if self.shared else found)
        self.ledger.fileChanged.connect(self._ledger_chosen)
        if self.shared:
            shown = QLabel(tr("Shared ledger {ledger}").format(ledger=ledgers.label(self.shared)))
            shown.setWordWrap(True)
            self.ledger.hide()
            form.addRow(tr("Ledger"), shown)
        else:
            form.addRow(tr("Ledger"), self.ledger)
        layout.addLayout(form)
        self.tabs = QTabWidget()
        self.pages: Dict[str, RolePage] = {}
        for table in REFERENCE_TABLES:
            page = RolePage(table)
            page.changed.connect(self._update_buttons)
            page.use.toggled.connect(lambda _on: self._update_buttons())
            page.set_ledger(self.ledger_address())
            self.pages[table] = page
            self.tabs.addTab(page, schema.layer(table).alias)
        layout.addWidget(self.tabs, 1)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox()
        self.import_button = QPushButton(tr("Import"))
        self.cancel_button = QPushButton(tr("Cancel import"))
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = QPushButton(tr("Close"))
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(buttons)
        self._update_buttons()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.task is None:  # a running import keeps its sources until it ends
            for page in self.pages.values():
                page.release()
        super().closeEvent(event)

    def _ledger_chosen(self, path: str) -> None:
        for page in self.pages.values():
            page.set_ledger(path)
        self._update_buttons()

    def ledger_address(self) -> ledgers.Address:
        """The ledger imported into: the project's shared ledger, or the GeoPackage chosen."""
        return self.shared or self.ledger.filePath()

    def page(self, table: str) -> RolePage:
        return self.pages[table]

    def _update_buttons(self) -> None:
        running = self.task is not None
        ready = any(p.wanted() for p in self.pages.values()) and bool(self.ledger_address())
        self.import_button.setEnabled(ready and not running)
        self.cancel_button.setEnabled(running)

    # --- importing ----------------------------------------------------------------------------------------------
    def problems(self) -> List[str]:
        """What stops the import, in words for the user (nothing is started when there is any)."""
        ledger = self.ledger_address()
        found = []
        try:
            ledgers.check(ledger)
        except LedgerError as error:
            found.append(str(error))
        for table, page in self.pages.items():
            if not page.wanted():
                continue
            alias = schema.layer(table).alias
            for template, values in mapping_problems(table, page.chosen_mapping(), page.layer.fields().names()):
                found.append(f"{alias}: " + tr(template).format(**values))
            if page.fix:  # text QGIS cannot read would be stored as � for good
                found.append(
                    f"{alias}: "
                    + tr("the text is unreadable (�): click “Use {encoding}” first").format(encoding=page.fix)
                )
            if page.diagnosis.blocking:  # coordinates that do not fit the CRS, and no certain fix
                found.append(f"{alias}: " + coordinate_check.note_text(page.diagnosis.refusal or (NOTE_MISSING, {})))
            shown = ledger_table_layer(QgsProject.instance(), ledger, table)
            if shown is not None and shown.isEditable():
                found.append(f"{alias}: " + tr("the ledger table is being edited; save or discard the edits first"))
        return found

    @reports_errors(tr_later("Load office layers…"))
    def start_import(self) -> bool:
        problems = self.problems()
        if problems:
            self.status.setText("\n".join(problems))
            self.status.setStyleSheet("color: #b00020;")
            return False
        ledger = self.ledger_address()
        self.results, self.errors = {}, {}
        self.queue = [
            (page, _into(page.parameters("", REFERENCE_TABLES.index(table)), ledger))
            for table, page in self.pages.items()
            if page.wanted()
        ]
        self.total = len(self.queue)
        self.status.setStyleSheet("")
        self._next()
        return True

    def _next(self) -> None:
        if not self.queue:
            self.task = None
            self._done()
            return
        page, parameters = self.queue.pop(0)
        algorithm = QgsApplication.processingRegistry().createAlgorithmById("lianwei:importreference")
        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())
        self.feedback = QgsProcessingFeedback()
        done = self.total - len(self.queue) - 1
        self.feedback.progressChanged.connect(
            lambda value, base=done: self.progress.setValue(int((base + value / 100.0) * 100 / self.total))
        )
        self.status.setText(tr("Importing {table}…").format(table=page.spec.alias))
        self.task = QgsProcessingAlgRunnerTask(algorithm, parameters, self.context, self.feedback)
        self.task.executed.connect(lambda ok, results, table=page.table: self._finished(table, ok, results))
        self._update_buttons()
        QgsApplication.taskManager().addTask(self.task)

    @reports_errors(tr_later("Load office layers…"))
    def _finished(self, table: str, ok: bool, results) -> None:
        if ok:
            self.results[table] = dict(results)
        elif self.feedback.isCanceled():
            self.errors[table] = tr("canceled: the ledger table was not changed")
            self.queue.clear()
        else:
            self.errors[table] = self._last_error()
        self._next()

    def _last_error(self) -> str:
        log = self.feedback.textLog() if hasattr(self.feedback, "textLog") else ""
        lines = [line for line in log.strip().splitlines() if line.strip()]
        return lines[-1] if lines else tr("see the Processing log")

    @reports_errors(tr_later("Load office layers…"))
    def cancel(self) -> None:
        if self.task is not None:
            self.feedback.cancel()
            self.task.cancel()

    def _done(self) -> None:
        self._update_buttons()
        self._reload_ledger_layers()
        lines = []
        for table in REFERENCE_TABLES:
            alias = schema.layer(table).alias
            if table in self.results:
                r = self.results[table]
                lines.append(
                    tr(
                        "{table}: {written} rows written, {repaired} geometries repaired, {exploded} rows from "
                        "multipart features"
                    ).format(table=alias, written=r["WRITTEN"], repaired=r["REPAIRED"], exploded=r["EXPLODED"])
                )
            elif table in self.errors:
                lines.append(tr("{table}: not imported: {reason}").format(table=alias, reason=self.errors[table]))
        self.progress.setValue(100 if not self.errors else self.progress.value())
        self.status.setText("\n".join(lines))
        self.status.setStyleSheet("color: #b00020;" if self.errors else "")
        if self.iface is not None:
            level = Qgis.MessageLevel.Warning if self.errors else Qgis.MessageLevel.Success
            self.iface.messageBar().pushMessage(tr("Load office layers"), " ".join(lines), level)

    def _reload_ledger_layers(self) -> None:
        """The project's layers of the ledger show the new rows at once."""
        ledger = self.ledger_address()
        for table in self.results:
            layer = ledger_table_layer(QgsProject.instance(), ledger, table)
            if layer is not None:
                layer.dataProvider().reloadData()
                layer.updateExtents()
                layer.triggerRepaint()


def _into(parameters: dict, ledger: ledgers.Address) -> dict:
    """lianwei:importreference's parameters with the ledger as the algorithm takes it (LEDGER, or DATABASE and
    SCHEMA for a shared ledger)."""
    parameters.pop("LEDGER", None)
    parameters.update(ledgers.parameters(ledger))
    return parameters


@reports_errors(tr_later("Load office layers…"))
def open_load_layers_dialog(iface) -> LoadLayersDialog:
    dialog = LoadLayersDialog(iface, iface.mainWindow() if iface is not None else None)
    dialog.show()
    return dialog
