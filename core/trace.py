"""The trace of every case (全程留痕, seed 002): one `case_log` row per changed field, written by the ledger itself.

SQLite triggers on the violations table append the rows, so an edit made in the form, the attribute table, the
field calculator, a Processing algorithm or another program is traced alike. Who made the change is the case's
`updated_by` when the edit renewed `version` or `updated_at` (QGIS does on every edit: they are default-on-update
fields; `version` also tells two edits within one second apart); an edit that did neither (another program writing
the file) is traced with no name rather than a wrong one.
"""

from __future__ import annotations

from typing import List, Tuple

from .schema import VIOLATIONS
from .sql import identifier, insert, literal

# Bookkeeping fields change on every edit; tracing them would only repeat the row's time and author.
UNTRACED = ("updated_at", "updated_by", "version")
GEOMETRY = "geom"
CREATED = "case_id"  # a new case is traced as its case_id going from nothing to its value
NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
LOG_COLUMNS = ("case_id", "changed_at", "changed_by", "field", "old_value", "new_value")


def _new(name: str) -> str:
    return "NEW." + identifier(name)


def _old(name: str) -> str:
    return "OLD." + identifier(name)


NEW_CASE, OLD_CASE, NEW_USER = _new("case_id"), _old("case_id"), _new("updated_by")
RENEWED = f"{_new('version')} IS NOT {_old('version')} OR {_new('updated_at')} IS NOT {_old('updated_at')}"
WHO = f"CASE WHEN {RENEWED} THEN {NEW_USER} END"


def traced_fields() -> Tuple[str, ...]:
    return tuple(f.name for f in VIOLATIONS.fields if f.name not in UNTRACED)


def _log(case: str, who: str, field: str, old: str, new: str) -> str:
    """The INSERT of one case_log row inside a trigger body: expressions of NEW/OLD and the field's name."""
    return insert("case_log", LOG_COLUMNS, [case, NOW, who, literal(field), old, new]) + ";"


def trigger_statements(table: str = "violations", geometry: str = GEOMETRY) -> List[Tuple[str, str]]:
    """(name, CREATE TRIGGER statement) of the triggers that write `case_log`."""
    statements = []
    for name in traced_fields():
        trigger = f"lianwei_trace_{name}"
        old, new = _old(name), _new(name)
        statements.append(
            (
                trigger,
                f"CREATE TRIGGER {identifier(trigger)} AFTER UPDATE OF {identifier(name)} ON {identifier(table)} "
                f"WHEN {new} IS NOT {old} "
                f"BEGIN {_log(NEW_CASE, WHO, name, f'CAST({old} AS TEXT)', f'CAST({new} AS TEXT)')} END",
            )
        )
    statements.append(
        (
            "lianwei_trace_geometry",
            f"CREATE TRIGGER {identifier('lianwei_trace_geometry')} AFTER UPDATE OF {identifier(geometry)} "
            f"ON {identifier(table)} WHEN {_new(geometry)} IS NOT {_old(geometry)} "
            f"BEGIN {_log(NEW_CASE, WHO, geometry, 'NULL', 'NULL')} END",
        )
    )
    statements.append(
        (
            "lianwei_trace_insert",
            f"CREATE TRIGGER {identifier('lianwei_trace_insert')} AFTER INSERT ON {identifier(table)} "
            f"BEGIN {_log(NEW_CASE, NEW_USER, CREATED, 'NULL', NEW_CASE)} END",
        )
    )
    statements.append(
        (
            "lianwei_trace_delete",
            f"CREATE TRIGGER {identifier('lianwei_trace_delete')} AFTER DELETE ON {identifier(table)} "
            f"BEGIN {_log(OLD_CASE, 'NULL', CREATED, OLD_CASE, 'NULL')} END",
        )
    )
    return statements
