"""lianwei:reconcile: the sample ledger against an upper-level patch file made from its own cases, with one of each
difference; every row and the summary asserted, the ledger unchanged."""

import sqlite3
from contextlib import closing

import pytest
from gpkg_copy import copy_gpkg
from osgeo import ogr, osr
from qgis.core import QgsProcessingException
from recording_feedback import RecordingFeedback

from lianwei.layers.gpkg_reader import geopackage_wkb
from lianwei.layers.ledger_store import connect, immediate, table_dump

SIGNED_OFF = "450109101201-2023-0002"  # SIGNED_OFF, patch WP20234501095617
MISSING_ABOVE = "450109101201-2024-0010"  # FILED, patch WP20244501097427: left out of the upper file
AREA_OVER = "450109101201-2024-0004"  # DEMOLISHED: the upper area 5.25 m² larger
AREA_UNDER = "450109101201-2024-0005"  # DISCOVERED: the upper area 0.4 m² larger (under the tolerance)
PATROL = "450109101201-2024-0007"  # VERIFIED, found on patrol: given a patch number here, closed above
NEW_PATCH = "WP2025NEW0001"


def ledger_rows(path):
    with closing(sqlite3.connect(path)) as db:
        return db.execute(
            "SELECT case_id, patch_no, footprint_m2, status, geom FROM violations WHERE patch_no IS NOT NULL"
        ).fetchall()


@pytest.fixture
def ledger(small_sample, tmp_path):
    path = str(tmp_path / "台账.gpkg")
    copy_gpkg(small_sample["OUTPUT"], path)
    with closing(connect(path)) as db, immediate(db, path):
        db.execute("UPDATE violations SET patch_no = 'WP2024TEST0007', upper_m2 = 1370.8 WHERE case_id = ?", (PATROL,))
    return path


