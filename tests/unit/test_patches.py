"""Patch tables as counties send them: the default mapping, the user's mapping, rows as case records, Excel layouts."""

import datetime

import pandas as pd
import pytest
from openpyxl import Workbook

from lianwei.core import patch_fields, patch_mapping, patches, sheet_tables
from lianwei.core.notes import ERROR, WARNING
from lianwei.core.schema import VIOLATIONS

PINYIN = ["FID", "JCBH", "TBBH", "XZQDM", "XZQMC", "TBLX", "QSX", "HSX", "TBMJ", "DLBM", "DLMC", "SFYN", "SFHX"]
PINYIN += ["XZB", "YZB", "BZ"]


def record(row, columns=None, **kwargs):
    mapping, notes = patch_mapping.effective_mapping(columns or list(row))
    assert not [n for n in notes if n.is_error]
    return patches.patch_record(row, mapping, 7, **kwargs)


def test_default_mapping_of_pinyin_columns():
    mapping, notes = patch_mapping.effective_mapping(PINYIN)
    assert notes == []
    assert mapping == {
        "patch_no": "JCBH",
        "upper_patch_id": "TBBH",
        "patch_batch": None,
        "patch_type": "TBLX",
        "upper_m2": "TBMJ",
        "before_on": "QSX",
        "after_on": "HSX",
        "upper_district_code": "XZQDM",
        "upper_district_name": "XZQMC",
        "upper_land_class": "DLBM",
        "upper_land_class_name": "DLMC",
        "upper_farmland": "SFYN",
        "upper_red_line": "SFHX",
        "upper_x": "XZB",
        "upper_y": "YZB",
    }
    assert patch_mapping.unmapped_columns(PINYIN, mapping) == ["FID", "BZ"]


def test_chinese_headers_with_units_prefer_square_metres_and_jcmj_when_no_tbmj():
    columns = ["监测编号", "图斑面积（亩）", "图斑面积(平方米)", "前时相", "后时相", "是否占用永久基本农田"]
    mapping = patch_mapping.propose_mapping(columns)
    assert mapping["upper_m2"] == "图斑面积(平方米)" and mapping["upper_farmland"] == "是否占用永久基本农田"
    assert patch_mapping.propose_mapping(["jcbh", "jcmj", "qsx", "hsx"])["upper_m2"] == "jcmj"
    assert patch_mapping.propose_mapping(["图斑编号", "图斑面积（亩）"])["upper_m2"] == "图斑面积（亩）"


def test_only_tbbh_gives_the_patch_number():
    result = record({"TBBH": "450109-0012", "TBMJ": 88})
    assert result.patch_no == "450109-0012" and result.values["upper_patch_id"] == "450109-0012" and result.ok


def test_the_users_mapping_overrides_field_by_field():
    columns = ["JCBH", "BH2", "MJ_MU", "TBMJ", "XZB"]
    mapping, notes = patch_mapping.effective_mapping(columns, "upper_patch_id=BH2; upper_m2=MJ_MU;upper_x=")
    assert notes == [] and mapping["upper_patch_id"] == "BH2" and mapping["upper_m2"] == "MJ_MU"
    assert mapping["upper_x"] is None and mapping["patch_no"] == "JCBH"
    text = patch_mapping.saved_mapping(mapping)
    assert "upper_m2=MJ_MU" in text and patch_mapping.effective_mapping(columns, text)[0] == mapping


def test_mapping_problems_are_errors_naming_field_and_column():
    _, notes = patch_mapping.effective_mapping(["JCBH"], "patch_no=监测号;colour=JCBH")
    found = {(n.template, tuple(sorted(n.values.items()))) for n in notes}
    assert (patch_mapping.NO_SUCH_COLUMN, (("source", "监测号"), ("target", "patch_no"))) in found
    assert (patch_mapping.UNKNOWN_FIELD, (("target", "colour"),)) in found
    assert all(n.text() for n in notes)
    _, notes = patch_mapping.effective_mapping(["FID", "名称"])
    assert [n.template for n in notes if n.level == ERROR] == [patch_mapping.NO_PATCH_NUMBER]
    assert patch_mapping.NO_AREA in [n.template for n in notes if n.level == WARNING]
    assert patch_mapping.effective_mapping(["JCBH"], "nonsense")[1][0].template == patch_mapping.BAD_MAPPING


