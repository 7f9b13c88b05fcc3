"""The one place SQL statements are put together: names quoted here, values always bound as ``?`` parameters.

Every table, field, trigger and R-tree name that goes into a statement (they come from the schema, from
gpkg_contents/gpkg_geometry_columns or from PRAGMA table_info, never from what a user typed) passes through
:func:`identifier`; values never go into the text. The builders below join fixed keywords, quoted names and the
caller's fixed condition text (with ``?`` marks) — a query builder, which is what bandit's B608 ("SQL built from
strings") and ruff's S608 ask for, so no statement needs a ``# nosec``/``# noqa`` (plugins.qgis.org blocks an
upload on any bandit finding).

It lives in core/ (plain Python, no qgis) so that core's trigger builders and layers/' sqlite3 and GDAL code share
it: layers/ imports it from here; there is no other quoting helper.

``where`` and ``expressions`` are SQL text written in this plugin's source (a condition with ``?``
marks, ``count(*)``, ``NEW."case_id"``), never data. Trigger bodies cannot bind parameters: there the fixed texts of
the schema go in through :func:`literal`.
"""

from __future__ import annotations

from typing import Iterable, Sequence


def identifier(name: str) -> str:
    """A table, field or trigger name in double quotes, quotes inside doubled (SQLite, GeoPackage, PostgreSQL)."""
    return '"' + str(name).replace('"', '""') + '"'


def identifiers(names: Iterable[str]) -> str:
    """Names quoted and separated by commas: a column list."""
    return ", ".join(identifier(n) for n in names)


def literal(text: str) -> str:
    """A text as an SQL string literal, quotes doubled.

    Only where nothing can be bound: trigger bodies and DDL (fixed texts of the schema: a field name, a refusal
    message) and OGR attribute filters; statements run through sqlite3 or GDAL's ExecuteSQL bind or hold names."""
    return "'" + str(text).replace("'", "''") + "'"


def marks(count: int) -> str:
    """``?, ?, ?``: one parameter mark per value."""
    return ", ".join("?" * count)


def _clauses(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def select(
    table: str,
    columns: Sequence[str] = (),
    where: str = "",
    *,
    expressions: Sequence[str] = (),
    order_by: Sequence[str] = (),
) -> str:
    """SELECT <expressions>, <columns> FROM <table> [WHERE <where>] [ORDER BY <order_by>]."""
    selected = ", ".join([*expressions, *(identifier(c) for c in columns)])
    return _clauses(
        "SELECT",
        selected,
        "FROM",
        identifier(table),
        "WHERE " + where if where else "",
        "ORDER BY " + identifiers(order_by) if order_by else "",
    )


def insert(table: str, columns: Sequence[str], values: Sequence[str] = ()) -> str:
    """INSERT INTO <table> (<columns>) VALUES (?, …); ``values``: SQL expressions instead of marks (triggers)."""
    return _clauses(
        "INSERT INTO",
        identifier(table),
        "(" + identifiers(columns) + ")",
        "VALUES",
        "(" + (", ".join(values) if values else marks(len(columns))) + ")",
    )


def insert_rows(table: str, columns: Sequence[str]) -> str:
    """INSERT INTO <table> (<columns>) VALUES %s: psycopg2's execute_values puts the rows in place of the %s."""
    return _clauses("INSERT INTO", identifier(table), "(" + identifiers(columns) + ")", "VALUES %s")


def update(table: str, columns: Sequence[str], where: str, mark: str = "?") -> str:
    """UPDATE <table> SET <column> = ?, … WHERE <where>: the new values bound first, then the condition's.
    ``mark``: ``%s`` for psycopg2."""
    assignments = ", ".join(identifier(c) + " = " + mark for c in columns)
    return _clauses("UPDATE", identifier(table), "SET", assignments, "WHERE", where)


def delete(table: str, where: str = "") -> str:
    """DELETE FROM <table> [WHERE <where>]."""
    return _clauses("DELETE FROM", identifier(table), "WHERE " + where if where else "")


def table_info(table: str) -> str:
    """PRAGMA table_info(<table>): the table's columns (name at 1, primary key flag at 5)."""
    return "PRAGMA table_info(" + identifier(table) + ")"
