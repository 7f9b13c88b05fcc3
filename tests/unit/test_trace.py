"""The ledger's trace (core/trace.py) in plain SQLite: one case_log row per changed field, and who changed it."""

import sqlite3

from lianwei.core import schema, trace


def _ledger():
    db = sqlite3.connect(":memory:")
    columns = ", ".join(f'"{name}"' for name in schema.VIOLATIONS.field_names)
    db.execute(f"CREATE TABLE violations (fid INTEGER PRIMARY KEY, geom BLOB, {columns})")
    db.execute(
        "CREATE TABLE case_log (fid INTEGER PRIMARY KEY, case_id TEXT, changed_at TEXT, changed_by TEXT, "
        "field TEXT, old_value TEXT, new_value TEXT)"
    )
    for _name, statement in trace.trigger_statements():
        db.execute(statement)
    db.execute(
        "INSERT INTO violations (case_id, status, party, updated_at, updated_by, version) "
        "VALUES ('A-2024-0001', 'DISCOVERED', '李国', '2024-05-01T09:00:00', '张工', 1)"
    )
    return db


def log(db):
    return db.execute("SELECT field, old_value, new_value, changed_by FROM case_log ORDER BY fid").fetchall()


def test_creation_then_one_row_per_changed_field_with_its_author():
    db = _ledger()
    stamp = "2024-05-02T10:00:00"
    db.execute(
        "UPDATE violations SET status = 'VERIFIED', party = '王五', remarks = remarks, updated_at = ?, "
        "updated_by = '李工', version = 2",
        (stamp,),
    )
    assert log(db) == [
        ("case_id", None, "A-2024-0001", "张工"),
        ("status", "DISCOVERED", "VERIFIED", "李工"),
        ("party", "李国", "王五", "李工"),
    ]


def test_two_edits_in_the_same_second_are_both_signed():
    db = _ledger()
    for version, status in ((2, "VERIFIED"), (3, "FILED")):
        db.execute(
            "UPDATE violations SET status = ?, updated_at = '2024-05-02T10:00:00', updated_by = '李工', version = ?",
            (status, version),
        )
    assert [row[3] for row in log(db)[1:]] == ["李工", "李工"]


def test_an_edit_from_outside_qgis_is_traced_without_a_name():
    db = _ledger()
    db.execute("UPDATE violations SET demolished_m2 = 12.5")
    assert log(db)[1] == ("demolished_m2", None, "12.5", None)
    db.execute("DELETE FROM violations")
    assert log(db)[2] == ("case_id", "A-2024-0001", None, None)
