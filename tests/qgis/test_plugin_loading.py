"""The plugin loads as QGIS loads it: classFactory, initGui with the iface, initProcessing, unload."""

from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QMenu, QToolBar

import lianwei


def lianwei_menus(window):
    return [a.menu() for a in window.menuBar().actions() if a.menu() and a.menu().objectName() == "LianweiMenu"]


def test_init_gui_adds_menu_toolbar_and_provider_and_unload_removes_them(qgis_iface, without_lianwei_provider):
    registry = QgsApplication.processingRegistry()
    window = qgis_iface.mainWindow()
    plugin = lianwei.classFactory(qgis_iface)
    plugin.initGui()
    try:
        menus = lianwei_menus(window)
        assert len(menus) == 1
        assert [a.objectName() for a in menus[0].actions()][:3] == [
            "LianweiNewLedger",
            "LianweiOpenLedger",
            "LianweiSampleTownship",
        ]
        toolbar = plugin.toolbar
        assert isinstance(toolbar, QToolBar)
        assert {a.objectName() for a in toolbar.actions()} >= {
            "LianweiNewLedger",
            "LianweiOpenLedger",
            "LianweiLoadOfficeLayers",
            "LianweiImportSatellitePatches",
            "LianweiCampaignProgress",
            "LianweiCaseTool_draw",
            "LianweiCaseTool_pick",
            "LianweiCaseTool_split",
        }
        assert all(a.isCheckable() for a in toolbar.actions() if a.objectName().startswith("LianweiCaseTool"))
        provider = registry.providerById("lianwei")
        assert provider is not None
        assert {a.name() for a in provider.algorithms()} >= {"createledger", "sampletownship", "importpatches"}
        menu_names = {a.objectName() for a in menus[0].actions()}
        assert {"LianweiReturnTheFieldVerification", "LianweiReconcileWithTheUpperLevel"} <= menu_names
    finally:
        plugin.unload()
    assert lianwei_menus(window) == []
    assert registry.providerById("lianwei") is None
    assert plugin.toolbar is None and plugin.actions == []
    assert not [m for m in window.findChildren(QMenu) if m.objectName() == "LianweiMenu" and m.isVisible()]


def test_class_factory_without_iface_serves_processing(without_lianwei_provider):
    plugin = lianwei.classFactory(None)
    plugin.initProcessing()
    try:
        provider = QgsApplication.processingRegistry().providerById("lianwei")
        for algorithm in provider.algorithms():
            assert algorithm.name() == algorithm.name().lower()
            assert algorithm.id() == f"lianwei:{algorithm.name()}"
            assert not algorithm.flags() & algorithm.Flag.FlagHideFromModeler
            assert algorithm.shortHelpString()
    finally:
        plugin.unload()


def test_plugin_package_imports_without_touching_qgis_until_class_factory():
    import subprocess
    import sys

    from plugin_paths import PLUGIN_ROOT

    code = "import sys, lianwei; print(any(m.startswith('qgis') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=PLUGIN_ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
