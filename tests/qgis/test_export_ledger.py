"""lianwei:exportledger on the ledger built by hand (tests/progress_cases.py) and on the sample township: the
workbook is reopened with openpyxl and pandas and every number compared with what was worked out by hand."""

import datetime
import os

import openpyxl
import pandas as pd
import pytest
from progress_cases import CAMPAIGN_ROWS, EXPECTED, FORECAST, OVERDUE, REPORT_DATE, VILLAGES, ledger_records
from provider_helper import ensure_provider
from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingException, QgsProcessingFeedback

from lianwei.core import workbook
from lianwei.layers.ledger import build_ledger, layer_uri
from lianwei.layers.progress_labels import column_label, light_label
from lianwei.translation import tr

PARTY = {"A-1": ("张三", "甲村二组12号", "SATELLITE", "SELF", "已复耕")}


def make_ledger(path, campaign=CAMPAIGN_ROWS):
    records = ledger_records()
    for _, attrs in records["violations"]:
        if attrs["case_id"] in PARTY:
            party, address, source, disposal, remarks = PARTY[attrs["case_id"]]
            attrs.update(party=party, address=address, source=source, disposal=disposal, remarks=remarks)
    build_ledger(path, QgsCoordinateReferenceSystem("EPSG:4545"), campaign, records)
    return path


@pytest.fixture(scope="module")
def hand_ledger(qgis_app, tmp_path_factory):
    return make_ledger(str(tmp_path_factory.mktemp("export") / "hand.gpkg"))


def export(ledger, output, feedback=None, **extra):
    import processing

    parameters = {
        "INPUT": layer_uri(ledger, "violations"),
        "VILLAGES": layer_uri(ledger, "villages"),
        "REPORT_DATE": REPORT_DATE,
        "OUTPUT": str(output),
    }
    parameters.update(extra)
    return processing.run("lianwei:exportledger", parameters, feedback=feedback)["OUTPUT"]


@pytest.fixture(scope="module")
def hand_workbook(qgis_processing, hand_ledger, tmp_path_factory):
    ensure_provider()  # lianwei_provider is per test; this fixture is per module
    path = export(hand_ledger, tmp_path_factory.mktemp("xlsx") / "清溪镇台账.xlsx")
    return path, openpyxl.load_workbook(path)


def summary_table(ws):
    """汇总 rows by village name: {column name: value}, read below the title and the header row."""
    labels = [column_label(name) for name in workbook.SUMMARY_COLUMNS]
    assert [c.value for c in ws[2]] == labels
    rows = {}
    for cells in ws.iter_rows(min_row=3):
        if cells[0].value is None:
            break
        rows[cells[0].value] = dict(zip(workbook.SUMMARY_COLUMNS, cells))
    return rows


def total_row(path, sheet):
    frame = pd.read_excel(path, sheet_name=sheet)
    assert list(frame.columns) == list(workbook.HEADERS)
    last = frame.iloc[-1]
    assert last["序号"] == workbook.TOTAL
    return last


def test_sheets_in_order(hand_workbook):
    _, book = hand_workbook
    names = [name for _, name, _ in VILLAGES]
    assert book.sheetnames == ["汇总", *names, tr("(in no village)"), "逾期案件"]


def test_summary_sheet_numbers_as_worked_out_by_hand(hand_workbook):
    _, book = hand_workbook
    ws = book["汇总"]
    assert ws["A1"].value == "清溪镇两违整治进度汇总表（截至2024-07-01）"
    assert "A1:L1" in [str(r) for r in ws.merged_cells.ranges]
    rows = summary_table(ws)
    names = {code: name for code, name, _ in VILLAGES}
    names.update({"": tr("(in no village)"), "*": "清溪镇"})
    assert list(rows) == list(names.values())
    for code, (cases, found, demolished, quota, remaining, light, new, stock, overdue) in EXPECTED.items():
        row = {k: c.value for k, c in rows[names[code]].items()}
        got = (row["cases"], row["found_m2"], row["demolished_m2"], row["quota_m2"], row["remaining_m2"])
        assert got == (cases, found, demolished, quota, remaining), code
        assert row["light"] == light_label(light), code
        assert (row["new_cases"], row["stock_cases"], row["overdue_cases"]) == (new[0], stock[0], overdue), code
        forecast = FORECAST.get(code)
        assert row["forecast_on"] == (datetime.datetime.fromisoformat(forecast) if forecast else None), code
    assert rows["清溪镇"]["cases"].font.bold and not rows["甲村"]["cases"].font.bold
    assert rows["甲村"]["found_m2"].number_format == "0.00"
    assert rows["甲村"]["forecast_on"].is_date and rows["甲村"]["forecast_on"].number_format == "yyyy-mm-dd"
    assert ws.freeze_panes == "A3"
    assert len(ws._images) == 1
    assert any("footprint_m2" in str(c.value) for c in ws["A"] if c.value)


