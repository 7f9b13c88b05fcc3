"""lianwei:readboundarypoints: the ministry's boundary-point TXT and spreadsheet coordinate lists as a polygon
layer, one feature per parcel; files that cannot be placed are refused naming the file, line and field."""

import os
import sqlite3
from contextlib import closing

import pytest
from openpyxl import Workbook
from qgis.core import NULL, QgsProcessingException
from recording_feedback import RecordingFeedback

from lianwei.core import patch_mapping

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "patches")
HEADER = "[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n投影类型=高斯克吕格\n计量单位=米\n带号=36\n[地块坐标]\n"


def run(path, feedback=None, **extra):
    import processing

    parameters = dict({"INPUT": str(path), "OUTPUT": "TEMPORARY_OUTPUT"}, **extra)
    return processing.run("lianwei:readboundarypoints", parameters, feedback=feedback)


def refusal(path, **extra):
    with pytest.raises(QgsProcessingException) as error:
        run(path, **extra)
    message = str(error.value)
    assert "Traceback" not in message and os.path.basename(str(path)) in message
    return message


def parcels(results):
    return {f["DKBH"]: f for f in results["OUTPUT"].getFeatures()}


def test_gbk_file_with_two_parcels_and_a_hole(lianwei_provider):
    feedback = RecordingFeedback()
    results = run(os.path.join(DATA, "two_parcels_gbk.txt"), feedback)
    layer = results["OUTPUT"]
    assert layer.crs().authid() == "EPSG:4524" and results["CRS_USED"] == "EPSG:4524"
    assert layer.featureCount() == 2 and results["PARCELS"] == 2
    found = parcels(results)
    assert [(k, found[k]["DKMC"]) for k in ("1", "2")] == [("1", "石桥村养殖场"), ("2", "石桥村仓库")]
    first, second = found["1"], found["2"]
    assert (first["JSMJ"], first["TBMJ"], first["DLBM"], first["DKYT"]) == (4600.0, 4600.0, "1202", "设施农用地")
    assert second["TBMJ"] == 1250.0
    assert "EPSG:4524" in first["MJFS"] and "0.01" in first["MJFS"]
    polygon = first.geometry().constGet().geometryN(0)
    assert polygon.numInteriorRings() == 1 and first.geometry().area() == pytest.approx(4600.0)
    log = feedback.log
    assert "GBK" in log and "X/Y order: X is the northing" in log
    assert "Zone number in the eastings: 36, kept (the CRS EPSG:4524 includes it)" in log
    assert "two_parcels_gbk.txt: Ring 2 of parcel 1 lies inside ring 1: read as a hole" in log


def test_a_hole_and_a_further_part_without_prefix(lianwei_provider):
    feedback = RecordingFeedback()
    results = run(os.path.join(DATA, "hole_and_part_utf8_bom.txt"), feedback)
    assert results["CRS_USED"] == "EPSG:4545" and results["PARCELS"] == 1
    parcel = parcels(results)["DK-07"]
    assert parcel.geometry().constGet().numGeometries() == 2
    assert parcel["JSMJ"] == 4700.0 and parcel["TBMJ"] == 4700.0
    assert "Zone number in the eastings: none (CRS EPSG:4545)" in feedback.log


def test_a_missing_ring_closure_is_closed_and_reported_with_file_and_lines(lianwei_provider):
    feedback = RecordingFeedback()
    results = run(os.path.join(DATA, "missing_closure_utf8.txt"), feedback)
    found = parcels(results)
    assert (found["A"]["JSMJ"], found["B"]["JSMJ"]) == (900.0, 400.0)
    warning = [line for line in feedback.lines if "does not end at its first point" in line][0]
    assert "missing_closure_utf8.txt" in warning and "lines 14–17" in warning and "Ring 1 of parcel A" in warning
    assert "地块A第1圈（第14–17行）未闭合：已自动闭合" in warning


def test_swapped_x_and_y_are_swapped_back_and_reported(lianwei_provider):
    feedback = RecordingFeedback()
    results = run(os.path.join(DATA, "swapped_xy_gbk.txt"), feedback)
    layer = results["OUTPUT"]
    assert layer.crs().authid() == "EPSG:4524"
    box = layer.extent()
    assert (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()) == (36539000, 2536000, 36539040, 2536030)
    assert "X/Y order: X held the easting on 5 lines; they were swapped back" in feedback.log
    assert "X and Y are in the wrong order (X is the easting) on every line" in feedback.log


@pytest.mark.parametrize(
    "name,crs", [("six_degree_gbk.txt", "EPSG:4507"), ("xian80_utf8.txt", "EPSG:2360")], ids=["6deg", "xian80"]
)
def test_the_crs_comes_from_the_header(lianwei_provider, name, crs):
    feedback = RecordingFeedback()
    results = run(os.path.join(DATA, name), feedback)
    assert results["OUTPUT"].crs().authid() == crs and results["PARCELS"] >= 1
    if crs == "EPSG:2360":
        assert "convert them to CGCS2000" in feedback.log


