"""Field copies of the shared ledger on a real PostgreSQL/PostGIS server: checked out as a normal ledger, edited
offline, checked in with conflicting office edits listed and neither side's value lost, all or nothing."""

import re
import sqlite3
import struct
from contextlib import closing

import pytest
from qgis.core import QgsProcessingException, QgsProject, QgsVectorLayer
from shapely import wkb as shapely_wkb
from shapely import wkt as shapely_wkt
from shapely.affinity import translate
from shapely.geometry import MultiPolygon

from lianwei.core import pg_schema
from lianwei.layers.case_edits import update_cases
from lianwei.layers.gpkg_reader import geopackage_wkb
from lianwei.layers.ledger_store import check_ledger, connect, immediate

SMALL = {"SEED": 11, "VIOLATIONS": 80, "PARCELS": 300, "PERMITS": 20}


def rows(cluster, database, statement, parameters=None, user="lianwei_owner"):
    return cluster.rows(database, statement, parameters, user)


def grant(cluster, database, role, villages, admin=False):
    for statement in pg_schema.grant_statements("lianwei", role, admin):
        rows(cluster, database, statement)
    for role_name, code in pg_schema.rights_rows(role, villages, admin):
        rows(cluster, database, "INSERT INTO lianwei.village_rights VALUES (%s, %s)", (role_name, code))


@pytest.fixture
def office(lianwei_provider, pg_cluster, pg_database):
    """The sample township in the database (schema lianwei) and the two villages with the most cases."""
    import processing

    processing.run("lianwei:sampletownship", dict(SMALL, DATABASE=pg_cluster.conninfo(pg_database)))
    villages = rows(
        pg_cluster,
        pg_database,
        "SELECT village_code FROM lianwei.violations GROUP BY village_code "
        "ORDER BY count(*) DESC, village_code LIMIT 2",
    )
    return pg_cluster, pg_database, [v[0] for v in villages]


def checkout(cluster, database, villages, path, user="lianwei_owner"):
    import processing

    return processing.run(
        "lianwei:checkout",
        {"DATABASE": cluster.conninfo(database, user), "VILLAGE_CODES": " , ".join(villages), "OUTPUT": str(path)},
    )


def checkin(cluster, database, path, user="lianwei_owner"):
    import processing

    return processing.run(
        "lianwei:checkin",
        {"INPUT": str(path), "DATABASE": cluster.conninfo(database, user), "CONFLICTS": "memory:"},
    )


def copy_rows(path, statement, parameters=()):
    with closing(sqlite3.connect(str(path))) as db:
        return db.execute(statement, parameters).fetchall()


def office_case(cluster, database, case_id):
    found = rows(
        cluster,
        database,
        "SELECT remarks, party, version FROM lianwei.violations WHERE case_id = %s",
        (case_id,),
    )
    return found[0] if found else None


def draw_case(cluster, database, path, village):
    """A case drawn in the field inside ``village`` (village left empty, provisional number) with a photo."""
    (square,) = rows(
        cluster,
        database,
        "SELECT ST_AsText(ST_Envelope(ST_Buffer(ST_PointOnSurface(geom), 6))) FROM lianwei.villages "
        "WHERE village_code = %s",
        (village,),
    )[0]
    blob = b"GP\x00\x01" + struct.pack("<i", 4545) + MultiPolygon([shapely_wkt.loads(square)]).wkb
    with closing(connect(str(path))) as db, immediate(db, str(path)):
        db.execute(
            "INSERT INTO violations (geom, case_id, source, found_on, party, status, version) "
            "VALUES (?, 'NEW-1a2b3c4d', 'PATROL', '2024-06-01', '田野', 'DISCOVERED', 1)",
            (blob,),
        )
        db.execute("INSERT INTO evidence (case_id, file_path) VALUES ('NEW-1a2b3c4d', 'DCIM/new_case.jpg')")


