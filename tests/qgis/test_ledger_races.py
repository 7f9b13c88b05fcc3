"""Writers racing on one ledger, each in its own OS process as two QGIS users or qgis_process runs are (issue 14,
point 6): no lost update, no "locked" failure while the other writer finishes within the wait, one case_log row per
changed field per change. A ledger locked for longer than the bounded wait, a GeoPackage that is not a ledger and a
read-only ledger are refused with a message, and the file is left as it was."""

import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from contextlib import closing

import pytest
from case_ledger import rows
from gpkg_copy import copy_gpkg
from qgis.core import Qgis, QgsProcessingException, QgsProject, QgsVectorLayer

from lianwei.layers import ledger_store
from lianwei.layers.ledger_store import table_dump

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKER = os.path.join(TESTS, "race_worker.py")
BAD = os.path.join(TESTS, "data", "bad")
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
CHANGES = 25  # per writer
# A second process holding the ledger: BEGIN <mode>, "locked" printed, then released after argv[3] seconds (a
# writer finishing) or when its stdin closes (a program that keeps the lock).
HOLDER = (
    "import sqlite3, sys, time\n"
    "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "db.execute('BEGIN ' + sys.argv[2])\n"
    "db.execute(\"UPDATE campaign SET value = value || '' WHERE key = 'producer'\")\n"
    "print('locked', flush=True)\n"
    "sys.stdin.readline() if sys.argv[3] == 'stdin' else time.sleep(float(sys.argv[3]))\n"
    "db.execute('COMMIT')\n"
)


@pytest.fixture
def ledger(small_sample, tmp_path):
    path = str(tmp_path / "ledger.gpkg")
    copy_gpkg(small_sample["OUTPUT"], path)
    return path


def worker_env(folder, tag):
    """A profile of its own for each worker (QGIS keeps the operator's name in it), as each user has."""
    home = folder / f"home-{tag}"
    home.mkdir(exist_ok=True)
    os.chmod(home, 0o700)
    env = dict(os.environ, HOME=str(home), QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(home))
    for name in ("QGIS_CUSTOM_CONFIG_PATH", "QGIS_OPTIONS_PATH"):  # pytest-qgis's profile is this process's
        env.pop(name, None)
    return env


def race(ledger, folder, jobs):
    """Start one worker per (mode, case, tag), let them go together, return their JSON results."""
    go = folder / "go"
    procs = []
    try:
        for mode, case_id, tag in jobs:
            env = worker_env(folder, tag)
            log = open(folder / f"{tag}.stderr", "w")  # noqa: SIM115 - closed with the process below
            command = [PYTHON, WORKER, mode, ledger, case_id, str(CHANGES), tag, str(go)]
            procs.append((subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True, env=env), log))
        for proc, log in procs:
            line = proc.stdout.readline()
            assert line.strip() == "ready", (folder / os.path.basename(log.name)).read_text()
        go.touch()
        results = []
        for proc, log in procs:
            out, _ = proc.communicate(timeout=180)
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


def case_state(path, case_id):
    ((version, remarks, status),) = rows(
        path, "SELECT version, remarks, status FROM violations WHERE case_id = ?", case_id
    )
    return version, remarks, status


def assert_chain(log, first):
    """Each change starts from the value the one before it left: two writers never read the same value."""
    previous = first
    for _fid, old, new in log:
        assert old == previous, f"a change started from {old!r}, not from {previous!r}: an update was lost"
        assert new != old
        previous = new
    return previous


def cases_in(path, status, count):
    found = [c for (c,) in rows(path, "SELECT case_id FROM violations WHERE status = ? ORDER BY fid", status)]
    assert len(found) >= count
    return found[:count]


@pytest.mark.parametrize(
    "writers, mode, same_case, journal",
    [
        (2, "status", True, "delete"),
        (4, "remarks", True, "delete"),
        (2, "status", False, "delete"),
        (4, "remarks", False, "delete"),
        pytest.param(
            4,
            "remarks",
            True,
            "wal",  # as a ledger is while QGIS edits it
            marks=pytest.mark.xfail(
                Qgis.QGIS_VERSION_INT >= 34000,
                reason="OPEN BUG, not understood: on QGIS 3.40 (Debian trixie) this race lost 6 or 7 of 100 version "
                "increments in 2 of about 15 runs (CI under load), with no error reported; never on 3.22 or 3.44. "
                "Kept running and reported (not strict) until it is found",
                strict=False,
            ),
        ),
    ],
    ids=[
        "2 recordstatus one case",
        "4 update_cases one case",
        "2 recordstatus two cases",
        "4 update_cases 4 cases",
        "4 update_cases one case WAL",
    ],
)
def test_racing_writers_lose_nothing(ledger, tmp_path, writers, mode, same_case, journal):
    with closing(sqlite3.connect(ledger)) as db:
        assert db.execute(f"PRAGMA journal_mode = {journal}").fetchone() == (journal,)
    cases = cases_in(ledger, "ORDERED", 1 if same_case else writers)
    targets = [cases[0] if same_case else cases[k] for k in range(writers)]
    before = {case_id: case_state(ledger, case_id) for case_id in cases}
    (last_log,) = rows(ledger, "SELECT coalesce(max(fid), 0) FROM case_log")[0]
    tags = [f"w{k}" for k in range(writers)]
    results = race(ledger, tmp_path, [(mode, case_id, tag) for case_id, tag in zip(targets, tags)])
    assert [r["errors"] for r in results] == [[]] * writers  # no "database is locked", no refusal
    assert [r["done"] for r in results] == [CHANGES] * writers
    for case_id in cases:
        made = CHANGES * targets.count(case_id)
        version, remarks, status = case_state(ledger, case_id)
        assert version == before[case_id][0] + made  # every increment kept
        log = rows(
            ledger,
            "SELECT field, fid, old_value, new_value, changed_by FROM case_log WHERE case_id = ? AND fid > ? "
            "ORDER BY fid",
            case_id,
            last_log,
        )
        assert {field for field, *_ in log} <= {"remarks", "status"}
        remarks_log = [(fid, old, new) for field, fid, old, new, _by in log if field == "remarks"]
        assert len(remarks_log) == made  # one row per change: the remarks change every time
        assert assert_chain(remarks_log, before[case_id][1]) == remarks
        writers_of_case = [tag for tag, target in zip(tags, targets) if target == case_id]
        assert sorted(new for _fid, _old, new in remarks_log) == sorted(
            f"{tag}-{i}" for tag in writers_of_case for i in range(CHANGES)
        )
        assert {by for *_, by in log} == set(writers_of_case)  # the trace names who made each change
        status_log = [(fid, old, new) for field, fid, old, new, _by in log if field == "status"]
        assert assert_chain(status_log, before[case_id][2]) == status
        if mode == "status" and not same_case:
            assert len(status_log) == made  # alone on its case, each run changed the status
    seconds = max(r["seconds"] for r in results)
    print(f"{writers} writers x {CHANGES} changes ({mode}, same case: {same_case}, {journal}): {seconds:.1f} s")


