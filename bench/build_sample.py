"""Build (once) the benchmark townships: N violations, 10×N parcels, N/4 permits; cached under bench/cache/.

/usr/bin/python3 bench/build_sample.py 2000 20000
/usr/bin/python3 bench/build_sample.py --postgis DATABASE SCHEMA 20000   (the same township in a PostGIS ledger)
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
from bootstrap import REPO, start_qgis  # noqa: E402

CACHE = os.path.join(REPO, "bench", "cache")


def ledger_path(violations: int) -> str:
    return os.path.join(CACHE, f"township_{violations}.gpkg")


def sizes(violations: int) -> dict:
    return {"SEED": 2024, "VIOLATIONS": violations, "PARCELS": 10 * violations, "PERMITS": violations // 4}


def build(violations: int) -> str:
    path = ledger_path(violations)
    if os.path.exists(path):
        return path
    import processing

    os.makedirs(CACHE, exist_ok=True)
    started = time.time()
    processing.run("lianwei:sampletownship", dict(sizes(violations), OUTPUT=path))
    print(f"built {path} in {time.time() - started:.0f} s", file=sys.stderr)
    return path


def build_postgis(violations: int, database: str, schema: str) -> str:
    """The same township (same seed and sizes) as a PostGIS ledger in ``schema`` of ``database`` (not cached)."""
    import processing

    started = time.time()
    processing.run("lianwei:sampletownship", dict(sizes(violations), DATABASE=database, SCHEMA=schema))
    print(f"built {schema} in {time.time() - started:.0f} s", file=sys.stderr)
    return schema


if __name__ == "__main__":
    app, plugin = start_qgis()
    arguments = sys.argv[1:]
    if arguments[:1] == ["--postgis"]:
        database, schema = arguments[1:3]
        for size in arguments[3:]:
            print(build_postgis(int(size), database, schema))
    else:
        for size in arguments:
            print(build(int(size)))
    plugin.unload()
    app.exitQgis()