def test_checkout_edit_offline_checkin_with_a_conflict_loses_neither(office, tmp_path):
    cluster, database, villages = office
    grant(cluster, database, "office_admin", [], admin=True)
    path = tmp_path / "field.gpkg"
    results = checkout(cluster, database, villages, path)

    # The copy holds exactly the cases of the two villages and is a normal ledger with its forms and project.
    expected = rows(
        cluster,
        database,
        "SELECT case_id, version FROM lianwei.violations WHERE village_code = ANY(%s) ORDER BY case_id",
        (villages,),
    )
    assert results["CASES"] == len(expected) > 2
    assert copy_rows(path, "SELECT case_id, version FROM violations ORDER BY case_id") == expected
    assert copy_rows(path, "SELECT count(*) FROM villages")[0][0] == 2
    assert check_ledger(str(path)).version == 2
    office_evidence = rows(
        cluster,
        database,
        "SELECT count(*) FROM lianwei.evidence e JOIN lianwei.violations v USING (case_id) "
        "WHERE v.village_code = ANY(%s)",
        (villages,),
    )[0][0]
    assert copy_rows(path, "SELECT count(*) FROM evidence")[0][0] == office_evidence
    history = rows(
        cluster,
        database,
        "SELECT count(*), max(length(new_value)) FROM lianwei.case_log WHERE case_id IN "
        "(SELECT case_id FROM lianwei.violations WHERE village_code = ANY(%s))",
        (villages,),
    )
    assert copy_rows(path, "SELECT count(*), max(length(new_value)) FROM case_log") == history
    assert history[0][0] >= len(expected) and history[0][1] > 500  # whole rows of the inserts, kept whole
    in_extent = rows(
        cluster,
        database,
        "SELECT count(*) FROM lianwei.cadastre WHERE geom && (SELECT ST_Envelope(ST_Collect(geom)) "
        "FROM lianwei.villages WHERE village_code = ANY(%s))",
        (villages,),
    )[0][0]
    assert 0 < copy_rows(path, "SELECT count(*) FROM cadastre")[0][0] == in_extent < 300
    layer = QgsVectorLayer(f"{path}|layername=violations", "v", "ogr")
    assert layer.isValid() and layer.featureCount() == len(expected)
    assert layer.fields().field("status").alias() == "状态"
    assert layer.editorWidgetSetup(layer.fields().indexOf("status")).type() == "ValueMap"
    project = QgsProject()
    assert project.read(results["PROJECT"]) and len(project.mapLayers()) == 8
    assert all(lyr.isValid() for lyr in project.mapLayers().values())
    project.clear()
    info = dict(copy_rows(path, "SELECT key, value FROM lianwei_checkout"))
    assert info["schema"] == "lianwei" and info["dbname"] == database and info["villages"] == ",".join(villages)
    assert "password" not in info["database"]
    whole = QgsVectorLayer(str(path), "all", "ogr")
    layers = whole.dataProvider().subLayers()
    assert len(layers) == 8
    assert not any("lianwei_checkout" in entry for entry in layers)  # the bookkeeping is not offered as a layer

    # Offline: the field changes the remarks of A and B and draws a new case with a photo.
    case_a, version_a = expected[0]
    case_b, version_b = expected[1]
    remarks_a = office_case(cluster, database, case_a)[0]
    remarks_b = office_case(cluster, database, case_b)[0]
    assert update_cases(str(path), {case_a: {"remarks": "现场:A"}, case_b: {"remarks": "现场:B"}}, "field worker") == 2
    with closing(connect(str(path))) as db, immediate(db, str(path)):
        db.execute("INSERT INTO evidence (case_id, file_path) VALUES (?, 'DCIM/b_after.jpg')", (case_b,))
    draw_case(cluster, database, path, villages[0])
    # B is reshaped (moved 1 m east); C, ordered, is demolished with its photo (the workflow needs one).
    with closing(connect(str(path))) as db, immediate(db, str(path)):
        (blob,) = db.execute("SELECT geom FROM violations WHERE case_id = ?", (case_b,)).fetchone()
        moved = translate(shapely_wkb.loads(geopackage_wkb(blob)), xoff=1.0)
        db.execute(
            "UPDATE violations SET geom = ?, version = version + 1 WHERE case_id = ?",
            (b"GP\x00\x01" + struct.pack("<i", 4545) + moved.wkb, case_b),
        )
    case_c, version_c = copy_rows(
        path, "SELECT case_id, version FROM violations WHERE status = 'ORDERED' AND case_id NOT IN (?, ?)", expected[0]
    )[0]
    with closing(connect(str(path))) as db, immediate(db, str(path)):
        db.execute("INSERT INTO evidence (case_id, file_path) VALUES (?, 'DCIM/c_demolished.jpg')", (case_c,))
    demolished = {"status": "DEMOLISHED", "demolished_m2": 50.5, "demolished_on": "2024-07-01"}
    assert update_cases(str(path), {case_c: demolished}, "field worker") == 1
    centre_b = rows(
        cluster, database, "SELECT ST_X(ST_Centroid(geom)) FROM lianwei.violations WHERE case_id = %s", (case_b,)
    )
    # Meanwhile the office changes A's remarks differently and B's party, as any client does (version + 1).
    for case_id, statement in (
        (case_a, "UPDATE lianwei.violations SET remarks = '办公室:A', version = version + 1 WHERE case_id = %s"),
        (case_b, "UPDATE lianwei.violations SET party = '办公室:B', version = version + 1 WHERE case_id = %s"),
    ):
        assert rows(cluster, database, statement, (case_id,)) == 1
    log_before = rows(cluster, database, "SELECT count(*) FROM lianwei.case_log")[0][0]
    cases_before = rows(cluster, database, "SELECT count(*) FROM lianwei.violations")[0][0]

    result = checkin(cluster, database, path, "office_admin")

    # A: listed side by side, nothing overwritten on either side.
    assert result["CONFLICT_COUNT"] == 1
    conflicts = result["CONFLICTS"]
    if isinstance(conflicts, str):
        conflicts = QgsProject.instance().mapLayer(conflicts)
    (conflict,) = [f.attributes() for f in conflicts.getFeatures()]
    assert conflict[:6] == [case_a, "remarks", "备注", remarks_a or "", "现场:A", "办公室:A"]
    assert office_case(cluster, database, case_a) == (
        "办公室:A",
        office_case(cluster, database, case_a)[1],
        version_a + 1,
    )
    assert copy_rows(path, "SELECT remarks FROM violations WHERE case_id = ?", (case_a,)) == [("现场:A",)]
    # B: both changes, one version more, logged under the database user who checked in.
    assert office_case(cluster, database, case_b) == ("现场:B", "办公室:B", version_b + 2)
    logged = rows(
        cluster,
        database,
        "SELECT case_id, field, old_value, new_value, changed_by FROM lianwei.case_log WHERE fid > %s "
        "AND table_name = 'violations' AND operation = 'UPDATE' ORDER BY fid",
        (log_before,),
    )
    logged_b = [r for r in logged if r[0] == case_b]
    assert sorted(r[1] for r in logged_b) == ["geom", "remarks"] and {r[4] for r in logged_b} == {"office_admin"}
    assert (case_b, "remarks", remarks_b, "现场:B", "office_admin") in logged_b
    assert {r[1]: (r[3], r[4]) for r in logged if r[0] == case_c} == {
        "demolished_m2": ("50.5", "office_admin"),
        "demolished_on": ("2024-07-01", "office_admin"),
        "status": ("DEMOLISHED", "office_admin"),
    }
    assert not any(r[0] == case_a for r in logged)
    assert result["CHANGED_CASES"] == 2
    assert rows(
        cluster, database, "SELECT ST_X(ST_Centroid(geom)) FROM lianwei.violations WHERE case_id = %s", (case_b,)
    )[0][0] == pytest.approx(centre_b[0][0] + 1.0, abs=1e-6)
    assert rows(
        cluster,
        database,
        "SELECT status, demolished_m2, demolished_on::text, version FROM lianwei.violations WHERE case_id = %s",
        (case_c,),
    ) == [("DEMOLISHED", 50.5, "2024-07-01", version_c + 1)]
    # The case drawn in the field: a real number of its village, after the highest; its photo follows it.
    assert result["NEW_CASES"] == 1 and result["EVIDENCE"] == 3
    assert rows(cluster, database, "SELECT count(*) FROM lianwei.violations")[0][0] == cases_before + 1
    new = rows(
        cluster,
        database,
        "SELECT case_id, village_code, party, version FROM lianwei.violations WHERE party = '田野'",
    )
    assert len(new) == 1 and new[0][1] == villages[0] and new[0][2:] == ("田野", 1)
    number = new[0][0]
    assert re.fullmatch(re.escape(villages[0]) + r"-2024-\d{4}", number)
    existing = rows(
        cluster, database, "SELECT case_id FROM lianwei.violations WHERE case_id LIKE %s", (villages[0] + "-2024-%",)
    )
    assert number == max(r[0] for r in existing)
    assert rows(cluster, database, "SELECT file_path FROM lianwei.evidence WHERE case_id = %s", (number,)) == [
        ("DCIM/new_case.jpg",)
    ]
    assert rows(
        cluster,
        database,
        "SELECT count(*) FROM lianwei.evidence WHERE case_id = %s AND file_path = %s",
        (case_b, "DCIM/b_after.jpg"),
    ) == [(1,)]
    assert copy_rows(path, "SELECT count(*) FROM violations WHERE case_id = ?", (number,)) == [(1,)]
    assert copy_rows(path, "SELECT case_id FROM evidence WHERE file_path = 'DCIM/new_case.jpg'") == [(number,)]
    assert check_ledger(str(path)).version == 2

    # The same copy checked in again applies nothing; the conflict is still listed, still not overwritten.
    state = rows(cluster, database, "SELECT case_id, version, remarks, party FROM lianwei.violations ORDER BY case_id")
    log_count = rows(cluster, database, "SELECT count(*) FROM lianwei.case_log")[0][0]
    evidence_count = rows(cluster, database, "SELECT count(*) FROM lianwei.evidence")[0][0]
    again = checkin(cluster, database, path, "office_admin")
    assert (again["CHANGED_CASES"], again["NEW_CASES"], again["EVIDENCE"], again["CONFLICT_COUNT"]) == (0, 0, 0, 1)
    assert rows(
        cluster, database, "SELECT case_id, version, remarks, party FROM lianwei.violations ORDER BY case_id"
    ) == (state)
    assert rows(cluster, database, "SELECT count(*) FROM lianwei.case_log")[0][0] == log_count
    assert rows(cluster, database, "SELECT count(*) FROM lianwei.evidence")[0][0] == evidence_count