def hold(ledger, mode, until):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, ledger, mode, until], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


def record_status(layer_or_uri, case_id, status="DEFERRED", remarks="当事人申请暂缓"):
    import processing
    from lianwei.processing.algorithms.record_status import STATUSES

    return processing.run(
        "lianwei:recordstatus",
        {"INPUT": layer_or_uri, "CASES": case_id, "STATUS": STATUSES.index(status), "REMARKS": remarks},
    )


def test_a_writer_waits_for_another_that_finishes_within_the_wait(lianwei_provider, ledger):
    (case_id,) = cases_in(ledger, "ORDERED", 1)
    version = case_state(ledger, case_id)[0]
    holder = hold(ledger, "IMMEDIATE", "1.5")
    start = time.monotonic()
    try:
        result = record_status(f"{ledger}|layername=violations", case_id)
    finally:
        assert holder.wait(timeout=30) == 0
    assert time.monotonic() - start > 1.0  # it waited for the other writer
    assert result["UPDATED"] == 1
    assert case_state(ledger, case_id) == (version + 1, "当事人申请暂缓", "DEFERRED")


@pytest.mark.parametrize("mode", ["IMMEDIATE", "EXCLUSIVE"])
def test_a_ledger_locked_longer_than_the_wait_is_refused_and_unchanged(lianwei_provider, ledger, monkeypatch, mode):
    monkeypatch.setattr(ledger_store, "BUSY_TIMEOUT_S", 0.4)
    monkeypatch.setattr(ledger_store, "ATTEMPTS", 2)
    (case_id,) = cases_in(ledger, "ORDERED", 1)
    # The project's layer, loaded before the lock (an exclusive lock keeps QGIS from opening the file at all); the
    # project owns it, so that nothing holding it (the error's traceback) outlives QGIS.
    layer = QgsProject.instance().addMapLayer(QgsVectorLayer(f"{ledger}|layername=violations", "violations", "ogr"))
    before = table_dump(ledger)
    holder = hold(ledger, mode, "stdin")
    start = time.monotonic()
    try:
        with pytest.raises(QgsProcessingException) as error:
            record_status(layer, case_id)
        waited = time.monotonic() - start
    finally:
        holder.communicate("\n", timeout=30)
        QgsProject.instance().removeMapLayer(layer.id())
    message = str(error.value)
    assert "正被其他程序使用" in message and "in use by another program" in message and ledger in message
    assert "Nothing was changed" in message
    assert waited >= 0.4  # waited before refusing
    assert table_dump(ledger) == before


def md5(path):
    with open(path, "rb") as handle:
        return hashlib.md5(handle.read()).hexdigest()  # noqa: S324 - a checksum, not security


def test_recordstatus_refuses_a_geopackage_that_is_not_a_ledger(lianwei_provider, tmp_path):
    path = str(tmp_path / "not_a_ledger.gpkg")
    with open(os.path.join(BAD, "not_a_ledger.gpkg"), "rb") as source, open(path, "wb") as target:
        target.write(source.read())
    before = md5(path)
    with pytest.raises(QgsProcessingException) as error:
        record_status(f"{path}|layername=violations", "450109101202-2024-0001")
    message = str(error.value)
    assert "不是两违整治台账" in message and "is not a Lianwei ledger" in message and path in message
    assert md5(path) == before


def test_recordstatus_refuses_a_read_only_ledger(lianwei_provider, ledger):
    (case_id,) = cases_in(ledger, "ORDERED", 1)
    os.chmod(ledger, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # refused even for root: the file says read-only
    before = md5(ledger)
    try:
        with pytest.raises(QgsProcessingException) as error:
            record_status(f"{ledger}|layername=violations", case_id)
    finally:
        os.chmod(ledger, stat.S_IRUSR | stat.S_IWUSR)
    message = str(error.value)
    assert "只读" in message and "read-only" in message and ledger in message
    assert md5(ledger) == before
