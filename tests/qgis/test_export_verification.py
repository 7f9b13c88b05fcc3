"""lianwei:exportverification returns the county's patch file as it came (fields, widths, GBK text, CRS, rows)
with the township's columns, lists incomplete evidence and unknown patches, writes the Excel beside it and never
changes the ledger. Also: the case form flags a legal/other result without a reason."""

import os
import sqlite3
import subprocess
from contextlib import closing

import pytest
from exif_jpeg import patrol_photo
from gpkg_copy import copy_gpkg
from osgeo import gdal, ogr, osr
from provider_helper import ensure_provider
from qgis.core import QgsVectorLayer
from recording_feedback import RecordingFeedback
from shapely import wkb as shapely_wkb

from lianwei.core.gauss_kruger import Zone, inverse
from lianwei.layers.evidence import attach
from lianwei.layers.gpkg_reader import geopackage_wkb
from lianwei.layers.ledger_store import connect, immediate, table_dump

gdal.UseExceptions()
ogr.UseExceptions()

# The real 卫片 schema (a county's shapefile): name, OGR type, width, precision.
UPPER_FIELDS = (
    ("JCBH", ogr.OFTString, 30, 0),
    ("TBBH", ogr.OFTString, 20, 0),
    ("XZQDM", ogr.OFTString, 12, 0),
    ("XZQMC", ogr.OFTString, 50, 0),
    ("TBLX", ogr.OFTString, 20, 0),
    ("QSX", ogr.OFTDate, 0, 0),
    ("HSX", ogr.OFTDate, 0, 0),
    ("TBMJ", ogr.OFTReal, 15, 2),
    ("DLBM", ogr.OFTString, 10, 0),
    ("SFYN", ogr.OFTString, 2, 0),
    ("XH", ogr.OFTInteger, 6, 0),
    ("BZ", ogr.OFTString, 100, 0),
)
HSX = "2024/05/10"
PATCHES = ("JC2024-001", "JC2024-002", "JC2024-003", "JC2024-404")  # the last one is not in the ledger


def _centroid_lonlat(geometry):
    point = geometry.centroid
    longitude, latitude = inverse(point.x, point.y, Zone(36))
    return float(longitude), float(latitude)


@pytest.fixture(scope="module")
def setup(small_sample, tmp_path_factory):
    folder = tmp_path_factory.mktemp("verification")
    ledger = str(folder / "ledger.gpkg")
    copy_gpkg(small_sample["OUTPUT"], ledger)
    with closing(sqlite3.connect(ledger)) as db:
        cases = db.execute(
            "SELECT case_id, geom FROM violations WHERE geom IS NOT NULL ORDER BY case_id LIMIT 3"
        ).fetchall()
    shapes = {case_id: shapely_wkb.loads(geopackage_wkb(blob)) for case_id, blob in cases}
    ids = [case_id for case_id, _ in cases]
    verification = [
        ("JC2024-001", "ILLEGAL", None, "2024-05-20"),
        ("JC2024-002", "LEGAL", "已办理农村宅基地审批，批准文号乡宅批〔2024〕12号", "2024-05-21"),
        ("JC2024-003", "OTHER", "临时堆放建材，已清理", "2024-05-22"),
    ]
    db = connect(ledger)
    with closing(db), immediate(db, ledger):
        for case_id, (patch_no, result, reason, verified_on) in zip(ids, verification):
            db.execute(
                "UPDATE violations SET patch_no = ?, verify_result = ?, verify_reason = ?, verified_on = ?, "
                "verified_by = '王建国', after_on = '2024-05-10', source = 'SATELLITE' WHERE case_id = ?",
                (patch_no, result, reason, verified_on, case_id),
            )
        db.execute("UPDATE violations SET demolished_m2 = 12.345 WHERE case_id = ?", (ids[0],))
    photos = folder / "photos"
    photos.mkdir()
    longitude, latitude = _centroid_lonlat(shapes[ids[0]])
    good = []
    for k in range(4):
        path = photos / f"远景{k}.jpg"
        path.write_bytes(patrol_photo(taken=f"2024:05:20 10:0{k}:00", longitude=longitude, latitude=latitude))
        good.append(str(path))
    attach(ledger, ids[0], good)
    longitude, latitude = _centroid_lonlat(shapes[ids[1]])
    bad = photos / "before.jpg"
    bad.write_bytes(patrol_photo(taken="2024:04:01 10:00:00", longitude=longitude, latitude=latitude))
    blind = photos / "blind.jpg"
    blind.write_bytes(patrol_photo(taken="2024:05:21 10:00:00", longitude=longitude, latitude=latitude, direction=None))
    far = photos / "far.jpg"
    far.write_bytes(patrol_photo(taken="2024:05:21 11:00:00", longitude=longitude + 0.01, latitude=latitude))
    attach(ledger, ids[1], [str(bad), str(blind), str(far)])
    upper = _county_shapefile(folder / "county" / "卫片图斑.shp", [shapes[i] for i in ids])
    return {"ledger": ledger, "ids": ids, "upper": upper, "folder": folder, "shapes": shapes}


