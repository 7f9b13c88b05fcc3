"""The ledger's version rule (core/edit_version.py) in plain SQLite: a save that stamps a case without moving its
version past the stored one is refused; the other writes pass."""

import sqlite3

import pytest

from lianwei.core import edit_version

STAMP = "2024-05-01T09:00:00.000"


def _ledger():
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE TABLE violations (fid INTEGER PRIMARY KEY, case_id TEXT, remarks TEXT, geom BLOB, "
        "updated_at DATETIME, updated_by TEXT, version INTEGER NOT NULL)"
    )
    for _name, statement in edit_version.trigger_statements():
        db.execute(statement)
    db.execute(
        "INSERT INTO violations (case_id, remarks, updated_at, updated_by, version) VALUES ('A', '原', ?, '张工', 3)",
        (STAMP,),
    )
    return db


def stored(db):
    return db.execute("SELECT remarks, updated_at, updated_by, version FROM violations").fetchone()


def test_a_save_that_began_from_the_stored_case_passes_however_often_it_changed_it():
    db = _ledger()
    for version in (4, 6):  # one change, then two more in one session: QGIS adds one per change
        db.execute(
            "UPDATE violations SET remarks = ?, version = ?, updated_at = ?, updated_by = '李工'",
            (f"v{version}", version, f"2024-05-0{version - 2}T10:00:00.000"),
        )
    assert stored(db) == ("v6", "2024-05-04T10:00:00.000", "李工", 6)


@pytest.mark.parametrize("version", [3, 2])
def test_a_stale_save_is_refused_and_changes_nothing(version):
    db = _ledger()
    with pytest.raises(sqlite3.IntegrityError, match="已被他人修改.*someone else"):
        db.execute(
            "UPDATE violations SET remarks = '覆盖', version = ?, updated_at = '2024-05-02T08:00:00.000', "
            "updated_by = '王工'",
            (version,),
        )
    assert stored(db) == ("原", STAMP, "张工", 3)


def test_a_stale_save_by_someone_else_within_the_same_second_is_refused():
    db = _ledger()
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE violations SET remarks = '覆盖', version = 3, updated_at = ?, updated_by = '王工'", (STAMP,))


@pytest.mark.parametrize("written", [STAMP, "2024-05-01 09:00:00", "2024-05-01T09:00:00"])
def test_gdal_rewriting_the_row_for_a_new_geometry_passes(written):
    """QGIS saves a changed geometry through GDAL, which writes back the row as it read it (its own time format)."""
    db = _ledger()
    db.execute("UPDATE violations SET updated_at = ?", (written,))  # a stamp another program wrote
    db.execute(
        "UPDATE violations SET geom = x'00', remarks = remarks, version = 3, updated_at = ?, updated_by = '张工'",
        (STAMP,),  # GDAL's form of the same moment
    )
    assert stored(db)[3] == 3


def test_writes_that_leave_the_version_alone_pass():
    db = _ledger()
    db.execute("UPDATE violations SET remarks = '其他程序改的'")  # another program: traced without a name
    assert stored(db)[0] == "其他程序改的"
