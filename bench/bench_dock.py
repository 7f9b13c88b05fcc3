"""Benchmark: how fast the progress dock follows a saved edit, against the stock way of getting the same totals.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 bench/bench_dock.py [VIOLATIONS]   (make bench; default 20000)

On a copy of the cached sample township (bench/build_sample.py), a case's demolished area and date are edited and
saved ten times. Lianwei: the dock's update after the save (renew the changed case, summarise, redraw). Stock: what
a technician runs after a save to get the totals per village: `native:aggregate` grouped by village, summing the
demolished area and counting cases. Writes bench/DASHBOARD.md (one section per QGIS version).
"""

import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tools"))
sys.path.insert(0, HERE)
from bootstrap import start_qgis  # noqa: E402
from build_sample import ledger_path  # noqa: E402
from results import write_section  # noqa: E402

EDITS = 10


def stock_totals(layer, context, feedback):
    import processing

    aggregates = [
        {
            "aggregate": "first_value",
            "delimiter": ",",
            "input": '"village_code"',
            "length": 12,
            "name": "village_code",
            "precision": 0,
            "type": 10,
        },
        {
            "aggregate": "count",
            "delimiter": ",",
            "input": '"case_id"',
            "length": 10,
            "name": "cases",
            "precision": 0,
            "type": 2,
        },
        {
            "aggregate": "sum",
            "delimiter": ",",
            "input": '"demolished_m2"',
            "length": 20,
            "name": "demolished_m2",
            "precision": 2,
            "type": 6,
        },
    ]
    processing.run(
        "native:aggregate",
        {"INPUT": layer, "GROUP_BY": '"village_code"', "AGGREGATES": aggregates, "OUTPUT": "TEMPORARY_OUTPUT"},
        context=context,
        feedback=feedback,
    )


def main(size: int) -> None:
    app, plugin = start_qgis()
    from qgis.core import Qgis, QgsProcessingContext, QgsProcessingFeedback, QgsProject
    from qgis.PyQt.QtCore import QDate

    from lianwei.layers.project import ledger_layers
    from lianwei.ui.progress_dock import ProgressDock

    work = tempfile.mkdtemp(prefix="lianwei-bench-dock-")
    path = os.path.join(work, "ledger.gpkg")
    shutil.copy(ledger_path(size), path)
    layers = ledger_layers(path)
    QgsProject.instance().addMapLayers(list(layers.values()))
    started = time.perf_counter()
    dock = ProgressDock(None)
    first_load = time.perf_counter() - started
    violations = layers["violations"]
    demolished = violations.fields().indexOf("demolished_m2")
    demolished_on = violations.fields().indexOf("demolished_on")
    fids = [f.id() for f in violations.getFeatures()]
    rng = random.Random(7)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    ours, stock, commits = [], [], []
    for _ in range(EDITS):
        violations.startEditing()
        violations.changeAttributeValue(rng.choice(fids), demolished, round(rng.uniform(10, 300), 2))
        violations.changeAttributeValue(rng.choice(fids), demolished_on, QDate(2024, 8, rng.randint(1, 30)))
        begun = time.perf_counter()
        assert violations.commitChanges(), violations.commitErrors()
        commits.append(1000 * (time.perf_counter() - begun) - dock.last_update_ms)
        ours.append(dock.last_update_ms)
        begun = time.perf_counter()
        stock_totals(violations, context, feedback)
        stock.append(1000 * (time.perf_counter() - begun))
    ratio = statistics.median(stock) / statistics.median(ours)
    row = (
        f"| {size:,} | {1000 * first_load:.0f} | {statistics.median(commits):.0f} | {statistics.median(ours):.0f} | "
        f"{max(ours):.0f} | {statistics.median(stock):.0f} | {ratio:.1f}× |"
    )
    print(row, flush=True)
    version = Qgis.QGIS_VERSION.split("-")[0]
    section = "\n".join(
        [
            f"## QGIS {Qgis.QGIS_VERSION}",
            "",
            f"Run {time.strftime('%Y-%m-%d %H:%M')} on {platform.node()} ({os.cpu_count()} cores); {EDITS} saves, "
            "medians (and the slowest dock update).",
            "",
            "| violations | dock first load (ms) | QGIS save itself (ms) | dock update after save (ms) "
            "| slowest (ms) | stock native:aggregate (ms) | ratio |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            row,
        ]
    )
    write_results(f"## QGIS {version}", section)
    dock.unload()
    QgsProject.instance().removeAllMapLayers()
    shutil.rmtree(work, ignore_errors=True)
    os._exit(0)


HEADER = """# Benchmark: the progress dock after a save

A case is edited and saved in QGIS; the dock renews only the changed cases, recomputes every village's progress and
redraws (progress bar, chart, tables). The stock way to see totals per village after a save is to run
`native:aggregate` on the layer. Ratio = stock / dock. Target: the dock within 100 ms at 20,000 violations.
Produced by `make bench` (bench/bench_dock.py).
"""


def write_results(heading: str, section: str) -> None:
    write_section("DASHBOARD.md", HEADER, heading, section)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
