"""The case workflow rules (core/workflow.py), in Python and as the ledger's SQLite triggers."""

import sqlite3

import pytest

from lianwei.core import schema, workflow

ORDERED = {"case_id": "A-2024-0001", "status": "ORDERED", "demolished_m2": None, "demolished_on": None}


def test_the_workflow_path_is_allowed():
    path = ["DISCOVERED", "VERIFIED", "FILED", "ORDERED"]
    for before, after in zip(path, path[1:]):
        assert workflow.refusals({"status": before}, {"status": after}) == []
    assert workflow.refusals({"status": "DISCOVERED"}, {"status": "LEGAL"}) == []


@pytest.mark.parametrize(
    "before, after",
    [
        ("DISCOVERED", "DEMOLISHED"),
        ("DISCOVERED", "SIGNED_OFF"),
        ("ORDERED", "SIGNED_OFF"),
        ("DEFERRED", "SIGNED_OFF"),
        ("LEGAL", "VERIFIED"),
        ("SIGNED_OFF", "ORDERED"),
        ("FILED", "DISCOVERED"),
    ],
)
def test_forbidden_moves_explain_themselves_in_chinese(before, after):
    (refusal,) = workflow.refusals({"case_id": "X-1", "status": before}, {"status": after})
    assert refusal.rule == "transition" and refusal.case_id == "X-1"
    assert schema.code_label("status", before) in refusal.message and " / " in refusal.message


def test_demolished_needs_area_date_and_a_photo():
    rules = {r.rule for r in workflow.refusals(ORDERED, dict(ORDERED, status="DEMOLISHED"))}
    assert rules == {"demolished_m2", "demolished_on", "photo"}
    done = dict(ORDERED, status="DEMOLISHED", demolished_m2=120.5, demolished_on="2024-05-02")
    assert [r.rule for r in workflow.refusals(ORDERED, done, photos=0)] == ["photo"]
    assert workflow.refusals(ORDERED, done, photos=1) == []
    assert [r.rule for r in workflow.refusals(ORDERED, dict(done, demolished_m2=0), photos=2)] == ["demolished_m2"]


def test_deferred_needs_a_reason_and_signed_off_needs_demolition_or_regularization():
    assert [r.rule for r in workflow.refusals(ORDERED, dict(ORDERED, status="DEFERRED", remarks=" "))] == ["remarks"]
    assert workflow.refusals(ORDERED, dict(ORDERED, status="DEFERRED", remarks="春耕后拆除")) == []
    for before in ("DEMOLISHED", "REGULARIZED"):
        assert workflow.refusals({"status": before}, {"status": "SIGNED_OFF"}) == []


def test_new_cases_and_other_fields_are_not_judged():
    assert workflow.refusals(None, {"status": "DEMOLISHED"}) == []
    assert workflow.refusals(ORDERED, dict(ORDERED, remarks="x")) == []


def _ledger():
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE TABLE violations (case_id TEXT, status TEXT, demolished_m2 REAL, demolished_on DATE, remarks TEXT)"
    )
    db.execute("CREATE TABLE evidence (case_id TEXT, file_path TEXT)")
    for _name, statement in workflow.trigger_statements():
        db.execute(statement)
    db.execute("INSERT INTO violations VALUES ('A-1', 'ORDERED', NULL, NULL, NULL)")
    return db


def test_the_ledger_triggers_refuse_what_the_rules_refuse():
    db = _ledger()
    with pytest.raises(sqlite3.IntegrityError, match="只能改为"):
        db.execute("UPDATE violations SET status = 'SIGNED_OFF'")
    with pytest.raises(sqlite3.IntegrityError, match="改为已拆除须先"):
        db.execute("UPDATE violations SET status = 'DEMOLISHED'")
    db.execute("UPDATE violations SET demolished_m2 = 80, demolished_on = '2024-05-02'")
    db.execute("INSERT INTO evidence VALUES ('A-1', '证据/A-1/scan.pdf')")
    with pytest.raises(sqlite3.IntegrityError, match="照片"):
        db.execute("UPDATE violations SET status = 'DEMOLISHED'")
    db.execute("INSERT INTO evidence VALUES ('A-1', '证据/A-1/IMG_0001.JPG')")
    db.execute("UPDATE violations SET status = 'DEMOLISHED'")
    db.execute("UPDATE violations SET status = 'SIGNED_OFF'")
    assert db.execute("SELECT status FROM violations").fetchone() == ("SIGNED_OFF",)


def test_a_legacy_row_in_a_status_may_be_edited_without_meeting_its_requirements():
    db = _ledger()
    db.execute("INSERT INTO violations VALUES ('B-1', 'DEMOLISHED', NULL, NULL, NULL)")
    db.execute("UPDATE violations SET remarks = 'x' WHERE case_id = 'B-1'")
    assert db.execute("SELECT remarks FROM violations WHERE case_id = 'B-1'").fetchone() == ("x",)


def test_case_numbers_continue_from_the_highest_of_the_village_and_year():
    from lianwei.core.cases import next_case_ids, with_type

    existing = ["520101001-2024-0007", "520101001-2024-0002", "520101002-2024-0031", "520101001-2023-0099"]
    assert next_case_ids("520101001", 2024, existing, 2) == ["520101001-2024-0008", "520101001-2024-0009"]
    assert next_case_ids("520101003", 2024, existing) == ["520101003-2024-0001"]
    assert next_case_ids(None, 2024, []) == ["XX-2024-0001"]
    assert with_type({"suggested_type": "L2"})["category"] == "LAND"
    assert with_type({"suggested_type": "C1"}, current_type="L3") == {"suggested_type": "C1"}
