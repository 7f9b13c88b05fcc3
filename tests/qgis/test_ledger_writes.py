"""The ledger's writers that do not go through QGIS's edit buffer (update_cases, evidence.attach, write_campaign,
ensure_case_triggers): through Python's sqlite3 in one immediate transaction, with the GeoPackage's own SQL
functions, values stored as QGIS stores them, every refusal a message naming the case or file, nothing changed."""

import hashlib
import os
import re
import shutil
import sqlite3
import struct
from contextlib import closing
from datetime import datetime, timedelta

import pytest
from case_ledger import close_case_ledger, open_case_ledger, rows
from exif_jpeg import patrol_photo
from gpkg_copy import copy_gpkg
from osgeo import gdal
from qgis.PyQt.QtCore import QDate
from shapely import wkb as shapely_wkb
from shapely.affinity import translate
from shapely.geometry import Polygon

from lianwei.core.campaign import Campaign
from lianwei.layers import evidence, gpkg_functions, ledger_store
from lianwei.layers.case_edits import CaseEditError, update_cases
from lianwei.layers.convert import DataError
from lianwei.layers.ledger import LedgerError
from lianwei.layers.ledger_store import connect, immediate, table_dump
from lianwei.layers.progress_source import read_campaign, write_campaign

NOT_A_LEDGER = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "bad", "not_a_ledger.gpkg")
# Local time as QGIS 3.22 stores now(); in the QGIS 3.40 chroot the stored stamp came back with a Z.
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z?$")
USER = "测试员张三"


@pytest.fixture
def ledger(small_sample, tmp_path, qgis_new_project):
    yield open_case_ledger(small_sample["OUTPUT"], tmp_path, USER)
    close_case_ledger()


def case_with(path, status):
    return rows(path, "SELECT case_id FROM violations WHERE status = ? ORDER BY fid", status)[0][0]


def gdal_answers(path, sql):
    dataset = gdal.OpenEx(path, gdal.OF_VECTOR)
    result = dataset.ExecuteSQL(sql)
    answers = [tuple(feature.GetField(k) for k in range(feature.GetFieldCount())) for feature in result]
    dataset.ReleaseResultSet(result)
    return answers


def test_the_geopackage_functions_answer_as_gdals_do(small_sample, tmp_path):
    path = str(tmp_path / "ledger.gpkg")
    copy_gpkg(small_sample["OUTPUT"], path)
    sql = "SELECT ST_MinX(geom), ST_MaxX(geom), ST_MinY(geom), ST_MaxY(geom), ST_IsEmpty(geom) FROM {} ORDER BY fid"
    with closing(gpkg_functions.register(sqlite3.connect(path))) as db:
        for table in ("violations", "villages"):
            assert db.execute(sql.format(table)).fetchall() == gdal_answers(path, sql.format(table))
        # Blobs without an envelope in their header (GDAL writes one; other programs need not), and an empty one.
        square = Polygon([(1, 2), (4, 2), (4, 7), (1, 7)])
        bare = b"GP\x00\x01" + struct.pack("<i", 4545) + square.wkb
        empty = b"GP\x00\x11" + struct.pack("<i", 4545) + Polygon().wkb
        probe = "SELECT ST_MinX(?), ST_MaxX(?), ST_MinY(?), ST_MaxY(?), ST_IsEmpty(?)"
        assert db.execute(probe, [bare] * 5).fetchone() == (1.0, 4.0, 2.0, 7.0, 0)
        assert db.execute(probe, [empty] * 5).fetchone() == (None, None, None, None, 1)
        assert db.execute(probe, [None] * 5).fetchone() == (None,) * 5


