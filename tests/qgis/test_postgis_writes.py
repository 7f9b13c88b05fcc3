"""The algorithms that write a ledger, on a PostGIS ledger in a real PostgreSQL server: lianwei:recordstatus (one
transaction, version = stored + 1, the workflow and the village rights refused naming the case, nothing
half-written, one case_log row per changed field with the database user) and the ledger parameters of the
algorithms that take a ledger file."""

import pytest
from qgis.core import QgsProcessingException

SMALL = {"SEED": 11, "VIOLATIONS": 60, "PARCELS": 300, "PERMITS": 20}
SCHEMA = "town"


@pytest.fixture
def shared_sample(lianwei_provider, pg_cluster, pg_database):
    import processing

    processing.run("lianwei:sampletownship", dict(SMALL, DATABASE=pg_cluster.conninfo(pg_database), SCHEMA=SCHEMA))
    return pg_cluster, pg_database


def rows(cluster, database, statement, parameters=None, user="lianwei_owner"):
    return cluster.rows(database, statement, parameters, user)


def violations(cluster, database, user="lianwei_owner") -> str:
    """The violations table as Processing takes a layer, connected as ``user``."""
    from lianwei.layers import ledgers

    return ledgers.table_source(ledgers.address("", cluster.conninfo(database, user), SCHEMA), "violations")


def grant_villages(cluster, database, role, villages):
    """What lianwei:grantvillages gives a village editor (core/pg_schema.grant_statements, rights_rows)."""
    from lianwei.core import pg_schema

    for statement in pg_schema.grant_statements(SCHEMA, role, False):
        rows(cluster, database, statement)
    for row in pg_schema.rights_rows(role, villages, False):
        rows(cluster, database, "INSERT INTO town.village_rights VALUES (%s, %s)", row)


def case_state(cluster, database, case_ids):
    return rows(
        cluster,
        database,
        "SELECT case_id, status, version, remarks, deadline FROM town.violations WHERE case_id = ANY(%s) "
        "ORDER BY case_id",
        (list(case_ids),),
    )


def discovered(cluster, database):
    """Two DISCOVERED cases of two different villages: [(case_id, village_code, version), …]."""
    found = rows(
        cluster,
        database,
        "SELECT DISTINCT ON (village_code) case_id, village_code, version FROM town.violations "
        "WHERE status = 'DISCOVERED' AND village_code IS NOT NULL ORDER BY village_code, case_id",
    )
    assert len(found) >= 2
    return found[:2]


def record(layer, cases, status, **extra):
    import processing
    from lianwei.processing.algorithms.record_status import STATUSES

    parameters = {"INPUT": layer, "CASES": ", ".join(cases), "STATUS": STATUSES.index(status)}
    parameters.update(extra)
    return processing.run("lianwei:recordstatus", parameters)


def test_record_status_accepted_as_a_village_editor(shared_sample):
    cluster, database = shared_sample
    (case, village, version), _ = discovered(cluster, database)
    grant_villages(cluster, database, "editor_a", [village])
    rows(cluster, database, "DELETE FROM town.case_log")
    result = record(
        violations(cluster, database, "editor_a"), [case], "VERIFIED", REMARKS="核实属实", DEADLINE="2025-03-31"
    )
    assert result["UPDATED"] == 1
    assert case_state(cluster, database, [case]) == [
        (case, "VERIFIED", version + 1, "核实属实", __import__("datetime").date(2025, 3, 31))
    ]
    assert rows(
        cluster,
        database,
        "SELECT updated_by FROM town.violations WHERE case_id = %s",
        (case,),
    ) == [("editor_a",)]
    logged = rows(
        cluster,
        database,
        "SELECT case_id, field, old_value, new_value, changed_by, table_name, operation FROM town.case_log "
        "ORDER BY field",
    )
    assert logged == [
        (case, "deadline", None, "2025-03-31", "editor_a", "violations", "UPDATE"),
        (case, "remarks", None, "核实属实", "editor_a", "violations", "UPDATE"),
        (case, "status", "DISCOVERED", "VERIFIED", "editor_a", "violations", "UPDATE"),
    ]
    # the same status and remarks again: nothing to change, nothing written, nothing logged
    again = record(violations(cluster, database, "editor_a"), [case], "VERIFIED", REMARKS="核实属实")
    assert again["UPDATED"] == 0
    assert case_state(cluster, database, [case])[0][2] == version + 1
    assert rows(cluster, database, "SELECT count(*) FROM town.case_log")[0][0] == 3


def test_record_status_refused_by_the_workflow_names_the_case(shared_sample):
    cluster, database = shared_sample
    (first, _, _), (second, _, _) = discovered(cluster, database)
    before = case_state(cluster, database, [first, second])
    logged = rows(cluster, database, "SELECT count(*) FROM town.case_log")
    with pytest.raises(QgsProcessingException) as refused:
        record(violations(cluster, database), [first, second], "SIGNED_OFF", REMARKS="x")
    message = str(refused.value)
    assert first in message and second in message and "只能改为" in message
    assert case_state(cluster, database, [first, second]) == before
    assert rows(cluster, database, "SELECT count(*) FROM town.case_log") == logged


def test_record_status_refused_for_another_village(shared_sample):
    cluster, database = shared_sample
    (own, own_village, own_version), (other, other_village, other_version) = discovered(cluster, database)
    grant_villages(cluster, database, "editor_a", [own_village])
    before = case_state(cluster, database, [own, other])
    logged = rows(cluster, database, "SELECT count(*) FROM town.case_log")
    with pytest.raises(QgsProcessingException) as refused:
        record(violations(cluster, database, "editor_a"), [own, other], "VERIFIED", REMARKS="越权")
    message = str(refused.value)
    assert other in message and other_village in message and "无权修改" in message and "editor_a" in message
    assert own not in message.replace(other, "")  # only the refused case is named
    # nothing half-written: the editor's own case was not changed either
    assert case_state(cluster, database, [own, other]) == before
    assert rows(cluster, database, "SELECT count(*) FROM town.case_log") == logged
    # alone, the editor's own case goes through
    assert record(violations(cluster, database, "editor_a"), [own], "VERIFIED", REMARKS="本村")["UPDATED"] == 1
    assert case_state(cluster, database, [own])[0][1:3] == ("VERIFIED", own_version + 1)


