"""No lost update on a shared (PostGIS) ledger (issue 16, point 3), against a real server: QGIS's own saves are made
from the version each case was read at, whatever number of cells changed; a save made from an old version is
refused with the ledger's message and writes nothing; code saves through save_case get an answer, never a crash;
and 1,000 read-modify-write saves from two client processes on the same cases lose none."""

import json
import os
import subprocess
import sys

import pytest
from shared_ledger import SCHEMA, cases, log_mark, query
from test_case_trace import AttributeTable

from lianwei.core import version_merge
from lianwei.layers import shared_edits
from lianwei.layers.ledger import LedgerError
from lianwei.layers.postgis import postgis_ledger
from lianwei.layers.shared_saves import ACCEPTED, CONFLICT, REFUSED, save_case

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKER = os.path.join(TESTS, "shared_save_worker.py")
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable


def test_a_qgis_save_of_two_fields_is_one_version(shared_ledger, hooked_layer, qtbot):
    cluster, database = shared_ledger
    layer, hook = hooked_layer
    assert layer.id() in hook.shared  # a PostGIS ledger's violations: watched for versions
    (fid, case_id, version), (fid2, case_id2, version2) = cases(cluster, database, 2, 0)
    mark = log_mark(cluster, database)
    party2 = query(cluster, database, "SELECT party FROM town.violations WHERE fid = %s", (fid2,))[0][0]
    layer.startEditing()
    table = AttributeTable(layer, qtbot)
    try:
        table.edit(fid, "remarks", "限期拆除")
        table.edit(fid, "party", "王五")
        table.edit(fid2, "remarks", "已核实")
        # QGIS counted one version per changed cell
        assert layer.getFeature(fid)["version"] == version + 2
        assert layer.commitChanges(), layer.commitErrors()
    finally:
        table.close()
    stored = query(
        cluster, database, "SELECT fid, remarks, party, version FROM town.violations WHERE fid IN %s", ((fid, fid2),)
    )
    assert sorted(stored) == [(fid, "限期拆除", "王五", version + 1), (fid2, "已核实", party2, version2 + 1)]
    logged = query(
        cluster, database, "SELECT case_id, field FROM town.case_log WHERE fid > %s ORDER BY case_id, field", (mark,)
    )
    assert logged == sorted([(case_id, "party"), (case_id, "remarks"), (case_id2, "remarks")])
    # editing goes on: the next save is made from the version just saved
    layer.startEditing()
    layer.changeAttributeValue(fid, layer.fields().indexOf("remarks"), "限期十日内拆除")
    assert layer.commitChanges(), layer.commitErrors()
    assert query(cluster, database, "SELECT version FROM town.violations WHERE fid = %s", (fid,)) == [(version + 2,)]


def test_a_save_from_a_stale_version_is_refused_and_writes_nothing(shared_ledger, hooked_layer, qtbot):
    cluster, database = shared_ledger
    layer, hook = hooked_layer
    (fid, case_id, version), (fid2, _case2, version2) = cases(cluster, database, 2, 2)
    layer.startEditing()  # the versions are read here
    layer.changeAttributeValue(fid, layer.fields().indexOf("remarks"), "我的备注")
    layer.changeAttributeValue(fid, layer.fields().indexOf("party"), "赵六")
    layer.changeAttributeValue(fid2, layer.fields().indexOf("remarks"), "另一案件")
    # another editor saves the first case meanwhile
    assert query(
        cluster,
        database,
        "UPDATE town.violations SET remarks = '他人备注', address = '新地址', version = version + 1 WHERE fid = %s",
        (fid,),
    )
    mark = log_mark(cluster, database)
    before = query(cluster, database, "SELECT * FROM town.violations WHERE fid IN %s ORDER BY fid", ((fid, fid2),))
    assert not layer.commitChanges()
    errors = "\n".join(layer.commitErrors())
    assert "已被他人修改" in errors and case_id in errors, errors
    assert f"库中版本 {version + 1}，本次保存基于版本 {version}" in errors
    # nothing written: neither the stale case nor the other case of the same save
    assert query(cluster, database, "SELECT * FROM town.violations WHERE fid IN %s ORDER BY fid", ((fid, fid2),)) == (
        before
    )
    assert log_mark(cluster, database) == mark
    assert layer.isModified()  # the edits are still there to keep or reload
    # the plugin then puts the two versions side by side
    qtbot.waitUntil(lambda: layer.id() in hook.dialogs, timeout=5000)
    dialog = hook.dialogs[layer.id()]
    assert [c.case_id for c in dialog.conflicts] == [case_id]
    assert (dialog.conflicts[0].base_version, dialog.conflicts[0].stored_version) == (version, version + 1)