def test_a_geometry_written_through_the_store_keeps_the_spatial_index(small_sample, tmp_path):
    """The R-tree triggers run on our connection (they need the functions above) and index the new shape."""
    path = str(tmp_path / "ledger.gpkg")
    copy_gpkg(small_sample["OUTPUT"], path)
    ((fid, blob),) = rows(path, "SELECT fid, geom FROM violations ORDER BY fid LIMIT 1")
    assert blob[3] == 0x03  # GDAL's blob: little-endian, an xy envelope (8 + 32 bytes) before the WKB
    moved = translate(shapely_wkb.loads(bytes(blob[40:])), 100, 0)
    minx, miny, maxx, maxy = moved.bounds
    new_blob = bytes(blob[:8]) + struct.pack("<4d", minx, maxx, miny, maxy) + moved.wkb
    with closing(connect(path)) as db, immediate(db, path):
        db.execute("UPDATE violations SET geom = ? WHERE fid = ?", (new_blob, fid))
    ((rminx, rmaxx),) = rows(path, "SELECT minx, maxx FROM rtree_violations_geom WHERE id = ?", fid)
    assert rminx == pytest.approx(minx, abs=0.1) and rmaxx == pytest.approx(maxx, abs=0.1)  # float32 boxes


def test_recordstatus_stores_dates_and_times_as_qgis_does(ledger, tmp_path, lianwei_provider):
    import processing
    from lianwei.processing.algorithms.record_status import STATUSES

    path, layers = ledger
    case_id = case_with(path, "ORDERED")
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(patrol_photo())
    evidence.attach(path, case_id, [str(photo)])
    ((taken_at,),) = rows(path, "SELECT taken_at FROM evidence WHERE case_id = ?", case_id)
    assert taken_at == "2024-05-18T09:41:27.000"  # as GDAL wrote it before
    result = processing.run(
        "lianwei:recordstatus",
        {"INPUT": layers["violations"], "CASES": case_id, "STATUS": STATUSES.index("DEMOLISHED"), "DATE": "2024-09-01"},
    )
    assert result["UPDATED"] == 1
    ((demolished_on, demolished_m2, footprint, updated_at, updated_by),) = rows(
        path,
        "SELECT demolished_on, demolished_m2, footprint_m2, updated_at, updated_by FROM violations WHERE case_id = ?",
        case_id,
    )
    assert demolished_on == "2024-09-01" and demolished_m2 == footprint  # no area given: the footprint
    assert DATETIME.match(updated_at) and updated_by == USER
    (feature,) = layers["violations"].getFeatures(f"\"case_id\" = '{case_id}'")  # reloaded after the run
    assert feature["demolished_on"] == QDate(2024, 9, 1)
    assert abs(feature["updated_at"].toPyDateTime() - datetime.now()) < timedelta(minutes=2)  # local time
    layer = layers["violations"]
    layer.startEditing()  # what QGIS itself stores on an edit, for comparison
    layer.changeAttributeValue(feature.id(), layer.fields().indexOf("party"), "王五")
    assert layer.commitChanges(), layer.commitErrors()
    ((by_qgis,),) = rows(path, "SELECT updated_at FROM violations WHERE case_id = ?", case_id)
    assert DATETIME.match(by_qgis), by_qgis


def refused(path, call, *words):
    before = table_dump(path)
    with pytest.raises((LedgerError, DataError)) as error:
        call()
    for word in words:
        assert word in str(error.value), str(error.value)
    assert table_dump(path) == before
    return str(error.value)


def test_a_refusal_of_the_ledgers_triggers_names_the_case(ledger):
    path, _layers = ledger
    case_id = case_with(path, "ORDERED")
    refused(path, lambda: update_cases(path, {case_id: {"disposal": "BULLDOZE"}}), case_id, "code list", "台账")


def test_bad_values_unknown_cases_and_bookkeeping_fields_are_refused(ledger):
    path, _layers = ledger
    case_id = case_with(path, "ORDERED")
    refused(path, lambda: update_cases(path, {case_id: {"demolished_m2": "很多"}}), case_id, "demolished_m2", "数")
    refused(path, lambda: update_cases(path, {case_id: {"demolished_on": "九月"}}), "demolished_on", "YYYY-MM-DD")
    refused(path, lambda: update_cases(path, {case_id: {"remarks": "长" * 501}}), "500", "remarks")
    refused(path, lambda: update_cases(path, {case_id: {"version": 99}}), "version", "不能")
    refused(path, lambda: update_cases(path, {case_id: {"colour": "red"}}), "colour", path)
    refused(path, lambda: update_cases(path, {"450000000000-2099-9999": {"remarks": "x"}}), "450000000000-2099-9999")
    with pytest.raises(CaseEditError, match="暂缓"):  # the workflow, before anything is written
        update_cases(path, {case_id: {"status": "DEFERRED", "remarks": ""}})


