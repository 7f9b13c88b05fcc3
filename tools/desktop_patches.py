"""The 卫片 cycle in the real QGIS Desktop under Xvfb (zh-Hans), through the Processing algorithm dialogs: a surveyor's
boundary-point TXT read into a layer and imported as cases, the county's GBK shapefile without .cpg imported, the
new cases on the map, a verification result set on two of them, the verification returned (shapefile + Excel), the
returned shapefile opened again in QGIS (its attribute table) and the workbook opened in LibreOffice (headless, to
a PNG). Screenshots of each step and a JSON report.

    /usr/bin/python3 tools/desktop_patches.py --zip lianwei.zip --project demo-output/sample_township.qgz \
        --patches demo-output/county_patches.shp --points tests/data/patches/two_parcels_gbk.txt \
        --out build/desktop_patches

The boundary-point step runs when the plugin has lianwei:readboundarypoints. LibreOffice is installed with apt-get
when it is missing and this runs as root (libreoffice-calc, about half a minute here; skipped after 5 minutes).
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
import time
import processing
from qgis.core import QgsApplication, QgsProject, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication, QLabel, QTextEdit
from qgis.utils import iface

WORK = os.environ["LIANWEI_WORK"]
POINTS = os.environ["LIANWEI_POINTS"]
PATCHES = os.environ["LIANWEI_PATCHES"]
RETURNED = os.path.join(WORK, "核查成果", "卫片图斑_核查.shp")
WORKBOOK = os.path.join(WORK, "核查成果", "卫片图斑_核查.xlsx")
CPG = RETURNED[:-4] + ".cpg"
LEDGER = os.path.splitext(QgsProject.instance().fileName())[0] + ".gpkg"
REPORT.update(ledger=LEDGER, steps={})

def close_modal(into):
    modal = QApplication.activeModalWidget()
    if modal is not None:
        label = modal.findChild(QLabel, "qt_msgbox_label")
        REPORT["steps"].setdefault(into, {})["modal"] = label.text() if label is not None else modal.windowTitle()
        modal.close()

def run_dialog(name, algorithm, parameters, then, timeout=240):
    # The algorithm's own dialog, filled with the parameters, run with its Run button; `then(dialog, ok, results)`
    # once it finished (or failed, or timed out).
    dialog = processing.createAlgorithmDialog(algorithm, parameters)
    dialog.resize(1150, 800)
    dialog.move(220, 90)
    dialog.show()
    state = {"done": False, "started": time.time()}
    def finished(ok, results):
        state.update(done=True, ok=ok, results=dict(results))
    dialog.algorithmFinished.connect(finished)
    def poll():
        close_modal(name)
        bar = [item.text() for item in dialog.messageBar().items()]
        if bar:
            REPORT["steps"].setdefault(name, {}).setdefault("message_bar", []).extend(bar)
            dialog.messageBar().clearWidgets()
        log = "\n".join(w.toPlainText() for w in dialog.findChildren(QTextEdit))
        refused = bool(bar) and "算法启动于" not in log and "Algorithm started" not in log  # the dialog said no
        if state["done"] or refused or time.time() - state["started"] > timeout:
            step = REPORT["steps"].setdefault(name, {})
            step["ok"] = state.get("ok", False)
            step["seconds"] = round(time.time() - state["started"], 1)
            step["results"] = {k: v for k, v in state.get("results", {}).items() if isinstance(v, (str, int, float))}
            step["log"] = "\n".join(w.toPlainText() for w in dialog.findChildren(QTextEdit))
            later(1500, lambda: then(dialog, state.get("ok", False), state.get("results", {})))
        else:
            later(1000, poll)
    later(1000, poll)
    # the Run button; a refusal in checkParameterValues opens a modal box that poll() closes
    later(1500, dialog.runAlgorithm)
    return dialog

def case_layer():
    layer = (QgsProject.instance().mapLayersByName("违法图斑") or [None])[0]
    if layer is None:
        raise RuntimeError("the project has no layer 违法图斑")
    return layer

def report_cases(results):
    # The case numbers the import report lists: (new ones, linked ones).
    report = results.get("REPORT")
    layer = report if isinstance(report, QgsVectorLayer) else None
    if layer is None and report:
        layer = QgsProject.instance().mapLayer(report) or QgsVectorLayer(report, "report", "ogr")
    new, linked = [], []
    for feature in (layer.getFeatures() if layer is not None and layer.isValid() else []):
        ids = [c.strip() for c in str(feature["case_ids"] or "").split(",") if c.strip()]
        (new if feature["result"] == "new" else linked).extend(ids)
    return new, linked

def zoom_to_cases(case_ids, margin, select=False):
    layer = case_layer()
    layer.reload()
    quoted = ",".join("'" + c + "'" for c in case_ids)
    ids = [f.id() for f in layer.getFeatures("case_id IN (" + quoted + ")")] if case_ids else []
    layer.selectByIds(ids)
    extent = QgsRectangle()
    for feature in layer.getSelectedFeatures():
        extent.combineExtentWith(feature.geometry().boundingBox())
    if not extent.isEmpty():
        extent.grow(margin)
        iface.mapCanvas().setExtent(extent)
    if not select:
        layer.removeSelection()  # the cases in their status colours
    iface.setActiveLayer(layer)
    iface.mapCanvas().refresh()
    return len(ids)

def s1():
    iface.mainWindow().setGeometry(QApplication.primaryScreen().availableGeometry())
    os.makedirs(os.path.dirname(RETURNED), exist_ok=True)
    REPORT["cases_before"] = case_layer().featureCount()
    registry = QgsApplication.processingRegistry()
    REPORT["has_readboundarypoints"] = registry.algorithmById("lianwei:readboundarypoints") is not None
    if not REPORT["has_readboundarypoints"]:
        later(500, s3)
        return
    parameters = {"INPUT": POINTS, "OUTPUT": os.path.join(WORK, "界址点地块.gpkg")}
    globals()["_dialog"] = run_dialog("readboundarypoints", "lianwei:readboundarypoints", parameters, s2)

def s2(dialog, ok, results):
    shot("01_read_boundary_points.png")
    dialog.close()
    output = str(results.get("OUTPUT") or "")
    layers = [l for l in QgsProject.instance().mapLayers().values()
              if output and (l.id() == output or l.source().split("|")[0] == output.split("|")[0])]
    layer = layers[0] if layers else QgsVectorLayer(output, "界址点地块", "ogr")
    # the parcels as a dashed outline over the cases they become
    from qgis.core import QgsFillSymbol, QgsSingleSymbolRenderer
    outline = {"color": "0,0,0,0", "outline_color": "#0050c8", "outline_width": "0.8", "outline_style": "dash"}
    layer.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(outline)))
    layer.triggerRepaint()
    REPORT["steps"]["readboundarypoints"]["layer"] = {
        "name": layer.name(), "valid": layer.isValid(), "features": layer.featureCount(),
        "crs": layer.crs().authid(), "fields": layer.fields().names(),
        "rows": [[str(v) for v in f.attributes()] for f in layer.getFeatures()],
    }
    parameters = {"INPUT": layer, "LEDGER": LEDGER, "REPORT": "TEMPORARY_OUTPUT"}
    globals()["_dialog"] = run_dialog("import_points", "lianwei:importpatches", parameters, s2b)

def s2b(dialog, ok, results):
    shot("02_import_boundary_points.png")
    dialog.close()
    new, linked = report_cases(results)
    REPORT["steps"]["import_points"].update(new_cases=new, linked_cases=linked)
    REPORT["points_cases"] = new + linked
    later(500, s3)

def s3():
    parameters = {"INPUT": PATCHES, "LEDGER": LEDGER, "REPORT": "TEMPORARY_OUTPUT"}
    globals()["_dialog"] = run_dialog("import_shapefile", "lianwei:importpatches", parameters, s4)

def s4(dialog, ok, results):
    shot("03_import_gbk_shapefile.png")
    dialog.close()
    new, linked = report_cases(results)
    REPORT["steps"]["import_shapefile"].update(new_cases=new[:20], new_count=len(new), linked_count=len(linked))
    REPORT["patch_cases"] = new
    case_layer().reload()
    REPORT["cases_after"] = case_layer().featureCount()
    # the same file again, as a technician who is not sure it was imported: nothing new
    again = processing.run("lianwei:importpatches", {"INPUT": PATCHES, "LEDGER": LEDGER})
    REPORT["second_import"] = {k: again.get(k) for k in ("NEW", "LINKED", "CHANGED", "UNCHANGED", "REFUSED")}
    case_layer().reload()
    REPORT["cases_after_second"] = case_layer().featureCount()
    for layer in list(QgsProject.instance().mapLayers().values()):
        if layer.name() in ("导入报告", "Import report") or not layer.isSpatial() and layer.providerType() == "memory":
            QgsProject.instance().removeMapLayer(layer)  # the report tables would cover the map's legend
    if REPORT.get("points_cases"):
        REPORT["zoomed_points"] = zoom_to_cases(REPORT["points_cases"], 60)
        later(3000, s5)
    else:
        later(500, s6)

def s5():
    shot("04_map_boundary_point_cases.png")
    later(500, s6)

def s6():
    REPORT["zoomed_patches"] = zoom_to_cases(REPORT.get("patch_cases", []), 80, select=True)
    later(3000, s7)

def s7():
    shot("05_map_patch_cases.png")
    # The field check: two patches verified, one illegal, one legal with its reason.
    from lianwei.layers.case_edits import update_cases
    layer = case_layer()
    chosen = REPORT.get("patch_cases", [])[:2]
    changes = {}
    if chosen:
        changes[chosen[0]] = {"verify_result": "ILLEGAL", "verified_on": "2024-09-02", "verified_by": "李技术员"}
    if len(chosen) > 1:
        changes[chosen[1]] = {"verify_result": "LEGAL", "verify_reason": "已办理设施农用地备案（邕设农备〔2024〕12号）",
                              "verified_on": "2024-09-02", "verified_by": "李技术员"}
    REPORT["verified"] = {k: dict(v) for k, v in changes.items()}
    REPORT["verified_written"] = update_cases(layer, changes)
    REPORT["zoomed_verified"] = zoom_to_cases(list(changes)[-1:], 60)
    later(3000, s7b)

def s7b():
    shot("05b_map_verified_case.png")
    parameters = {"LEDGER": LEDGER, "UPPER": PATCHES, "OUTPUT": RETURNED, "EXCEL": WORKBOOK}
    globals()["_dialog"] = run_dialog("exportverification", "lianwei:exportverification", parameters, s8)

def s8(dialog, ok, results):
    shot("06_export_verification.png")
    dialog.close()
    layer = QgsVectorLayer(RETURNED, "卫片图斑_核查", "ogr")
    QgsProject.instance().addMapLayer(layer)
    REPORT["returned"] = {
        "valid": layer.isValid(), "features": layer.featureCount(), "crs": layer.crs().authid(),
        "encoding": layer.dataProvider().encoding(), "fields": layer.fields().names(),
        "cpg": open(CPG, encoding="ascii").read() if os.path.exists(CPG) else None,
    }
    verified = list(REPORT.get("verified", {}))
    rows = []
    for feature in layer.getFeatures():
        values = {n: str(feature[n]) for n in layer.fields().names()}
        if values.get("AJBH") in verified or len(rows) < 2:
            rows.append(values)
    REPORT["returned"]["rows"] = rows
    # the columns a technician checks first: the county's Chinese text and the township's answer
    from qgis.core import QgsAttributeTableConfig
    widths = {"JCBH": 150, "XZQMC": 70, "TBLX": 100, "DLMC": 90, "AJBH": 185, "HCJG": 60, "HCLY": 330,
              "WFLX": 230, "CZZT": 70, "ZPSL": 50, "JZWZ": 60, "JZSM": 90}
    config = layer.attributeTableConfig()
    columns = config.columns()
    for column in columns:
        column.hidden = column.name not in widths
        column.width = widths.get(column.name, -1)
    config.setColumns(columns)
    layer.setAttributeTableConfig(config)
    table = iface.showAttributeTable(layer, "\"HCJG\" IS NOT NULL OR $id < 3")
    table.resize(1500, 640)
    table.move(50, 200)
    globals()["_table"] = table
    later(3000, s9)

def s9():
    shot("07_returned_attribute_table.png")
    finish()

later(5000, s1)
"""
WALK = PRELUDE + STEPS


