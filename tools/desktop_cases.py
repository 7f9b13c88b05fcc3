"""The case workflow in the real QGIS Desktop under Xvfb: a new ledger, the office's files loaded through the
dialog, a case drawn on the map and moved along the workflow, its case card printed. Screenshots of each step.

    /usr/bin/python3 tools/desktop_cases.py --zip lianwei.zip --sample demo-output/sample_township.gpkg \
        --out build/desktop_cases
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tools.desktop import run  # noqa: E402

WALK = r"""
import json, os, processing
import qgis.utils
from qgis.core import QgsApplication, QgsProject, QgsRectangle, QgsPointXY
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QTimer, QEvent, QPoint, Qt
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface

OUT = os.environ["LIANWEI_DESKTOP_OUT"]
OFFICE = os.environ["LIANWEI_OFFICE"]
LEDGER = os.path.join(os.environ["LIANWEI_WORK"], "新台账.gpkg")
REPORT = {"shots": []}

def shot(name):
    path = os.path.join(OUT, name)
    QApplication.primaryScreen().grabWindow(0).save(path)
    REPORT["shots"].append(path)

def later(ms, step):
    def guarded():
        try:
            step()
        except Exception as error:
            import traceback
            REPORT["error"] = traceback.format_exc()
            finish()
    QTimer.singleShot(ms, guarded)

def plugin():
    return qgis.utils.plugins["lianwei"]

def s1():
    window = iface.mainWindow()
    window.setGeometry(QApplication.primaryScreen().availableGeometry())
    result = processing.run("lianwei:createledger", {"OUTPUT": LEDGER, "TOWN_NAME": "清溪镇"})
    from lianwei.layers.project import ledger_layers, relate_cases
    layers = ledger_layers(LEDGER)
    QgsProject.instance().addMapLayers(list(layers.values()))
    relate_cases(QgsProject.instance(), layers)
    plugin().load_office_layers()
    dialog = plugin().load_layers_dialog
    page = dialog.page("villages")
    dialog.tabs.setCurrentWidget(page) if hasattr(dialog, "tabs") else None
    page.file.setFilePath(os.path.join(OFFICE, "村界.shp"))
    REPORT["banner_before_fix"] = page.banner.isVisible()
    later(1500, s2)

def s2():
    shot("01_load_dialog_gbk_banner.png")
    dialog = plugin().load_layers_dialog
    page = dialog.page("villages")
    page.apply_encoding_fix()
    REPORT["preview_after_fix"] = page.preview_texts()[:2]
    later(1000, s3)

def s3():
    shot("02_load_dialog_fixed.png")
    dialog = plugin().load_layers_dialog
    for table, name in (("cadastre", "宗地.shp"), ("permits", "许可.gpkg"), ("farmland", "永久基本农田.shp")):
        page = dialog.page(table)
        page.file.setFilePath(os.path.join(OFFICE, name))
        if page.banner.isVisible():
            page.apply_encoding_fix()
    dialog.tabs.setCurrentWidget(dialog.page("cadastre")) if hasattr(dialog, "tabs") else None
    later(1000, s4)

def s4():
    shot("03_load_dialog_cadastre.png")
    dialog = plugin().load_layers_dialog
    REPORT["import_started"] = dialog.start_import()
    later(15000, s5)

def s5():
    dialog = plugin().load_layers_dialog
    REPORT["import_results"] = {k: {n: v for n, v in r.items() if isinstance(v, (int, float, str))}
                                for k, r in (getattr(dialog, "results", {}) or {}).items()}
    REPORT["import_errors"] = dict(getattr(dialog, "errors", {}) or {})
    shot("04_import_done.png")
    dialog.close()
    villages = QgsProject.instance().mapLayersByName("村界")[0]
    villages.reload()
    canvas = iface.mapCanvas()
    canvas.setExtent(villages.extent())
    canvas.refresh()
    later(3000, s6)

