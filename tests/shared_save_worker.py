"""One client of the shared-ledger save tests and bench (tests/qgis/test_shared_saves.py, bench/bench_shared_saves.py),
run as its own OS process as another editor's QGIS or an algorithm is: COUNT read-modify-write saves through
layers/shared_saves.save_case, each made from the version it read, case i taken from CASES in turn.

    shared_save_worker.py CONNINFO SCHEMA TAG COUNT CASES GO_FILE MODE

MODE "append": each save appends the token "TAG<i>;" to the case's remarks (a lost update would lose a token);
MODE "set": each save sets the remarks to the token (the bench: the remarks stay short).
Prints "ready" once loaded, waits for GO_FILE (so that the clients start together), then one JSON line:
{"saves": [[case, token, outcome, base version, version after, message], ...], "seconds": time of the saves,
"started"/"ended": the wall clock at the first and after the last save}.
"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plugin_paths  # noqa: E402, F401 - ``import lianwei`` from this checkout
from qgis.core import QgsApplication  # noqa: E402


def main() -> int:
    conninfo, schema_name, tag, count, cases, go, mode = sys.argv[1:8]
    app = QgsApplication([], False)
    app.initQgis()
    from lianwei.layers import postgis
    from lianwei.layers.shared_saves import read_case, save_case

    ledger = postgis.postgis_ledger(conninfo, schema_name)
    connection = postgis.connect(ledger)
    cases = cases.split(",")
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.005)
    saves, started, start = [], time.time(), time.monotonic()
    for i in range(int(count)):
        case_id = cases[i % len(cases)]
        token = f"{tag}{i};"
        values, version = read_case(connection, case_id, ("remarks",))
        remarks = (values["remarks"] or "") + token if mode == "append" else token
        result = save_case(ledger, case_id, {"remarks": remarks}, version, connection)
        saves.append([case_id, token, result.outcome, result.base_version, result.version, result.message])
    seconds, ended = time.monotonic() - start, time.time()
    connection.close()
    report = {"saves": saves, "seconds": seconds, "started": started, "ended": ended}
    print(json.dumps(report, ensure_ascii=False), flush=True)
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