def test_a_refused_case_names_it_and_nothing_is_applied(office, tmp_path):
    cluster, database, villages = office
    own, other = villages
    grant(cluster, database, "editor_a", [own])
    path = tmp_path / "editor_a.gpkg"
    checkout(cluster, database, villages, path, "editor_a")  # reading every village is allowed
    mine = copy_rows(path, "SELECT case_id FROM violations WHERE village_code = ? ORDER BY case_id", (own,))[0][0]
    theirs = copy_rows(path, "SELECT case_id FROM violations WHERE village_code = ? ORDER BY case_id", (other,))[0][0]
    update_cases(str(path), {mine: {"remarks": "mine"}, theirs: {"remarks": "theirs"}}, "field worker")
    before = rows(cluster, database, "SELECT case_id, version, remarks FROM lianwei.violations ORDER BY case_id")
    bookkeeping = copy_rows(path, "SELECT * FROM lianwei_checkout_cases ORDER BY fid")
    with pytest.raises(QgsProcessingException) as refused:
        checkin(cluster, database, path, "editor_a")
    message = str(refused.value)
    assert theirs in message and other in message and "无权修改" in message and "Nothing was checked in" in message
    assert (
        rows(cluster, database, "SELECT case_id, version, remarks FROM lianwei.violations ORDER BY case_id") == before
    )
    assert copy_rows(path, "SELECT * FROM lianwei_checkout_cases ORDER BY fid") == bookkeeping


