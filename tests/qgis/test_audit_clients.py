"""The shared ledger's audit, whoever edits: one case_log row per changed field, with the database user, for an
edit saved through QGIS (the plugin's save hook), through the real psql client and through an algorithm."""

import shutil
import subprocess

from shared_ledger import SCHEMA, cases, log_mark, query


def logged(cluster, database, since):
    return query(
        cluster,
        database,
        "SELECT case_id, field, old_value, new_value, changed_by, table_name, operation FROM town.case_log "
        "WHERE fid > %s ORDER BY fid",
        (since,),
    )


def test_one_row_per_changed_field_from_qgis_psql_and_an_algorithm(hooked_layer, shared_ledger):
    import processing

    cluster, database = shared_ledger
    layer, _hook = hooked_layer
    (fid_q, case_q, version_q), (fid_p, case_p, version_p) = cases(cluster, database, 2, 0, "DISCOVERED")
    before_q = query(cluster, database, "SELECT party, address FROM town.violations WHERE fid = %s", (fid_q,))[0]

    mark = log_mark(cluster, database)
    layer.startEditing()  # QGIS: two fields of one case in the attribute table, saved once
    layer.changeAttributeValue(fid_q, layer.fields().indexOf("party"), "李某")
    layer.changeAttributeValue(fid_q, layer.fields().indexOf("address"), "清溪镇一组")
    assert layer.commitChanges(), layer.commitErrors()
    from_qgis = logged(cluster, database, mark)
    assert sorted(from_qgis) == sorted(
        [
            (case_q, "party", before_q[0], "李某", "lianwei_owner", "violations", "UPDATE"),
            (case_q, "address", before_q[1], "清溪镇一组", "lianwei_owner", "violations", "UPDATE"),
        ]
    )
    assert query(cluster, database, "SELECT version FROM town.violations WHERE fid = %s", (fid_q,))[0][0] == (
        version_q + 1
    )

    mark = log_mark(cluster, database)  # psql, the real client, as another program would
    psql = shutil.which("psql")
    assert psql, "psql (postgresql-client) is installed with the server"
    statement = (
        f"UPDATE {SCHEMA}.violations SET remarks = '村里已约谈', party = '王某', version = version + 1 "
        f"WHERE case_id = '{case_p}'"
    )
    completed = subprocess.run(
        [
            psql,
            "-X",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            cluster.host,
            "-p",
            str(cluster.port),
            "-U",
            "lianwei_owner",
            "-d",
            database,
            "-c",
            statement,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    from_psql = logged(cluster, database, mark)
    assert {(row[0], row[1], row[3], row[4]) for row in from_psql} == {
        (case_p, "remarks", "村里已约谈", "lianwei_owner"),
        (case_p, "party", "王某", "lianwei_owner"),
    }
    assert len(from_psql) == 2

    mark = log_mark(cluster, database)  # an algorithm: recordstatus on the shared layer
    processing.run("lianwei:recordstatus", {"INPUT": layer, "CASES": case_p, "STATUS": 2, "REMARKS": "现场核实违法"})
    from_algorithm = logged(cluster, database, mark)
    fields = sorted(row[1] for row in from_algorithm)
    assert "status" in fields and "remarks" in fields
    assert len(fields) == len(set(fields))  # one row per changed field, each once
    assert all(row[0] == case_p and row[4] == "lianwei_owner" and row[6] == "UPDATE" for row in from_algorithm)
    status, remarks, version = query(
        cluster, database, "SELECT status, remarks, version FROM town.violations WHERE fid = %s", (fid_p,)
    )[0]
    assert (status, remarks, version) == ("VERIFIED", "现场核实违法", version_p + 2)
