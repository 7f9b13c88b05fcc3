"""The shared ledger in the real QGIS Desktop under Xvfb (zh-Hans), as a village editor.

A throw-away PostgreSQL + PostGIS server (tests/pg_server.py) gets the sample township as the office's owner
(lianwei:sampletownship with DATABASE=service=lianwei_office), and lianwei:grantvillages gives the login role
editor_a one village. QGIS Desktop then starts with a pg_service.conf in which the same service logs in as
editor_a, opens the project stored in the database, edits a case of editor_a's village (saved) and a case of
another village (refused by the database, the refusal shown in Chinese), then the editor's case again while the
office saves the same case from another client: the save is refused for the version, the two versions are shown
side by side and "Keep mine" writes the editor's field onto the office's version. Screenshots of each.

    /usr/bin/python3 tools/desktop_shared.py --zip lianwei.zip --out build/desktop_shared
"""

import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# Not the checkout itself: its processing/ package would hide QGIS's.
sys.path[:0] = [HERE, os.path.join(os.path.dirname(HERE), "tests")]
from desktop import run  # noqa: E402
from desktop_common import PRELUDE  # noqa: E402

SERVICE = "lianwei_office"
EDITOR = "editor_a"
QGIS = []

STEPS = r"""
from qgis.core import Qgis, QgsProject
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface

PROJECT = os.environ["LIANWEI_SHARED_PROJECT"]
MINE = os.environ["LIANWEI_SHARED_VILLAGE"]

def bar_texts():
    texts = []
    for item in iface.messageBar().items():
        texts.append(" ".join(part for part in (item.title(), item.text()) if part))
    return texts

def s1():
    iface.mainWindow().setGeometry(QApplication.primaryScreen().availableGeometry())
    REPORT["project_read"] = QgsProject.instance().read(PROJECT)
    layer = QgsProject.instance().mapLayersByName("违法图斑")[0]
    REPORT["layer_valid"] = layer.isValid()
    REPORT["source_user"] = layer.dataProvider().uri().username() or "(service)"
    REPORT["cases_seen"] = layer.featureCount()
    iface.setActiveLayer(layer)
    globals()["_layer"] = layer
    mine = next(f for f in layer.getFeatures() if f["village_code"] == MINE)
    other = next(f for f in layer.getFeatures() if f["village_code"] != MINE)
    globals()["_mine"], globals()["_other"] = mine, other
    REPORT["mine"] = [mine["case_id"], mine["village_name"], mine["version"]]
    REPORT["other"] = [other["case_id"], other["village_name"], other["version"]]
    iface.mapCanvas().setExtent(mine.geometry().boundingBox().buffered(120))
    iface.mapCanvas().refresh()
    REPORT["rights_message"] = bar_texts()
    later(3000, s2)

def s2():
    shot("01_project_from_database_as_editor.png")
    layer, mine = globals()["_layer"], globals()["_mine"]
    layer.startEditing()
    layer.changeAttributeValue(mine.id(), layer.fields().indexOf("remarks"), "村级编辑员已到现场核实")
    layer.changeAttributeValue(mine.id(), layer.fields().indexOf("party"), "张某（已约谈）")
    dialog = iface.getFeatureForm(layer, layer.getFeature(mine.id()))
    globals()["_form"] = dialog
    dialog.resize(900, 700)
    dialog.move(620, 140)
    dialog.show()
    later(2500, s3)

def s3():
    shot("02_own_village_case_form.png")
    globals()["_form"].close()
    layer = globals()["_layer"]
    iface.actionSaveActiveLayerEdits().trigger()
    REPORT["own_saved"] = not layer.editBuffer() or not layer.isModified()
    REPORT["after_own_save"] = bar_texts()
    stored = layer.getFeature(globals()["_mine"].id())
    REPORT["own_stored"] = [stored["remarks"], stored["version"], stored["updated_by"]]
    iface.messageBar().clearWidgets()
    other = globals()["_other"]
    iface.mapCanvas().setExtent(other.geometry().boundingBox().buffered(120))
    layer.changeAttributeValue(other.id(), layer.fields().indexOf("remarks"), "试图修改其他村的案件")
    later(1500, s4)

def s4():
    layer = globals()["_layer"]
    iface.actionSaveActiveLayerEdits().trigger()
    REPORT["other_still_modified"] = layer.isModified()
    REPORT["after_other_save"] = bar_texts()
    REPORT["commit_errors"] = layer.commitErrors()
    later(2500, s5)

def s5():
    shot("03_other_village_refused.png")
    layer = globals()["_layer"]
    layer.rollBack()
    stored = layer.getFeature(globals()["_other"].id())
    REPORT["other_stored"] = [stored["remarks"], stored["version"]]
    iface.messageBar().clearWidgets()
    # The editor starts editing their case again; meanwhile the office saves the same case from another client.
    mine = globals()["_mine"]
    layer.startEditing()
    layer.changeAttributeValue(mine.id(), layer.fields().indexOf("remarks"), "当事人承诺7日内自行拆除")
    import psycopg2
    office = psycopg2.connect(os.environ["LIANWEI_SHARED_OWNER"])
    with office, office.cursor() as cursor:
        cursor.execute("UPDATE lianwei.violations SET address = %s, version = version + 1 WHERE case_id = %s",
                       ("清溪镇石桥村11组5号（门牌已更正）", mine["case_id"]))
    office.close()
    iface.mapCanvas().setExtent(mine.geometry().boundingBox().buffered(120))
    iface.actionSaveActiveLayerEdits().trigger()
    later(2500, s6)

def s6():
    dialogs = [w for w in QApplication.topLevelWidgets()
               if w.isVisible() and type(w).__name__ == "VersionConflictDialog"]
    REPORT["conflict_dialog"] = bool(dialogs)
    if not dialogs:
        REPORT["after_conflict_save"] = bar_texts()
        finish()
        return
    dialog = dialogs[0]
    dialog.resize(900, 560)
    dialog.move(450, 200)
    REPORT["conflict_rows"] = dialog.rows()
    later(1500, lambda: s7(dialog))

def s7(dialog):
    shot("04_saved_by_someone_else.png")
    dialog.keep()
    later(2500, s8)

def s8():
    layer, mine = globals()["_layer"], globals()["_mine"]
    REPORT["after_keep_mine"] = bar_texts()
    REPORT["still_modified_after_keep"] = layer.isModified()
    finish()

later(6000, s1)
"""
WALK = PRELUDE + STEPS