def _county_shapefile(path, shapes):
    """A GBK shapefile without .cpg, as counties send them."""
    path.parent.mkdir()
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4545)
    gdal.SetThreadLocalConfigOption("SHAPE_ENCODING", "GBK")  # QGIS sets "" for the process: no recoding
    dataset = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    layer = dataset.CreateLayer("卫片图斑", srs, ogr.wkbPolygon, ["ENCODING=GBK"])
    for name, kind, width, precision in UPPER_FIELDS:
        definition = ogr.FieldDefn(name, kind)
        definition.SetWidth(width)
        definition.SetPrecision(precision)
        layer.CreateField(definition)
    outlines = list(shapes) + [shapes[0].buffer(-1.0) if shapes[0].area > 100 else shapes[0]]
    for k, (patch, shape) in enumerate(zip(PATCHES, outlines)):
        feature = ogr.Feature(layer.GetLayerDefn())
        values = {
            "JCBH": patch,
            "TBBH": f"TB{k + 1:03d}",
            "XZQDM": "500112001",
            "XZQMC": "清溪镇",
            "TBLX": "建（构）筑物" if k % 2 == 0 else "推堆土",
            "QSX": "2023/11/02",
            "HSX": HSX,
            "TBMJ": round(shape.area, 2),
            "DLBM": "0103",
            "SFYN": "是" if k == 1 else "否",
            "XH": k + 1,
            "BZ": "疑似违法占地，请核查" if k < 3 else None,
        }
        for name, value in values.items():
            if value is not None:
                feature.SetField(name, value)
        feature.SetGeometry(ogr.CreateGeometryFromWkb(shape.geoms[0].wkb if hasattr(shape, "geoms") else shape.wkb))
        layer.CreateFeature(feature)
    dataset = None
    gdal.SetThreadLocalConfigOption("SHAPE_ENCODING", None)
    os.remove(str(path.with_suffix(".cpg")))
    return str(path)


def _describe(path, encoding=None):
    options = [f"ENCODING={encoding}"] if encoding else []
    dataset = gdal.OpenEx(path, gdal.OF_VECTOR, open_options=options)
    layer = dataset.GetLayer(0)
    definition = layer.GetLayerDefn()
    fields = [
        (d.GetName(), d.GetType(), d.GetWidth(), d.GetPrecision())
        for d in (definition.GetFieldDefn(k) for k in range(definition.GetFieldCount()))
    ]
    rows = [(dict(feature.items()), feature.GetGeometryRef().ExportToWkt()) for feature in layer]
    wkt = layer.GetSpatialRef().ExportToWkt()
    return fields, rows, wkt


@pytest.fixture(scope="module")
def exported(setup):
    import processing

    ensure_provider()

    before = table_dump(setup["ledger"])
    feedback = RecordingFeedback()
    out = setup["folder"] / "return"
    out.mkdir()
    parameters = {
        "LEDGER": setup["ledger"],
        "UPPER": setup["upper"],
        "OUTPUT": str(out / "核查结果.shp"),
        "EXCEL": str(out / "核查结果.xlsx"),
        "MAX_DISTANCE": 100,
    }
    results = processing.run("lianwei:exportverification", parameters, feedback=feedback)
    return dict(setup, results=results, feedback=feedback, before=before, out=out)


def test_every_upper_field_row_and_geometry_kept(exported):
    fields, rows, wkt = _describe(exported["upper"], "GBK")
    out_fields, out_rows, out_wkt = _describe(exported["results"]["OUTPUT"], "GBK")
    assert out_fields[: len(fields)] == fields
    assert [f[0] for f in out_fields[len(fields) :]] == [
        "AJBH", "HCJG", "HCLY", "WFLX", "XKZH", "CZZT", "CCMJ", "ZPSL", "JZWZ", "JZSM"
    ]  # fmt: skip
    assert len(out_rows) == len(rows) == 4
    for (values, geometry), (out_values, out_geometry) in zip(rows, out_rows):
        assert {k: out_values[k] for k in values} == values
        assert ogr.CreateGeometryFromWkt(out_geometry).Equals(ogr.CreateGeometryFromWkt(geometry))
    assert [values["JCBH"] for values, _ in out_rows] == list(PATCHES)
    assert out_rows[0][0]["XZQMC"] == "清溪镇"
    assert out_wkt == wkt
    with open(exported["upper"][:-4] + ".prj", "rb") as a, open(exported["results"]["OUTPUT"][:-4] + ".prj", "rb") as b:
        assert a.read() == b.read()