def test_zone_from_the_prefix_and_an_area_in_square_metres_gb18030(lianwei_provider):
    feedback = RecordingFeedback()
    results = run(os.path.join(DATA, "zone_from_prefix_gb18030.txt"), feedback)
    (parcel,) = parcels(results).values()
    assert parcel["DKMC"] == "龙泉村㙟口堆场" and parcel["TBMJ"] == 1200.0
    assert results["CRS_USED"] == "EPSG:4524" and "taken from the zone number the eastings carry" in feedback.log


def test_an_unknown_zone_is_refused_naming_the_field(lianwei_provider):
    message = refusal(os.path.join(DATA, "unknown_zone_gbk.txt"))
    assert "带号=52 is not a zone over China" in message and "nothing was written" in message
    assert "文件 unknown_zone_gbk.txt：带号=52不是我国范围内的投影带" in message
    assert message.startswith("unknown_zone_gbk.txt 不能作为界址点文件使用，未输出任何内容：")


def test_a_zone_prefix_that_contradicts_the_header_is_refused_naming_the_line(lianwei_provider):
    message = refusal(os.path.join(DATA, "prefix_disagrees_utf8.txt"))
    assert "The eastings carry zone 36 (line 14) but 带号 says 35" in message


def test_coordinates_in_no_order_are_refused_naming_the_line(lianwei_provider, tmp_path):
    path = tmp_path / "bad_order.txt"
    points = "J1,1,2533000,536000\nJ2,1,2533000,536010\nJ3,1,12345,67890\nJ4,1,2533010,536000\n"
    path.write_text(HEADER + "4,,1,坏点,面,,,,@\n" + points, encoding="utf-8")
    message = refusal(path)
    assert "Line 11: (12345, 67890) is not a northing and an easting in China in either order" in message
    # Ticked, the parcel is left out and said so; nothing else is left, so the file is still refused.
    assert "nothing was written" in refusal(path, SKIP_UNUSABLE=True)


def test_unusable_parcels_can_be_left_out(lianwei_provider, tmp_path):
    path = tmp_path / "one_bad.txt"
    good = "J1,1,2533000,536000\nJ2,1,2533000,536010\nJ3,1,2533010,536010\nJ4,1,2533010,536000\n"
    bad = "J1,1,2533000,536100\nJ2,1,99,536110\nJ3,1,2533010,536110\n"
    path.write_text(HEADER + "4,,G1,好,面,,,,@\n" + good + "3,,B1,坏,面,,,,@\n" + bad, encoding="utf-8")
    assert "Parcel B1 (line 13) was left out" in refusal(path)
    feedback = RecordingFeedback()
    results = run(path, feedback, SKIP_UNUSABLE=True)
    assert list(parcels(results)) == ["G1"] and parcels(results)["G1"]["JSMJ"] == 100.0
    assert "1 parcels of one_bad.txt were left out" in feedback.log


def workbook(path, title=True):
    """Parcels DK1 (with a hole) and DK2 under a two-row header, the coordinates under a merged 界址点坐标, parcel
    numbers and names merged down their rows; with a merged title row naming the system, or without."""
    book = Workbook()
    sheet = book.active
    sheet.title = "界址点成果表"
    top = 1
    if title:
        sheet.append(["石桥村界址点坐标成果表（2000国家大地坐标系，3度带，中央子午线108°）"])
        sheet.merge_cells("A1:F1")
        top = 2
    sheet.append(["地块编号", "地块名称", "界址点号", "圈号", "界址点坐标", None])
    sheet.append([None, None, None, None, "X(m)", "Y(m)"])
    for column in "ABCD":
        sheet.merge_cells(f"{column}{top}:{column}{top + 1}")
    sheet.merge_cells(f"E{top}:F{top}")
    outer = [(0, 0), (0, 40), (30, 40), (30, 0), (0, 0)]
    inner = [(10, 10), (10, 20), (20, 20), (20, 10), (10, 10)]
    row = top + 2
    for number, name, rings, dx in (("DK1", "养殖场", (outer, inner), 0), ("DK2", "仓库", (outer,), 100)):
        first = row
        for ring, points in enumerate(rings, start=1):
            for k, (north, east) in enumerate(points):
                cells = [number if row == first else None, name if row == first else None, f"J{k + 1}", ring]
                sheet.append(cells + [2533000.0 + north, 536000.0 + east + dx])
                row += 1
        sheet.merge_cells(f"A{first}:A{row - 1}")
        sheet.merge_cells(f"B{first}:B{row - 1}")
    book.save(path)
    return str(path)


