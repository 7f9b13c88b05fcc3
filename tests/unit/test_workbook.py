"""The rows of the ledger workbook from the hand-built campaign (tests/progress_cases.py)."""

from datetime import date

import pytest
from progress_cases import CAMPAIGN_ROWS, CASES, EXPECTED, OVERDUE, REPORT_DATE, VILLAGES

from lianwei.core import workbook
from lianwei.core.campaign import Campaign
from lianwei.core.progress import summarize

EXTRA = {
    "A-1": {
        "party": "张三",
        "address": "甲村二组12号",
        "category": "LAND",
        "violation_type": "L2",
        "source": "SATELLITE",
        "disposal": "SELF",
        "remarks": "已复耕",
    },
    "B-2": {"disposal": "FORCED", "violation_type": "C1"},
}


@pytest.fixture(scope="module")
def records():
    return [dict(record, **EXTRA.get(record["case_id"], {})) for record in CASES]


@pytest.fixture(scope="module")
def summary(records):
    return summarize(records, VILLAGES, Campaign.from_rows(CAMPAIGN_ROWS), REPORT_DATE, unassigned_name="（未落村）")


@pytest.fixture(scope="module")
def sheets(records, summary):
    return {sheet.village_code: sheet for sheet in workbook.village_sheets(records, summary)}


def test_headers_are_the_county_format():
    assert workbook.HEADERS == (
        "序号",
        "案件编号",
        "村",
        "当事人",
        "地址",
        "违法类别",
        "违法类型",
        "来源",
        "发现日期",
        "占地面积(㎡)",
        "折合亩",
        "状态",
        "处置方式",
        "整改期限",
        "拆除面积(㎡)",
        "拆除日期",
        "销号日期",
        "备注",
    )


def test_one_sheet_per_village_in_the_summary_order(sheets, summary):
    assert list(sheets) == [code for code, _, _ in VILLAGES] + [""]
    assert [s.village_name for s in sheets.values()] == [r.village_name for r in summary.villages]
    assert [r.kind for r in sheets[VILLAGES[2][0]].rows] == [workbook.TOTAL_ROW]  # 丙村: no case, a 合计 of zeros


def test_cases_sorted_legal_ones_last_after_a_separator(sheets):
    frame = sheets[VILLAGES[0][0]].frame()
    assert list(frame.columns) == list(workbook.HEADERS)
    assert list(frame["案件编号"]) == ["A-1", "A-2", "A-3", None, "A-4", "3宗"]
    assert frame["序号"].tolist() == [1, 2, 3, workbook.LEGAL_SEPARATOR, 4, workbook.TOTAL]
    legal = sheets[VILLAGES[0][0]].rows[4]
    assert legal.kind == workbook.LEGAL and legal.not_counted == (workbook.FOUND, workbook.MU)


def test_codes_shown_by_name_dates_as_dates_areas_rounded(sheets):
    first = dict(zip(workbook.HEADERS, sheets[VILLAGES[0][0]].rows[0].values))
    assert first["村"] == "甲村" and first["当事人"] == "张三" and first["地址"] == "甲村二组12号"
    assert (first["违法类别"], first["违法类型"], first["来源"]) == ("违法用地", "未经批准擅自占用土地", "卫片/遥感")
    assert (first["状态"], first["处置方式"]) == ("已拆除", "自行拆除")
    assert first["发现日期"] == date(2023, 11, 1) and first["拆除日期"] == date(2024, 5, 10)
    assert first["占地面积(㎡)"] == 200.0 and first["折合亩"] == 0.3
    assert first["备注"] == "已复耕"
    b2 = dict(zip(workbook.HEADERS, sheets[VILLAGES[1][0]].rows[1].values))
    assert (b2["处置方式"], b2["违法类型"]) == ("强制拆除", "未取得或违反规划许可、施工许可建设")
    assert b2["销号日期"] == date(2024, 6, 28)
    assert b2["折合亩"] == 0.0752  # 50.10 × 0.0015 = 0.07515, half-up


def test_demolition_after_the_report_date_is_shown_not_counted(sheets):
    a3 = sheets[VILLAGES[0][0]].rows[2]
    assert a3.get("案件编号") == "A-3" and a3.get(workbook.DEMOLISHED) == 100.0
    assert a3.not_counted == (workbook.DEMOLISHED,)
    assert workbook.NOT_COUNTED_LATE in a3.get(workbook.REMARKS)


def test_totals_equal_the_summary(sheets, summary):
    for row in summary.villages:
        total = sheets[row.village_code].total
        assert total.kind == workbook.TOTAL_ROW and total.get("序号") == workbook.TOTAL
        assert total.get(workbook.FOUND) == row.found_m2 == EXPECTED[row.village_code][1]
        assert total.get(workbook.DEMOLISHED) == row.demolished_m2 == EXPECTED[row.village_code][2]
        assert total.get(workbook.MU) == pytest.approx(row.found_m2 * 0.0015, abs=5e-5)
        assert total.get("案件编号") == f"{row.cases}宗"
    assert sheets[VILLAGES[0][0]].total.get(workbook.MU) == 0.6758  # 450.50 × 0.0015 = 0.67575, half-up


def test_no_village_sheet_shows_what_the_case_says(sheets):
    rows = sheets[""].rows
    assert rows[0].get("案件编号") == "X-1" and rows[0].get("村") is None
    assert sheets[""].village_name == "（未落村）"


def test_summary_rows_and_title(summary):
    rows = workbook.summary_rows(summary)
    assert [r["village_name"] for r in rows][-1] == "清溪镇"
    township = rows[-1]
    assert (township["cases"], township["found_m2"], township["demolished_m2"]) == EXPECTED["*"][:3]
    assert township["forecast_on"] == date(2024, 12, 6)
    assert set(rows[0]) == set(workbook.SUMMARY_COLUMNS)
    assert workbook.summary_title(summary) == "清溪镇两违整治进度汇总表（截至2024-07-01）"


def test_overdue_rows(records, summary):
    rows = workbook.overdue_rows(summary, records)
    assert [(r[1], r[5].isoformat(), r[6]) for r in rows] == [(c, d, n) for c, d, n, _ in OVERDUE]
    assert rows[0][2] == "乙村" and rows[0][4] == "已立案"
    assert rows[0][7] == "新增违法未在15日内恢复原状" and rows[1][7] == "超过整改期限"


def test_sheet_names_are_valid_and_unique():
    names = workbook.sheet_names(["甲村", "汇总", "a[b]:c*d?e/f\\g", "长" * 40, "长" * 40, "'引号'", "", "History"])
    assert names[0] == "甲村" and names[1] == "汇总(2)"
    assert names[2] == "a_b__c_d_e_f_g"
    assert names[3] == "长" * 31 and names[4] == "长" * 28 + "(2)"
    assert names[5] == "引号" and names[6] == "_" and names[7] == "History(2)"
    assert all(len(n) <= 31 and not set(n) & workbook.SHEET_NAME_FORBIDDEN for n in names)
    assert len({n.casefold() for n in names} | {"汇总", "逾期案件"}) == len(names) + 2


def test_widths_count_chinese_characters_twice():
    assert workbook.text_width("甲村二组") == 8 and workbook.text_width("A-1") == 3
    assert workbook.text_width(date(2024, 1, 1)) == 11 and workbook.text_width(1234.5) == len("1,234.50") + 1
    widths = workbook.column_widths(
        ("村", "违法类型", "备注"), [("甲村", "未取得或违反规划许可、施工许可建设", "很" * 50)]
    )
    assert widths == [6, 36, 32]  # a type's name on one line; the remarks wrap within 30 characters
