"""lianwei:importpatches: the sample township's own county file (GBK shapefile without .cpg, in longitude/latitude)
imported once creates each new patch once and links the known ones; a second import creates nothing; a redrawn
patch updates the upper level's fields and outline, never the township's verification; bad rows refuse the whole
import and leave the ledger as it was; Excel with merged headers and WKT, KML, patches of another township."""

import os
import re

import pytest
from gpkg_copy import copy_gpkg
from osgeo import gdal, ogr, osr
from provider_helper import ensure_provider
from qgis.core import QgsProcessingException
from recording_feedback import RecordingFeedback

from lianwei.layers.ledger_store import connect, immediate, table_dump
from lianwei.layers.shapefile_text import shape_encoding

gdal.UseExceptions()
ogr.UseExceptions()

SMALL = {"SEED": 11, "VIOLATIONS": 120, "PARCELS": 2000, "PERMITS": 60}
CASE_ID = re.compile(r"^\d{12}-\d{4}-\d{4}$")


@pytest.fixture(scope="module")
def county(qgis_app, qgis_processing, tmp_path_factory):
    """(sample ledger, its county's patch file)."""
    import processing

    ensure_provider()
    folder = tmp_path_factory.mktemp("county")
    results = processing.run(
        "lianwei:sampletownship",
        dict(SMALL, OUTPUT=str(folder / "sample.gpkg"), PATCHES=str(folder / "county_patches.shp")),
    )
    assert results["PATCH_COUNT"] > 20
    return results["OUTPUT"], results["PATCHES"]


@pytest.fixture
def ledger(county, tmp_path):
    path = str(tmp_path / "ledger.gpkg")
    copy_gpkg(county[0], path)
    return path


def run(ledger, source, **extra):
    import processing

    feedback = RecordingFeedback()
    parameters = dict({"INPUT": source, "LEDGER": ledger, "REPORT": "memory:"}, **extra)
    results = processing.run("lianwei:importpatches", parameters, feedback=feedback)
    return results, feedback


def cases(ledger, where="1"):
    with connect(ledger) as db:
        db.row_factory = lambda cursor, row: dict(zip([c[0] for c in cursor.description], row))
        return db.execute(f"SELECT * FROM violations WHERE {where}").fetchall()  # noqa: S608 - test SQL


def patch_rows(path):
    """(WKT in the file's CRS, attributes) of every feature of a patch file."""
    with shape_encoding("GBK"):
        dataset = ogr.Open(path)
        layer = dataset.GetLayer(0)
        rows = [(f.GetGeometryRef().ExportToWkt(), f.items()) for f in layer]
    return rows


