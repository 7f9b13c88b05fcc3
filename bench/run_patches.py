"""Import one bench patch file with lianwei:importpatches, in its own process (so its peak memory is its own).

/usr/bin/python3 bench/run_patches.py PATCH_FILE LEDGER REPORT   -> prints {"seconds": ..., "counts": ..., ...}

LEDGER is a fresh copy of the township ledger (bench/bench_patches.py makes it); REPORT the GeoPackage the import
report is written to. Peak memory: VmHWM of this process (QGIS started, then the import), and VmRSS before the
import (what QGIS and Processing take by themselves).
"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
from bootstrap import start_qgis  # noqa: E402


def status_mb(key: str) -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def main(patch_file: str, ledger: str, report: str) -> None:
    app, plugin = start_qgis()
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    import processing

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    before = status_mb("VmRSS")
    started = time.perf_counter()
    result = processing.run(
        "lianwei:importpatches",
        {"INPUT": f"{patch_file}|layername=patches", "LEDGER": ledger, "REPORT": report},
        context=context,
        feedback=feedback,
    )
    seconds = time.perf_counter() - started
    counts = {
        key.lower(): int(result[key]) for key in ("NEW", "LINKED", "CHANGED", "UNCHANGED", "REFUSED", "ELSEWHERE")
    }
    print(json.dumps({"seconds": seconds, "counts": counts, "before_mb": before, "hwm_mb": status_mb("VmHWM")}))
    sys.stdout.flush()
    os._exit(0)  # skip QGIS teardown: not part of the import's cost


if __name__ == "__main__":
    main(*sys.argv[1:4])