def test_conflicts_side_by_side_and_the_merge(shared_ledger, hooked_layer):
    cluster, database = shared_ledger
    layer, hook = hooked_layer
    read = hook.shared[layer.id()]
    ((fid, case_id, version),) = cases(cluster, database, 1, 4)
    layer.startEditing()
    layer.changeAttributeValue(fid, layer.fields().indexOf("remarks"), "我的备注")
    layer.changeAttributeValue(fid, layer.fields().indexOf("party"), "赵六")
    old_address = query(cluster, database, "SELECT address FROM town.violations WHERE fid = %s", (fid,))[0][0]
    query(
        cluster,
        database,
        "UPDATE town.violations SET remarks = '他人备注', address = '新地址', version = version + 1 WHERE fid = %s",
        (fid,),
    )
    (found,) = shared_edits.conflicts(layer, read)
    assert (found.case_id, found.base_version, found.stored_version) == (case_id, version, version + 1)
    assert found.saved_by == "lianwei_owner"
    rows = {row.name: row for row in found.rows}
    assert "version" not in rows and "updated_at" not in rows
    assert rows["remarks"].alias == "备注"
    assert (rows["remarks"].mine, rows["remarks"].stored, rows["remarks"].differs) == ("我的备注", "他人备注", True)
    assert rows["party"].changed_by_me and rows["party"].differs
    # the other editor's change: your value is what you read
    assert (rows["address"].mine, rows["address"].stored) == (old_address, "新地址")
    assert rows["address"].changed_by_others and not rows["address"].changed_by_me
    assert not rows["status"].differs
    assert set(version_merge.differing(found.rows)) == {"party", "address", "remarks"}
    merged = found.merged
    assert (merged["remarks"], merged["party"], merged["address"], merged["version"]) == (
        "我的备注",
        "赵六",
        "新地址",
        version + 2,
    )
    shared_edits.keep_mine(read, found)
    assert layer.commitChanges(), layer.commitErrors()
    stored = query(
        cluster, database, "SELECT remarks, party, address, version FROM town.violations WHERE fid = %s", (fid,)
    )
    assert stored == [("我的备注", "赵六", "新地址", version + 2)]


def test_save_case_answers_accepted_or_refused(shared_ledger):
    cluster, database = shared_ledger
    ledger = postgis_ledger(cluster.conninfo(database, "editor_a"), SCHEMA)
    query(cluster, database, "GRANT USAGE ON SCHEMA town TO editor_a")
    query(cluster, database, "GRANT SELECT, UPDATE ON ALL TABLES IN SCHEMA town TO editor_a")
    query(cluster, database, "INSERT INTO town.village_rights VALUES ('editor_a', '*')")
    ((_fid, case_id, version),) = cases(cluster, database, 1, 6)
    done = save_case(ledger, case_id, {"remarks": "第一次", "party": "钱七"}, version)
    assert (done.outcome, done.base_version, done.version, done.message) == (ACCEPTED, version, version + 1, "")
    assert query(
        cluster,
        database,
        "SELECT remarks, party, version, updated_by FROM town.violations WHERE case_id = %s",
        (case_id,),
    ) == [("第一次", "钱七", version + 1, "editor_a")]
    stale = save_case(ledger, case_id, {"remarks": "第二次"}, version)
    assert (stale.outcome, stale.accepted, stale.base_version, stale.version) == (CONFLICT, False, version, version + 1)
    assert case_id in stale.message and "已被他人修改" in stale.message and "changed and saved" in stale.message
    assert query(cluster, database, "SELECT remarks FROM town.violations WHERE case_id = %s", (case_id,)) == [
        ("第一次",)
    ]
    forbidden = save_case(ledger, case_id, {"status": "SIGNED_OFF"}, version + 1)
    assert forbidden.outcome == REFUSED and forbidden.version == version + 1 and "只能改为" in forbidden.message
    with pytest.raises(LedgerError, match="version"):
        save_case(ledger, case_id, {"version": 9}, version + 1)
    with pytest.raises(LedgerError, match="not a field"):
        save_case(ledger, case_id, {"no_such_field": 1}, version + 1)
    with pytest.raises(LedgerError, match="No case NOPE"):
        save_case(ledger, "NOPE", {"remarks": "x"}, 1)