def test_checkout_refuses_unknown_villages_and_existing_files(office, tmp_path):
    cluster, database, villages = office
    with pytest.raises(QgsProcessingException, match="XX99.*YY98|XX99, YY98"):
        checkout(cluster, database, [villages[0], "XX99", "YY98"], tmp_path / "x.gpkg")
    assert not (tmp_path / "x.gpkg").exists() and list(tmp_path.iterdir()) == []
    taken = tmp_path / "taken.gpkg"
    taken.write_bytes(b"keep me")
    with pytest.raises(QgsProcessingException, match="already exists"):
        checkout(cluster, database, villages, taken)
    assert taken.read_bytes() == b"keep me"


def test_checkin_refuses_a_ledger_that_is_no_field_copy(office, tmp_path):
    import processing

    cluster, database, _ = office
    plain = tmp_path / "plain.gpkg"
    processing.run("lianwei:createledger", {"OUTPUT": str(plain)})
    with pytest.raises(QgsProcessingException, match="not a field copy"):
        checkin(cluster, database, plain)


def test_the_copy_records_no_password():
    from lianwei.layers.field_copy import source_label

    assert source_label("host=db.example port=5432 dbname=town user=ed password=secret") == (
        "host=db.example port=5432 dbname=town user=ed"
    )
    assert source_label("乡镇台账") == "乡镇台账"


def test_an_edit_saved_by_qgis_in_the_copy_applies_only_the_field_changed(office, tmp_path):
    """QGIS (as QField) renews version, time and editor on every save and rewrites the row: only the field the
    technician changed reaches the office."""
    from qgis.core import edit

    cluster, database, villages = office
    path = tmp_path / "qgis_edit.gpkg"
    checkout(cluster, database, villages[:1], path)
    layer = QgsVectorLayer(f"{path}|layername=violations", "v", "ogr")
    feature = next(layer.getFeatures())
    case_id, version = feature["case_id"], feature["version"]
    with edit(layer):
        layer.changeAttributeValue(feature.id(), layer.fields().indexOf("address"), "现场核实的新地址")
    del layer
    assert copy_rows(path, "SELECT version FROM violations WHERE case_id = ?", (case_id,))[0][0] > version
    log_before = rows(cluster, database, "SELECT max(fid) FROM lianwei.case_log")[0][0]

    result = checkin(cluster, database, path)

    assert (result["CHANGED_CASES"], result["CONFLICT_COUNT"], result["NEW_CASES"]) == (1, 0, 0)
    assert rows(
        cluster, database, "SELECT address, version FROM lianwei.violations WHERE case_id = %s", (case_id,)
    ) == [("现场核实的新地址", version + 1)]
    assert rows(
        cluster, database, "SELECT case_id, field, new_value FROM lianwei.case_log WHERE fid > %s", (log_before,)
    ) == [(case_id, "address", "现场核实的新地址")]
