"""What a case card says, without QGIS: values with Chinese names, areas with 亩, photos and documents, history."""

import os

import pytest

from lianwei.core import case_card as cc


def test_areas_print_square_metres_and_mu():
    assert cc.area_text(408.55) == "408.55 m²（0.6128 亩）"
    assert cc.area_text(1234.565) == "1,234.57 m²（1.8519 亩）"  # half-up, not Python's round()
    assert cc.area_text(None) == cc.NO_VALUE


def test_coded_values_print_their_chinese_names():
    assert cc.value_text("status", "DEMOLISHED") == "已拆除"
    assert cc.value_text("source", "SATELLITE") == "卫片/遥感"
    assert cc.value_text("violation_type", "L2") == "L2 未经批准擅自占用土地"
    assert cc.value_text("status", "UNKNOWN") == "UNKNOWN"
    assert cc.value_text("land_class", "0702") == "0702 农村宅基地"
    assert cc.value_text("is_new", 1) == "是（新增）" and cc.value_text("is_new", 0) == "否（存量）"
    assert cc.value_text("found_on", "2024-05-04T00:00:00") == "2024-05-04"
    assert cc.value_text("party", None) == cc.NO_VALUE


def test_attribute_rows_use_the_aliases_in_card_order():
    rows = cc.attribute_rows(
        {
            "case_id": "X-1",
            "village_name": "石桥村",
            "village_code": "450109101201",
            "status": "FILED",
            "footprint_m2": 100.0,
            "updated_at": "2024-08-31T10:00:00",
            "updated_by": "张三",
        }
    )
    names = dict(rows)
    assert rows[0] == ("案件编号", "X-1")
    assert names["村名"] == "石桥村 450109101201"
    assert names["状态"] == "已立案"
    assert names["占地面积"] == "100.00 m²（0.1500 亩）"
    assert names["更新时间"] == "2024-08-31 10:00 张三"
    assert len(rows) == len(cc.ATTRIBUTE_FIELDS)


@pytest.mark.parametrize(
    "degrees, text", [(0, "北 0°"), (44, "东北 44°"), (180, "南 180°"), (350, "北 350°"), (-90, "西 270°")]
)
def test_compass(degrees, text):
    assert cc.compass_text(degrees) == text


def test_utc_times_are_shown_in_local_time(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    import time

    time.tzset()
    try:
        assert cc.time_text("2024-05-03T02:12:00.000Z") == "2024-05-03 10:12"
        assert cc.time_text("2024-05-03T10:12:00") == "2024-05-03 10:12"  # no zone: as written
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_evidence_splits_into_four_photos_and_documents():
    rows = [
        {"file_path": f"evidence/X/p{k}.JPG", "taken_at": f"2024-05-0{k + 1}T09:00:00", "direction": 90, "note": ""}
        for k in range(5)
    ] + [{"file_path": "evidence\\X\\通知书.pdf", "taken_at": None, "note": "送达回证"}]
    photos, documents = cc.split_evidence(rows, "/ledger", "拍摄方向")
    assert [os.path.basename(p.path) for p in photos] == ["p0.JPG", "p1.JPG", "p2.JPG", "p3.JPG"]
    assert photos[0].path == os.path.normpath("/ledger/evidence/X/p0.JPG")
    assert photos[0].caption == "2024-05-01 09:00\n拍摄方向 东 90°"
    assert documents == ["p4.JPG", "通知书.pdf（送达回证）"]  # the fifth photo is still listed


def test_history_newest_last_with_aliases_and_names():
    rows = [
        {
            "fid": 2,
            "changed_at": "2024-05-10T09:00:00",
            "changed_by": "王五",
            "field": "status",
            "old_value": "VERIFIED",
            "new_value": "FILED",
        },
        {
            "fid": 1,
            "changed_at": "2024-05-04T08:00:00",
            "changed_by": "王五",
            "field": "status",
            "old_value": "DISCOVERED",
            "new_value": "VERIFIED",
        },
        {
            "fid": 3,
            "changed_at": "2024-05-12T08:00:00",
            "changed_by": "赵六",
            "field": "demolished_m2",
            "old_value": None,
            "new_value": "12.5",
        },
    ]
    lines = cc.history_lines(rows)
    assert [line.change for line in lines] == ["已发现 → 核实违法", "核实违法 → 已立案", "— → 12.50 m²（0.0188 亩）"]
    assert lines[2].field == "拆除面积" and lines[2].who == "赵六"


def test_fitting_history_keeps_the_newest_and_counts_the_rest():
    lines = [cc.HistoryLine(str(k), "", "", "") for k in range(10)]
    shown = cc.fitting_history(lines, 4, "及更早的 {count} 条")
    assert [line.time for line in shown] == ["…", "7", "8", "9"]
    assert shown[0].change == "及更早的 7 条"
    assert cc.fitting_history(lines, 10, "{count}") == lines


def test_card_scale_is_round_and_fits():
    assert cc.card_scale(20, 20, 114, 80) == 500  # a 400 m² case
    assert cc.card_scale(200, 50, 114, 80) == 5000
    assert cc.card_scale(0, 0, 114, 80) == 200