def test_a_row_becomes_a_case_record():
    row = {
        "JCBH": "WP2024450109001",
        "TBBH": "0001",
        "XZQDM": 450109101.0,
        "XZQMC": "清溪镇",
        "TBLX": "建（构）筑物",
        "QSX": "2023年10月5日",
        "HSX": datetime.datetime(2024, 3, 15),
        "TBMJ": "1,234.56㎡",
        "DLBM": "0103",
        "DLMC": "旱地",
        "SFYN": "是",
        "SFHX": "否",
        "XZB": "108.3612",
        "YZB": 22.8954,
    }
    result = record(row, batch="2024年第一季度")
    assert result.ok and result.notes == []
    assert result.values == {
        "source": "SATELLITE",
        "patch_no": "WP2024450109001",
        "upper_patch_id": "0001",
        "patch_batch": "2024年第一季度",
        "upper_district_code": "450109101",
        "upper_district_name": "清溪镇",
        "upper_land_class": "0103",
        "upper_land_class_name": "旱地",
        "before_on": "2023-10-05",
        "after_on": "2024-03-15",
        "upper_m2": 1234.56,
        "upper_farmland": True,
        "upper_red_line": False,
        "upper_x": 108.3612,
        "upper_y": 22.8954,
        "patch_type": "BUILDING",
    }
    ledger_fields = set(VIOLATIONS.field_names) | set(patch_fields.FIELDS_BY_NAME)
    assert set(result.values) <= ledger_fields


@pytest.mark.parametrize(
    "column, value, m2",
    [
        ("TBMJ", 666.67, 666.67),
        ("图斑面积(亩)", 1.5, 1000.0),
        ("图斑面积（公顷）", "0.12", 1200.0),
        ("TBMJ", "0.3亩", 200.0),
        ("TBMJ", "１２０．５", 120.5),
    ],
)
def test_areas_in_every_unit(column, value, m2):
    result = record({"JCBH": "1", column: value})
    assert result.values["upper_m2"] == pytest.approx(m2) and result.ok


@pytest.mark.parametrize(
    "value, iso, warned",
    [
        ("2024.03.15", "2024-03-15", False),
        (20240315, "2024-03-15", False),
        ("20240315", "2024-03-15", False),
        (45366, "2024-03-15", False),  # an Excel day number
        ("2024年3月", "2024-03-01", True),
        ("2024-03", "2024-03-01", True),
        ("202403", "2024-03-01", True),
        (pd.Timestamp("2024-03-15"), "2024-03-15", False),
        (pd.NaT, None, False),
    ],
)
def test_dates_in_chinese_spellings(value, iso, warned):
    result = record({"JCBH": "1", "HSX": value})
    assert result.values["after_on"] == iso and result.ok
    assert (patches.MONTH_ONLY in [n.template for n in result.notes]) == warned


def test_row_problems_name_row_field_and_column():
    result = record({"JCBH": " ", "TBBH": None, "QSX": "去年", "TBMJ": "约300", "SFYN": "可能", "XZB": "东"})
    found = {n.template: n for n in result.notes}
    assert not result.ok
    assert found[patches.NO_NUMBER].values == {"row": 7, "columns": "JCBH / TBBH"}
    assert found[patches.BAD_DATE].field == "before_on" and found[patches.BAD_DATE].values["column"] == "QSX"
    assert found[patches.BAD_AREA].values == {"row": 7, "column": "TBMJ", "value": "约300"}
    assert found[patches.BAD_YES_NO].field == "upper_farmland"
    assert found[patches.BAD_NUMBER].field == "upper_x"
    assert found[patches.BAD_DATE].text() == "Row 7, QSX: 去年 is not a date"
    assert record({"JCBH": "1", "TBMJ": -5}).notes[0].template == patches.NEGATIVE_AREA


