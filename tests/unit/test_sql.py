"""core/sql.py: the one quoting helper and statement builder; names quoted, values bound."""

import os
import sqlite3

from plugin_paths import REPO

from lianwei.core import sql


def test_names_are_quoted_with_inner_quotes_doubled():
    assert sql.identifier("case_id") == '"case_id"'
    assert sql.identifier('a"b') == '"a""b"'
    assert sql.literal("it's") == "'it''s'"
    assert sql.marks(3) == "?, ?, ?"


def test_statements_read_as_written():
    assert sql.select("t", ["a", "b"], "a = ?", order_by=["b"]) == 'SELECT "a", "b" FROM "t" WHERE a = ? ORDER BY "b"'
    assert sql.select("t", expressions=["count(*)"]) == 'SELECT count(*) FROM "t"'
    assert sql.insert("t", ["a", "b"]) == 'INSERT INTO "t" ("a", "b") VALUES (?, ?)'
    assert sql.update("t", ["a"], "rowid = ?") == 'UPDATE "t" SET "a" = ? WHERE rowid = ?'
    assert sql.delete("t") == 'DELETE FROM "t"'
    assert sql.table_info("t") == 'PRAGMA table_info("t")'


def test_awkward_names_and_values_round_trip_in_sqlite():
    table, column = 'odd "table"; DROP TABLE x', "列 'one'"
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE TABLE {sql.identifier(table)} ({sql.identifier(column)} TEXT)")
    value = "'); DROP TABLE x; --"
    db.execute(sql.insert(table, [column]), (value,))
    db.execute(sql.update(table, [column], sql.identifier(column) + " = ?"), (value + "!", value))
    assert db.execute(sql.select(table, [column])).fetchall() == [(value + "!",)]
    assert [row[1] for row in db.execute(sql.table_info(table))] == [column]
    db.execute(sql.delete(table, sql.identifier(column) + " = ?"), (value + "!",))
    assert db.execute(sql.select(table, expressions=["count(*)"])).fetchone() == (0,)


def test_no_other_identifier_quoting_in_the_plugin():
    """One helper: no shipped module quotes names itself (the doubled quote is the give-away)."""
    others = []
    for folder in ("core", "layers", "processing", "ui"):
        for name in sorted(os.listdir(os.path.join(REPO, folder))):
            path = os.path.join(REPO, folder, name)
            if name.endswith(".py") and path != os.path.join(REPO, "core", "sql.py"):
                if """.replace('"', '""')""" in open(path, encoding="utf-8").read():
                    others.append(f"{folder}/{name}")
    assert others == []
