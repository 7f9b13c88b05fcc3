"""A large import killed with SIGKILL at any moment leaves a ledger that opens, passes SQLite's integrity check and
holds either the old cadastre or the whole new one: never a part of it."""

import os
import signal
import sqlite3
import subprocess
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