def test_gbk_with_cpg_and_plain_ogr_read(exported):
    stem = exported["results"]["OUTPUT"][:-4]
    with open(stem + ".cpg", "rb") as handle:
        assert handle.read().strip().upper() in (b"GBK", b"CP936", b"936")
    with open(stem + ".dbf", "rb") as handle:
        raw = handle.read()
    assert "清溪镇".encode("gbk") in raw and "合法".encode("gbk") in raw
    assert "清溪镇".encode("utf-8") not in raw
    # QGIS reads it through the .cpg (no encoding given)
    layer = QgsVectorLayer(exported["results"]["OUTPUT"], "return", "ogr")
    assert [f["HCJG"] for f in layer.getFeatures()][:3] == ["违法", "合法", "其他"]
    assert next(layer.getFeatures())["XZQMC"] == "清溪镇"
    # and so does ogrinfo, run as a technician would, outside QGIS
    info = subprocess.run(
        ["ogrinfo", "-al", "-q", exported["results"]["OUTPUT"]], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "XZQMC (String) = 清溪镇" in info and "HCJG (String) = 合法" in info
    assert "疑似违法占地，请核查" in info


def test_township_columns(exported):
    _, rows, _ = _describe(exported["results"]["OUTPUT"], "GBK")
    first, second, third, unknown = (values for values, _ in rows)
    ids = exported["ids"]
    assert first["AJBH"] == ids[0] and first["HCJG"] == "违法" and first["ZPSL"] == 4 and first["JZWZ"] == "完整"
    assert first["CCMJ"] == pytest.approx(12.35)
    assert first["JZSM"] is None
    assert second["HCJG"] == "合法" and second["HCLY"].startswith("已办理农村宅基地审批")
    assert second["ZPSL"] == 3 and second["JZWZ"] == "不完整"
    assert "before.jpg" in second["JZSM"] and "早于后时相" in second["JZSM"]
    assert "blind.jpg" in second["JZSM"] and "没有拍摄方向" in second["JZSM"]
    assert "far.jpg" in second["JZSM"]
    assert third["HCJG"] == "其他" and third["ZPSL"] == 0 and third["JZWZ"] == "不完整"
    assert third["CZZT"]  # the status in Chinese
    assert all(unknown[name] is None for name in ("AJBH", "HCJG", "ZPSL", "JZWZ"))


def test_counts_and_log(exported):
    results, log = exported["results"], exported["feedback"].log
    assert (results["ROWS"], results["MATCHED"], results["NOT_IN_LEDGER"]) == (4, 3, 1)
    assert (results["COMPLETE"], results["INCOMPLETE"]) == (1, 2)
    assert "JC2024-404" in log
    assert "JC2024-002" in log and "blind.jpg" in log and "JC2024-003" in log
    assert "JC2024-001 (" not in log  # the complete one is not listed as incomplete


def test_excel_beside(exported):
    from openpyxl import load_workbook

    sheet = load_workbook(exported["results"]["EXCEL"]).active
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["序号", "原文件行号", "监测编号", "图斑编号"]
    assert "核查结果" in headers and "举证是否完整" in headers and "照片数量" in headers
    assert sheet.freeze_panes == "A2"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[2] for row in rows] == list(PATCHES)
    result = headers.index("核查结果")
    verdict = headers.index("举证是否完整")
    assert [row[result] for row in rows] == ["违法", "合法", "其他", None]
    assert [row[verdict] for row in rows] == ["完整", "不完整", "不完整", None]
    assert rows[3][-1] == "台账中无此图斑"


def test_ledger_unchanged(exported):
    assert table_dump(exported["ledger"]) == exported["before"]


@pytest.mark.parametrize("driver,suffix", [("GeoJSON", ".geojson"), ("GPKG", ".gpkg")])
def test_geojson_and_geopackage_upper(exported, driver, suffix):
    import processing

    folder = exported["folder"] / driver
    folder.mkdir()
    upper = str(folder / f"county{suffix}")
    gdal.VectorTranslate(
        upper, gdal.OpenEx(exported["upper"], open_options=["ENCODING=GBK"]), format=driver, accessMode="overwrite"
    )
    output = str(folder / f"return{suffix}")
    results = processing.run(
        "lianwei:exportverification", {"LEDGER": exported["ledger"], "UPPER": upper, "OUTPUT": output}
    )
    fields, rows, wkt = _describe(upper)
    out_fields, out_rows, out_wkt = _describe(output)
    assert out_fields[: len(fields)] == fields
    assert [values["JCBH"] for values, _ in out_rows] == list(PATCHES)
    assert [values["HCJG"] for values, _ in out_rows] == ["违法", "合法", "其他", None]
    assert out_rows[0][0]["XZQMC"] == "清溪镇"
    assert osr.SpatialReference(out_wkt).IsSame(osr.SpatialReference(wkt))
    assert results["INCOMPLETE"] == 2
    if driver == "GPKG":
        with closing(sqlite3.connect(output)) as db:
            aliases = dict(db.execute("SELECT column_name, name FROM gpkg_data_columns"))
        assert aliases.get("HCJG") == "核查结果"


