"""Boundary points in spreadsheet layouts (Excel with titles and merged cells, CSV in GBK) -> the same parcels."""

import pytest
from openpyxl import Workbook

from lianwei.core import boundary_system as system
from lianwei.core import sheet_tables
from lianwei.core.boundary_system import Declared
from lianwei.core.boundary_tables import HALF_POINT, NO_COORDINATES, SYSTEM_FROM_TITLE, read_boundary_table, role_of

SQUARE = [(2533000.0, 36536000.0), (2533000.0, 36536010.0), (2533010.0, 36536010.0), (2533010.0, 36536000.0)]


def square(dx=0.0):
    return [(x, y + dx) for x, y in SQUARE] + [(SQUARE[0][0], SQUARE[0][1] + dx)]


def test_one_sheet_many_parcels_with_a_title_and_merged_parcel_numbers(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "界址点成果表"
    sheet.append(["清溪镇石桥村界址点坐标成果表（2000国家大地坐标系，3度带，中央子午线108°）"])
    sheet.merge_cells("A1:F1")
    sheet.append(["地块编号", "地块名称", "界址点号", "圈号", "X坐标(m)", "Y坐标(m)"])
    row = 3
    for number, name, dx in (("DK1", "养殖场", 0.0), ("DK2", "仓库", 100.0)):
        for k, (x, y) in enumerate(square(dx)):
            sheet.append([number if k == 0 else None, name if k == 0 else None, f"J{k % 4 + 1}", 1, x, y])
        sheet.merge_cells(f"A{row}:A{row + 4}")
        sheet.merge_cells(f"B{row}:B{row + 4}")
        row += 5
    sheet.append([None, "合计", None, None, None, None])
    path = tmp_path / "points.xlsx"
    book.save(path)
    result = read_boundary_table(str(path))
    assert [(p.number, p.name) for p in result.parcels] == [("DK1", "养殖场"), ("DK2", "仓库")]
    assert [p.computed_m2 for p in result.parcels] == [pytest.approx(100.0)] * 2
    assert result.crs == "EPSG:4524" and not result.errors
    notes = {n.template: n for n in result.notes}
    assert SYSTEM_FROM_TITLE in notes and system.DATUM_ASSUMED not in notes
    assert notes[sheet_tables.CHOSEN].values == {"sheet": "界址点成果表", "rows": "2", "first": 3}
    assert result.parcels[1].line == 8  # the spreadsheet row of the parcel's first point


def test_one_parcel_per_sheet_points_without_parcel_column(tmp_path):
    book = Workbook()
    book.active.title = "说明"
    book.active.append(["本表坐标为2000国家大地坐标系"])
    for name, dx in (("地块一", 0.0), ("地块二", 50.0)):
        sheet = book.create_sheet(name)
        sheet.append(["点号", "X", "Y"])
        for k, (x, y) in enumerate(square(dx)[:4], start=1):
            sheet.append([f"J{k}", x, y])
    path = tmp_path / "per_sheet.xlsx"
    book.save(path)
    result = read_boundary_table(str(path), Declared(datum="2000国家大地坐标系", width="3", zone="36"))
    assert [p.number for p in result.parcels] == ["地块一", "地块二"]
    assert all(p.computed_m2 == pytest.approx(100.0) for p in result.parcels)
    assert result.crs == "EPSG:4524"
    assert "Read {count} sheets as parcels: {sheets}" in [n.template for n in result.notes]


def test_gbk_csv_with_swapped_columns_and_a_hole(tmp_path):
    lines = ["地块编号,点号,圈号,Y,X"]
    outer = [(2533000, 536000), (2533000, 536100), (2533100, 536100), (2533100, 536000), (2533000, 536000)]
    inner = [(2533010, 536010), (2533010, 536020), (2533020, 536020), (2533020, 536010), (2533010, 536010)]
    for ring, points in ((1, outer), (2, inner)):
        for k, (north, east) in enumerate(points, start=1):
            # The columns say Y, X but hold the easting first: X/Y are told by their values, not their names.
            lines.append(f"宗地甲,J{k},{ring},{east},{north}")
    path = tmp_path / "points.csv"
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    result = read_boundary_table(str(path), Declared(zone="36"))
    assert result.parcels[0].number == "宗地甲" and result.parcels[0].computed_m2 == pytest.approx(9900.0)
    assert result.crs == "EPSG:4545"
    assert system.DATUM_ASSUMED in [n.template for n in result.notes]


def test_a_sheet_without_coordinates_and_half_points(tmp_path):
    path = tmp_path / "no_xy.csv"
    path.write_text("地块编号,点号,备注\n1,J1,x\n", encoding="utf-8")
    result = read_boundary_table(str(path))
    assert NO_COORDINATES in [n.template for n in result.errors] and not result.usable
    path = tmp_path / "half.csv"
    rows = "\n".join(f"J{k},{x},{y}" for k, (x, y) in enumerate(square(), start=1))
    path.write_text("点号,X,Y\n" + rows + "\nJ9,2533000,\n", encoding="utf-8")
    result = read_boundary_table(str(path))
    half = [n for n in result.errors if n.template == HALF_POINT][0]
    assert half.where == 7 and result.parcels[0].computed_m2 == pytest.approx(100.0)


def test_column_roles():
    assert role_of("X坐标(m)") == "x" and role_of("Ｙ坐标") == "y" and role_of("界址点号") == "point"
    assert role_of("面积(公顷)") == "area" and role_of("备注") is None


def test_area_units_of_the_column(tmp_path):
    path = tmp_path / "area.csv"
    rows = "\n".join(f"甲,J{k},{x},{y},0.15" for k, (x, y) in enumerate(square(), start=1))
    path.write_text("地块编号,点号,X,Y,面积(亩)\n" + rows + "\n", encoding="utf-8")
    result = read_boundary_table(str(path), Declared(zone="36", datum="CGCS2000"))
    assert result.parcels[0].area_m2 == pytest.approx(100.0)


def test_two_header_rows_with_coordinates_under_a_merged_heading(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["界址点号", "界址点坐标", None])
    sheet.append([None, "X", "Y"])
    sheet.merge_cells("B1:C1")
    sheet.merge_cells("A1:A2")
    for k, (x, y) in enumerate(square()[:4], start=1):
        sheet.append([f"J{k}", x, y])
    path = tmp_path / "two_rows.xlsx"
    book.save(path)
    result = read_boundary_table(str(path), Declared(datum="CGCS2000"))
    chosen = [n for n in result.notes if n.template == sheet_tables.CHOSEN][0]
    assert chosen.values == {"sheet": "Sheet", "rows": "1–2", "first": 3}
    assert result.parcels[0].computed_m2 == pytest.approx(100.0) and result.crs == "EPSG:4524"
