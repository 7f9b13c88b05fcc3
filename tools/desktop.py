"""Run the real QGIS Desktop under Xvfb with the plugin installed from its zip into a fresh profile.

    /usr/bin/python3 tools/desktop.py --zip lianwei.zip --project demo-output/sample_township.qgz \
        --screenshot docs/screenshot.png [--locale zh_CN] [--report report.json]

Writes screenshots of the whole screen (the map, the 两违整治 menu open, a violation's attribute form, the progress
dock before and after a saved edit, the campaign settings dialog) and a JSON
report: which plugins QGIS loaded, the plugin's menu entries, the project's layers, and every Python error or
critical message QGIS logged from start-up on. Used by tests/desktop and by `make screenshot`.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

# tools/ is on the path (run as a script, or imported by the tests and the other desktop scripts); the checkout
# itself must not be: its processing/ would hide QGIS's for every test collected after this module.
from desktop_common import PRELUDE

STARTUP = r"""
import json, os
from qgis.core import Qgis, QgsApplication
_LOG = os.environ["LIANWEI_DESKTOP_LOG"]
def _record(message, tag, level):
    if tag == "Python error" or level >= Qgis.MessageLevel.Critical or "Traceback" in message:
        with open(_LOG, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"tag": tag, "level": int(level), "message": message}) + "\n")
QgsApplication.messageLog().messageReceived.connect(_record)
"""

STEPS = r"""
from qgis.core import QgsProject
from qgis.PyQt.QtWidgets import QDockWidget
from qgis.utils import iface

def step1():
    window = iface.mainWindow()
    window.setGeometry(QApplication.primaryScreen().availableGeometry())  # Xvfb has no window manager to maximize
    toolbox = window.findChild(QDockWidget, "ProcessingToolbox")
    if toolbox is not None:
        toolbox.show()
        search = getattr(toolbox, "searchBox", None)
        if search is not None:
            search.setText("lianwei")
        tree = getattr(toolbox, "algorithmTree", None)
        if tree is not None:
            tree.expandAll()
    iface.mapCanvas().refreshAllLayers()
    QTimer.singleShot(6000, step2)

def step2():
    shot("main.png")
    plugin = qgis.utils.plugins.get("lianwei")
    if plugin is not None and plugin.menu is not None:
        bar = iface.mainWindow().menuBar()
        bar.setActiveAction(plugin.menu.menuAction())
    QTimer.singleShot(1500, step3)

def step3():
    shot("menu.png")
    plugin = qgis.utils.plugins.get("lianwei")
    if plugin is not None and plugin.menu is not None:
        plugin.menu.hide()
    layers = QgsProject.instance().mapLayersByName("违法图斑") or QgsProject.instance().mapLayersByName("violations")
    if layers:
        layer = layers[0]
        feature = next(layer.getFeatures(), None)
        if feature is not None:
            dialog = iface.getFeatureForm(layer, feature)
            dialog.resize(760, 640)
            dialog.move(420, 180)
            dialog.show()
            globals()["_form"] = dialog
    QTimer.singleShot(2500, step4)

def _township():
    plugin = qgis.utils.plugins.get("lianwei")
    dock = plugin.progress_dock if plugin is not None else None
    if dock is None or dock.summary is None:
        return {}
    t = dock.summary.township
    return {"demolished_m2": t.demolished_m2, "bar": dock.bar.text(), "status": dock.status.text(),
            "villages": dock.table.rowCount(), "overdue": dock.overdue_model.rowCount(),
            "update_ms": dock.last_update_ms, "visible": dock.isVisible()}

def step4():
    shot("form.png")
    form = globals().pop("_form", None)
    if form is not None:
        form.close()
    toolbox = iface.mainWindow().findChild(QDockWidget, "ProcessingToolbox")
    if toolbox is not None:
        toolbox.hide()  # room for the dock, as a technician would make
    plugin = qgis.utils.plugins.get("lianwei")
    if plugin is not None:
        plugin.show_progress_dock()
        plugin.progress_dock.setMinimumWidth(640)
    QTimer.singleShot(2500, step5)

def step5():
    shot("dock.png")
    REPORT["dock_before"] = _township()
    # A technician records a demolition and saves: the dock must follow by itself.
    layers = QgsProject.instance().mapLayersByName("违法图斑") or QgsProject.instance().mapLayersByName("violations")
    if layers:
        layer = layers[0]
        plugin = qgis.utils.plugins.get("lianwei")
        report_date = plugin.progress_dock.report_date.date()
        case = next(f for f in layer.getFeatures() if f["status"] == "ORDERED" and not f["demolished_m2"])
        layer.startEditing()
        layer.changeAttributeValue(case.id(), layer.fields().indexOf("demolished_m2"), case["footprint_m2"])
        layer.changeAttributeValue(case.id(), layer.fields().indexOf("demolished_on"), report_date)
        # Demolished in full but not yet photographed: the workflow keeps it ORDERED, the progress counts the area.
        REPORT["edited_case"] = [case["case_id"], case["footprint_m2"]]
        REPORT["commit"] = layer.commitChanges()
    QTimer.singleShot(2000, step6)

def step6():
    shot("dock_after_edit.png")
    REPORT["dock_after"] = _township()
    plugin = qgis.utils.plugins.get("lianwei")
    if plugin is not None:
        plugin.show_campaign_settings()
    QTimer.singleShot(2000, step7)