def test_other_format_refused(exported, lianwei_provider):
    from qgis.core import QgsProcessingException

    import processing

    with pytest.raises(QgsProcessingException, match="same kind of file"):
        processing.run(
            "lianwei:exportverification",
            {"LEDGER": exported["ledger"], "UPPER": exported["upper"], "OUTPUT": str(exported["out"] / "x.geojson")},
        )


def test_form_flags_legal_or_other_without_reason(setup, lianwei_provider):
    from qgis.core import QgsVectorLayerUtils

    from lianwei.core import schema
    from lianwei.layers import form

    layer = QgsVectorLayer(f"{setup['ledger']}|layername=violations", "violations", "ogr")
    form.apply_schema(layer, schema.layer("violations"))
    index = layer.fields().indexOf("verify_reason")
    feature = next(layer.getFeatures())
    for result, reason, ok in (
        ("LEGAL", None, False),
        ("OTHER", "  ", False),
        ("LEGAL", "已批准", True),
        ("ILLEGAL", None, True),
        (None, None, True),
    ):
        feature["verify_result"] = result
        feature["verify_reason"] = reason
        valid, errors = QgsVectorLayerUtils.validateAttribute(layer, feature, index)
        assert valid == ok, (result, reason, errors)
    expression = layer.fields().field("verify_reason").constraints().constraintDescription()
    assert "合法" in expression


def test_an_excel_table_comes_back_with_its_title_and_merged_header(setup, tmp_path):
    """A county that sends a workbook gets its workbook back: title, merged header and cells as they were."""
    from openpyxl import Workbook, load_workbook

    import processing

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "核查表"
    sheet.append(["清溪镇卫片图斑核查表（2024年第二批）"])
    sheet.merge_cells("A1:D1")
    sheet.append(["监测编号", "时相", None, "备注"])
    sheet.merge_cells("B2:C2")
    sheet.append([None, "前时相", "后时相", None])
    for patch in PATCHES:
        sheet.append([patch, "2023-11-02", "2024-05-10", "请核查"])
    upper = str(tmp_path / "卫片核查表.xlsx")
    workbook.save(upper)
    before = table_dump(setup["ledger"])
    output = str(tmp_path / "回传.xlsx")
    results = processing.run(
        "lianwei:exportverification", {"LEDGER": setup["ledger"], "UPPER": upper, "OUTPUT": output}
    )
    assert results["ROWS"] == 4 and results["NOT_IN_LEDGER"] == 1
    back = load_workbook(output)["核查表"]
    assert back["A1"].value == "清溪镇卫片图斑核查表（2024年第二批）" and "A1:D1" in back.merged_cells
    assert "B2:C2" in back.merged_cells and back["B3"].value == "前时相" and back["D4"].value == "请核查"
    headers = [back.cell(row=3, column=c).value for c in range(5, back.max_column + 1)]
    assert headers[:2] == ["案件编号(AJBH)", "核查结果(HCJG)"]
    results_column = {back.cell(row=r, column=1).value: back.cell(row=r, column=6).value for r in range(4, 8)}
    assert results_column == {"JC2024-001": "违法", "JC2024-002": "合法", "JC2024-003": "其他", "JC2024-404": None}
    assert table_dump(setup["ledger"]) == before


def test_a_gbk_csv_comes_back_in_gbk(setup, tmp_path):
    import processing

    upper = tmp_path / "patches.csv"
    lines = ["监测编号,图斑类型,后时相"] + [f"{patch},建（构）筑物,2024-05-10" for patch in PATCHES]
    upper.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    output = tmp_path / "return.csv"
    processing.run(
        "lianwei:exportverification", {"LEDGER": setup["ledger"], "UPPER": str(upper), "OUTPUT": str(output)}
    )
    text = output.read_bytes().decode("gbk").splitlines()
    assert text[0].startswith("监测编号,图斑类型,后时相,案件编号(AJBH),核查结果(HCJG)")
    assert text[1].startswith("JC2024-001,建（构）筑物,2024-05-10,") and ",违法," in text[1]
    assert text[4].startswith("JC2024-404,建（构）筑物,2024-05-10,,,")
