"""lianwei:reconcile, lianwei:exportverification and lianwei:syncpatches on a PostGIS ledger in a real PostgreSQL
server give what they give on a GeoPackage of the same township; a sync keeps its stamp in the database; an
algorithm that does not take a PostgreSQL ledger refuses one before running."""

import sqlite3
from contextlib import closing

import pytest
from gpkg_copy import copy_gpkg
from qgis.core import QgsProcessingContext
from recording_feedback import RecordingFeedback
from service_server import service_fixture  # noqa: F401 - the fixture "service"

from lianwei.core.service_paging import stamp_key
from lianwei.layers.ledger_store import connect, immediate

SMALL = {"SEED": 11, "VIOLATIONS": 120, "PARCELS": 2000, "PERMITS": 60}  # conftest's small_sample
SCHEMA = "town"
PHOTO = ("x/拆除后.jpg", "2024-06-01T10:00:00.000", 108.3, 22.8, 90.0, "拆除后")


@pytest.fixture
def both_ledgers(small_sample, lianwei_provider, pg_cluster, pg_database, tmp_path):
    """(a GeoPackage copy of the sample, the same township in PostgreSQL as DATABASE/SCHEMA parameters, cluster,
    database); one case of each gets a patch number, an upper area and a photo."""
    import processing

    path = str(tmp_path / "台账.gpkg")
    copy_gpkg(small_sample["OUTPUT"], path)
    shared = {"DATABASE": pg_cluster.conninfo(pg_database), "SCHEMA": SCHEMA}
    processing.run("lianwei:sampletownship", dict(SMALL, **shared))
    with closing(connect(path)) as db, immediate(db, path):
        case = db.execute("SELECT case_id FROM violations WHERE patch_no IS NULL ORDER BY case_id").fetchone()[0]
        db.execute("UPDATE violations SET patch_no = 'WP2024PG0001', upper_m2 = 88.5 WHERE case_id = ?", (case,))
        db.execute(
            "INSERT INTO evidence (case_id, file_path, taken_at, longitude, latitude, direction, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (case, *PHOTO),
        )
    owner = pg_cluster.connect(pg_database)
    with owner, owner.cursor() as cursor:
        cursor.execute(
            "UPDATE town.violations SET patch_no = 'WP2024PG0001', upper_m2 = 88.5, version = version + 1 "
            "WHERE case_id = %s",
            (case,),
        )
        cursor.execute(
            "INSERT INTO town.evidence (case_id, file_path, taken_at, longitude, latitude, direction, note) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            (case, *PHOTO),
        )
    owner.close()
    return path, shared, pg_cluster, pg_database


def features(layer, names):
    return sorted(tuple(f[name] for name in names) for f in layer.getFeatures())


def test_reconcile_gives_the_same_differences(both_ledgers, tmp_path):
    from test_reconcile import write_upper

    import processing

    path, shared, _, _ = both_ledgers
    upper = str(tmp_path / "county.gpkg")
    write_upper(upper, path)
    results = []
    for ledger in ({"LEDGER": path}, shared):
        parameters = dict(ledger, UPPER=upper, OUTPUT="TEMPORARY_OUTPUT", PATCHES_ONLY=True)
        results.append(processing.run("lianwei:reconcile", parameters))
    in_file, in_database = results
    names = ("kind_code", "patch_no", "here", "above", "case_id")
    assert features(in_database["OUTPUT"], names) == features(in_file["OUTPUT"], names)
    assert in_database["SUMMARY"] == in_file["SUMMARY"] and "清溪镇" in in_database["SUMMARY"]
    assert in_database["DIFFERENCES"] == in_file["DIFFERENCES"] > 0


