"""Benchmark: importing a county's patch file with lianwei:importpatches against `ogr2ogr -append` of the same file
into a GeoPackage (the stock way, which checks nothing), in one run; the peak memory of each.

    /usr/bin/python3 bench/bench_patches.py [100000 1000000]   (make bench, make bench-patches)

The patch file of N patches (bench/patch_file.py, cached) lies over the bench township (bench/build_sample.py,
2,000 violations). Each way gets a fresh copy of the township ledger (sqlite3 backup) and runs in its own process;
its peak resident memory is that process's own (wait4's ru_maxrss). Writes bench/PATCHES.md.
"""

import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing

from results import write_section

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tools"))
sys.path.insert(0, HERE)
from build_sample import ledger_path  # noqa: E402
from patch_file import LAYER, TOWNSHIP, patch_path  # noqa: E402


def copy_ledger(source: str, target: str) -> None:
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def measured(command):
    """(stdout, seconds, peak MB) of ``command`` run in its own process."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{err.read()[-4000:]}")
        return out.read(), seconds, usage.ru_maxrss / 1024


def ledger_epsg(ledger: str) -> int:
    with closing(sqlite3.connect(ledger)) as db:
        query = "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'violations'"
        return int(db.execute(query).fetchone()[0])


def lianwei(patches: str, township: str, work: str) -> dict:
    ledger = os.path.join(work, "lianwei.gpkg")
    copy_ledger(township, ledger)
    report = os.path.join(work, "report.gpkg")
    out, wall, peak = measured([sys.executable, os.path.join(HERE, "run_patches.py"), patches, ledger, report])
    result = json.loads(out.strip().splitlines()[-1])
    result.update(wall=wall, peak_mb=peak)
    return result


def stock(patches: str, township: str, work: str) -> dict:
    """What a technician does without the plugin: append the county's layer into the ledger's GeoPackage, in the
    ledger's CRS; nothing is checked, matched or numbered."""
    ledger = os.path.join(work, "stock.gpkg")
    copy_ledger(township, ledger)
    command = ["ogr2ogr", "-append", "-t_srs", f"EPSG:{ledger_epsg(township)}", "-nln", "county_patches"]
    _, seconds, peak = measured([*command, ledger, patches, LAYER])
    with closing(sqlite3.connect(ledger)) as db:
        (rows,) = db.execute("SELECT count(*) FROM county_patches").fetchone()
    return {"seconds": seconds, "peak_mb": peak, "rows": rows}


def versions():
    code = (
        "from qgis.core import Qgis; from osgeo import gdal; print(Qgis.QGIS_VERSION.split('-')[0], gdal.__version__)"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()


def main(sizes):
    township = ledger_path(TOWNSHIP)
    subprocess.run(
        [sys.executable, os.path.join(HERE, "build_sample.py"), str(TOWNSHIP)], check=True, capture_output=True
    )
    subprocess.run([sys.executable, os.path.join(HERE, "patch_file.py"), *map(str, sizes)], check=True)
    rows = []
    for size in sizes:
        work = tempfile.mkdtemp(prefix="lianwei-bench-patches-")
        try:
            ours = lianwei(patch_path(size), township, work)
            theirs = stock(patch_path(size), township, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        rows.append((size, ours, theirs))
        print(
            f"{size:>9,} patches: lianwei {ours['seconds']:.1f} s (peak {ours['peak_mb']:.0f} MB), ogr2ogr "
            f"{theirs['seconds']:.1f} s (peak {theirs['peak_mb']:.0f} MB), "
            f"ratio {ours['seconds'] / theirs['seconds']:.1f}×, "
            f"{ours['counts']}",
            flush=True,
        )
    qgis, gdal = versions()
    section = [
        f"## QGIS {qgis}, GDAL {gdal}",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M')} on {platform.node()} ({os.cpu_count()} cores); one run of each way, "
        "each in its own process; the bench township has 2,000 violations.",
        "",
        "| patches | new | linked + changed + unchanged | lianwei (s) | ogr2ogr -append (s) | ratio | lianwei peak MB "
        "| of which QGIS before the import MB | ogr2ogr peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, ours, theirs in rows:
        counts = ours["counts"]
        matched = counts["linked"] + counts["changed"] + counts["unchanged"]
        section.append(
            f"| {size:,} | {counts['new']:,} | {matched:,} | {ours['seconds']:.1f} | {theirs['seconds']:.1f} | "
            f"{ours['seconds'] / theirs['seconds']:.1f}× | {ours['peak_mb']:.0f} | {ours['before_mb']:.0f} | "
            f"{theirs['peak_mb']:.0f} |"
        )
    write_section("PATCHES.md", HEADER, f"## QGIS {qgis}", "\n".join(section))


HEADER = """# Benchmark: importing a county's patch file

`lianwei:importpatches` (every row checked, matched to the ledger's cases by number and by overlap, new cases
checked like `lianwei:checkviolations` and numbered village-year-sequence, the report of every row written to a
GeoPackage; one transaction) against the stock way, `ogr2ogr -append -t_srs <the ledger's zone>` of the same file
into a copy of the ledger's GeoPackage, which checks nothing. Ratio = lianwei time / ogr2ogr time. The patch file
(bench/patch_file.py) is a GeoPackage in CGCS2000 longitude/latitude with the 卫片 columns (JCBH unique, TBBH,
XZQDM, TBLX, QSX, HSX, TBMJ, DLBM, SFYN, SFHX, XZB, YZB): small rectangles over the 14 villages of the bench
township, clear of its cases, plus every distinct patch number of its satellite cases once, on that case's outline.
Each way gets a fresh copy of the ledger and runs in its own process; peak = that process's peak resident memory
(for lianwei it includes QGIS and Processing themselves, given in the next column). lianwei's time is the
algorithm's alone (QGIS started), ogr2ogr's the whole command. Rerun: `make bench-patches`
(`PATCH_SIZES="100000 1000000"`), or `/usr/bin/python3 bench/bench_patches.py 100000 1000000`; one section per QGIS.

Bounded memory: the import reads 20,000 features a batch (layers/patch_reading.py), so its peak should not grow
with the file. What this bench found, and was changed (numbers from this machine):
- the import report kept every row's line in memory (some 350 B a patch, tracemalloc) and the import kept every
  patch's centre for the zone count, and the patch numbers seen in a dict (~150 B a number): the peak grew
  ~1.6 kB a patch (357 MB at 10,000, 504 MB at 100,000). Now the lines go to a temporary file as they come
  (core/patch_report.ImportReport), the zones are counted per batch and the numbers seen are kept in a temporary
  SQLite file (core/patch_report.NumbersSeen);
- each new case's number scanned every number taken so far in its village (quadratic: 7 of 35 s at 10,000
  patches, profiled); now the highest is kept per village and year (layers/patch_cases.next_case_id);
- patch_no has no index, so each lookup of 500 numbers scanned the violations table (~1 s at 1,000,000 rows,
  measured on a table of that size; 40 lookups a batch: some 1,000 s over a million-patch import, growing with
  the square of the patches); now the ledger's numbers are read once (layers/patch_cases.by_numbers).
"""

if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [int(v) for v in os.environ.get("PATCH_SIZES", "").split()]
    main(sizes or [100_000, 1_000_000])
