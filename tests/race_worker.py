"""One writer of the race tests (tests/qgis/test_ledger_races.py), run as its own OS process the way a second QGIS
or a qgis_process run is: QGIS, Processing and the plugin loaded as qgis_process loads them (classFactory(None),
initProcessing()), then COUNT changes of one case, one after another, as fast as it can.

    race_worker.py MODE LEDGER CASE COUNT TAG GO_FILE

MODE "status": lianwei:recordstatus, DEFERRED and ORDERED in turn (DEFERRED first), with the remark "TAG-i";
MODE "remarks": update_cases with the remark "TAG-i", given the ledger's violations layer.
Every change changes the remarks, so each is one version and one case_log row of remarks.
Prints "ready" once loaded, waits for GO_FILE (so that the writers start together), then prints one JSON line:
{"done": changes made, "errors": messages of the changes that failed, "seconds": time taken}.
"""

import gc
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plugin_paths  # noqa: E402, F401 - ``import lianwei`` from this checkout
from qgis.core import QgsApplication, QgsExpressionContextUtils, QgsVectorLayer  # noqa: E402


def changes(mode: str, ledger: str, case_id: str, count: int, tag: str):
    """A function making change i, and the layer it needs (kept by the caller until QGIS exits)."""
    if mode == "status":
        import processing
        from lianwei.processing.algorithms.record_status import STATUSES

        statuses = [STATUSES.index("DEFERRED"), STATUSES.index("ORDERED")]
        # The layer loaded once, as the desktop's project holds it. Given as a path, QGIS opens the file again for
        # every run, and its own parameter check ("Incorrect parameter value for INPUT") failed once in several CI
        # runs on QGIS 3.40 when that open met the other writer's commit: refused before the plugin runs, nothing
        # written, but not the race this test is about.
        source = QgsVectorLayer(f"{ledger}|layername=violations", "violations", "ogr")

        def run(i: int) -> None:
            processing.run(
                "lianwei:recordstatus",
                {"INPUT": source, "CASES": case_id, "STATUS": statuses[i % 2], "REMARKS": f"{tag}-{i}"},
            )

        return run, source
    from lianwei.layers.case_edits import update_cases

    layer = QgsVectorLayer(f"{ledger}|layername=violations", "violations", "ogr")

    def edit(i: int) -> None:
        update_cases(layer, {case_id: {"remarks": f"{tag}-{i}"}})

    return edit, layer


def main() -> int:
    mode, ledger, case_id, count, tag, go = sys.argv[1:7]
    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append(os.path.join(QgsApplication.pkgDataPath(), "python", "plugins"))
    from processing.core.Processing import Processing

    Processing.initialize()
    import lianwei

    plugin = lianwei.classFactory(None)
    plugin.initProcessing()
    QgsExpressionContextUtils.setGlobalVariable("lianwei_user", tag)  # the name the trace records
    change, layer = changes(mode, ledger, case_id, int(count), tag)
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.01)
    done, errors, start = 0, [], time.monotonic()
    for i in range(int(count)):
        try:
            change(i)
            done += 1
        except Exception as error:  # noqa: BLE001 - every failure is counted and reported by the test
            errors.append(str(error))
    seconds = time.monotonic() - start
    print(json.dumps({"done": done, "errors": errors, "seconds": seconds}, ensure_ascii=False), flush=True)
    del change, layer  # the layer (and the closure holding it) must go before QGIS does, or Python crashes at exit
    gc.collect()
    plugin.unload()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