def write_patches(path, rows, driver="ESRI Shapefile", epsg=4490, encoding="GBK"):
    """Patches as a county writes them; a shapefile in ``encoding`` without .cpg."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    with shape_encoding(encoding if driver == "ESRI Shapefile" else ""):
        dataset = ogr.GetDriverByName(driver).CreateDataSource(path)
        options = [f"ENCODING={encoding}"] if driver == "ESRI Shapefile" else []
        layer = dataset.CreateLayer("patches", srs, ogr.wkbMultiPolygon, options)
        for name, value in rows[0][1].items():
            layer.CreateField(ogr.FieldDefn(name, ogr.OFTReal if isinstance(value, float) else ogr.OFTString))
        for geometry, attrs in rows:
            feature = ogr.Feature(layer.GetLayerDefn())
            for name, value in attrs.items():
                feature.SetField(name, value)
            feature.SetGeometry(ogr.CreateGeometryFromWkt(geometry))
            layer.CreateFeature(feature)
        layer = dataset = None
    cpg = os.path.splitext(path)[0] + ".cpg"
    if os.path.exists(cpg):
        os.remove(cpg)
    return path


def test_the_county_file_twice_creates_each_case_once(county, ledger):
    patches = patch_rows(county[1])
    before = len(cases(ledger))
    results, feedback = run(ledger, county[1])
    assert results["REFUSED"] == 0 and results["ELSEWHERE"] == 0
    created = results["NEW"]
    assert created > 0 and created + results["LINKED"] + results["CHANGED"] + results["UNCHANGED"] == len(patches)
    assert len(cases(ledger)) == before + created
    numbers = [attrs["JCBH"] for _, attrs in patches]
    for number in numbers:  # every patch is in the ledger exactly once
        assert len(cases(ledger, f"patch_no = '{number}'")) == 1, number
    new = cases(ledger, "found_on = date('now', 'localtime') AND source = 'SATELLITE' AND version = 1")
    assert len(new) == created
    for case in new:
        assert CASE_ID.match(case["case_id"]) and case["case_id"].startswith(case["village_code"])
        assert case["case_id"].split("-")[1] == case["after_on"][:4]  # numbered in the year the image saw it
        assert case["status"] == "DISCOVERED" and case["village_name"].endswith("村")
        assert case["footprint_m2"] > 0 and case["area_method"] and case["upper_shape"]
        # the county's figure was computed by its own program; the ledger's planar one is within a few per cent
        assert case["upper_m2"] == pytest.approx(case["footprint_m2"], rel=0.03)
        assert case["upper_district_name"] == "清溪镇"  # the GBK text read as GBK without a .cpg
    assert "GBK" in feedback.log
    dump = table_dump(ledger)
    again, _ = run(ledger, county[1])
    assert again["NEW"] == 0 and again["UNCHANGED"] == len(patches) and again["CHANGED"] == 0
    assert table_dump(ledger) == dump


def test_a_redrawn_patch_updates_the_upper_fields_never_the_verification(county, ledger):
    run(ledger, county[1])
    created = {c["patch_no"] for c in cases(ledger, "found_on = date('now', 'localtime') AND version = 1")}
    rows = patch_rows(county[1])
    linked = next(r for r in rows if r[1]["JCBH"] not in created)  # a case drawn here: its outline stays
    new = next(r for r in rows if r[1]["JCBH"] in created)  # a case drawn from the patch: the redraw replaces it
    before = {attrs["JCBH"]: cases(ledger, f"patch_no = '{attrs['JCBH']}'")[0] for _, attrs in (linked, new)}
    with connect(ledger) as db, immediate(db, ledger):
        for case in before.values():
            db.execute(
                "UPDATE violations SET verify_result = 'ILLEGAL', verify_reason = '未批先建' WHERE case_id = ?",
                (case["case_id"],),
            )
    redrawn = [
        (ogr.CreateGeometryFromWkt(geometry).Buffer(0.00005).ExportToWkt(), dict(attrs, TBMJ=9999.5, TBLX="硬化"))
        for geometry, attrs in (linked, new)
    ]  # about 5 m wider all round
    path = write_patches(os.path.join(os.path.dirname(ledger), "redrawn.shp"), redrawn)
    results, feedback = run(ledger, path)
    assert results["CHANGED"] == 2 and results["NEW"] == 0
    for number, case in before.items():
        after = cases(ledger, f"case_id = '{case['case_id']}'")[0]
        assert after["upper_m2"] == 9999.5 and after["patch_type"] == "HARDENED"
        assert after["verify_result"] == "ILLEGAL" and after["verify_reason"] == "未批先建"
        assert after["status"] == case["status"] and after["version"] == case["version"] + 1
        if number in created:
            assert after["footprint_m2"] > case["footprint_m2"] + 100  # replaced and checked again
        else:
            assert after["footprint_m2"] == case["footprint_m2"]
    assert "outline drawn here: it was kept" in feedback.log


def test_bad_rows_refuse_the_import_and_leave_the_ledger_as_it_was(county, ledger):
    rows = patch_rows(county[1])[:6]
    rows[1] = (rows[1][0], dict(rows[1][1], QSX="二〇二四年十三月"))
    rows[3] = (rows[3][0], dict(rows[3][1], JCBH=rows[2][1]["JCBH"], TBMJ=1.0))  # a number given twice
    for k, (geometry, attrs) in enumerate(rows):
        rows[k] = (geometry, {name: str(value) for name, value in attrs.items()})
    bad = write_patches(os.path.join(os.path.dirname(ledger), "bad.shp"), rows)
    dump = table_dump(ledger)
    with pytest.raises(QgsProcessingException) as refused:
        run(ledger, bad)
    message = str(refused.value)
    assert "bad.shp" in message and "QSX" in message and "第1行" in message and "Row 1" in message
    assert rows[2][1]["JCBH"] in message and "台账未改动" in message
    assert table_dump(ledger) == dump
    results, feedback = run(ledger, bad, SKIP_REFUSED=True)
    assert results["REFUSED"] == 3 and results["NEW"] + results["LINKED"] + results["CHANGED"] == 3


def test_an_excel_table_with_merged_headers_and_wkt(county, ledger, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    rows = patch_rows(county[1])
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["清溪镇2024年第二季度卫片图斑核查表"])
    sheet.merge_cells("A1:F1")
    sheet.append(["监测编号", "图斑信息", None, None, "时相", None, "WKT"])
    sheet.merge_cells("B2:D2")
    sheet.merge_cells("E2:F2")
    sheet.append([None, "图斑类型", "图斑面积(亩)", "是否永农", "前时相", "后时相", None])
    for k, (geometry, attrs) in enumerate(rows[:5]):
        number = f"XLS-{k}"
        sheet.append([number, attrs["TBLX"], 0.3, "否", "2024年3月1日", "2024.05.20", geometry])
    sheet.append(["合计", None, 1.5])
    path = str(tmp_path / "patches.xlsx")
    workbook.save(path)
    results, feedback = run(ledger, path)
    assert results["REFUSED"] == 0
    assert results["NEW"] + results["LINKED"] == 5  # by place: the outlines are those of the county's patches
    stored = cases(ledger, "patch_no LIKE 'XLS-%'")
    assert len(stored) == 5
    assert {c["before_on"] for c in stored} == {"2024-03-01"} and {c["after_on"] for c in stored} == {"2024-05-20"}
    assert {c["upper_m2"] for c in stored} == {200.0}  # 0.3 亩 = 200 m²
    assert "合计" in feedback.log or "total" in feedback.log


@pytest.mark.parametrize("driver, name", [("KML", "patches.kml"), ("LIBKML", "patches.kmz")])
def test_kml_and_a_patch_of_another_township(county, ledger, tmp_path, driver, name):
    without_libkml = ogr.GetDriverByName("LIBKML") is None  # Debian forky's GDAL 3.13 (QGIS 3.44)
    if without_libkml and driver == "LIBKML":
        pytest.skip("this GDAL has no LIBKML driver to write a KMZ")
    rows = patch_rows(county[1])[:3]
    geometry, attrs = rows[0]
    far = ogr.CreateGeometryFromWkt(geometry)
    far.Transform(_shift(12.0))  # four zones east: another township, another zone
    rows.append((far.ExportToWkt(), dict(attrs, JCBH="FAR-1")))
    path = write_patches(str(tmp_path / name), rows, driver=driver, epsg=4326)
    if without_libkml:  # its KML driver reads Name and Description only: the refusal says so and what to do
        dump = table_dump(ledger)
        with pytest.raises(QgsProcessingException) as refused:
            run(ledger, path)
        assert "LIBKML" in str(refused.value) and "patch_no=Name" in str(refused.value)
        assert table_dump(ledger) == dump
        return
    results, feedback = run(ledger, path)
    assert results["ELSEWHERE"] == 1 and results["REFUSED"] == 0
    assert results["NEW"] + results["LINKED"] + results["CHANGED"] == 3
    assert "FAR-1" not in {c["patch_no"] for c in cases(ledger)}
    assert "1 of 4 patches lie outside the ledger's zone 36 (they lie in zones 40)" in feedback.log


def test_an_old_ledger_is_upgraded_before_the_import(county, tmp_path):
    old = os.path.join(os.path.dirname(__file__), "..", "data", "ledgers", "v1_sample.gpkg")
    path = str(tmp_path / "v1.gpkg")
    copy_gpkg(old, path)
    results, feedback = run(path, county[1])
    assert results["REFUSED"] == 0 and results["NEW"] + results["LINKED"] + results["CHANGED"] > 0
    assert len(cases(path, "upper_shape IS NOT NULL")) > 0


def _shift(degrees):
    """A coordinate transformation that moves longitudes by ``degrees`` (an OGR geometry transformer)."""

    transform = osr.CoordinateTransformation(
        _srs("+proj=longlat +ellps=GRS80 +no_defs"), _srs(f"+proj=longlat +ellps=GRS80 +lon_0={-degrees} +no_defs")
    )
    return transform


def _srs(proj4):
    srs = osr.SpatialReference()
    srs.ImportFromProj4(proj4)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def test_an_old_ledger_given_a_bad_file_is_left_as_it_was(tmp_path):
    old = os.path.join(os.path.dirname(__file__), "..", "data", "ledgers", "v1_sample.gpkg")
    path = str(tmp_path / "v1.gpkg")
    copy_gpkg(old, path)
    bad = os.path.join(os.path.dirname(__file__), "..", "data", "bad", "patches", "duplicate_numbers.geojson")
    before = open(path, "rb").read()
    with pytest.raises(QgsProcessingException) as refused:
        run(path, bad)
    assert "BAD-1" in str(refused.value) and "台账未改动" in str(refused.value)
    assert open(path, "rb").read() == before  # not even upgraded
