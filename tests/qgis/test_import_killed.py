"""A large import killed with SIGKILL at any moment leaves a ledger that opens, passes SQLite's integrity check and
holds either the old cadastre or the whole new one: never a part of it."""

import os
import signal
import sqlite3
import subprocess
import tempfile
import time
from contextlib import closing

import pytest
from gpkg_copy import copy_gpkg
from osgeo import ogr, osr
from test_qgis_process import qgis_process, run  # noqa: F401 - the fixture that enables the plugin for qgis_process

PARCELS = 20000


@pytest.fixture(scope="module")
def big_cadastre(tmp_path_factory):
    """PARCELS squares of 20 m in EPSG:4545, keys ZDDM, owners QLR, written with OGR (a second)."""
    path = str(tmp_path_factory.mktemp("big") / "宗地_大.gpkg")
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4545)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    layer = dataset.CreateLayer("zd", srs, ogr.wkbPolygon)
    for name in ("ZDDM", "QLR"):
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    layer.StartTransaction()
    for k in range(PARCELS):
        x, y = 530000 + (k % 200) * 25, 2530000 + (k // 200) * 25
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("ZDDM", f"KILL{k:06d}")
        feature.SetField("QLR", "测试")
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POLYGON(({x} {y},{x + 20} {y},{x + 20} {y + 20},{x} {y}))"))
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    dataset = layer = None
    return path


def cadastre_state(ledger):
    with closing(sqlite3.connect(ledger)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count, imported = db.execute("SELECT count(*), sum(parcel_id LIKE 'KILL%') FROM cadastre").fetchone()
    return count, imported or 0


def test_a_killed_import_leaves_the_ledger_whole(run, big_cadastre, small_sample, tmp_path):  # noqa: F811
    arguments = ["run", "lianwei:importreference", "--", f"INPUT={big_cadastre}", "TABLE=1", "REPLACE=true"]
    first = str(tmp_path / "完整.gpkg")
    copy_gpkg(small_sample["OUTPUT"], first)
    before = cadastre_state(first)
    started = time.monotonic()
    finished = run(*arguments, f"LEDGER={first}")
    duration = time.monotonic() - started
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert cadastre_state(first) == (PARCELS, PARCELS)
    outcomes = []
    for fraction in (0.3, 0.6, 0.8, 0.95):
        ledger = str(tmp_path / f"killed_{fraction}.gpkg")
        copy_gpkg(small_sample["OUTPUT"], ledger)
        process = subprocess.Popen(
            [qgis_process(), *arguments, f"LEDGER={ledger}"],
            env=run.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(duration * fraction)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        state = cadastre_state(ledger)
        assert state in (before, (PARCELS, PARCELS)), (fraction, state)
        outcomes.append(state == before)
    assert any(outcomes), "no kill landed before the commit: the test did not test anything"


def postgis_state(cluster, database, schema):
    """(rows, a checksum of every row with its fid and geometry, KILL rows, case_log rows) of a PostGIS cadastre."""
    connection = cluster.connect(database)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*), md5(string_agg(c::text, '|' ORDER BY fid)), count(*) FILTER "
                f"(WHERE parcel_id LIKE 'KILL%%') FROM {schema}.cadastre c"
            )
            count, checksum, imported = cursor.fetchone()
            cursor.execute(f"SELECT count(*) FROM {schema}.case_log")
            return count, checksum, imported, cursor.fetchone()[0]
    finally:
        connection.close()


def relation_size(cluster, database, schema):
    connection = cluster.connect(database)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_relation_size(%s)", (f"{schema}.cadastre",))
            return cursor.fetchone()[0]
    finally:
        connection.close()


def wait_for_no_import(cluster, database):
    """Until the killed client's backend has gone (the server rolls its transaction back when it notices)."""
    connection = cluster.connect(database)
    try:
        with connection.cursor() as cursor:
            for _ in range(600):
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'lianwei'")
                if cursor.fetchone()[0] == 0:
                    return
                time.sleep(0.05)
    finally:
        connection.close()
    pytest.fail("the killed import's backend is still there after 30 s")


def test_a_killed_import_into_postgis_leaves_no_partial_rows(
    run,  # noqa: F811 - the fixture imported above
    big_cadastre,
    lianwei_provider,
    pg_cluster,
    pg_database,
):
    """SIGKILL while the import's transaction is writing (the table's file already holds uncommitted new rows):
    the cadastre is exactly as before, every row and the history; a run left alone writes all of them."""
    import processing

    conninfo = pg_cluster.conninfo(pg_database)
    sample = {"SEED": 11, "VIOLATIONS": 30, "PARCELS": 300, "PERMITS": 10, "DATABASE": conninfo}
    for schema in ("town", "whole"):
        processing.run("lianwei:sampletownship", dict(sample, SCHEMA=schema))
    arguments = ["run", "lianwei:importreference", "--", f"INPUT={big_cadastre}", "TABLE=1", "REPLACE=true"]
    arguments.append(f"DATABASE={conninfo}")
    empty = relation_size(pg_cluster, pg_database, "whole")
    finished = run(*arguments, "SCHEMA=whole")
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert postgis_state(pg_cluster, pg_database, "whole")[::2] == (PARCELS, PARCELS)
    growth = relation_size(pg_cluster, pg_database, "whole") - empty
    assert growth > 1_000_000, growth
    mid_write = []
    for fraction in (0.05, 0.5, 0.9):
        before = postgis_state(pg_cluster, pg_database, "town")
        size = relation_size(pg_cluster, pg_database, "town")
        log = tempfile.TemporaryFile()
        process = subprocess.Popen(
            [qgis_process(), *arguments, "SCHEMA=town"],
            env=run.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        written = 0
        while process.poll() is None and written < fraction * growth:
            written = relation_size(pg_cluster, pg_database, "town") - size
            time.sleep(0.005)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        elif process.returncode != 0:  # it ended by itself, failing: say why rather than count it as a kill
            log.seek(0)
            pytest.fail(f"the import ended with {process.returncode}: {log.read().decode(errors='replace')[-2000:]}")
        process.wait()
        log.close()
        wait_for_no_import(pg_cluster, pg_database)
        state = postgis_state(pg_cluster, pg_database, "town")
        if written >= fraction * growth:  # killed while the new rows were being written, uncommitted
            assert state == before, (fraction, written, state, before)
            mid_write.append(fraction)
        else:  # finished before the kill (a slow poll): then it wrote all of them
            assert state[::2] == (PARCELS, PARCELS), (fraction, state)
    print("killed mid-write at", mid_write, "of a growth of", growth, "bytes")
    assert len(mid_write) >= 2, f"only {mid_write} of the kills landed while the import was writing"
