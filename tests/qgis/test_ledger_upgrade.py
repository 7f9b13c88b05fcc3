"""A ledger made by the plugin before schema version 2 (tests/data/ledgers/v1_sample.gpkg, written by the code of
86dace5) is still accepted as it is, and upgraded in one step when opened or before patches are imported."""

import os
import shutil
import sqlite3
from contextlib import closing

import pytest

from lianwei.core import schema
from lianwei.core.patch_fields import PATCH_FIELDS
from lianwei.layers.ledger_store import check_ledger, connect, immediate, table_dump
from lianwei.layers.ledger_upgrade import upgrade_ledger

V1 = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "ledgers", "v1_sample.gpkg")


@pytest.fixture
def ledger(tmp_path):
    path = str(tmp_path / "旧台账.gpkg")
    shutil.copy(V1, path)
    return path


def columns(path, table):
    with closing(sqlite3.connect(path)) as db:
        return [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]


def test_a_version_1_ledger_is_accepted_as_it_is(qgis_app, ledger):
    assert check_ledger(ledger).version == 1
    assert "patch_type" not in columns(ledger, "violations")


def test_upgrading_adds_the_patch_fields_and_keeps_every_row(qgis_app, ledger):
    before = table_dump(ledger)
    assert upgrade_ledger(ledger) == 1
    assert check_ledger(ledger).version == schema.SCHEMA_VERSION == 2
    names = columns(ledger, "violations")
    assert [f.name for f in PATCH_FIELDS] == names[-len(PATCH_FIELDS) :]
    after = table_dump(ledger)
    width = len(before["violations"][0])
    assert [row[:width] for row in after["violations"]] == before["violations"]
    assert all(row[width:] == (None,) * len(PATCH_FIELDS) for row in after["violations"])
    assert after["cadastre"] == before["cadastre"] and after["case_log"] == before["case_log"]
    assert upgrade_ledger(ledger) == 2  # nothing more to do
    assert table_dump(ledger) == after


def test_the_new_fields_are_traced_checked_and_shown_in_chinese(qgis_app, ledger):
    from lianwei.layers.ledger import open_layer

    upgrade_ledger(ledger)
    with closing(sqlite3.connect(ledger)) as db:
        case_id = db.execute("SELECT case_id FROM violations LIMIT 1").fetchone()[0]
    with closing(connect(ledger)) as db, immediate(db, ledger):
        db.execute("UPDATE violations SET patch_type = ?, version = version + 1 WHERE case_id = ?", ("SOLAR", case_id))
    with closing(sqlite3.connect(ledger)) as db:
        logged = db.execute(
            "SELECT old_value, new_value FROM case_log WHERE case_id = ? AND field = 'patch_type'", (case_id,)
        ).fetchall()
        assert logged == [(None, "SOLAR")]
    with closing(connect(ledger)) as db:  # with the GeoPackage's SQL functions the R-tree triggers call
        with pytest.raises(sqlite3.DatabaseError, match="not in its code list"):
            db.execute("UPDATE violations SET patch_type = 'NONSENSE' WHERE case_id = ?", (case_id,))
    layer = open_layer(ledger, "violations")
    index = layer.fields().indexOf("verify_result")
    assert index >= 0  # the stored form is not rewritten (see ledger_upgrade): no Chinese alias yet
