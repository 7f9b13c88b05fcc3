"""The user guide's screenshots (docs/guide/images/), taken in the real QGIS Desktop under Xvfb in zh-Hans with the
plugin installed from its zip: the 两违整治 menu, the new-ledger dialog, the load-office-layers dialog, a case drawn
and its form, the check's dialog, the progress dock, the village maps (dialog, progress, one page of the PDF), the
Processing toolbox, a batch dialog, the sample model in the Graphical Modeler and the patch import dialog. Each
picture is cropped to its dialog or dock and stored with 256 colours when that is smaller.

    /usr/bin/python3 tools/desktop_guide.py --zip lianwei.zip --project demo-output/sample_township.qgz \
        --office demo-output/office_layers --patches demo-output/county_patches.shp --out docs/guide/images
"""

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tools.desktop import run  # noqa: E402
from tools.desktop_common import PRELUDE  # noqa: E402

STEPS = r"""
import processing
from qgis.core import Qgis, QgsApplication, QgsPointXY, QgsProcessingModelAlgorithm, QgsProject, QgsRectangle
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QEvent, Qt
from qgis.PyQt.QtWidgets import QDockWidget
from qgis.utils import iface

WORK = os.environ["LIANWEI_WORK"]
OFFICE = os.environ["LIANWEI_OFFICE"]
PATCHES = os.environ["LIANWEI_PATCHES"]
MODEL = os.environ["LIANWEI_MODEL"]
LEDGER = os.path.splitext(QgsProject.instance().fileName())[0] + ".gpkg"
MAPS = os.path.join(WORK, "村级图")
REPORT.update(ledger=LEDGER, texts={})

def window():
    return iface.mainWindow()

def toolbox():
    return window().findChild(QDockWidget, "ProcessingToolbox")

def layer(name):
    return QgsProject.instance().mapLayersByName(name)[0]

def place(dialog, width, height, x=200, y=80):
    dialog.show()  # first: some dialogs restore their last size when shown
    dialog.resize(width, height)
    dialog.move(x, y)
    dialog.raise_()
    return dialog

def texts(widget, key):
    # The visible texts of a dialog, for the report: a reader finds any English left in it.
    from qgis.PyQt.QtWidgets import QAbstractButton, QLabel, QGroupBox
    found = [w.text() for w in widget.findChildren((QLabel, QAbstractButton)) if w.isVisible() and w.text()]
    found += [w.title() for w in widget.findChildren(QGroupBox) if w.isVisible()]
    REPORT["texts"][key] = [widget.windowTitle()] + found[:80]

def s1():
    window().setGeometry(QApplication.primaryScreen().availableGeometry())
    toolbox().hide()
    browser = window().findChild(QDockWidget, "Browser")
    if browser is not None:
        browser.hide()  # the Layers panel takes the left side
    bar = window().menuBar()
    bar.setActiveAction(plugin().menu.menuAction())
    later(1500, s2)

def s2():
    menu = plugin().menu
    top = menu.mapToGlobal(QPoint(0, 0))
    bar = window().menuBar()
    left = bar.mapToGlobal(QPoint(0, 0))
    rect = QRect(left.x(), left.y(), top.x() + menu.width() + 24 - left.x(), top.y() + menu.height() + 8 - left.y())
    shot("01_menu.png", rect=rect)
    REPORT["menu"] = [menu.title()] + [a.text() for a in menu.actions() if a.text()]
    menu.hide()
    bar.setActiveAction(None)
    parameters = {"OUTPUT": os.path.join(WORK, "清溪镇两违台账.gpkg"), "TOWN_NAME": "清溪镇"}
    globals()["_dialog"] = place(processing.createAlgorithmDialog("lianwei:createledger", parameters), 1000, 680)
    later(2000, s3)

def s3():
    dialog = globals().pop("_dialog")
    shot("02_new_ledger.png", dialog)
    texts(dialog, "createledger")
    dialog.close()
    plugin().load_office_layers()
    dialog = plugin().load_layers_dialog
    place(dialog, 1100, 760)
    page = dialog.page("villages")
    dialog.tabs.setCurrentWidget(page)
    page.file.setFilePath(os.path.join(OFFICE, "村界.shp"))
    later(2000, s4)

def s4():
    dialog = plugin().load_layers_dialog
    page = dialog.page("villages")
    REPORT["gbk_banner"] = page.banner.isVisibleTo(dialog)
    shot("03_load_layers_gbk.png", dialog)
    page.apply_encoding_fix()
    later(1500, s5)

def s5():
    dialog = plugin().load_layers_dialog
    shot("04_load_layers_fixed.png", dialog)
    texts(dialog, "load_layers")
    dialog.close()
    villages = layer("村界")
    village = next(villages.getFeatures())
    centre = village.geometry().pointOnSurface().asPoint()
    REPORT["village"] = village["village_name"]
    canvas = iface.mapCanvas()
    canvas.setExtent(QgsRectangle(centre.x() - 120, centre.y() - 80, centre.x() + 120, centre.y() + 80))
    canvas.refresh()
    tool = plugin().case_actions.activate("draw")
    later(3000, lambda: s6(tool, centre))

def s6(tool, centre):
    x, y = centre.x(), centre.y()
    for dx, dy in ((0, 0), (30, 0), (30, 18), (12, 26), (0, 18)):
        click(tool, x + dx, y + dy)
    iface.mapCanvas().refresh()
    later(1500, lambda: s6b(tool, centre))

def s6b(tool, centre):
    x, y = centre.x(), centre.y()
    canvas = iface.mapCanvas()
    # the plugin's toolbar with the three map tools, the Layers panel and the outline being drawn
    top = plugin().toolbar.mapToGlobal(QPoint(0, 0))
    corner = canvas.mapToGlobal(QPoint(0, 0))
    rect = QRect(0, top.y(), corner.x() + min(canvas.width(), 900), corner.y() - top.y() + min(canvas.height(), 520))
    shot("05_drawing.png", rect=rect)
    click(tool, x, y, Qt.MouseButton.RightButton)
    dialog = tool.new_case.dialog
    if dialog is not None:
        place(dialog, 900, 720, 350, 120)
    later(2500, lambda: s7(tool))

def s7(tool):
    dialog = tool.new_case.dialog
    shot("06_case_form.png", dialog)
    texts(dialog, "case_form")
    dialog.accept()
    cases = tool.case_layer
    REPORT["case_commit"] = cases.commitChanges()
    feature = max(cases.getFeatures(), key=lambda f: f.id())
    REPORT["case"] = {n: str(feature[n]) for n in ("case_id", "village_name", "footprint_m2", "status")}
    iface.actionPan().trigger()
    from lianwei.processing.algorithms.check_violations import ledger_parameters
    parameters = dict(ledger_parameters(LEDGER), OUTPUT=os.path.join(WORK, "核查结果.gpkg"))
    globals()["_dialog"] = place(processing.createAlgorithmDialog("lianwei:checkviolations", parameters), 1100, 760)
    later(2000, s8)

def s8():
    dialog = globals().pop("_dialog")
    shot("07_check_dialog.png", dialog)
    texts(dialog, "checkviolations")
    dialog.close()
    iface.mapCanvas().setExtent(layer("村界").extent())
    plugin().show_progress_dock()
    dock = plugin().progress_dock
    dock.setMinimumWidth(760)
    # the sample township's campaign is 2024's: the report date at the end of its September
    from qgis.PyQt.QtCore import QDate
    dock.report_date.setDate(QDate(2024, 9, 30))
    later(3000, s9)

def s9():
    dock = plugin().progress_dock
    shot("08_progress_dock.png", dock)
    texts(dock, "progress_dock")
    parameters = {"INPUT": layer("违法图斑"), "VILLAGES": layer("村界"), "OUTPUT_FOLDER": MAPS}
    globals()["_dialog"] = place(processing.createAlgorithmDialog("lianwei:villagemaps", parameters), 1100, 800)
    later(2000, s10)

def s10():
    dialog = globals().pop("_dialog")
    shot("09_village_maps_dialog.png", dialog)
    texts(dialog, "villagemaps")
    dialog.close()
    # From the menu (or the dock's button): the villages selected on the map, in the background.
    villages = layer("村界")
    villages.selectByIds([next(villages.getFeatures()).id()])
    plugin().print_village_maps()  # the folder question is answered by the QFileDialog patched below
    later(1500, s11)

def s11():
    bar = iface.messageBar()
    corner = bar.mapToGlobal(QPoint(0, 0))
    rect = QRect(corner.x(), corner.y() - 4, min(bar.width(), 1100), bar.height() + 8)
    shot("10_village_maps_progress.png", rect=rect)
    wait_for_maps(0)

def wait_for_maps(waited):
    runner = plugin().village_maps
    if runner.task is not None and waited < 240:
        later(1000, lambda: wait_for_maps(waited + 1))
        return
    REPORT["village_maps"] = {"folder": runner.folder, "results": dict(runner.last_results or {})}
    iface.messageBar().clearWidgets()
    show_toolbox()

def show_toolbox():
    from lianwei.ui import ledger_actions
    plugin().progress_dock.hide()
    ledger_actions.show_toolbox(iface)
    dock = toolbox()
    dock.setMinimumWidth(420)
    tree = getattr(dock, "algorithmTree", None)
    if tree is not None:
        tree.expandAll()
    later(2500, s12)

def s12():
    dock = toolbox()
    shot("11_toolbox.png", dock)
    from qgis.PyQt.QtWidgets import QTreeView
    tree = dock.findChild(QTreeView)
    if tree is not None:
        model, names = tree.model(), []
        def walk(parent):
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                names.append(str(model.data(index)))
                walk(index)
        walk(tree.rootIndex())
        REPORT["toolbox"] = names
    # the batch dialog of the check with two rows, opened from a batch file as the panel's Open button does
    from processing.gui import BatchPanel
    from processing.gui.BatchAlgorithmDialog import BatchAlgorithmDialog
    from lianwei.processing.algorithms.check_violations import ledger_parameters
    batch = os.path.join(WORK, "batch.json")
    tables = ledger_parameters(LEDGER)
    without_farmland = {k: v for k, v in tables.items() if k != "FARMLAND"}
    rows = [(tables, {"OUTPUT": os.path.join(WORK, "核查_全部.gpkg")}),
            (without_farmland, {"OUTPUT": os.path.join(WORK, "核查_不含基本农田.gpkg")})]
    if Qgis.QGIS_VERSION_INT >= 34000:
        content = {"format": "batch_3.40", "rows": [{"PARAMETERS": p, "OUTPUTS": o} for p, o in rows]}
    else:
        content = [{"PARAMETERS": {k: repr(v) for k, v in p.items()}, "OUTPUTS": {k: repr(v) for k, v in o.items()}}
                   for p, o in rows]
    with open(batch, "w", encoding="utf-8") as handle:
        json.dump(content, handle)
    BatchPanel.QFileDialog.getOpenFileName = staticmethod(lambda *args, **kwargs: (batch, ""))
    algorithm = QgsApplication.processingRegistry().createAlgorithmById("lianwei:checkviolations")
    dialog = BatchAlgorithmDialog(algorithm, window())
    globals()["_dialog"] = place(dialog, 1400, 400, 100, 150)
    dialog.mainWidget().load()
    REPORT["batch_rows"] = dialog.mainWidget().batchRowCount()
    later(2500, s13)

def s13():
    dialog = globals().pop("_dialog")
    shot("12_batch_dialog.png", dialog)
    texts(dialog, "batch")
    dialog.close()
    from processing.modeler.ModelerDialog import ModelerDialog
    model = QgsProcessingModelAlgorithm()
    REPORT["model_loaded"] = model.fromFile(MODEL)
    REPORT["model"] = [model.displayName(), model.group()]
    REPORT["model_issues"] = {c: list(model.validateChildAlgorithm(c)[1]) for c in model.childAlgorithms()}
    modeler = ModelerDialog.create(model)
    globals()["_modeler"] = place(modeler, 1400, 820, 100, 80)
    later(2500, s14)

def s14():
    modeler = globals()["_modeler"]
    view = modeler.view()
    view.fitInView(view.scene().itemsBoundingRect().adjusted(-40, -40, 40, 40), Qt.AspectRatioMode.KeepAspectRatio)
    later(1500, s15)

def s15():
    modeler = globals().pop("_modeler")
    shot("13_modeler.png", modeler)
    REPORT["modeler_title"] = modeler.windowTitle()
    modeler.setModelChanged(False) if hasattr(modeler, "setModelChanged") else None
    modeler.close()
    toolbox().hide()
    parameters = {"INPUT": PATCHES, "LEDGER": LEDGER}
    globals()["_dialog"] = place(processing.createAlgorithmDialog("lianwei:importpatches", parameters), 1100, 800)
    later(2500, s16)

def s16():
    dialog = globals().pop("_dialog")
    shot("14_import_patches.png", dialog)
    texts(dialog, "importpatches")
    dialog.close()
    finish()

# The folder a technician picks for the village maps.
from qgis.PyQt import QtWidgets
QtWidgets.QFileDialog.getExistingDirectory = staticmethod(lambda *args, **kwargs: MAPS)
later(5000, s1)
"""
WALK = PRELUDE + STEPS


