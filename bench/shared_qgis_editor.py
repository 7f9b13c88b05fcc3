"""One editor saving cases the way QGIS Desktop does (bench/bench_shared_saves.py): the shared ledger's violations
layer through the postgres provider, edited and saved COUNT times (read the case, change its remarks,
commitChanges; editing stays on, as with the Save Edits button).

    shared_qgis_editor.py CONNINFO SCHEMA TAG COUNT FIDS GO_FILE WAY

WAY "stock": QGIS alone (its form's default value raises the version once per changed cell; nothing is checked on
the client); WAY "lianwei": the plugin's stamp of the version as read (layers/shared_edits.py) before each commit.
Prints "ready", waits for GO_FILE, then one JSON line {"saves", "accepted", "refused", "seconds", "started", "ended"}.
"""

import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tools"))
from bootstrap import PLUGIN_ROOT  # noqa: E402, F401 - ``import lianwei`` from this checkout


def main() -> int:
    conninfo, schema_name, tag, count, fids, go, way = sys.argv[1:8]
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from lianwei.layers import ledgers, shared_edits
    from lianwei.layers.postgis import postgis_ledger

    layer = ledgers.open_layer(postgis_ledger(conninfo, schema_name), "violations")
    read = None
    if way == "lianwei":
        read = shared_edits.VersionsRead(layer)
        layer.beforeCommitChanges.connect(lambda *_args: shared_edits.stamp_versions(layer, read))
    remarks = layer.fields().indexOf("remarks")
    fids = [int(f) for f in fids.split(",")]
    layer.startEditing()
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.005)
    accepted = refused = 0
    started, start = time.time(), time.monotonic()
    for i in range(int(count)):
        fid = fids[i % len(fids)]
        layer.getFeature(fid)  # read the case, as the form or the table does
        layer.changeAttributeValue(fid, remarks, f"{tag}{i}")
        if layer.commitChanges(False):
            accepted += 1
        else:
            refused += 1
            layer.rollBack(False)
    seconds, ended = time.monotonic() - start, time.time()
    layer.rollBack()
    if read is not None:
        read.detach()
    report = {"saves": int(count), "accepted": accepted, "refused": refused, "seconds": seconds}
    print(json.dumps(dict(report, started=started, ended=ended)), flush=True)
    layer = read = None  # before QGIS goes
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