def write_upper(path, ledger, driver="GPKG", status="整改状态", epsg=4545, renumber=None):
    """The ledger's patches as the county has them, with the differences of this test; ``renumber``: a case whose
    patch the county numbers otherwise."""
    source = ogr.GetDriverByName(driver).CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ledger_srs = osr.SpatialReference()
    ledger_srs.ImportFromEPSG(4545)
    ledger_srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(ledger_srs, srs)
    options = ["ENCODING=UTF-8"] if driver == "ESRI Shapefile" else []
    layer = source.CreateLayer("patches", srs, ogr.wkbMultiPolygon, options)
    for name, kind in (("JCBH", ogr.OFTString), ("TBMJ", ogr.OFTReal), (status, ogr.OFTString)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    for case_id, patch_no, area, state, blob in ledger_rows(ledger):
        if case_id == MISSING_ABOVE:
            continue
        area = area + {AREA_OVER: 5.25, AREA_UNDER: 0.4}.get(case_id, 0.0)
        closed = state in ("SIGNED_OFF", "LEGAL") and case_id != SIGNED_OFF or case_id == PATROL
        patch_no = "WP2024RENUMBERED" if case_id == renumber else patch_no
        add(layer, patch_no, area, "已销号" if closed else "未整改", geopackage_wkb(blob), status, transform)
    far = ogr.CreateGeometryFromWkt("MULTIPOLYGON (((500000 2600000, 500050 2600000, 500050 2600040, 500000 2600000)))")
    add(layer, NEW_PATCH, 1000.0, "未整改", far.ExportToWkb(), status, transform)
    source = None


def add(layer, patch_no, area, state, wkb, status, transform):
    feature = ogr.Feature(layer.GetLayerDefn())
    feature["JCBH"], feature["TBMJ"], feature[status] = patch_no, area, state
    geometry = ogr.CreateGeometryFromWkb(bytes(wkb))
    geometry.Transform(transform)
    feature.SetGeometry(geometry)
    layer.CreateFeature(feature)


def run(ledger, upper, feedback=None, **extra):
    import processing

    parameters = dict({"LEDGER": ledger, "UPPER": upper, "OUTPUT": "TEMPORARY_OUTPUT"}, **extra)
    return processing.run("lianwei:reconcile", parameters, feedback=feedback)


def differences(results):
    return sorted(
        (f["kind_code"], f["patch_no"], f["here"], f["above"], f["case_id"], f["kind"])
        for f in results["OUTPUT"].getFeatures()
    )


@pytest.mark.parametrize("driver,suffix,status", [("GPKG", "gpkg", "整改状态"), ("ESRI Shapefile", "shp", "ZGZT")])
def test_every_kind_of_difference_is_one_row(lianwei_provider, ledger, tmp_path, driver, suffix, status):
    upper = str(tmp_path / f"county.{suffix}")
    write_upper(upper, ledger, driver, status)
    before = table_dump(ledger)
    feedback = RecordingFeedback()
    results = run(ledger, upper, feedback, PATCHES_ONLY=True)
    rows = differences(results)
    area_over = [r for r in rows if r[4] == AREA_OVER][0]
    assert rows == sorted(
        [
            ("area_differs", "WP20244501094472", area_over[2], area_over[3], AREA_OVER, "面积不一致 (area_differs)"),
            ("closed_here_open_above", "WP20234501095617", "已销号", "未整改", SIGNED_OFF, rows_kind(rows, SIGNED_OFF)),
            ("missing_above", "WP20244501097427", "196.90", "", MISSING_ABOVE, "上级缺少 (missing_above)"),
            ("missing_here", NEW_PATCH, "", "1000.00", "", "本台账缺少 (missing_here)"),
            ("open_here_closed_above", "WP2024TEST0007", "核实违法", "已销号", PATROL, rows_kind(rows, PATROL)),
        ]
    )
    assert round(float(area_over[3]) - float(area_over[2]), 2) == 5.25
    assert rows_kind(rows, SIGNED_OFF) == "本地已销号上级未销号 (closed_here_open_above)"
    summary = results["SUMMARY"]
    assert summary == (
        "清溪镇卫片图斑对账（面积容差1平方米）：上级图斑40个，本台账案件40宗；按监测编号对上39个，按图形对上0个。"
        "差异5条：本台账缺少1条，上级缺少1条，面积不一致1条，本地已销号上级未销号1条，上级已销号本地未销号1条。"
    )
    assert summary in feedback.log and results["DIFFERENCES"] == 5
    assert table_dump(ledger) == before


def rows_kind(rows, case_id):
    return [r[5] for r in rows if r[4] == case_id][0]


def test_cases_without_a_patch_number_are_unknown_above_and_the_tolerance_counts(lianwei_provider, ledger, tmp_path):
    upper = str(tmp_path / "county.gpkg")
    write_upper(upper, ledger)
    with closing(sqlite3.connect(ledger)) as db:
        without = db.execute("SELECT count(*) FROM violations WHERE patch_no IS NULL").fetchone()[0]
    results = run(ledger, upper, TOLERANCE=0.1)
    kinds = [f["kind_code"] for f in results["OUTPUT"].getFeatures()]
    assert kinds.count("unknown_above") == without == 80
    assert kinds.count("area_differs") == 2  # 0.4 m² is above a tolerance of 0.1 m²
    assert "面积容差0.1平方米" in results["SUMMARY"] and "上级未掌握80条" in results["SUMMARY"]


def test_a_share_tolerance_and_a_mapping_of_another_column(lianwei_provider, ledger, tmp_path):
    upper = str(tmp_path / "county.gpkg")
    write_upper(upper, ledger, status="办理进度")
    results = run(ledger, upper, PATCHES_ONLY=True, TOLERANCE_SHARE=5.0, STATUS_FIELD="办理进度")
    kinds = sorted(f["kind_code"] for f in results["OUTPUT"].getFeatures())
    # 5.25 m² of 625 m² is under 5 %: no area difference; the state still comes from the chosen column.
    assert kinds == ["closed_here_open_above", "missing_above", "missing_here", "open_here_closed_above"]


def test_a_patch_under_another_number_in_degrees_is_matched_by_outline(lianwei_provider, ledger, tmp_path):
    upper = str(tmp_path / "county_degrees.gpkg")
    write_upper(upper, ledger, epsg=4490, renumber=AREA_UNDER)
    results = run(ledger, upper, PATCHES_ONLY=True)
    rows = {(f["kind_code"], f["patch_no"]): f for f in results["OUTPUT"].getFeatures()}
    renumbered = rows[("number_differs", "WP2024RENUMBERED")]
    assert (renumbered["here"], renumbered["above"], renumbered["case_id"]) == (
        "WP20244501095837",
        "WP2024RENUMBERED",
        AREA_UNDER,
    )
    assert ("area_differs", "WP20244501094472") in rows and len(rows) == 6
    assert "按监测编号对上38个，按图形对上1个" in results["SUMMARY"]


def test_a_file_without_a_patch_number_is_refused(lianwei_provider, ledger, tmp_path):
    upper = str(tmp_path / "county.gpkg")
    write_upper(upper, ledger)
    before = table_dump(ledger)
    with pytest.raises(QgsProcessingException) as error:
        run(ledger, upper, MAPPING="patch_no=")
    assert "监测编号" in str(error.value) and "No column holds the patch number" in str(error.value)
    assert table_dump(ledger) == before


def test_a_file_that_is_no_ledger_is_refused(lianwei_provider, tmp_path, ledger):
    upper = str(tmp_path / "county.gpkg")
    write_upper(upper, ledger)
    with pytest.raises(QgsProcessingException) as error:
        run(upper, upper)
    assert "Lianwei" in str(error.value) or "台账" in str(error.value)