def prepare(folder):
    """The office's server and ledger; returns (cluster, project address, editor's village, editor's service file)."""
    import pg_server
    from bootstrap import start_qgis

    cluster = pg_server.Cluster().start()
    cluster.new_database("office")
    owner_file = os.path.join(folder, "pg_service_owner.conf")
    cluster.service_file(owner_file, SERVICE, "office")
    os.environ["PGSERVICEFILE"] = owner_file
    QGIS.extend(start_qgis())  # kept: the provider lives as long as the plugin object
    from lianwei.translation import install_translator

    install_translator("zh_CN")  # the project is written as a Chinese office would write it
    import processing

    database = f"service={SERVICE}"
    results = processing.run(
        "lianwei:sampletownship",
        {"DATABASE": database, "SCHEMA": "lianwei", "VIOLATIONS": 400, "PARCELS": 3000, "PERMITS": 100},
    )
    connection = cluster.connect("office")
    with connection.cursor() as cursor:
        cursor.execute("SELECT village_code FROM lianwei.villages ORDER BY village_code LIMIT 1")
        village = cursor.fetchone()[0]
    connection.close()
    processing.run(
        "lianwei:grantvillages",
        {"DATABASE": database, "SCHEMA": "lianwei", "ROLE": EDITOR, "VILLAGE_CODES": village, "ADMIN": False},
    )
    editor_file = os.path.join(folder, "pg_service_editor.conf")
    with open(editor_file, "w", encoding="utf-8") as handle:  # the same service, the editor's own login
        handle.write(f"[{SERVICE}]\nhost={cluster.host}\nport={cluster.port}\ndbname=office\nuser={EDITOR}\n")
    return cluster, results["PROJECT"], village, editor_file


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zip", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    cluster, project, village, editor_file = prepare(os.path.abspath(args.out))
    try:
        env = {
            "PGSERVICEFILE": editor_file,
            "LIANWEI_SHARED_PROJECT": project,
            "LIANWEI_SHARED_VILLAGE": village,
            "LIANWEI_SHARED_OWNER": cluster.conninfo("office"),  # another client of the office, saving meanwhile
        }
        report = run(args.zip, None, args.out, check_script=WALK, timeout=300, extra_env=env)
        connection = cluster.connect("office")
        with connection.cursor() as cursor:  # what the database itself recorded of the editor's saves
            cursor.execute(
                "SELECT case_id, field, old_value, new_value, changed_by FROM lianwei.case_log "
                "WHERE changed_by = %s ORDER BY fid",
                (EDITOR,),
            )
            report["logged_for_editor"] = cursor.fetchall()
            cursor.execute(
                "SELECT case_id, version, remarks, address FROM lianwei.violations WHERE case_id = ANY(%s)",
                ([report.get("mine", [""])[0], report.get("other", [""])[0]],),
            )
            report["stored_in_database"] = cursor.fetchall()
        connection.close()
    finally:
        cluster.stop()
    with open(os.path.join(args.out, "report.json"), "w", encoding="utf-8") as handle:
        json.dump(report, handle, ensure_ascii=False, indent=1, default=str)
    print(json.dumps(report, ensure_ascii=False, indent=1, default=str))
    return 0 if "error" not in report else 1


if __name__ == "__main__":
    sys.exit(main())
