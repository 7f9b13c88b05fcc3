"""The three-way merge of a field copy (core/checkin_merge.py): what is applied, what is listed, what is kept."""

from datetime import date, datetime, timedelta, timezone

from lianwei.core import schema
from lianwei.core.checkin_merge import (
    CASE_NUMBER_CHANGED,
    DELETED_IN_OFFICE,
    GEOMETRY,
    Base,
    alias,
    merge_case,
    merged_fields,
    normal,
    normal_row,
    plan_checkin,
    same,
)

BASE = {"case_id": "A-2024-0001", "remarks": "old", "party": "Wang", "status": "DISCOVERED", "geom": "01"}


def test_merged_fields_leave_out_the_number_and_the_bookkeeping():
    names = merged_fields()
    assert "case_id" not in names and "version" not in names and "updated_by" not in names
    assert "remarks" in names and names[-1] == GEOMETRY
    assert alias("remarks") == "备注" and alias(GEOMETRY) == "图形"


def test_a_field_change_with_the_office_unchanged_is_applied():
    merge = merge_case("A", BASE, BASE, dict(BASE, remarks="field"), BASE)
    assert merge.apply == {"remarks": "field"} and merge.conflicts == []
    assert merge.agreed["party"] == "Wang"


def test_the_same_field_changed_differently_is_a_conflict_and_nothing_applied():
    merge = merge_case("A", BASE, BASE, dict(BASE, remarks="field"), dict(BASE, remarks="office"))
    assert merge.apply == {}
    (conflict,) = merge.conflicts
    assert (conflict.case_id, conflict.field, conflict.base, conflict.field_value, conflict.office_value) == (
        "A",
        "remarks",
        "old",
        "field",
        "office",
    )
    assert "remarks" not in merge.agreed


def test_different_fields_changed_on_both_sides_are_merged():
    merge = merge_case("B", BASE, BASE, dict(BASE, remarks="field"), dict(BASE, party="Li"))
    assert merge.apply == {"remarks": "field"} and merge.conflicts == []
    assert "party" not in merge.agreed  # the office's change is not the field's base: it stays the office's


def test_both_sides_changing_to_the_same_value_agree():
    merge = merge_case("A", BASE, BASE, dict(BASE, remarks="same"), dict(BASE, remarks="same"))
    assert merge.apply == {} and merge.conflicts == [] and merge.agreed["remarks"] == "same"


def test_a_change_of_the_shape_is_merged_like_a_field():
    merge = merge_case("A", BASE, BASE, dict(BASE, geom="02"), BASE)
    assert merge.apply == {"geom": "02"}
    merge = merge_case("A", BASE, BASE, dict(BASE, geom="02"), dict(BASE, geom="03"))
    assert [c.field for c in merge.conflicts] == ["geom"]


def test_bases_per_side_hide_differences_of_representation():
    """The office reads 5.0 where the copy stores 5: each side is compared with its own base only."""
    field_base = dict(BASE, footprint_m2=5)
    office_base = dict(BASE, footprint_m2=5.0)
    merge = merge_case("A", field_base, office_base, dict(field_base, remarks="x"), office_base)
    assert merge.apply == {"remarks": "x"}


def test_the_case_number_is_never_merged():
    merge = merge_case("A", BASE, BASE, dict(BASE, case_id="A-2024-0099"), BASE)
    assert merge.apply == {}
    (conflict,) = merge.conflicts
    assert conflict.field == "case_id" and conflict.reason == CASE_NUMBER_CHANGED


def test_a_case_deleted_in_the_office_lists_the_field_changes():
    merge = merge_case("A", BASE, BASE, dict(BASE, remarks="field"), None)
    assert merge.apply == {}
    assert [(c.field, c.office_value, c.reason) for c in merge.conflicts] == [("remarks", None, DELETED_IN_OFFICE)]
    assert merge_case("A", BASE, BASE, BASE, None).conflicts == []


def test_plan_finds_new_and_deleted_cases():
    bases = {1: Base("A", BASE, BASE), 2: Base("B", dict(BASE, case_id="B"), dict(BASE, case_id="B"))}
    field_cases = {1: dict(BASE, remarks="field"), 7: {"case_id": "NEW-12345678"}}
    office = {"A": dict(BASE, remarks="office"), "B": dict(BASE, case_id="B")}
    plan = plan_checkin(bases, field_cases, office)
    assert plan.new_cases == [7] and plan.deleted_in_field == ["B"]
    assert [c.field for c in plan.conflicts] == ["remarks"] and plan.changed_cases == []


def test_a_second_merge_after_the_bases_were_renewed_changes_nothing():
    field_now = dict(BASE, remarks="field")
    merge = merge_case("A", BASE, BASE, field_now, BASE)
    office_after = dict(BASE, **merge.apply)
    new_field_base = dict(BASE, **merge.agreed)
    new_office_base = dict(BASE, **merge.agreed)
    again = merge_case("A", new_field_base, new_office_base, field_now, office_after)
    assert again.apply == {} and again.conflicts == []


def test_normal_values_are_the_same_from_either_backend():
    assert normal(schema.DATE, date(2024, 5, 1)) == normal(schema.DATE, "2024-05-01") == "2024-05-01"
    assert normal(schema.BOOLEAN, 1) is True and normal(schema.BOOLEAN, False) is False
    assert normal(schema.BOOLEAN, "0") is False
    assert normal(schema.TEXT, "") is None and normal(schema.TEXT, None) is None
    assert normal(schema.REAL, 5) == 5.0 and normal(schema.INTEGER, "3") == 3
    moment = datetime(2024, 5, 1, 2, 3, 4, 567891, tzinfo=timezone.utc)
    local = moment.astimezone().replace(tzinfo=None)
    assert normal(schema.DATETIME, moment) == f"{local:%Y-%m-%dT%H:%M:%S}.567"
    assert normal(schema.DATETIME, "2024-05-01T02:03:04.567Z") == normal(schema.DATETIME, moment)
    assert normal(schema.DATETIME, local + timedelta(microseconds=100)) == normal(schema.DATETIME, moment)
    row = normal_row({"found_on": date(2024, 1, 2), "is_new": 0, "unknown": 1, "geom": "01"})
    assert row == {"found_on": "2024-01-02", "is_new": False, "geom": "01"}


def test_same_allows_a_rounding_error_of_numbers_only():
    assert same(1.0, 1.0 + 1e-15) and not same(1.0, 1.001)
    assert not same(None, 0.0) and same(None, None) and not same("a", "b")
