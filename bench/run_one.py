"""Time one way of checking one benchmark township, in its own process (so its peak memory is its own).

/usr/bin/python3 bench/run_one.py lianwei|stock VIOLATIONS [DATABASE SCHEMA]
    -> prints {"seconds": ..., "max_rss_mb": ...}

Given DATABASE (libpq text or a saved connection) and SCHEMA, the township is read from that PostGIS ledger instead
of its GeoPackage (bench/bench_postgis_check.py).
"""

import json
import os
import resource
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bootstrap import start_qgis  # noqa: E402
from build_sample import ledger_path  # noqa: E402


def tables(path):
    """The township's tables as Processing sources: ``path`` is a GeoPackage, or a (DATABASE, SCHEMA) pair."""
    names = ("violations", "permits", "cadastre", "villages", "farmland")
    if isinstance(path, tuple):
        from lianwei.layers import ledgers

        ledger = ledgers.address(database=path[0], schema_name=path[1])
        return {name: ledgers.table_source(ledger, name) for name in names}
    return {name: f"{path}|layername={name}" for name in names}


def lianwei_check(path, context, feedback):
    import processing

    t = tables(path)
    processing.run(
        "lianwei:checkviolations",
        {
            "INPUT": t["violations"],
            "PERMITS": t["permits"],
            "CADASTRE": t["cadastre"],
            "VILLAGES": t["villages"],
            "FARMLAND": t["farmland"],
            "REPORT_DATE": "2024-08-31",
            "OUTPUT": "TEMPORARY_OUTPUT",
        },
        context=context,
        feedback=feedback,
    )


def stock_chain(path, context, feedback):
    """What a technician clicks today: fix geometries, overlaps with permits and cadastre, two largest-overlap
    joins (village, parcel), planar and ellipsoidal areas in the field calculator, totals per village."""
    import processing

    t = tables(path)

    def run(algorithm, parameters):
        print(f"{time.perf_counter():.1f} {algorithm}", file=sys.stderr, flush=True)
        return processing.run(
            algorithm, dict(parameters, OUTPUT="TEMPORARY_OUTPUT"), context=context, feedback=feedback
        )["OUTPUT"]

    fixed = run("native:fixgeometries", {"INPUT": t["violations"]})
    overlaps = run("native:calculatevectoroverlaps", {"INPUT": fixed, "LAYERS": [t["permits"], t["cadastre"]]})
    village = run(
        "native:joinattributesbylocation",
        {
            "INPUT": overlaps,
            "JOIN": t["villages"],
            "PREDICATE": [0],
            "METHOD": 2,
            "JOIN_FIELDS": ["village_code", "village_name"],
            "PREFIX": "v_",
        },
    )
    parcel = run(
        "native:joinattributesbylocation",
        {
            "INPUT": village,
            "JOIN": t["cadastre"],
            "PREDICATE": [0],
            "METHOD": 2,
            "JOIN_FIELDS": ["parcel_id", "owner", "land_class"],
            "PREFIX": "p_",
        },
    )
    planar = run(
        "native:fieldcalculator",
        {
            "INPUT": parcel,
            "FIELD_NAME": "planar_m2",
            "FIELD_TYPE": 0,
            "FIELD_PRECISION": 2,
            "FORMULA": "round(area($geometry), 2)",
        },
    )
    ellipsoidal = run(
        "native:fieldcalculator",
        {
            "INPUT": planar,
            "FIELD_NAME": "ellipsoid_m2",
            "FIELD_TYPE": 0,
            "FIELD_PRECISION": 2,
            "FORMULA": "round($area, 2)",
        },
    )
    run(
        "native:aggregate",
        {
            "INPUT": ellipsoidal,
            "GROUP_BY": '"v_village_code"',
            "AGGREGATES": [
                {
                    "aggregate": "first_value",
                    "delimiter": ",",
                    "input": '"v_village_code"',
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
                    "input": '"ellipsoid_m2"',
                    "length": 20,
                    "name": "area_m2",
                    "precision": 2,
                    "type": 6,
                },
            ],
        },
    )


def main(way, violations, database=None):
    app, plugin = start_qgis()
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    project = QgsProject.instance()
    project.setEllipsoid("EPSG:1024")  # the stock $area is ellipsoidal only when the context has an ellipsoid
    context = QgsProcessingContext()
    context.setProject(project)
    context.setEllipsoid("EPSG:1024")
    feedback = QgsProcessingFeedback()
    path = ledger_path(violations) if not database else tuple(database)
    started = time.perf_counter()
    (lianwei_check if way == "lianwei" else stock_chain)(path, context, feedback)
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    backend = "postgis" if database else "gpkg"
    print(json.dumps({"way": way, "violations": violations, "backend": backend, "seconds": seconds, "max_rss_mb": rss}))
    sys.stdout.flush()
    os._exit(0)  # skip QGIS teardown: it is not part of either way's cost


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3:5] or None)
