"""Benchmark: lianwei:villagemaps for every village against the raw atlas export of the same layout.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 bench/bench_maps.py [VIOLATIONS]   (make bench; default 2000)

In one run on the cached sample township (bench/build_sample.py): the algorithm's whole run (read the ledger,
summarise, build the layout, export the merged PDF, a PDF per page and a PNG per page), and, on the very layout it
built, QGIS's own `native:atlaslayouttopdf` (one merged PDF, nothing else). Writes bench/MAPS.md.
"""

import os
import platform
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tools"))
sys.path.insert(0, HERE)
from bootstrap import start_qgis  # noqa: E402
from build_sample import build  # noqa: E402
from results import write_section  # noqa: E402

DPI = 150


def main(size: int) -> None:
    app, plugin = start_qgis()
    from qgis.core import Qgis, QgsProcessingContext, QgsProcessingFeedback

    import lianwei.processing.algorithms.village_maps as village_maps
    import processing

    ledger = build(size)
    work = tempfile.mkdtemp(prefix="lianwei-bench-maps-")
    timings = {}
    original = village_maps.export_series

    def timed_export(layout, folder, merged, dpi, feedback, file_names=()):
        layout.project().layoutManager().addLayout(layout.clone())
        context = QgsProcessingContext()
        context.setProject(layout.project())
        started = time.perf_counter()
        processing.run(
            "native:atlaslayouttopdf",
            {"LAYOUT": layout.name(), "DPI": dpi, "FORCE_VECTOR": True, "OUTPUT": os.path.join(work, "atlas.pdf")},
            context=context,
            feedback=QgsProcessingFeedback(),
        )
        timings["atlas"] = time.perf_counter() - started
        started = time.perf_counter()
        error = original(layout, folder, merged, dpi, feedback, file_names)
        timings["exports"] = time.perf_counter() - started
        return error

    village_maps.export_series = timed_export
    started = time.perf_counter()
    results = processing.run(
        "lianwei:villagemaps",
        {
            "INPUT": f"{ledger}|layername=violations",
            "VILLAGES": f"{ledger}|layername=villages",
            "CADASTRE": f"{ledger}|layername=cadastre",
            "PERMITS": f"{ledger}|layername=permits",
            "REPORT_DATE": "2024-08-31",
            "DPI": DPI,
            "OUTPUT_FOLDER": os.path.join(work, "maps"),
        },
    )
    total = time.perf_counter() - started - timings["atlas"]
    pages = results["PAGES"]
    ratio = total / timings["atlas"]
    row = (
        f"| {size:,} | {pages} | {timings['atlas']:.1f} | {timings['atlas'] / pages:.2f} | {total:.1f} | "
        f"{total / pages:.2f} | {timings['exports']:.1f} | {ratio:.2f}× |"
    )
    print(row, flush=True)
    section = "\n".join(
        [
            f"## QGIS {Qgis.QGIS_VERSION}",
            "",
            f"Run {time.strftime('%Y-%m-%d %H:%M')} on {platform.node()} ({os.cpu_count()} cores), {DPI} dpi, A4.",
            "",
            "| violations | pages | raw atlas PDF (s) | per page (s) | lianwei:villagemaps (s) | per page (s) "
            "| of which exports (s) | ratio |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
            row,
        ]
    )
    write_results(f"## QGIS {Qgis.QGIS_VERSION.split('-')[0]}", section)
    shutil.rmtree(work, ignore_errors=True)
    os._exit(0)


HEADER = """# Benchmark: village maps

`lianwei:villagemaps` for every village of the sample township (overview + 14 pages) against QGIS's own
`native:atlaslayouttopdf` on the same layout, in the same run. The raw atlas writes one merged PDF; the algorithm
also reads the ledger and summarises the progress, and writes three outputs: one PDF per page (drawn by QGIS), one
PNG per page (the page PDF rasterized by GDAL in a second thread while QGIS draws the next page) and the merged PDF
(put together from the page PDFs, not drawn again). Ratio = algorithm time per page / raw atlas time per page
(target ≤ 1.2×). Produced by `make bench` or `make bench-maps` (bench/bench_maps.py).
"""


def write_results(heading: str, section: str) -> None:
    write_section("MAPS.md", HEADER, heading, section)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
