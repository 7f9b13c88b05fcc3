"""The shared ledger in a real PostgreSQL/PostGIS server: created by the algorithms, its rules kept by the database
for every client (QGIS, psql-like plain SQL, the plugin), its audit complete."""

import pytest
from qgis.core import QgsProject, QgsVectorLayer

SMALL = {"SEED": 11, "VIOLATIONS": 60, "PARCELS": 300, "PERMITS": 20}


@pytest.fixture
def shared_sample(lianwei_provider, pg_cluster, pg_database):
    import processing

    results = processing.run(
        "lianwei:sampletownship", dict(SMALL, DATABASE=pg_cluster.conninfo(pg_database), SCHEMA="town")
    )
    return pg_cluster, pg_database, results


def rows(cluster, database, statement, parameters=None, user="lianwei_owner"):
    return cluster.rows(database, statement, parameters, user)


def test_sample_township_in_postgis(shared_sample):
    cluster, database, results = shared_sample
    counts = {
        table: rows(cluster, database, f"SELECT count(*) FROM town.{table}")[0][0]
        for table in ("violations", "villages", "cadastre", "permits", "campaign")
    }
    assert counts["violations"] == 60 and counts["cadastre"] == 300 and counts["permits"] == 20
    assert counts["villages"] == 14
    assert rows(cluster, database, "SELECT value FROM town.campaign WHERE key = 'schema_version'") == [("2",)]
    # every table's style is in layer_styles, the project in the schema
    styled = rows(
        cluster, database, "SELECT count(DISTINCT f_table_name) FROM public.layer_styles WHERE f_table_schema = 'town'"
    )
    assert styled[0][0] == 8
    assert rows(cluster, database, "SELECT count(*) FROM town.qgis_projects")[0][0] == 1
    layer = QgsVectorLayer(results["VIOLATIONS"].replace("postgres://", "", 1), "v", "postgres")
    assert layer.isValid() and layer.featureCount() == 60
    assert layer.fields().field("status").alias() == "状态"
    project = QgsProject()
    assert project.read(results["PROJECT"]), results["PROJECT"]
    assert len(project.mapLayers()) == 8
    assert all(lyr.isValid() for lyr in project.mapLayers().values())
    project.clear()


def test_same_schema_is_never_written_over(shared_sample, lianwei_provider):
    from qgis.core import QgsProcessingException

    import processing

    cluster, database, _ = shared_sample
    before = rows(cluster, database, "SELECT count(*) FROM town.violations")
    with pytest.raises(QgsProcessingException, match="already exists"):
        processing.run("lianwei:createledger", {"DATABASE": cluster.conninfo(database), "SCHEMA": "town"})
    assert rows(cluster, database, "SELECT count(*) FROM town.violations") == before


def test_version_rule_refuses_a_stale_save(shared_sample):
    import psycopg2

    cluster, database, _ = shared_sample
    case, version = rows(cluster, database, "SELECT case_id, version FROM town.violations ORDER BY case_id LIMIT 1")[0]
    assert (
        rows(
            cluster,
            database,
            "UPDATE town.violations SET remarks = 'a', version = %s WHERE case_id = %s",
            (version + 1, case),
        )
        == 1
    )
    with pytest.raises(psycopg2.Error) as refused:
        rows(
            cluster,
            database,
            "UPDATE town.violations SET remarks = 'b', version = %s WHERE case_id = %s",
            (version + 1, case),
        )
    assert refused.value.pgcode == "LW001"
    assert case in str(refused.value) and "已被他人修改" in str(refused.value)
    assert rows(cluster, database, "SELECT remarks FROM town.violations WHERE case_id = %s", (case,)) == [("a",)]


def test_audit_logs_one_row_per_changed_field(shared_sample):
    cluster, database, _ = shared_sample
    case, version = rows(cluster, database, "SELECT case_id, version FROM town.violations ORDER BY case_id LIMIT 1")[0]
    rows(cluster, database, "DELETE FROM town.case_log")
    rows(
        cluster,
        database,
        "UPDATE town.violations SET remarks = 'x', party = 'y', version = version + 1 WHERE case_id = %s",
        (case,),
    )
    logged = rows(
        cluster,
        database,
        "SELECT field, new_value, changed_by, table_name, operation FROM town.case_log ORDER BY field",
    )
    assert logged == [
        ("party", "y", "lianwei_owner", "violations", "UPDATE"),
        ("remarks", "x", "lianwei_owner", "violations", "UPDATE"),
    ]


def test_workflow_is_kept_by_the_database(shared_sample):
    import psycopg2

    cluster, database, _ = shared_sample
    case = rows(cluster, database, "SELECT case_id FROM town.violations WHERE status = 'DISCOVERED' LIMIT 1")[0][0]
    with pytest.raises(psycopg2.Error, match="只能改为"):
        rows(
            cluster,
            database,
            "UPDATE town.violations SET status = 'SIGNED_OFF', version = version + 1 WHERE case_id = %s",
            (case,),
        )


def test_a_typed_password_is_never_shown(lianwei_provider):
    from lianwei.layers.ledger import LedgerError
    from lianwei.layers.postgis import connect, postgis_ledger

    ledger = postgis_ledger("host=127.0.0.1 port=1 password='s3 cret' user=x connect_timeout=2", "town")
    assert "s3" not in ledger.label() and "password=***" in ledger.label()
    with pytest.raises(LedgerError) as refused:
        connect(ledger)
    assert "s3" not in str(refused.value) and "cret" not in str(refused.value)


def test_numpy_numbers_are_bound_as_numbers(shared_sample):
    import numpy

    from lianwei.layers.postgis import connect, postgis_ledger

    cluster, database, _ = shared_sample
    connection = connect(postgis_ledger(cluster.conninfo(database), "town"))
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s + 1, %s * 2", (numpy.float64(1.5), numpy.int64(21)))
            assert cursor.fetchone() == (2.5, 42)
    finally:
        connection.close()
