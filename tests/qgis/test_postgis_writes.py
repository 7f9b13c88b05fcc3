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
    connection = cluster.connect(database, user)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, parameters)
            return cursor.fetchall() if cursor.description else cursor.rowcount
    finally:
        connection.close()


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
