"""Build (once) the benchmark townships: N violations, 10×N parcels, N/4 permits; cached under bench/cache/."""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
from bootstrap import REPO, start_qgis  # noqa: E402

CACHE = os.path.join(REPO, "bench", "cache")


def ledger_path(violations: int) -> str:
    return os.path.join(CACHE, f"township_{violations}.gpkg")


def build(violations: int) -> str:
    path = ledger_path(violations)
    if os.path.exists(path):
        return path
    import processing

    os.makedirs(CACHE, exist_ok=True)
    started = time.time()
    processing.run(
        "lianwei:sampletownship",
        {
            "OUTPUT": path,
            "SEED": 2024,
            "VIOLATIONS": violations,
            "PARCELS": 10 * violations,
            "PERMITS": violations // 4,
        },
    )
    print(f"built {path} in {time.time() - started:.0f} s", file=sys.stderr)
    return path


if __name__ == "__main__":
    app, plugin = start_qgis()
    for size in sys.argv[1:]:
        print(build(int(size)))
    plugin.unload()
    app.exitQgis()