def test_record_status_unknown_case_on_postgis(shared_sample):
    cluster, database = shared_sample
    with pytest.raises(QgsProcessingException, match="450000000000-2099-9999"):
        record(violations(cluster, database), ["450000000000-2099-9999"], "VERIFIED")


def parcels(count, owner="张三", start=0):
    """A memory layer of ``count`` 20 m parcels in EPSG:4545 inside the sample township (ZDDM, QLR)."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer("Polygon?crs=EPSG:4545&field=ZDDM:string&field=QLR:string", "宗地", "memory")
    features = []
    for k in range(start, start + count):
        x, y = 536000 + (k % 20) * 25, 2533000 + (k // 20) * 25
        feature = QgsFeature(layer.fields())
        feature.setAttributes([f"PG{k:05d}", owner])
        feature.setGeometry(
            QgsGeometry.fromWkt(f"POLYGON(({x} {y},{x + 20} {y},{x + 20} {y + 20},{x} {y + 20},{x} {y}))")
        )
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)
    return layer


def import_parcels(cluster, database, layer, replace=True, user="lianwei_owner"):
    import processing

    parameters = {"INPUT": layer, "TABLE": 1, "DATABASE": cluster.conninfo(database, user), "SCHEMA": SCHEMA}
    return processing.run("lianwei:importreference", dict(parameters, REPLACE=replace, MAPPING=""))


def cadastre_state(cluster, database):
    """(rows, a checksum of every row with its fid and geometry, case_log rows)."""
    ((count, checksum),) = rows(
        cluster, database, "SELECT count(*), md5(string_agg(c::text, '|' ORDER BY fid)) FROM town.cadastre c"
    )
    return count, checksum, rows(cluster, database, "SELECT count(*) FROM town.case_log")[0][0]


def test_import_reference_into_postgis_replaces_and_appends(shared_sample):
    from qgis.core import QgsVectorLayer

    cluster, database = shared_sample
    rows(cluster, database, "DELETE FROM town.case_log")
    result = import_parcels(cluster, database, parcels(40))
    assert (result["WRITTEN"], result["REPLACED"]) == (40, 300)
    assert rows(
        cluster, database, "SELECT count(*), min(parcel_id), max(parcel_id), min(owner) FROM town.cadastre"
    ) == [(40, "PG00000", "PG00039", "张三")]
    assert rows(cluster, database, "SELECT DISTINCT ST_SRID(geom), ST_GeometryType(geom) FROM town.cadastre") == [
        (4545, "ST_Polygon")
    ]
    # the audit: every row deleted and inserted, as the database user
    logged = rows(
        cluster,
        database,
        "SELECT operation, count(*), min(changed_by), max(changed_by) FROM town.case_log "
        "WHERE table_name = 'cadastre' GROUP BY operation ORDER BY operation",
    )
    assert logged == [
        ("DELETE", 300, "lianwei_owner", "lianwei_owner"),
        ("INSERT", 40, "lianwei_owner", "lianwei_owner"),
    ]
    assert cadastre_state(cluster, database)[2] == 340
    layer = QgsVectorLayer(result["OUTPUT"].replace("postgres://", "", 1), "c", "postgres")
    assert layer.isValid() and layer.featureCount() == 40
    # appending the same parcels again: the same key with the same geometry is refused, nothing written
    state = cadastre_state(cluster, database)
    with pytest.raises(QgsProcessingException, match="PG00000"):
        import_parcels(cluster, database, parcels(40), replace=False)
    assert cadastre_state(cluster, database) == state
    # appending others goes in beside them
    assert import_parcels(cluster, database, parcels(10, start=40), replace=False)["WRITTEN"] == 10
    assert rows(cluster, database, "SELECT count(*) FROM town.cadastre")[0][0] == 50


def test_a_row_the_database_refuses_leaves_the_table_as_it_was(shared_sample):
    cluster, database = shared_sample
    before = cadastre_state(cluster, database)
    layer = parcels(600)  # two batches; the refused row is in the second
    feature = next(f for f in layer.getFeatures() if f["ZDDM"] == "PG00555")
    layer.dataProvider().changeAttributeValues({feature.id(): {1: "长" * 101}})  # owner holds 100 characters
    with pytest.raises(QgsProcessingException) as refused:
        import_parcels(cluster, database, layer)
    assert "PG00555" in str(refused.value) and "拒绝" in str(refused.value)
    assert cadastre_state(cluster, database) == before


def test_the_ledger_input_takes_one_kind(lianwei_provider, small_sample, pg_cluster, pg_database):
    import processing

    base = {"INPUT": parcels(3), "TABLE": 1, "REPLACE": True}
    with pytest.raises(QgsProcessingException, match="a GeoPackage file, or a database and a schema"):
        processing.run("lianwei:importreference", base)
    with pytest.raises(QgsProcessingException, match="not both"):
        processing.run(
            "lianwei:importreference",
            dict(base, LEDGER=small_sample["OUTPUT"], DATABASE=pg_cluster.conninfo(pg_database)),
        )
    with pytest.raises(QgsProcessingException, match="not a usable schema name"):
        processing.run("lianwei:importreference", dict(base, DATABASE=pg_cluster.conninfo(pg_database), SCHEMA="Town;"))