def shrink(path):
    """The PNG with an adaptive palette of 256 colours when that is smaller (screens of flat UI colours are)."""
    from PIL import Image

    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    candidate = path + ".tmp.png"
    palette.save(candidate, optimize=True)
    if os.path.getsize(candidate) < os.path.getsize(path):
        os.replace(candidate, path)
    else:
        os.remove(candidate)


def pdf_page(folder, out):
    """A village's page (NN_<code>_<village>.pdf; 00_ is the township overview) as pdftoppm renders it."""
    pdfs = sorted(glob.glob(os.path.join(folder, "**", "*.pdf"), recursive=True))
    pages = [p for p in pdfs if os.path.basename(p)[:2].isdigit()]
    villages = [p for p in pages if not os.path.basename(p).startswith("00_")]
    chosen = (villages or pages or pdfs or [None])[0]
    if chosen is None:
        return None
    stem = os.path.splitext(out)[0]
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", "-singlefile", chosen, stem], check=True)
    return chosen


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zip", required=True)
    parser.add_argument("--project", required=True, help="the sample township's project (make demo)")
    parser.add_argument("--office", required=True, help="the office's layers (make demo: demo-output/office_layers)")
    parser.add_argument("--patches", required=True, help="the county's patch file (make demo: county_patches.shp)")
    parser.add_argument("--model", default="resources/models/lianwei_sample_check.model3")
    parser.add_argument("--out", default="docs/guide/images")
    parser.add_argument("--report", default="build/guide/report.json", help="what was seen, for the reader")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="lianwei-guide-")
    raw = os.path.join(work, "shots")
    env = {
        "LIANWEI_WORK": work,
        "LIANWEI_OFFICE": os.path.abspath(args.office),
        "LIANWEI_PATCHES": os.path.abspath(args.patches),
        "LIANWEI_MODEL": os.path.abspath(args.model),
    }
    try:
        report = run(args.zip, args.project, raw, timeout=600, check_script=WALK, extra_env=env)
        pdf = pdf_page(os.path.join(work, "村级图"), os.path.join(raw, "15_village_map_page.png"))
        report["village_map_pdf"] = os.path.basename(pdf) if pdf else None
        os.makedirs(args.out, exist_ok=True)
        for old in glob.glob(os.path.join(args.out, "*.png")):
            os.remove(old)
        for path in sorted(glob.glob(os.path.join(raw, "*.png"))):
            target = os.path.join(args.out, os.path.basename(path))
            shutil.copy(path, target)
            shrink(target)
        sizes = {os.path.basename(p): os.path.getsize(p) for p in sorted(glob.glob(os.path.join(args.out, "*.png")))}
        report["sizes"], report["total_bytes"] = sizes, sum(sizes.values())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.dirname(os.path.abspath(args.report)), exist_ok=True)
    with open(args.report, "w", encoding="utf-8") as handle:
        json.dump(report, handle, ensure_ascii=False, indent=1, default=str)
    print(json.dumps(report, ensure_ascii=False, indent=1, default=str))
    return 0 if "error" not in report else 1


if __name__ == "__main__":
    sys.exit(main())
