"""Reconciling the ledger with the upper level's file: by number, then by outline; one row per difference."""

import pytest
from shapely.geometry import box

from lianwei.core import reconcile as rc

X0, Y0 = 536000.0, 2533000.0


def square(dx=0.0, size=20.0):
    return box(X0 + dx, Y0, X0 + dx + size, Y0 + size)


def case(case_id, patch_no, dx=0.0, area=400.0, status="ORDERED", geometry=True):
    return rc.LedgerCase(case_id, patch_no, square(dx) if geometry else None, area, status)


def upper(patch_no, dx=0.0, area=400.0, status=None, geometry=True):
    return rc.UpperPatch(patch_no, square(dx) if geometry else None, area, status)


def rows(result):
    return [(d.patch_no, d.kind, d.here, d.above, d.case_id) for d in result.differences]


def test_identical_sides_have_no_difference():
    result = rc.reconcile([case("C1", "A"), case("C2", "B", 100)], [upper("a "), upper("B", 100)])
    assert result.differences == [] and result.by_number == 2 and result.by_outline == 0
    assert rc.summary_text(result, "清溪镇") == (
        "清溪镇卫片图斑对账（面积容差1平方米）：上级图斑2个，本台账案件2宗；按监测编号对上2个，按图形对上0个。"
        "两边一致，无差异。"
    )


def test_every_kind_of_difference_is_one_row():
    cases = [
        case("C1", "A", area=400.0),  # the upper level measured 420
        case("C2", "B", 100, status="SIGNED_OFF"),  # open above
        case("C3", "OLD-7", 200),  # the same place is patch N above
        case("C4", "GONE", 300),  # the upper level has no such patch any more
        case("C5", None, 400),  # a patrol case the upper level does not know
        case("C6", "D", 500, status="FILED"),  # closed above
    ]
    patches = [
        upper("A", area=420.0),
        upper("B", 100, status="未整改"),
        upper("N", 201),
        upper("M", 600),  # missing here
        upper("D", 500, status="已销号"),
    ]
    result = rc.reconcile(cases, patches)
    assert rows(result) == [
        ("M", rc.MISSING_HERE, "", "400.00", ""),
        ("GONE", rc.MISSING_ABOVE, "400.00", "", "C4"),
        ("", rc.UNKNOWN_ABOVE, "400.00", "", "C5"),
        ("N", rc.NUMBER_DIFFERS, "OLD-7", "N", "C3"),
        ("A", rc.AREA_DIFFERS, "400.00", "420.00", "C1"),
        ("B", rc.CLOSED_HERE_OPEN_ABOVE, "已销号", "未整改", "C2"),
        ("D", rc.OPEN_HERE_CLOSED_ABOVE, "已立案", "已销号", "C6"),
    ]
    assert result.by_number == 3 and result.by_outline == 1
    assert result.counts[rc.AREA_DIFFERS] == 1 and sum(result.counts.values()) == 7
    text = rc.summary_text(result)
    assert text.startswith(
        "卫片图斑对账（面积容差1平方米）：上级图斑5个，本台账案件6宗；按监测编号对上3个，按图形对上1个。"
    )
    assert "差异7条：本台账缺少1条，上级缺少1条，上级未掌握1条，编号不一致1条，面积不一致1条" in text


@pytest.mark.parametrize(
    "tolerance_m2, tolerance_share, reported",
    [
        (1.0, None, True),
        (25.0, None, False),
        (None, 0.04, True),
        (None, 0.06, False),
        (10.0, 0.06, False),
        (None, None, False),
    ],
)
def test_area_tolerances(tolerance_m2, tolerance_share, reported):
    result = rc.reconcile([case("C1", "A", area=400.0)], [upper("A", area=420.0)], tolerance_m2, tolerance_share)
    assert bool(result.counts[rc.AREA_DIFFERS]) == reported


def test_a_patch_split_into_two_cases_adds_their_areas_and_needs_both_closed():
    cases = [
        case("C1", "A", area=250.0, status="SIGNED_OFF"),
        case("C2", "A", 20, area=150.0, status="DEMOLISHED"),
    ]
    result = rc.reconcile(cases, [upper("A", area=400.0, status="已销号")])
    assert rows(result) == [("A", rc.OPEN_HERE_CLOSED_ABOVE, "已拆除、已销号", "已销号", "C1, C2")]


def test_outline_match_needs_the_threshold_and_takes_the_best():
    result = rc.reconcile([case("C1", None, 3)], [upper("A")])  # 85 %
    assert [d.kind for d in result.differences] == [rc.NUMBER_DIFFERS] and result.by_outline == 1
    result = rc.reconcile([case("C1", None, 10)], [upper("A")])  # 50 %
    assert sorted(d.kind for d in result.differences) == [rc.MISSING_HERE, rc.UNKNOWN_ABOVE]
    result = rc.reconcile([case("C1", None, 1), case("C2", None, 3)], [upper("A")])
    assert [(d.kind, d.case_id) for d in result.differences] == [
        (rc.UNKNOWN_ABOVE, "C2"),
        (rc.NUMBER_DIFFERS, "C1"),
    ]


def test_missing_outlines_match_only_by_number():
    result = rc.reconcile([case("C1", None, geometry=False)], [upper("A", geometry=False)])
    assert sorted(d.kind for d in result.differences) == [rc.MISSING_HERE, rc.UNKNOWN_ABOVE]


@pytest.mark.parametrize(
    "value, closed",
    [
        ("已销号", True),
        ("整改到位", True),
        ("合法", True),
        ("未整改", False),
        ("整改中", False),
        ("违法", False),
        ("是", True),
        ("否", False),
        (1, True),
        ("", None),
        (None, None),
        ("待定", None),
    ],
)
def test_upper_level_status_words(value, closed):
    assert rc.upper_closed(value) is closed


def test_kinds_are_stable_codes_with_chinese_labels():
    assert set(rc.KIND_LABELS) == set(rc.KINDS)
    assert all(k.isascii() and k.islower() for k in rc.KINDS)