def test_1000_conflicting_saves_from_two_processes_lose_none(shared_ledger, tmp_path):
    cluster, database = shared_ledger
    chosen = [case_id for _fid, case_id, _v in cases(cluster, database, 12, 20)]
    query(
        cluster,
        database,
        "UPDATE town.violations SET remarks = NULL, version = version + 1 WHERE case_id = ANY(%s)",
        (chosen,),
    )
    initial = dict(
        query(cluster, database, "SELECT case_id, version FROM town.violations WHERE case_id = ANY(%s)", (chosen,))
    )
    mark = log_mark(cluster, database)
    results = run_clients(cluster.conninfo(database), tmp_path, {"a": 500, "b": 500}, chosen)
    saves = [save for result in results for save in result["saves"]]
    accepted = [s for s in saves if s[2] == ACCEPTED]
    refused = [s for s in saves if s[2] != ACCEPTED]
    assert len(saves) == 1000 and len(accepted) + len(refused) == 1000
    assert refused, "the two clients never met on a case: the test did not test contention"
    for case_id, _token, outcome, base, stored, message in refused:  # every refusal reported, naming the case
        assert outcome == CONFLICT and stored > base and case_id in message and "已被他人修改" in message
    final = {
        case_id: (remarks or "", version)
        for case_id, remarks, version in query(
            cluster,
            database,
            "SELECT case_id, remarks, version FROM town.violations WHERE case_id = ANY(%s)",
            (chosen,),
        )
    }
    logged = query(
        cluster,
        database,
        "SELECT case_id, old_value, new_value FROM town.case_log WHERE fid > %s AND field = 'remarks' ORDER BY fid",
        (mark,),
    )
    for case_id in chosen:
        mine = sorted((s for s in accepted if s[0] == case_id), key=lambda s: s[4])
        # each accepted save made the next version: no two from the same base
        assert [s[4] for s in mine] == list(range(initial[case_id] + 1, initial[case_id] + 1 + len(mine)))
        assert final[case_id][1] == initial[case_id] + len(mine)
        # the final remarks hold exactly the accepted tokens, in the order they were accepted
        assert final[case_id][0] == "".join(s[1] for s in mine)
        history = [(old or "", new) for c, old, new in logged if c == case_id]
        assert [new[len(old) :] for old, new in history] == [s[1] for s in mine]
        assert all(old == previous for (old, _), (_, previous) in zip(history[1:], history))


def run_clients(conninfo, folder, counts, chosen):
    go = folder / "go"
    procs = []
    try:
        for tag, count in counts.items():
            log = open(folder / f"{tag}.stderr", "w")  # noqa: SIM115 - closed with the process below
            command = [PYTHON, WORKER, conninfo, SCHEMA, tag, str(count), ",".join(chosen), str(go), "append"]
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
            procs.append((subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True, env=env), log))
        for proc, log in procs:
            line = proc.stdout.readline()
            assert line.strip() == "ready", (folder / os.path.basename(log.name)).read_text()
        go.touch()
        results = []
        for proc, log in procs:
            out, _ = proc.communicate(timeout=120)
            lines = out.strip().splitlines()
            assert proc.returncode == 0 and lines, (folder / os.path.basename(log.name)).read_text()
            results.append(json.loads(lines[-1]))
        return results
    finally:
        for proc, log in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            log.close()