def test_giving_a_case_the_values_it_has_writes_nothing(ledger):
    path, _layers = ledger
    case_id = case_with(path, "ORDERED")
    ((remarks,),) = rows(path, "SELECT remarks FROM violations WHERE case_id = ?", case_id)
    before = table_dump(path)
    assert update_cases(path, {case_id: {"status": "ORDERED", "remarks": remarks}}) == 0
    assert table_dump(path) == before  # no version, no stamp, no trace


def test_the_other_writers_wait_for_then_refuse_a_locked_ledger(ledger, tmp_path, monkeypatch):
    path, _layers = ledger
    monkeypatch.setattr(ledger_store, "BUSY_TIMEOUT_S", 0.2)
    monkeypatch.setattr(ledger_store, "ATTEMPTS", 2)
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(patrol_photo())
    case_id = case_with(path, "ORDERED")
    campaign = read_campaign(path)
    with closing(sqlite3.connect(path, isolation_level=None)) as holder:
        holder.execute("BEGIN IMMEDIATE")
        words = ("正被其他程序使用", "in use by another program", path)
        refused(path, lambda: evidence.attach(path, case_id, [str(photo)]), *words)
        refused(path, lambda: write_campaign(path, campaign, {}), *words)
        refused(path, lambda: update_cases(path, {case_id: {"remarks": "x"}}), *words)
        holder.execute("ROLLBACK")
    assert not (tmp_path / "ledger_取证材料").exists()  # the copied photo was removed again


def md5(path):
    with open(path, "rb") as handle:
        return hashlib.md5(handle.read()).hexdigest()  # noqa: S324 - a checksum


def test_the_writers_refuse_a_geopackage_that_is_not_a_ledger(tmp_path):
    path = str(tmp_path / "office.gpkg")
    shutil.copy(NOT_A_LEDGER, path)
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(patrol_photo())
    before = md5(path)
    for call in (
        lambda: evidence.attach(path, "450109101202-2024-0001", [str(photo)]),
        lambda: write_campaign(path, Campaign.from_rows({}), {}),
        lambda: update_cases(path, {"450109101202-2024-0001": {"remarks": "x"}}),
    ):
        with pytest.raises((LedgerError, DataError)) as error:
            call()
        assert "不是两违整治台账" in str(error.value) and "is not a Lianwei ledger" in str(error.value)
    assert md5(path) == before
    assert not (tmp_path / "office_取证材料").exists()


def test_an_old_ledger_gets_the_rules_through_the_store_and_a_read_only_one_is_refused(small_sample, tmp_path):
    from lianwei.layers.gpkg import ensure_case_triggers

    path = str(tmp_path / "old.gpkg")
    copy_gpkg(small_sample["OUTPUT"], path)
    with closing(sqlite3.connect(path)) as db:
        db.execute('DROP TRIGGER "lianwei_trace_remarks"')
        db.commit()
    os.chmod(path, 0o444)
    before = md5(path)
    with pytest.raises(LedgerError, match="只读"):
        ensure_case_triggers(path)
    assert md5(path) == before
    os.chmod(path, 0o644)
    assert ensure_case_triggers(path) == 1
    assert rows(path, "SELECT count(*) FROM sqlite_master WHERE name = 'lianwei_trace_remarks'") == [(1,)]
    assert ensure_case_triggers(path) == 0
    os.chmod(path, 0o444)
    assert ensure_case_triggers(path) == 0  # up to date: nothing to write, a read-only ledger opens
    os.chmod(path, 0o644)
