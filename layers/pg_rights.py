"""Who may edit which villages of a shared ledger: table rights and ``village_rights`` rows, kept by the database.

A village editor reads everything and writes the cases and evidence of its villages only; an administrator
writes every village and the reference tables. The database checks it for every program that saves (QGIS, psql,
the plugin's algorithms): a write to another village's case is refused naming the case and the village
(core/pg_schema.py). Granting is all or nothing: the role and every village code are checked first, then the
table rights and the role's rows of ``village_rights`` are replaced in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Sequence

from ..core import pg_schema, sql
from ..translation import tr_both, tr_later
from .ledger import LedgerError
from .pg_ledger import check_postgis_ledger
from .postgis import PostgisLedger, connect, postgis_ledger, transaction

MESSAGES = (
    tr_later("Give the database of the shared ledger: a saved QGIS connection's name, or service=NAME"),
    tr_later("Give the login role to grant the villages to"),
    tr_later(
        "There is no role {role} in the database {database}: create the editor's login first (CREATE ROLE {role} "
        "LOGIN PASSWORD …) and run again. Nothing was changed"
    ),
    tr_later(
        "The role {role} cannot log in: village rights are checked for the login that saves, so give the editor's "
        "login role. Nothing was changed"
    ),
    tr_later("Give the village codes {role} may edit, or tick Administrator (all villages)"),
    tr_later(
        "{ledger} has no village with the code {codes} (its villages: {known}). Nothing was changed: check the "
        "codes and run again"
    ),
    tr_later(
        "Only the owner of the ledger {ledger} (or a superuser) may grant villages; {user} is neither. Connect as "
        "the office's ledger owner. Nothing was changed"
    ),
    tr_later(
        "{role} owns the ledger {ledger} or is a superuser: it may change everything already, and its rights are "
        "not taken away. Grant villages to the editors' own login roles. Nothing was changed"
    ),
)
SHOWN_CODES = 20  # of the ledger's villages, in a refusal


@dataclass(frozen=True)
class Granted:
    role: str
    villages: List[str]  # the codes the role may edit (every village of the ledger for an administrator)
    admin: bool
    names: Dict[str, str]  # village code -> name

    def listed(self) -> str:
        """``450109101201 东村, …``: the villages granted, for the log."""
        return ", ".join(f"{code} {self.names.get(code, '')}".strip() for code in self.villages)


def grant_villages(database: str, schema_name: str, role: str, codes: Sequence[str], admin: bool) -> Granted:
    """Give the login ``role`` read access to the ledger and write access to the villages ``codes`` (``admin``:
    all villages and the reference tables), replacing what it had. Nothing changes when anything is refused."""
    if not (database or "").strip():
        raise LedgerError(tr_both(MESSAGES[0]))
    role = (role or "").strip()
    if not role:
        raise LedgerError(tr_both(MESSAGES[1]))
    codes = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    if not admin and not codes:
        raise LedgerError(tr_both(MESSAGES[4]).format(role=role))
    ledger = postgis_ledger(database, schema_name)
    check_postgis_ledger(ledger)
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:
            _check_owner(cursor, ledger)
            _check_role(cursor, ledger, role)
            known = _village_codes(cursor)
            if not admin:
                unknown = [c for c in codes if c not in known]
                if unknown:
                    raise LedgerError(
                        tr_both(MESSAGES[5]).format(
                            ledger=ledger.label(), codes=", ".join(unknown), known=_shown(list(known))
                        )
                    )
            for statement in pg_schema.grant_statements(ledger.schema, role, admin):
                cursor.execute(statement)
            for table in _readable_extras(cursor, ledger):
                cursor.execute(pg_schema.read_statement(table, role))
            cursor.execute(sql.delete(pg_schema.RIGHTS_TABLE, '"role_name" = %s'), (role,))
            for row in pg_schema.rights_rows(role, codes, admin):
                cursor.execute(sql.insert(pg_schema.RIGHTS_TABLE, ["role_name", "village_code"], ["%s"] * 2), row)
    finally:
        connection.close()
    return Granted(role, list(known) if admin else codes, admin, known)


def _check_owner(cursor, ledger: PostgisLedger) -> None:
    cursor.execute(
        "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
        "OR pg_has_role(current_user, nspowner, 'MEMBER'), current_user FROM pg_namespace WHERE nspname = %s",
        (ledger.schema,),
    )
    allowed, user = cursor.fetchone()
    if not allowed:
        raise LedgerError(tr_both(MESSAGES[6]).format(ledger=ledger.label(), user=user))


def _check_role(cursor, ledger: PostgisLedger, role: str) -> None:
    """An existing login role, not the ledger's owner (revoking its rights would lock the owner out)."""
    cursor.execute(
        "SELECT rolcanlogin, rolsuper OR pg_has_role(rolname, (SELECT nspowner FROM pg_namespace WHERE nspname = %s), "
        "'MEMBER') FROM pg_roles WHERE rolname = %s",
        (ledger.schema, role),
    )
    found = cursor.fetchone()
    if found is None:
        raise LedgerError(tr_both(MESSAGES[2]).format(role=role, database=ledger.label()))
    if not found[0]:
        raise LedgerError(tr_both(MESSAGES[3]).format(role=role))
    if found[1]:
        raise LedgerError(tr_both(MESSAGES[7]).format(role=role, ledger=ledger.label()))


def _village_codes(cursor) -> Dict[str, str]:
    """The ledger's villages, code -> name, in code order."""
    cursor.execute(sql.select("villages", ["village_code", "village_name"], order_by=["village_code"]))
    return {code: name or "" for code, name in cursor.fetchall() if code}


def _shown(known: Sequence[str]) -> str:
    if not known:
        return "—"
    more = f" … (+{len(known) - SHOWN_CODES})" if len(known) > SHOWN_CODES else ""
    return ", ".join(known[:SHOWN_CODES]) + more


def _readable_extras(cursor, ledger: PostgisLedger) -> List[str]:
    """The database's styles and the ledger's stored project, where they exist: the editor's QGIS opens the layers
    styled and the project from the database."""
    found = []
    for table in (pg_schema.qualified("public", "layer_styles"), pg_schema.qualified(ledger.schema, "qgis_projects")):
        cursor.execute("SELECT to_regclass(%s)", (table,))
        if cursor.fetchone()[0] is not None:
            found.append(table)
    return found


def own_villages(ledger: PostgisLedger) -> Granted:
    """What the login of this connection may edit in the ledger: every village (owner, superuser, administrator)
    or the villages of its ``village_rights`` rows, with their names."""
    connection = connect(ledger)
    try:
        with transaction(connection, ledger) as cursor:
            cursor.execute(
                "SELECT session_user, (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) "
                "OR pg_has_role(session_user, (SELECT nspowner FROM pg_namespace WHERE nspname = %s), 'MEMBER')",
                (ledger.schema,),
            )
            role, owner = cursor.fetchone()
            names = _village_codes(cursor)
            cursor.execute(sql.select(pg_schema.RIGHTS_TABLE, ["village_code"], "role_name = %s"), (role,))
            codes = [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()
    admin = bool(owner) or pg_schema.ALL_VILLAGES in codes
    villages = sorted(names) if admin else sorted(code for code in codes if code in names)
    return Granted(role, villages, admin, names)
