"""lianwei:importpatches into a PostGIS ledger in a real PostgreSQL server: the county file gives the same cases as
in a GeoPackage of the same township, a second import creates nothing, a redrawn patch is logged field by field,
bad rows and another village's patches leave the ledger exactly as it was."""

import os
import re

import pytest
from qgis.core import QgsProcessingException

SMALL = {"SEED": 11, "VIOLATIONS": 120, "PARCELS": 2000, "PERMITS": 60}
SCHEMA = "town"
CASE_ID = re.compile(r"^\d{12}-\d{4}-\d{4}$")
COMPARED = "case_id, patch_no, village_code, status, footprint_m2, upper_m2, patch_type, version, source"


@pytest.fixture
def shared_county(lianwei_provider, pg_cluster, pg_database, tmp_path):
    """(cluster, database, the county's patch file, the same township as a GeoPackage)."""
    import processing

    patches = str(tmp_path / "county_patches.shp")
    processing.run(
        "lianwei:sampletownship", dict(SMALL, DATABASE=pg_cluster.conninfo(pg_database), SCHEMA=SCHEMA, PATCHES=patches)
    )
    gpkg = processing.run(
        "lianwei:sampletownship", dict(SMALL, OUTPUT=str(tmp_path / "sample.gpkg"), PATCHES=str(tmp_path / "p2.shp"))
    )
    return pg_cluster, pg_database, patches, gpkg["OUTPUT"]


def rows(cluster, database, statement, parameters=None, user="lianwei_owner"):
    return cluster.rows(database, statement, parameters, user)


def run(cluster, database, source, user="lianwei_owner", **extra):
    import processing

    parameters = {"INPUT": source, "DATABASE": cluster.conninfo(database, user), "SCHEMA": SCHEMA, "REPORT": "memory:"}
    return processing.run("lianwei:importpatches", dict(parameters, **extra))


def state(cluster, database):
    """(cases, a checksum of every case row with its geometry, case_log rows)."""
    ((count, checksum),) = rows(
        cluster, database, "SELECT count(*), md5(string_agg(v::text, '|' ORDER BY fid)) FROM town.violations v"
    )
    return count, checksum, rows(cluster, database, "SELECT count(*) FROM town.case_log")[0][0]


def geopackage_cases(path):
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(path)) as db:
        return db.execute(f"SELECT {COMPARED} FROM violations ORDER BY case_id").fetchall()  # noqa: S608 - test


def test_the_county_file_gives_the_same_cases_as_in_a_geopackage(shared_county):
    import processing

    cluster, database, patches, gpkg = shared_county
    before = state(cluster, database)
    rows(cluster, database, "DELETE FROM town.case_log")
    results = run(cluster, database, patches)
    assert results["REFUSED"] == 0 and results["ELSEWHERE"] == 0 and results["NEW"] > 0
    in_file = processing.run("lianwei:importpatches", {"INPUT": patches, "LEDGER": gpkg})
    keys = ("NEW", "LINKED", "CHANGED", "UNCHANGED", "REFUSED", "ELSEWHERE")
    assert {k: results[k] for k in keys} == {k: in_file[k] for k in keys}
    assert state(cluster, database)[0] == before[0] + results["NEW"]
    stored = rows(cluster, database, f"SELECT {COMPARED} FROM town.violations ORDER BY case_id")  # noqa: S608
    assert [tuple(r) for r in stored] == [
        tuple(pytest.approx(v, abs=0.006) if isinstance(v, float) else v for v in r) for r in geopackage_cases(gpkg)
    ]
    new = rows(
        cluster,
        database,
        "SELECT case_id, village_code, status, version, updated_by FROM town.violations "
        "WHERE source = 'SATELLITE' AND found_on = current_date AND version = 1",
    )
    assert len(new) == results["NEW"]
    for case_id, village, status, _version, who in new:
        assert CASE_ID.match(case_id) and case_id.startswith(village) and status == "DISCOVERED"
        assert who == "lianwei_owner"
    # the audit: one INSERT row per new case, one UPDATE row per field the upper level changed in a linked case
    logged = dict(rows(cluster, database, "SELECT operation, count(*) FROM town.case_log GROUP BY operation"))
    assert logged["INSERT"] == results["NEW"]
    if results["LINKED"] + results["CHANGED"]:
        assert logged.get("UPDATE", 0) >= results["LINKED"] + results["CHANGED"]
    # a second import of the same file creates and changes nothing
    after = state(cluster, database)
    again = run(cluster, database, patches)
    assert again["NEW"] == 0 and again["CHANGED"] == 0 and again["UNCHANGED"] == results["NEW"] + results["LINKED"]
    assert state(cluster, database) == after


