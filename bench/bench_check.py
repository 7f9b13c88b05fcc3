"""Benchmark: lianwei:checkviolations against the stock QGIS chain on the same townships, in one run.

    /usr/bin/python3 bench/bench_check.py [2000 20000 100000]   (make bench)

Each township has N violations, 10×N parcels and N/4 permits (bench/build_sample.py, cached). Each way runs in its
own process, REPEAT times, the two ways taking turns; the best time counts. Writes the table to bench/RESULTS.md.
"""

import json
import os
import platform
import subprocess
import sys
import time

from results import write_section

HERE = os.path.dirname(os.path.abspath(__file__))
REPEAT = int(os.environ.get("LIANWEI_BENCH_REPEAT", "3"))
ONCE_FROM = 50_000  # townships this big run once: minutes a run, and the cost is what is being shown


def run_one(way, size):
    out = subprocess.run(
        [sys.executable, os.path.join(HERE, "run_one.py"), way, str(size)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def run_both(size):
    """Best of REPEAT runs of each way, the two ways taking turns, so that a slow spell of a shared machine falls
    on both alike."""
    best = {}
    for _ in range(REPEAT if size < ONCE_FROM else 1):
        for way in ("lianwei", "stock"):
            result = run_one(way, size)
            if way not in best or result["seconds"] < best[way]["seconds"]:
                best[way] = result
    return best["lianwei"], best["stock"]


def versions():
    code = (
        "from qgis.core import Qgis; import shapely, numpy; "
        "print(Qgis.QGIS_VERSION, shapely.__version__, numpy.__version__)"
    )
    qgis, shapely, numpy = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return qgis, shapely, numpy


def main(sizes):
    subprocess.run(
        [sys.executable, os.path.join(HERE, "build_sample.py"), *map(str, sizes)], check=True, capture_output=True
    )
    rows = []
    for size in sizes:
        ours, stock = run_both(size)
        rows.append((size, stock, ours))
        print(
            f"{size:>7} violations: stock {stock['seconds']:.1f} s, lianwei {ours['seconds']:.1f} s, "
            f"ratio {stock['seconds'] / ours['seconds']:.1f}x",
            flush=True,
        )
    qgis, shapely, numpy = versions()
    section = [
        f"## QGIS {qgis}, shapely {shapely}, numpy {numpy}",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M')} on {platform.node()} ({os.cpu_count()} cores); best of {REPEAT} "
        f"runs ({ONCE_FROM:,} violations and more: one run), each in its own process.",
        "",
        "| violations | parcels | permits | stock chain (s) | lianwei (s) | ratio | stock peak MB | lianwei peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, stock, ours in rows:
        section.append(
            f"| {size:,} | {10 * size:,} | {size // 4:,} | {stock['seconds']:.1f} | {ours['seconds']:.1f} | "
            f"{stock['seconds'] / ours['seconds']:.1f}× | {stock['max_rss_mb']:.0f} | {ours['max_rss_mb']:.0f} |"
        )
    write_results(f"## QGIS {qgis.split('-')[0]}", "\n".join(section))


HEADER = """# Benchmark: violation check

Stock chain: `native:fixgeometries` → `native:calculatevectoroverlaps` (permits, cadastre) →
`native:joinattributesbylocation` largest overlap (village) → the same (parcel) → `native:fieldcalculator` planar and
ellipsoidal area → `native:aggregate` per village. Lianwei: `lianwei:checkviolations`, which does all of that plus
farmland, excess area and the suggested type. Both read the same sample-township GeoPackage and write temporary
layers; ratio = stock time / lianwei time. Each way runs in its own process, the two ways taking turns (this shared
virtual machine has slow spells of its own; both ways then fall into them alike); the best run of each counts.
Produced by `make bench` (bench/bench_check.py); one section per QGIS. Importing a county's patch file
(`lianwei:importpatches` against `ogr2ogr -append`, peak memory at 100,000 and 1,000,000 patches): bench/PATCHES.md.
Saves per second on a shared (PostGIS) ledger for 1, 2 and 8 concurrent editors, against QGIS's own save:
bench/SHARED.md.
The check on a PostGIS ledger against the same 20,000-violation township as a GeoPackage, as ratios in one run
(`make bench-postgis`): bench/POSTGIS.md.
"""


def write_results(heading: str, section: str) -> None:
    write_section("RESULTS.md", HEADER, heading, section)


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [int(v) for v in os.environ.get("BENCH_SIZES", "").split()]
    main(sizes or [2000, 20000, 100000])