def test_patch_types_and_flags():
    assert [patches.patch_type_code(v) for v in ("建构筑物", "房屋", "推堆土", "光伏板", "坑塘", "硬化", "其它")] == [
        "BUILDING",
        "BUILDING",
        "PILED",
        "SOLAR",
        "POND",
        "HARDENED",
        "OTHER",
    ]
    assert patches.patch_type_code("新建房屋") == "BUILDING" and patches.patch_type_code("") is None
    result = record({"JCBH": "1", "TBLX": "违规养殖"})
    assert result.values["patch_type"] == "OTHER" and result.notes[0].template == patches.UNKNOWN_TYPE
    assert result.ok  # a warning, not a refusal
    flags = [record({"JCBH": "1", "SFYN": v}).values["upper_farmland"] for v in ("涉及", "不占用", 1, "Y", "否")]
    assert flags == [True, False, True, True, False]


def test_new_or_stock_from_the_dates():
    new = record({"JCBH": "1", "QSX": "2024-02-01", "HSX": "2024-05-01"}, zero_growth_on="2024-01-01")
    stock = record({"JCBH": "1", "QSX": "2023-02-01", "HSX": "2023-11-01"}, zero_growth_on="2024-01-01")
    unsure = record({"JCBH": "1", "QSX": "2023-11-01", "HSX": "2024-02-01"}, zero_growth_on="2024-01-01")
    assert new.values["is_new"] is True and stock.values["is_new"] is False and "is_new" not in unsure.values
    reversed_ = record({"JCBH": "1", "QSX": "2024-05-01", "HSX": "2024-02-01"})
    assert reversed_.notes[0].template == patches.DATES_REVERSED and reversed_.ok


def test_duplicate_numbers_refuse_every_row_unless_they_are_parts_of_one_patch():
    from shapely.geometry import box

    mapping, _ = patch_mapping.effective_mapping(["JCBH", "TBMJ", "TBLX"])
    rows = [
        patches.patch_record({"JCBH": "A", "TBMJ": 100, "TBLX": "硬化"}, mapping, 2),
        patches.patch_record({"JCBH": "A", "TBMJ": 50, "TBLX": "硬化"}, mapping, 3),
        patches.patch_record({"JCBH": "B", "TBMJ": 10, "TBLX": "硬化"}, mapping, 4),
        patches.patch_record({"JCBH": "B", "TBMJ": 10, "TBLX": "动土"}, mapping, 5),
    ]
    rows[0].geometry, rows[1].geometry = box(0, 0, 10, 10), box(20, 0, 25, 10)
    merged = patches.merge_duplicates(rows)
    assert [r.where for r in merged] == [2, 4, 5]
    assert merged[0].values["upper_m2"] == 150.0 and merged[0].parts == [2, 3] and merged[0].geometry.area == 150.0
    assert merged[0].notes[0].template == patches.PARTS_MERGED and merged[0].ok
    assert not merged[1].ok and not merged[2].ok
    assert merged[1].notes[0].values == {"patch_no": "B", "rows": "4, 5"}


def _workbook(path):
    book = Workbook()
    notes = book.active
    notes.title = "填表说明"
    notes.append(["本表由县自然资源局下发，请于15日内完成实地核查"])
    data = book.create_sheet("图斑清单")
    data.append(["2024年第一季度卫片图斑核查表"])
    data.merge_cells("A1:H1")
    data.append(["序号", "监测编号", "前时相", "后时相", "图斑面积", None, "是否永农", "图斑类型"])
    data.append([None, None, None, None, "平方米", "亩", None, None])
    data.merge_cells("E2:F2")
    for cell in ("A", "B", "C", "D", "G", "H"):
        data.merge_cells(f"{cell}2:{cell}3")
    data.append([1, "WP001", "2023-10-01", "2024-03-01", 600.0, 0.9, "否", "建（构）筑物"])
    data.append([2, "WP002", "2023年10月1日", "2024年3月1日", 1200.0, 1.8, "是", "推堆土"])
    data.append([None, "合计", None, None, 1800.0, 2.7, None, None])
    summary = book.create_sheet("统计")
    summary.append(["类型", "个数"])
    summary.append(["建（构）筑物", 1])
    book.save(path)