def test_bad_rows_leave_the_postgis_ledger_as_it_was(shared_county, tmp_path):
    from test_import_patches import patch_rows, write_patches

    cluster, database, patches, _ = shared_county
    bad = patch_rows(patches)[:6]
    bad[1] = (bad[1][0], dict(bad[1][1], QSX="二〇二四年十三月"))
    bad = [(geometry, {name: str(value) for name, value in attrs.items()}) for geometry, attrs in bad]
    path = write_patches(str(tmp_path / "bad.shp"), bad)
    before = state(cluster, database)
    with pytest.raises(QgsProcessingException, match="QSX") as refused:
        run(cluster, database, path)
    assert "台账未改动" in str(refused.value)
    assert state(cluster, database) == before


def test_a_redrawn_patch_is_logged_field_by_field(shared_county, tmp_path):
    from osgeo import ogr
    from test_import_patches import patch_rows, write_patches

    cluster, database, patches, _ = shared_county
    run(cluster, database, patches)
    number = patch_rows(patches)[0][1]["JCBH"]
    ((case_id, version),) = rows(
        cluster, database, "SELECT case_id, version FROM town.violations WHERE patch_no = %s", (number,)
    )
    geometry, attrs = next(r for r in patch_rows(patches) if r[1]["JCBH"] == number)
    redrawn = [(ogr.CreateGeometryFromWkt(geometry).Buffer(0.00005).ExportToWkt(), dict(attrs, TBMJ=9999.5))]
    rows(cluster, database, "DELETE FROM town.case_log")
    results = run(cluster, database, write_patches(str(tmp_path / "redrawn.shp"), redrawn))
    assert results["CHANGED"] == 1 and results["NEW"] == 0
    after = rows(cluster, database, "SELECT upper_m2, version FROM town.violations WHERE case_id = %s", (case_id,))
    assert after == [(9999.5, version + 1)]
    fields = {f for (f,) in rows(cluster, database, "SELECT field FROM town.case_log WHERE case_id = %s", (case_id,))}
    assert "upper_m2" in fields and "version" not in fields
    assert rows(cluster, database, "SELECT DISTINCT changed_by, operation FROM town.case_log") == [
        ("lianwei_owner", "UPDATE")
    ]


def test_patches_of_another_village_are_refused_naming_the_case(shared_county):
    from lianwei.core import pg_schema

    cluster, database, patches, _ = shared_county
    villages = [v for (v,) in rows(cluster, database, "SELECT village_code FROM town.villages ORDER BY 1")]
    for statement in pg_schema.grant_statements(SCHEMA, "editor_a", False):
        rows(cluster, database, statement)
    rows(cluster, database, "INSERT INTO town.village_rights VALUES ('editor_a', %s)", (villages[0],))
    before = state(cluster, database)
    with pytest.raises(QgsProcessingException) as refused:
        run(cluster, database, patches, user="editor_a")
    message = str(refused.value)
    assert "无权修改" in message and "editor_a" in message and "may not change case" in message
    assert state(cluster, database) == before
    assert os.path.exists(patches)
