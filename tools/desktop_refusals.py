"""The worst inputs of issue "nothing lost", tried in the real QGIS Desktop under Xvfb (zh-Hans), with screenshots:
the ledger given as the check's output, an empty layer imported with "replace", a ledger locked by another
program. After each, the ledger's tables are compared with what they were.

    /usr/bin/python3 tools/desktop_refusals.py --zip lianwei.zip --project demo-output/sample_township.qgz \
        --out build/desktop_refusals
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tools.desktop import run  # noqa: E402
from tools.desktop_common import PRELUDE  # noqa: E402

STEPS = r"""
import sqlite3, subprocess, sys, time
import processing
from qgis.core import QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication, QLabel
from qgis.utils import iface

LEDGER = os.path.splitext(QgsProject.instance().fileName())[0] + ".gpkg"

def dump():
    from lianwei.layers.ledger_store import table_dump
    try:
        return repr(table_dump(LEDGER))
    except Exception as error:  # a ledger destroyed by the step: recorded, not raised
        return "unreadable: " + str(error)

def s1():
    iface.mainWindow().setGeometry(QApplication.primaryScreen().availableGeometry())
    REPORT["ledger"] = LEDGER
    REPORT["before"] = dump()
    from lianwei.processing.algorithms.check_violations import ledger_parameters
    parameters = dict(ledger_parameters(LEDGER), OUTPUT=LEDGER)
    dialog = processing.createAlgorithmDialog("lianwei:checkviolations", parameters)
    globals()["_dialog"] = dialog
    dialog.resize(1100, 760)
    dialog.move(250, 120)
    dialog.show()
    later(6000, s2)  # before running: a refusal opens a modal box
    dialog.runAlgorithm()

def s2():
    dialog = globals()["_dialog"]
    from qgis.PyQt.QtWidgets import QTextEdit, QTextBrowser
    REPORT["check_log"] = "\n".join(w.toPlainText() for w in dialog.findChildren(QTextEdit))
    shot("01_check_output_is_the_ledger.png")
    modal = QApplication.activeModalWidget()
    if modal is not None:
        label = modal.findChild(QLabel, "qt_msgbox_label")
        REPORT["check_refusal_box"] = label.text() if label is not None else modal.windowTitle()
        modal.close()
    REPORT["unchanged_after_check"] = dump() == REPORT["before"]
    dialog.close()
    from osgeo import ogr, osr
    path = os.path.join(OUT, "空宗地.shp")
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4545)
    source = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(path)
    table = source.CreateLayer("空宗地", srs, ogr.wkbPolygon, options=["ENCODING=UTF-8"])
    for name in ("ZDDM", "QLR"):
        table.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    source = table = None
    plugin().load_office_layers()
    dialog = plugin().load_layers_dialog
    page = dialog.page("cadastre")
    dialog.tabs.setCurrentWidget(page)
    page.file.setFilePath(path)
    for other in ("villages", "permits", "farmland"):
        dialog.page(other).use.setChecked(False)
    later(1500, s3)

def s3():
    dialog = plugin().load_layers_dialog
    REPORT["empty_import_started"] = dialog.start_import()
    later(5000, s4)

def s4():
    dialog = plugin().load_layers_dialog
    REPORT["empty_import_status"] = dialog.status.text()
    REPORT["empty_import_errors"] = dict(getattr(dialog, "errors", {}) or {})
    shot("02_empty_layer_with_replace.png")
    REPORT["unchanged_after_empty_import"] = dump() == REPORT["before"]
    dialog.close()
    # Another program holds the ledger: a transaction that never ends while we try to record a status.
    holder = subprocess.Popen([sys.executable if sys.executable.endswith("python3") else "/usr/bin/python3", "-c",
        "import sqlite3, sys, time; db = sqlite3.connect(sys.argv[1], isolation_level=None); "
        "db.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(120)", LEDGER],
        stdout=subprocess.PIPE, text=True)
    holder.stdout.readline()
    globals()["_holder"] = holder
    layer = (QgsProject.instance().mapLayersByName("违法图斑") or [None])[0]
    case = next(f["case_id"] for f in layer.getFeatures() if f["status"] == "DISCOVERED")
    REPORT["locked_case"] = case
    dialog = processing.createAlgorithmDialog("lianwei:recordstatus", {"INPUT": layer, "CASES": case, "STATUS": 2})
    globals()["_dialog"] = dialog
    dialog.resize(1100, 760)
    dialog.move(250, 120)
    dialog.show()
    later(45000, s5)
    dialog.runAlgorithm()

def s5():
    dialog = globals()["_dialog"]
    from qgis.PyQt.QtWidgets import QTextEdit
    REPORT["locked_log"] = "\n".join(w.toPlainText() for w in dialog.findChildren(QTextEdit))
    shot("03_locked_ledger.png")
    modal = QApplication.activeModalWidget()
    if modal is not None:
        modal.close()
    holder = globals()["_holder"]
    holder.kill()
    holder.wait()
    REPORT["unchanged_after_locked"] = dump() == REPORT["before"]
    dialog.close()
    finish()

later(5000, s1)
"""
WALK = PRELUDE + STEPS


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zip", required=True)
    parser.add_argument("--project", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    report = run(args.zip, args.project, args.out, check_script=WALK, timeout=300)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0 if "error" not in report else 1


if __name__ == "__main__":
    sys.exit(main())