def ensure_soffice(timeout=300):
    """The LibreOffice command, installed with apt-get when missing and allowed (root); None if not to be had."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    command = ["apt-get", "install", "-y", "--no-install-recommends", "libreoffice-calc"]
    try:
        subprocess.run(
            command,
            check=True,
            timeout=timeout,
            capture_output=True,
            env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
        )
    except (subprocess.SubprocessError, OSError) as error:
        print(f"LibreOffice not installed ({error}); its rendering is skipped", file=sys.stderr)
        return None
    return shutil.which("soffice") or shutil.which("libreoffice")


def workbook_summary(path):
    """The workbook's sheets, headers and the rows with a verification result, as openpyxl reads them."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    summary = {}
    for sheet in book.worksheets:
        rows = [[("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)]
        summary[sheet.title] = {
            "rows": len(rows),
            "head": rows[:3],
            "verified": [r for r in rows if "违法" in r or "合法" in r][:4],
        }
    return summary


def libreoffice_png(soffice, workbook, out_dir):
    """The workbook as LibreOffice Calc renders it: converted headless to PDF, the first page to a PNG."""
    profile = tempfile.mkdtemp(prefix="lianwei-lo-")
    pdf_dir = os.path.join(out_dir, "libreoffice")
    os.makedirs(pdf_dir, exist_ok=True)
    command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run(command + ["--outdir", pdf_dir, workbook], check=True, timeout=180, capture_output=True)
    csv = [
        soffice,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):44,34,76",
    ]
    subprocess.run(csv + ["--outdir", pdf_dir, workbook], check=True, timeout=180, capture_output=True)
    shutil.rmtree(profile, ignore_errors=True)
    pdf = glob.glob(os.path.join(pdf_dir, "*.pdf"))[0]
    pages = []
    for page, name in ((1, "08_libreoffice_first_page"), (-1, "09_libreoffice_last_page")):
        number = page if page > 0 else page_count(pdf)
        png = os.path.join(out_dir, name)
        command = ["pdftoppm", "-png", "-r", "130", "-f", str(number), "-l", str(number), "-singlefile", pdf, png]
        subprocess.run(command, check=True)
        pages.append(png + ".png")
    return pages, glob.glob(os.path.join(pdf_dir, "*.csv"))


def page_count(pdf):
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zip", required=True)
    parser.add_argument("--project", required=True, help="the sample township's project (make demo)")
    parser.add_argument("--patches", required=True, help="the county's patch file (make demo: county_patches.shp)")
    parser.add_argument("--points", required=True, help="a boundary-point TXT in the ministry's format")
    parser.add_argument("--out", default="build/desktop_patches")
    args = parser.parse_args()
    if os.path.exists(os.path.splitext(args.patches)[0] + ".cpg"):
        raise SystemExit(f"{args.patches} has a .cpg: the walkthrough is about a GBK shapefile without one")
    work = tempfile.mkdtemp(prefix="lianwei-patches-")
    patches = os.path.join(work, "卫片图斑.shp")  # the county's file as the township saves it from the mail
    for path in glob.glob(os.path.splitext(args.patches)[0] + ".*"):
        shutil.copy(path, os.path.splitext(patches)[0] + os.path.splitext(path)[1])
    points = os.path.join(work, "界址点坐标.txt")
    shutil.copy(args.points, points)
    env = {"LIANWEI_WORK": work, "LIANWEI_PATCHES": patches, "LIANWEI_POINTS": points}
    report = run(args.zip, args.project, args.out, timeout=600, check_script=WALK, extra_env=env)
    workbook = os.path.join(work, "核查成果", "卫片图斑_核查.xlsx")
    if os.path.exists(workbook):
        shutil.copy(workbook, os.path.join(args.out, "卫片图斑_核查.xlsx"))
        report["workbook"] = workbook_summary(workbook)
        soffice = ensure_soffice()
        if soffice:
            pngs, csvs = libreoffice_png(soffice, workbook, args.out)
            report["libreoffice_png"] = pngs
            report["libreoffice_csv_head"] = open(csvs[0], encoding="utf-8").read().splitlines()[:4] if csvs else []
    for path in glob.glob(os.path.join(work, "核查成果", "*")):
        shutil.copy(path, args.out)
    shutil.rmtree(work, ignore_errors=True)
    with open(os.path.join(args.out, "report.json"), "w", encoding="utf-8") as handle:
        json.dump(report, handle, ensure_ascii=False, indent=1, default=str)
    print(json.dumps(report, ensure_ascii=False, indent=1, default=str))
    return 0 if "error" not in report else 1


if __name__ == "__main__":
    sys.exit(main())