def test_excel_with_a_merged_title_header_and_parcel_numbers(lianwei_provider, tmp_path):
    feedback = RecordingFeedback()
    results = run(workbook(tmp_path / "界址点.xlsx"), feedback)
    found = parcels(results)
    assert results["CRS_USED"] == "EPSG:4545" and sorted(found) == ["DK1", "DK2"]
    assert (found["DK1"]["DKMC"], found["DK1"]["JSMJ"], found["DK2"]["JSMJ"]) == ("养殖场", 1100.0, 1200.0)
    assert found["DK1"].geometry().constGet().geometryN(0).numInteriorRings() == 1
    assert found["DK1"]["TBMJ"] is None or found["DK1"]["TBMJ"] == NULL
    assert "taken from the title of sheet 界址点成果表" in feedback.log


def test_excel_without_a_title_needs_the_crs(lianwei_provider, tmp_path):
    path = workbook(tmp_path / "无标题.xlsx", title=False)
    assert "The zone is not known" in refusal(path)
    results = run(path, CRS="EPSG:4545")
    assert results["CRS_USED"] == "EPSG:4545" and results["PARCELS"] == 2
    assert "is not a Gauss-Krüger zone" in refusal(path, CRS="EPSG:3857")


def test_the_layer_maps_onto_the_patch_import_by_default(lianwei_provider):
    results = run(os.path.join(DATA, "two_parcels_gbk.txt"))
    mapping, notes = patch_mapping.effective_mapping(results["OUTPUT"].fields().names())
    assert (mapping["patch_no"], mapping["upper_m2"], mapping["upper_land_class"]) == ("JCBH", "TBMJ", "DLBM")
    assert not [n for n in notes if n.is_error]


def test_the_parcels_are_the_input_of_the_patch_import(lianwei_provider, small_sample, tmp_path):
    """As in a model: readboundarypoints writes a layer, importpatches takes it; twice creates each case once."""
    from gpkg_copy import copy_gpkg

    import processing

    ledger = str(tmp_path / "台账.gpkg")
    copy_gpkg(small_sample["OUTPUT"], ledger)
    parcels_path = str(tmp_path / "parcels.gpkg")
    run(os.path.join(DATA, "two_parcels_gbk.txt"), OUTPUT=parcels_path)
    first = processing.run("lianwei:importpatches", {"INPUT": parcels_path, "LEDGER": ledger})
    assert (first["NEW"], first["REFUSED"]) == (2, 0)
    again = processing.run("lianwei:importpatches", {"INPUT": parcels_path, "LEDGER": ledger})
    assert (again["NEW"], again["UNCHANGED"] + again["LINKED"]) == (0, 2)


def test_two_surveyors_parcel_1_are_two_cases(lianwei_provider, small_sample, tmp_path):
    """地块编号 1 and 2 number parcels within one file: another file's parcel 1 elsewhere is another case, never
    the first file's case redrawn."""
    import re

    from gpkg_copy import copy_gpkg

    import processing

    ledger = str(tmp_path / "台账.gpkg")
    copy_gpkg(small_sample["OUTPUT"], ledger)
    with open(os.path.join(DATA, "two_parcels_gbk.txt"), "rb") as handle:
        text = handle.read().decode("gbk")
    moved = re.sub(r"36536(\d{3})\.000", lambda m: f"36537{m.group(1)}.000", text)  # 1 km east
    other = tmp_path / "另一测绘单位.txt"
    other.write_bytes(moved.encode("gbk"))
    for path in (os.path.join(DATA, "two_parcels_gbk.txt"), str(other)):
        parcels = str(tmp_path / (os.path.basename(path) + ".gpkg"))
        run(path, OUTPUT=parcels)
        results = processing.run("lianwei:importpatches", {"INPUT": parcels, "LEDGER": ledger})
        assert (results["NEW"], results["CHANGED"], results["REFUSED"]) == (2, 0, 0)
    with closing(sqlite3.connect(ledger)) as db:
        numbers = sorted(n for (n,) in db.execute("SELECT patch_no FROM violations WHERE patch_no LIKE '%-_'"))
    assert numbers == ["two_parcels_gbk-1", "two_parcels_gbk-2", "另一测绘单位-1", "另一测绘单位-2"]


def test_a_boundary_point_workbook_is_the_input_of_the_patch_import_itself(lianwei_provider, small_sample, tmp_path):
    """An Excel list of boundary points given straight to importpatches: one case per parcel, its hole kept."""
    from gpkg_copy import copy_gpkg

    import processing

    ledger = str(tmp_path / "台账.gpkg")
    copy_gpkg(small_sample["OUTPUT"], ledger)
    path = workbook(tmp_path / "石桥村界址点.xlsx")
    results = processing.run("lianwei:importpatches", {"INPUT": path, "LEDGER": ledger})
    assert (results["NEW"], results["REFUSED"]) == (2, 0)
    with closing(sqlite3.connect(ledger)) as db:
        stored = dict(db.execute("SELECT patch_no, footprint_m2 FROM violations WHERE patch_no LIKE '石桥村界址点-%'"))
    assert stored == {"石桥村界址点-DK1": 1100.0, "石桥村界址点-DK2": 1200.0}  # 30 × 40 less the 10 × 10 hole