def step7():
    shot("campaign.png")
    plugin = qgis.utils.plugins.get("lianwei")
    report = dict(REPORT)
    report.update({
        "loaded_plugins": sorted(qgis.utils.plugins),
        "active_plugins": sorted(qgis.utils.active_plugins),
        "lianwei_menu": [plugin.menu.title()] + [a.text() for a in plugin.menu.actions()] if plugin else [],
        "layers": sorted(l.name() for l in QgsProject.instance().mapLayers().values()),
        "valid_layers": all(l.isValid() for l in QgsProject.instance().mapLayers().values()),
    })
    REPORT.clear()
    REPORT.update(report)
    finish()

QTimer.singleShot(4000, step1)
"""
CHECK = PRELUDE + STEPS


def install_profile(home, plugin_zip, locale):
    base = os.path.join(home, ".local", "share", "QGIS", "QGIS3", "profiles", "default")
    plugins = os.path.join(base, "python", "plugins")
    os.makedirs(plugins)
    with zipfile.ZipFile(plugin_zip) as archive:
        archive.extractall(plugins)
    os.makedirs(os.path.join(base, "QGIS"))
    with open(os.path.join(base, "QGIS", "QGIS3.ini"), "w", encoding="utf-8") as ini:
        ini.write("[PythonPlugins]\nlianwei=true\nprocessing=true\n\n")
        if locale:  # the Options override (Settings > Options > General); None: QGIS chooses (--lang, system)
            ini.write(f"[locale]\noverrideFlag=true\nuserLocale={locale}\nglobalLocale={locale}\n\n")
        ini.write("[qgis]\ncheckVersion=false\nshowTips=false\n")
    return base


def copy_project(project, folder):
    """The project and the GeoPackages beside it that share its name, copied into ``folder``."""
    os.makedirs(folder)
    stem = os.path.splitext(os.path.basename(project))[0]
    source = os.path.dirname(os.path.abspath(project))
    for name in os.listdir(source):
        if os.path.splitext(name)[0] == stem:
            shutil.copy(os.path.join(source, name), folder)
    return os.path.join(folder, os.path.basename(project))


def run(plugin_zip, project, out_dir, locale="zh-Hans", timeout=240, check_script=CHECK, extra_env=None, qgis_args=()):
    if project and not os.path.exists(project):
        raise FileNotFoundError(project)  # QGIS would wait for someone to close its error dialog
    os.makedirs(out_dir, exist_ok=True)
    home = tempfile.mkdtemp(prefix="lianwei-desktop-")
    try:
        install_profile(home, plugin_zip, locale)
        if project:
            project = copy_project(project, os.path.join(home, "data"))  # the run edits a case: work on a copy
        scripts = os.path.join(home, "scripts")
        os.makedirs(scripts)
        startup, check = os.path.join(scripts, "startup.py"), os.path.join(scripts, "check.py")
        with open(startup, "w", encoding="utf-8") as handle:
            handle.write(STARTUP)
        with open(check, "w", encoding="utf-8") as handle:
            handle.write(check_script)
        log = os.path.join(out_dir, "messages.jsonl")
        if os.path.exists(log):
            os.remove(log)
        env = dict(
            os.environ,
            HOME=home,
            PYQGIS_STARTUP=startup,
            LIANWEI_DESKTOP_LOG=log,
            LIANWEI_DESKTOP_OUT=os.path.abspath(out_dir),
            XDG_RUNTIME_DIR=home,
            **(extra_env or {}),
        )
        # pytest-qgis points QGIS_CUSTOM_CONFIG_PATH at the checkout; the desktop must use the fresh profile.
        for name in ("QT_QPA_PLATFORM", "QGIS_PLUGINPATH", "QGIS_CUSTOM_CONFIG_PATH", "QGIS_OPTIONS_PATH"):
            env.pop(name, None)
        command = [
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1600x1000x24",
            "qgis",
            "--nologo",
            "--noversioncheck",
            "--code",
            check,
        ]
        command += list(qgis_args)  # e.g. ["--lang", "zh-Hans"]
        if project:
            command += ["--project", os.path.abspath(project)]
        completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
        report_path = os.path.join(out_dir, "report.json")
        if not os.path.exists(report_path):
            raise RuntimeError(f"QGIS wrote no report (exit {completed.returncode}):\n{completed.stderr[-3000:]}")
        with open(report_path, encoding="utf-8") as handle:
            report = json.load(handle)
        report["messages"] = []
        if os.path.exists(log):
            with open(log, encoding="utf-8") as handle:
                report["messages"] = [json.loads(line) for line in handle if line.strip()]
        return report
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zip", required=True)
    parser.add_argument("--project")
    parser.add_argument("--screenshot", help="copy the main screenshot here")
    parser.add_argument("--out", default="build/desktop")
    parser.add_argument("--locale", default="zh-Hans", help="as QGIS stores it: 简体中文 is zh-Hans")
    args = parser.parse_args()
    report = run(args.zip, args.project, args.out, args.locale)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if args.screenshot:
        os.makedirs(os.path.dirname(os.path.abspath(args.screenshot)), exist_ok=True)
        shutil.copy(os.path.join(args.out, "main.png"), args.screenshot)
    python_errors = [m for m in report["messages"] if m["tag"] == "Python error" or "Traceback" in m["message"]]
    return 1 if python_errors or "lianwei" not in report["loaded_plugins"] else 0


if __name__ == "__main__":
    sys.exit(main())
