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
from tools.desktop_common import PRELUDE  # noqa: E402

STEPS = r"""
import processing
from qgis.core import QgsApplication, QgsProject, QgsRectangle, QgsPointXY
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QTimer, QEvent, QPoint, Qt
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface

OFFICE = os.environ["LIANWEI_OFFICE"]
LEDGER = os.path.join(os.environ["LIANWEI_WORK"], "新台账.gpkg")
def s1():
    window = iface.mainWindow()
    window.setGeometry(QApplication.primaryScreen().availableGeometry())
    result = processing.run("lianwei:createledger", {"OUTPUT": LEDGER, "TOWN_NAME": "清溪镇"})
    from lianwei.layers.project import ledger_layers, relate_ledger
    layers = ledger_layers(LEDGER)
    QgsProject.instance().addMapLayers(list(layers.values()))
    relate_ledger(QgsProject.instance(), layers)
    plugin().load_office_layers()
    dialog = plugin().load_layers_dialog
    page = dialog.page("villages")
    dialog.tabs.setCurrentWidget(page) if hasattr(dialog, "tabs") else None
    page.file.setFilePath(os.path.join(OFFICE, "村界.shp"))
    REPORT["banner_before_fix"] = page.banner.isVisibleTo(dialog)
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
        if page.fix:  # the technician clicks 使用 GBK on each tab that shows the banner
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

def s7(tool, centre):
    x, y = centre.x(), centre.y()
    for dx, dy in ((0, 0), (30, 0), (30, 18), (12, 26), (0, 18)):
        click(tool, x + dx, y + dy)
    shot("06_drawing.png")
    click(tool, x, y, Qt.MouseButton.RightButton)
    if tool.new_case.dialog is not None:
        tool.new_case.dialog.resize(900, 720)
        tool.new_case.dialog.move(420, 150)
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
        record(layer, case_id, status)
    try:
        record(layer, case_id, "DEMOLISHED")
        REPORT["demolished_without_photo"] = "accepted"
    except Exception as error:
        REPORT["demolished_without_photo"] = str(error)
    # In the form, 已拆除 without area, date and photo: the form explains and will not save.
    layer.startEditing()
    dialog = open_form(layer, feature.id(), "处置")
    dialog.attributeForm().changeAttribute("status", "DEMOLISHED")
    later(1500, lambda: s8b(layer, feature, dialog))

def s8b(layer, feature, dialog):
    from qgis.PyQt.QtWidgets import QDialogButtonBox
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    REPORT["ok_enabled_when_refused"] = ok.isEnabled()
    shot("08a_form_refuses_demolished.png")
    dialog.reject()
    layer.rollBack()
    # The technician picks the photo in the file dialog of 附加取证材料…; the dialog's answer is given here.
    from qgis.PyQt import QtWidgets
    from lianwei.ui import evidence_action
    QtWidgets.QFileDialog.getOpenFileNames = staticmethod(lambda *args, **kwargs: ([os.environ["LIANWEI_PHOTO"]], ""))
    layer.selectByIds([feature.id()])
    iface.setActiveLayer(layer)
    evidence_action.attach_to_selected(iface)
    later(1500, lambda: s9(layer, feature.id()))

def record(layer, case_id, status):
    from lianwei.processing.algorithms.record_status import STATUSES
    processing.run("lianwei:recordstatus", {"INPUT": layer, "CASES": case_id, "STATUS": STATUSES.index(status)})

def open_form(layer, fid, tab):
    from qgis.gui import QgsAttributeDialog, QgsAttributeEditorContext
    from qgis.PyQt.QtWidgets import QTabWidget
    context = QgsAttributeEditorContext()
    context.setVectorLayerTools(iface.vectorLayerTools())
    context.setMapCanvas(iface.mapCanvas())
    dialog = QgsAttributeDialog(layer, layer.getFeature(fid), False, iface.mainWindow(), True, context)
    dialog.resize(900, 720)
    dialog.move(420, 150)
    dialog.show()
    tabs = dialog.findChild(QTabWidget)
    names = [tabs.tabText(k) for k in range(tabs.count())]
    REPORT.setdefault("form_tabs", names)
    tabs.setCurrentIndex(names.index(tab))
    return dialog

def s9(layer, fid):
    shot("08_photo_attached.png")
    layer.startEditing()
    dialog = open_form(layer, fid, "处置")
    form = dialog.attributeForm()
    form.changeAttribute("status", "DEMOLISHED")
    form.changeAttribute("demolished_m2", float(layer.getFeature(fid)["footprint_m2"]))
    from qgis.PyQt.QtCore import QDate
    form.changeAttribute("demolished_on", QDate.currentDate())
    later(1500, lambda: s10(layer, fid, dialog))

def s10(layer, fid, dialog):
    shot("09_form_demolished.png")
    dialog.accept()
    REPORT["commit_demolished"] = layer.commitChanges()
    layer.startEditing()
    dialog = open_form(layer, fid, "处置")
    dialog.attributeForm().changeAttribute("status", "SIGNED_OFF")
    from qgis.PyQt.QtCore import QDate
    dialog.attributeForm().changeAttribute("signed_off_on", QDate.currentDate())
    dialog.accept()
    REPORT["commit_signed_off"] = layer.commitChanges()
    REPORT["final_status"] = layer.getFeature(fid)["status"]
    dialog = open_form(layer, fid, "照片" if "照片" in REPORT["form_tabs"] else REPORT["form_tabs"][-2])
    later(2500, lambda: s11(layer, fid, dialog))

def s11(layer, fid, dialog):
    shot("10_form_photos.png")
    dialog.close()
    dialog = open_form(layer, fid, REPORT["form_tabs"][-1])
    later(2500, lambda: s12(dialog))

def s12(dialog):
    shot("11_form_history.png")
    dialog.close()
    plugin().print_case_card()
    later(12000, finish)

def finish():
    import glob
    REPORT["cards"] = glob.glob(os.path.join(os.path.dirname(LEDGER), "案件卡片", "*.pdf"))
    write_report()
    for card in REPORT["cards"]:
        import shutil
        shutil.copy(card, os.path.join(OUT, "case_card.pdf"))
    os._exit(0)

later(5000, s1)
"""
WALK = PRELUDE + STEPS


def site_photo() -> bytes:
    """A 1200×900 photo with the EXIF a phone writes (time, position, direction)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
    from exif_jpeg import jpeg_with_exif, photo_tags, tiff_block

    ifd0, exif, gps = photo_tags(taken="2026:11:21 10:12:30", latitude=22.8912, longitude=108.3512)
    return jpeg_with_exif(tiff_block(ifd0, exif, gps), size=(1200, 900), colour=(150, 130, 100))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zip", required=True)
    parser.add_argument("--sample", required=True, help="a sample township ledger (make demo)")
    parser.add_argument("--out", default="build/desktop_cases")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="lianwei-cases-")
    office = os.path.join(work, "office")
    subprocess.run([sys.executable, "-m", "tools.sample_sources", args.sample, office], check=True)
    photo = os.path.join(work, "拆除后现场.jpg")
    with open(photo, "wb") as handle:
        handle.write(site_photo())
    report = run(
        args.zip,
        None,
        args.out,
        timeout=300,
        check_script=WALK,
        extra_env={"LIANWEI_OFFICE": office, "LIANWEI_WORK": work, "LIANWEI_PHOTO": photo},
    )
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0 if "error" not in report else 1


if __name__ == "__main__":
    sys.exit(main())
