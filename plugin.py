"""The plugin object: Processing provider, 两违整治 menu and toolbar. unload() leaves nothing behind."""

from __future__ import annotations

from typing import List, Optional

from qgis.core import Qgis, QgsApplication
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QAction, QMenu, QMessageBox, QToolBar

from .dependencies import missing_message, missing_package
from .processing.provider import LianweiProvider
from .translation import install_translator, remove_translator, tr, tr_later


class LianweiPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider: Optional[LianweiProvider] = None
        self.menu: Optional[QMenu] = None
        self.toolbar: Optional[QToolBar] = None
        self.actions: List[QAction] = []
        self.progress_dock = None
        self.village_maps = None
        self.case_actions = None
        self.case_card = None
        self.load_layers_dialog = None
        self.evidence_action = None
        install_translator()

    def initProcessing(self) -> None:  # noqa: N802 - QGIS API
        if self.provider is None:
            provider = LianweiProvider()
            if QgsApplication.processingRegistry().addProvider(provider):
                self.provider = provider

    def initGui(self) -> None:  # noqa: N802 - QGIS API
        self.initProcessing()
        main_window = self.iface.mainWindow()
        self.toolbar = self.iface.addToolBar(tr("Land violations"))
        self.toolbar.setObjectName("LianweiToolbar")
        self.menu = QMenu(tr("Land violations"), main_window)
        self.menu.setObjectName("LianweiMenu")
        try:
            self._add_entries(main_window)
        except ImportError as error:
            package = missing_package(error)
            if package is None:
                raise
            self._add_missing_entry(main_window, package)
        menu_bar = main_window.menuBar()
        before = self._help_menu_action(menu_bar)
        if before is not None:
            menu_bar.insertMenu(before, self.menu)
        else:
            menu_bar.addMenu(self.menu)

    def _add_missing_entry(self, main_window, package: str) -> None:
        """numpy or shapely missing: nothing of the plugin can work; one entry says what to install, and so does
        the message bar once at start-up."""
        message = missing_message(package)
        action = QAction(QgsApplication.getThemeIcon("mIconWarning.svg"), tr("Missing Python package…"), main_window)
        action.setObjectName("LianweiMissingPackage")
        action.triggered.connect(lambda _checked=False: QMessageBox.warning(main_window, tr("Lianwei"), message))
        self.menu.addAction(action)
        self.actions.append(action)
        self.iface.messageBar().pushMessage(tr("Lianwei"), message, Qgis.MessageLevel.Warning, 0)

    def _add_entries(self, main_window) -> None:
        from .ui import case_actions, evidence_action, ledger_actions  # noqa: F401 - here, before any entry
        from .ui import patch_actions as patches
        from .ui.errors import reports_errors

        entries = (
            (tr_later("New ledger…"), "mActionNewGeoPackageLayer.svg", ledger_actions.new_ledger, True),
            (tr_later("Open ledger…"), "mActionFileOpen.svg", ledger_actions.open_ledger, True),
            (tr_later("Sample township…"), "mIconPolygonLayer.svg", ledger_actions.sample_township, False),
            (tr_later("Load office layers…"), "mActionAddOgrLayer.svg", self.load_office_layers, True),
            (tr_later("Import satellite patches…"), "mIconPolygonLayer.svg", patches.import_patches, True),
            (tr_later("Return the field verification…"), "mActionFileSaveAs.svg", patches.export_verification, False),
            (tr_later("Reconcile with the upper level…"), "mActionIdentify.svg", patches.reconcile, False),
            (tr_later("Campaign progress"), "mActionShowStatisticalSummary.svg", self.show_progress_dock, True),
            (tr_later("Campaign settings…"), "mActionOptions.svg", self.show_campaign_settings, False),
            (tr_later("Print village maps…"), "mActionPrintLayout.svg", self.print_village_maps, False),
            (tr_later("Case card…"), "mActionSaveAsPDF.svg", self.print_case_card, False),
            (tr_later("Tianditu token…"), "locked.svg", self.edit_tianditu_token, False),
            (tr_later("Attach evidence…"), evidence_action.ICON, evidence_action.attach_to_selected, False),
            (
                tr_later("Lianwei algorithms in the Processing toolbox"),
                "processingAlgorithm.svg",
                ledger_actions.show_toolbox,
                False,
            ),
        )
        for text, icon, handler, on_toolbar in entries:
            action = QAction(QgsApplication.getThemeIcon(icon), tr(text), main_window)
            action.setObjectName("Lianwei" + text.split("…")[0].title().replace(" ", ""))
            guarded = reports_errors(text)(handler)  # no traceback from a menu entry: a message instead
            action.triggered.connect(lambda _checked=False, run=guarded: run(self.iface))
            self.menu.addAction(action)
            if on_toolbar:
                self.toolbar.addAction(action)
            self.actions.append(action)
        self._add_case_tools(main_window)
        self.evidence_action = evidence_action.register(self.iface, main_window)

    def _add_case_tools(self, main_window) -> None:
        from .ui.case_actions import CaseActions

        self.case_actions = CaseActions(self.iface, main_window)
        self.menu.addSeparator()
        self.toolbar.addSeparator()
        for action in self.case_actions.actions:
            self.menu.addAction(action)
            self.toolbar.addAction(action)
        self.menu.addAction(self.case_actions.operator_action)

    def show_progress_dock(self, iface=None) -> None:
        from .ui.errors import reports_errors
        from .ui.progress_dock import ProgressDock

        if self.progress_dock is None:
            self.progress_dock = ProgressDock(self.iface, self.iface.mainWindow())
            print_maps = reports_errors(tr_later("Print village maps…"))(self.print_village_maps)
            self.progress_dock.print_button.clicked.connect(lambda: print_maps())
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.progress_dock)
        else:
            self.progress_dock.bind()
        self.progress_dock.show()
        self.progress_dock.raise_()

    def print_village_maps(self, iface=None) -> None:
        from .ui.village_maps_action import VillageMapsRunner

        if self.village_maps is None:
            self.village_maps = VillageMapsRunner(self.iface, self.iface.mainWindow())
        dock = self.progress_dock
        self.village_maps.run(report_date=dock.current_report_date() if dock is not None else None)

    def print_case_card(self, iface=None) -> None:
        from .ui.case_card_action import CaseCardRunner

        if self.case_card is None:
            self.case_card = CaseCardRunner(self.iface, self.iface.mainWindow())
        self.case_card.run()

    def load_office_layers(self, iface=None) -> None:
        from .ui.load_layers_dialog import open_load_layers_dialog

        dialog = self.load_layers_dialog
        if dialog is not None and dialog.task is not None:  # an import is running: show it, never drop it
            dialog.show()
            dialog.raise_()
            return
        if dialog is not None:
            dialog.deleteLater()
        self.load_layers_dialog = open_load_layers_dialog(self.iface)

    def edit_tianditu_token(self, iface=None) -> None:
        from .ui.tianditu_token_dialog import edit_token

        edit_token(self.iface.mainWindow())

    def show_campaign_settings(self, iface=None) -> None:
        from .ui.campaign_dialog import open_campaign_dialog

        dialog = open_campaign_dialog(self.iface)
        if dialog is not None and self.progress_dock is not None:
            dialog.accepted.connect(self.progress_dock.bind)

    @staticmethod
    def _help_menu_action(menu_bar):
        """The 帮助/Help menu's action, so the 两违整治 menu sits just before it, like other plugins' menus."""
        actions = menu_bar.actions()
        for action in actions:
            if action.menu() is not None and action.menu().objectName() == "mHelpMenu":
                return action
        return None

    def unload(self) -> None:
        if self.evidence_action is not None:
            from .ui.evidence_action import unregister

            unregister(self.evidence_action)
            self.evidence_action = None
        if self.progress_dock is not None:
            self.progress_dock.unload()
            self.iface.removeDockWidget(self.progress_dock)
            self.progress_dock.deleteLater()
            self.progress_dock = None
        if self.case_actions is not None:
            for action in self.case_actions.actions:
                if self.toolbar is not None:
                    self.toolbar.removeAction(action)
            self.case_actions.unload()
            self.case_actions = None
        if self.load_layers_dialog is not None:
            self.load_layers_dialog.close()
            self.load_layers_dialog.deleteLater()
            self.load_layers_dialog = None
        for action in self.actions:
            if self.toolbar is not None:
                self.toolbar.removeAction(action)
            action.deleteLater()
        self.actions = []
        if self.menu is not None:
            self.menu.menuAction().setVisible(False)
            menu_bar = self.iface.mainWindow().menuBar()
            menu_bar.removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
            self.toolbar = None
        registry = QgsApplication.processingRegistry()
        if self.provider is not None and registry.providerById("lianwei") is self.provider:
            registry.removeProvider(self.provider)
        self.provider = None
        remove_translator()