def test_excel_with_a_title_two_header_rows_and_several_sheets(tmp_path):
    path = tmp_path / "patches.xlsx"
    _workbook(path)
    table, notes = patches.read_patch_table(str(path))
    assert table.sheet == "图斑清单" and table.header_rows == (2, 3) and table.row_numbers[0] == 4
    chosen = [n for n in notes if n.template == sheet_tables.CHOSEN][0]
    assert chosen.values == {"sheet": "图斑清单", "rows": "2–3", "first": 4}
    assert [n.values for n in notes if n.template == sheet_tables.OTHER_SHEETS] == [{"sheets": "填表说明, 统计"}]
    assert list(table.frame.columns)[4:6] == ["图斑面积(平方米)", "图斑面积(亩)"]
    rows, mapping, notes = patches.table_patches(table, zero_growth_on="2024-01-01")
    assert mapping["upper_m2"] == "图斑面积(平方米)"
    assert [r.patch_no for r in rows] == ["WP001", "WP002"] and all(r.ok for r in rows)
    assert [r.where for r in rows] == [4, 5] and rows[1].values["upper_m2"] == 1200.0
    assert rows[1].values["before_on"] == "2023-10-01" and rows[1].values["upper_farmland"] is True
    assert [n.where for n in notes if n.template == patches.TOTAL_ROW] == [6]


def test_pinyin_under_chinese_header_rows(tmp_path):
    path = tmp_path / "two_names.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["监测编号", "前时相", "后时相", "图斑面积"])
    sheet.append(["JCBH", "QSX", "HSX", "TBMJ"])
    sheet.append(["WP9", "2024-01-02", "2024-04-02", 99.5])
    book.save(path)
    table, _ = patches.read_patch_table(str(path))
    assert table.header_rows == (1, 2) and table.row_numbers == [3]
    rows, mapping, _ = patches.table_patches(table)
    assert rows[0].values["upper_m2"] == 99.5 and rows[0].values["after_on"] == "2024-04-02"


def test_gbk_csv_and_a_file_that_is_no_patch_table(tmp_path):
    path = tmp_path / "patches.csv"
    path.write_bytes("监测编号,图斑面积（亩）,后时相\nWP1,0.6,2024/3/1\n".encode("gbk"))
    table, _ = patches.read_patch_table(str(path))
    rows, _, _ = patches.table_patches(table)
    assert rows[0].values["upper_m2"] == 400.0 and rows[0].values["after_on"] == "2024-03-01"
    other = tmp_path / "other.csv"
    other.write_text("名字,年龄\n张三,30\n", encoding="utf-8")
    table, notes = patches.read_patch_table(str(other))
    assert table is None and notes[0].template == sheet_tables.NO_HEADER
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    table, notes = patches.read_patch_table(str(broken))
    assert table is None and notes[0].template == sheet_tables.UNREADABLE


def test_patch_fields_have_aliases_and_no_clash_with_the_schema():
    names = [f.name for f in patch_fields.PATCH_FIELDS]
    base = {f.name for f in VIOLATIONS.fields if f.since == 1}
    assert len(set(names)) == len(names) and not set(names) & base
    assert set(names) <= set(VIOLATIONS.field_names)  # in the schema since version 2
    assert all(f.alias for f in patch_fields.PATCH_FIELDS)
    for f in patch_fields.PATCH_FIELDS:
        if f.codes:
            assert f.codes in patch_fields.PATCH_CODE_LISTS
    assert set(patch_fields.UPPER_FIELD_NAMES).isdisjoint(patch_fields.VERIFICATION_FIELD_NAMES)


def test_a_first_data_row_of_text_under_an_unnamed_column_stays_data(tmp_path):
    path = tmp_path / "text_only.csv"
    path.write_text(
        "监测编号,,后时相,图斑类型\nWP1,备注文字,2024年3月1日,硬化\nWP2,,2024年3月2日,动土\n", encoding="utf-8"
    )
    table, _ = patches.read_patch_table(str(path))
    assert table.header_rows == (1,) and table.row_numbers == [2, 3]
    rows, _, _ = patches.table_patches(table)
    assert [r.patch_no for r in rows] == ["WP1", "WP2"] and rows[0].values["after_on"] == "2024-03-01"