def test_export_verification_returns_the_same_rows(both_ledgers, tmp_path):
    from test_reconcile import write_upper

    import processing

    path, shared, _, _ = both_ledgers
    upper = str(tmp_path / "county.gpkg")
    write_upper(upper, path)
    results = []
    for name, ledger in (("file", {"LEDGER": path}), ("database", shared)):
        output = str(tmp_path / f"return_{name}.gpkg")
        results.append(
            processing.run("lianwei:exportverification", dict(ledger, UPPER=upper, OUTPUT=output, MIN_PHOTOS=1))
        )
    in_file, in_database = results
    keys = ("ROWS", "MATCHED", "NOT_IN_LEDGER", "COMPLETE", "INCOMPLETE")
    assert {k: in_database[k] for k in keys} == {k: in_file[k] for k in keys}
    assert in_database["MATCHED"] > 0
    from qgis.core import QgsVectorLayer

    written = [QgsVectorLayer(r["OUTPUT"], "return", "ogr") for r in results]
    names = written[0].fields().names()
    assert names == written[1].fields().names()
    assert features(written[1], names) == features(written[0], names)


@pytest.fixture
def township_service(both_ledgers, service):
    """Five patches in lon/lat inside the sample township's first villages (test_sync_patches' fixture)."""
    from test_sync_patches import township_patches

    township_patches.__wrapped__(both_ledgers[0], service)
    return service


def test_sync_into_postgis_imports_once_and_keeps_its_stamp(both_ledgers, township_service, monkeypatch):
    import processing
    from lianwei.processing.algorithms.sync_patches import SyncPatchesAlgorithm

    monkeypatch.setattr(SyncPatchesAlgorithm, "BACKOFF_BASE", 0.01)
    _, shared, cluster, database = both_ledgers
    url = township_service.base + "/ogc"
    parameters = dict(shared, URL=url, COLLECTION="patches", TIMEOUT=5, ATTEMPTS=2)
    feedback = RecordingFeedback()
    first = processing.run("lianwei:syncpatches", parameters, feedback=feedback, context=QgsProcessingContext())
    assert first["FETCHED"] == 5 and first["NEW"] + first["LINKED"] == 5 and first["REFUSED"] == 0, feedback.log
    connection = cluster.connect(database)
    with connection.cursor() as cursor:
        key = stamp_key(url + "/collections/patches/items")
        cursor.execute("SELECT value FROM town.campaign WHERE key = %s", (key,))
        assert cursor.fetchall() == [(first["STAMP"],)], feedback.log
        cursor.execute("SELECT count(*) FROM town.violations WHERE patch_no LIKE '450109-2024-W%%'")
        assert cursor.fetchone()[0] == first["NEW"]
    second = processing.run("lianwei:syncpatches", parameters, context=QgsProcessingContext())
    assert second["FETCHED"] == 0 and second["NEW"] == 0
    assert township_service.queries("/ogc/collections/patches/items")[-1]["datetime"] == first["STAMP"] + "/.."
    connection.close()


def test_an_algorithm_not_yet_shared_refuses_a_postgis_ledger(lianwei_provider, small_sample):
    """The ledger input's checks (processing/base.py), on an algorithm that does not take a PostgreSQL ledger."""
    from qgis.core import QgsProcessingContext as Context

    from lianwei.processing.base import LianweiAlgorithm

    class FileOnly(LianweiAlgorithm):
        ID = "fileonly"
        TITLE = "File only"

        def initAlgorithm(self, config=None):
            self.add_ledger_input()

        def processAlgorithm(self, parameters, context, feedback):
            return {}

    algorithm = FileOnly()
    algorithm.initAlgorithm()
    ok, message = algorithm.checkParameterValues({"DATABASE": "service=lianwei_test", "SCHEMA": "town"}, Context())
    assert not ok and "lianwei:fileonly" in message and "service=lianwei_test / town" in message
    assert "PostgreSQL" in message and "lianwei:checkout" in message
    assert algorithm.checkParameterValues({"LEDGER": small_sample["OUTPUT"]}, Context())[0]
    ok, message = algorithm.checkParameterValues({}, Context())
    assert not ok and "a GeoPackage file, or a database and a schema" in message
    with closing(sqlite3.connect(small_sample["OUTPUT"])) as db:
        assert db.execute("SELECT count(*) FROM violations").fetchone()[0] == SMALL["VIOLATIONS"]