def test_village_sheets_total_the_summary(hand_workbook):
    path, book = hand_workbook
    codes = [code for code, _, _ in VILLAGES] + [""]
    for code, sheet in zip(codes, book.sheetnames[1:-1]):
        last = total_row(path, sheet)
        assert last["占地面积(㎡)"] == EXPECTED[code][1], sheet
        assert last["拆除面积(㎡)"] == EXPECTED[code][2], sheet
        assert last["案件编号"] == f"{EXPECTED[code][0]}宗", sheet
        assert book[sheet].freeze_panes == "C2", sheet


def test_village_sheet_cells(hand_workbook):
    path, book = hand_workbook
    frame = pd.read_excel(path, sheet_name="甲村")
    assert list(frame["案件编号"].fillna("")) == ["A-1", "A-2", "A-3", "", "A-4", "3宗"]
    a1 = frame.iloc[0]
    assert (a1["当事人"], a1["地址"], a1["来源"], a1["处置方式"]) == ("张三", "甲村二组12号", "卫片/遥感", "自行拆除")
    assert (a1["违法类别"], a1["状态"], a1["折合亩"], a1["备注"]) == ("违法建设", "已拆除", 0.3, "已复耕")
    assert workbook.NOT_COUNTED_LATE in frame.iloc[2]["备注"]
    ws = book["甲村"]
    found_on, area = (
        ws.cell(2, workbook.HEADERS.index("发现日期") + 1),
        ws.cell(2, workbook.HEADERS.index("占地面积(㎡)") + 1),
    )
    assert found_on.is_date and found_on.value.date() == datetime.date(2023, 11, 1)
    assert found_on.number_format == "yyyy-mm-dd" and area.number_format == "0.00"
    assert ws.column_dimensions["R"].width >= 20  # 备注 holds the note on the late demolition
    assert ws.auto_filter.ref == "A1:R6"
    assert ws.print_title_rows == "$1:$1" and ws.page_setup.orientation == "landscape"
    assert ws.cell(4, workbook.HEADERS.index("拆除面积(㎡)") + 1).font.i  # demolished after the report date


def test_overdue_sheet(hand_workbook):
    path, book = hand_workbook
    frame = pd.read_excel(path, sheet_name="逾期案件")
    assert list(frame.columns) == list(workbook.OVERDUE_HEADERS)
    assert list(frame["案件编号"]) == [case for case, _, _, _ in OVERDUE] == ["B-1", "A-3"]
    assert list(frame["逾期天数"]) == [15, 1]
    assert book["逾期案件"].freeze_panes == "A2" and book["逾期案件"]["F2"].is_date


def test_missing_folder_fails_in_both_languages_and_writes_nothing(lianwei_provider, hand_ledger, tmp_path):
    target = tmp_path / "no-such-folder" / "台账.xlsx"
    with pytest.raises(QgsProcessingException) as error:
        export(hand_ledger, target)
    chinese, _, english = str(error.value).partition(" / ")
    assert "文件夹" in chinese and "does not exist" in english
    assert not target.parent.exists()


def test_bad_campaign_target_fails_and_keeps_the_old_workbook(lianwei_provider, tmp_path):
    ledger = make_ledger(str(tmp_path / "bad.gpkg"), dict(CAMPAIGN_ROWS, target_m2="-5"))
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"the workbook of last week")
    with pytest.raises(QgsProcessingException) as error:
        export(ledger, target)
    message = str(error.value)
    chinese, _, english = message.partition(" / ")
    assert "整治任务设置" in chinese and "target_m2" in chinese and "Campaign setting target_m2" in english
    assert target.read_bytes() == b"the workbook of last week"
    assert sorted(os.listdir(tmp_path)) == ["bad.gpkg", "台账.xlsx"]


def test_canceled_export_writes_nothing(lianwei_provider, hand_ledger, tmp_path):
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(QgsProcessingException) as error:
        export(hand_ledger, tmp_path / "台账.xlsx", feedback=feedback)
    assert "Canceled: nothing was written" in str(error.value)
    assert os.listdir(tmp_path) == []


def test_sample_township_sheets_add_up_to_the_township(lianwei_provider, small_sample, tmp_path):
    path = export(small_sample["OUTPUT"], tmp_path / "sample.xlsx", REPORT_DATE="2024-08-31")
    book = openpyxl.load_workbook(path)
    rows = summary_table(book["汇总"])
    township = rows.pop(list(rows)[-1])
    sheets = book.sheetnames[1:-1]
    assert len(sheets) == len(rows)
    found = demolished = 0
    for sheet, (name, row) in zip(sheets, rows.items()):
        last = total_row(path, sheet)
        assert sheet == name[:31]
        assert last["占地面积(㎡)"] == row["found_m2"].value and last["拆除面积(㎡)"] == row["demolished_m2"].value
        found += round(last["占地面积(㎡)"] * 100)
        demolished += round(last["拆除面积(㎡)"] * 100)
    assert found == round(township["found_m2"].value * 100)
    assert demolished == round(township["demolished_m2"].value * 100) > 0
    assert len(pd.read_excel(path, sheet_name="逾期案件")) == township["overdue_cases"].value