def s6():
    shot("05_loaded_map.png")
    villages = QgsProject.instance().mapLayersByName("村界")[0]
    village = next(villages.getFeatures())
    centre = village.geometry().pointOnSurface().asPoint()
    canvas = iface.mapCanvas()
    canvas.setExtent(QgsRectangle(centre.x() - 120, centre.y() - 80, centre.x() + 120, centre.y() + 80))
    canvas.refresh()
    tool = plugin().case_actions.activate("draw")
    REPORT["tool"] = type(tool).__name__
    later(2000, lambda: s7(tool, centre))

def click(tool, x, y, button=Qt.MouseButton.LeftButton):
    canvas = iface.mapCanvas()
    pixel = canvas.getCoordinateTransform().transform(QgsPointXY(x, y))
    point = QPoint(round(pixel.x()), round(pixel.y()))
    tool.canvasPressEvent(QgsMapMouseEvent(canvas, QEvent.Type.MouseButtonPress, point, button))
    tool.canvasReleaseEvent(QgsMapMouseEvent(canvas, QEvent.Type.MouseButtonRelease, point, button))

def s7(tool, centre):
    x, y = centre.x(), centre.y()
    for dx, dy in ((0, 0), (30, 0), (30, 18), (12, 26), (0, 18)):
        click(tool, x + dx, y + dy)
    shot("06_drawing.png")
    click(tool, x, y, Qt.MouseButton.RightButton)
    later(2000, lambda: s8(tool))

def s8(tool):
    shot("07_case_form.png")
    dialog = tool.new_case.dialog
    dialog.accept()
    layer = tool.case_layer
    REPORT["commit"] = layer.commitChanges()
    feature = max(layer.getFeatures(), key=lambda f: f.id())
    REPORT["case"] = {n: str(feature[n]) for n in ("case_id", "village_name", "footprint_m2", "ellipsoid_m2",
                                                   "parcel_id", "owner", "violation_type", "status", "area_method")}
    case_id = feature["case_id"]
    for status in ("VERIFIED", "FILED", "ORDERED"):
        processing.run("lianwei:recordstatus", {"INPUT": layer, "CASES": case_id,
                                                "STATUS": list(plugin_statuses()).index(status)})
    try:
        processing.run("lianwei:recordstatus", {"INPUT": layer, "CASES": case_id,
                                                "STATUS": list(plugin_statuses()).index("DEMOLISHED")})
        REPORT["demolished_without_photo"] = "accepted"
    except Exception as error:
        REPORT["demolished_without_photo"] = str(error)
    layer.selectByIds([feature.id()])
    iface.setActiveLayer(layer)
    iface.openFeatureForm(layer, layer.getFeature(feature.id()), False, False)
    later(2500, s9)

def plugin_statuses():
    from lianwei.processing.algorithms.record_status import STATUSES
    return STATUSES

def s9():
    shot("08_case_ordered_form.png")
    plugin().print_case_card()
    later(12000, finish)

def finish():
    import glob
    REPORT["cards"] = glob.glob(os.path.join(os.path.dirname(LEDGER), "案件卡片", "*.pdf"))
    with open(os.path.join(OUT, "report.json"), "w", encoding="utf-8") as handle:
        json.dump(REPORT, handle, ensure_ascii=False, indent=1, default=str)
    for card in REPORT["cards"]:
        import shutil
        shutil.copy(card, os.path.join(OUT, "case_card.pdf"))
    os._exit(0)

later(5000, s1)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zip", required=True)
    parser.add_argument("--sample", required=True, help="a sample township ledger (make demo)")
    parser.add_argument("--out", default="build/desktop_cases")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="lianwei-cases-")
    office = os.path.join(work, "office")
    subprocess.run([sys.executable, "-m", "tools.sample_sources", args.sample, office], check=True)
    report = run(
        args.zip,
        None,
        args.out,
        timeout=300,
        check_script=WALK,
        extra_env={"LIANWEI_OFFICE": office, "LIANWEI_WORK": work},
    )
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0 if "error" not in report else 1


if __name__ == "__main__":
    sys.exit(main())
