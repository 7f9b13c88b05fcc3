"""The side-by-side of a refused save and the merge "keep mine" (core/version_merge.py), without QGIS."""

from lianwei.core import version_merge
from lianwei.core.version_merge import FieldRow, compare, differing, merged, same

FIELDS = [("case_id", "案件编号"), ("party", "当事人"), ("remarks", "备注"), ("address", "地址"), ("version", "版本")]
READ_THEN = {"case_id": "C1", "party": "张三", "remarks": "旧", "address": "老地址", "version": 3}


def test_same_compares_values_read_as_text_or_typed():
    assert same(12, "12.0") and same(True, "true") and same(None, "") and same("2026-01-02", "2026-01-02")
    assert not same(12, "12.5") and not same("a", "b") and not same(None, "x") and not same(False, "true")


def test_rows_show_your_value_the_stored_value_and_what_differs():
    stored = {**READ_THEN, "remarks": "他人", "address": "新地址", "version": 4}
    changes = {"remarks": "我的", "party": "李四", "version": 5, "updated_by": "me"}
    rows = compare(FIELDS, stored, changes, read={"remarks": "旧", "address": "老地址"})
    assert [r.name for r in rows] == ["case_id", "party", "remarks", "address"]  # bookkeeping left out
    by_name = {r.name: r for r in rows}
    assert (by_name["remarks"].alias, by_name["remarks"].mine, by_name["remarks"].stored) == ("备注", "我的", "他人")
    assert by_name["remarks"].changed_by_me and by_name["remarks"].changed_by_others
    assert (by_name["address"].mine, by_name["address"].stored) == ("老地址", "新地址")  # theirs: you read the old
    assert not by_name["address"].changed_by_me and by_name["address"].changed_by_others
    assert by_name["party"].mine == "李四" and by_name["party"].stored == "张三"
    assert not by_name["case_id"].differs
    assert differing(rows) == ["party", "remarks", "address"]


def test_a_change_equal_to_the_stored_value_does_not_differ():
    stored = {**READ_THEN, "remarks": "同", "version": 4}
    rows = compare(FIELDS, stored, {"remarks": "同"}, read={"remarks": "旧"})
    assert differing(rows) == []


def test_keep_mine_puts_your_fields_on_the_stored_case_at_the_next_version():
    stored = {**READ_THEN, "remarks": "他人", "address": "新地址", "version": 4}
    changes = {"remarks": "我的", "party": "李四", "version": 9, "updated_at": "x"}
    assert merged(stored, changes, 4) == {
        "case_id": "C1",
        "party": "李四",
        "remarks": "我的",
        "address": "新地址",
        "version": 5,
    }
    assert version_merge.your_changes(changes) == {"remarks": "我的", "party": "李四"}


def test_a_shape_row_says_itself_whether_it_differs():
    assert FieldRow("geom", "图形", "10.00 m²", "10.00 m²", True, False, equal=False).differs
    assert not FieldRow("geom", "图形", "10.00 m²", "12.00 m²", True, False, equal=True).differs
