"""The ledger in PostgreSQL/PostGIS: the same tables, fields and rules as the GeoPackage (core/schema.py,
core/workflow.py), plus what a shared ledger needs and one file cannot give: the version rule, village rights and
an audit that no client can bypass.

Everything a client could get wrong is kept by the database itself, in PL/pgSQL, so QGIS, psql and any other
program meet the same rules:

- **version rule** (no lost update): an update of a case must carry ``version`` = stored + 1, else it is refused
  naming the case and both versions (SQLSTATE ``LW001``). In READ COMMITTED a second writer of the same row waits
  for the first and then sees its row as OLD, so two saves made from the same version can never both pass.
- **village rights**: a login role writes only the cases (and their evidence) of the villages listed for it in
  ``village_rights`` (``*``: all villages). Row-level security's USING clause would hide the other villages'
  rows and turn a refused write into a silent "UPDATE 0"; a BEFORE trigger raises instead, naming the case and
  its village (SQLSTATE ``LW002``). The schema's owner and superusers may write everything.
- **audit**: every insert, update and delete of a ledger table writes ``case_log`` — one row per changed field,
  with the database user (session_user: the login, whatever program) and the time. The trigger function runs as
  the ledger's owner (SECURITY DEFINER), so editors read the history but cannot write it themselves.

Every function pins its ``search_path`` to the ledger's schema, so the rules hold whatever search path the client
has. Messages are Chinese then English, because the database raises them to whatever client made the change.
"""

from __future__ import annotations

import re
from typing import Dict, List, Sequence, Tuple

from . import schema, trace, workflow
from .sql import identifier, literal

DEFAULT_SCHEMA = "lianwei"
VERSION_CONFLICT = "LW001"  # SQLSTATE of a save made from an old version
NOT_YOUR_VILLAGE = "LW002"  # SQLSTATE of a write to another village's case
ALL_VILLAGES = "*"
RIGHTS_TABLE = "village_rights"
# Columns of case_log that only the shared ledger has: which table a logged row belongs to, and the operation.
AUDIT_COLUMNS = (("table_name", "varchar(40)"), ("operation", "varchar(6)"))
# The key whose value a table's log rows carry in case_log.case_id (a case's history is joined on it).
LOG_KEYS: Dict[str, str] = {
    "violations": "case_id",
    "evidence": "case_id",
    "villages": "village_code",
    "cadastre": "parcel_id",
    "permits": "permit_no",
    "farmland": "patch_id",
    "campaign": "key",
}
# Tables a village editor may write (rows of the listed villages only); everything else is read-only to them.
VILLAGE_TABLES = ("violations", "evidence")
# Tables an administrator (ADMIN) may write besides them; case_log and village_rights only the triggers and owner.
ADMIN_TABLES = ("villages", "cadastre", "permits", "farmland", "campaign")
UNLOGGED_FIELDS = ("fid", *trace.UNTRACED)

_COLUMN_TYPES = {
    schema.INTEGER: "integer",
    schema.REAL: "double precision",
    schema.DATE: "date",
    schema.DATETIME: "timestamp with time zone",
    schema.BOOLEAN: "boolean",
}


def qualified(schema_name: str, name: str) -> str:
    return identifier(schema_name) + "." + identifier(name)


def column_type(f: schema.Field) -> str:
    if f.type == schema.TEXT:
        return f"varchar({f.length})" if f.length else "text"
    return _COLUMN_TYPES[f.type]


def _column(spec: schema.Layer, f: schema.Field) -> str:
    if spec.name == "case_log" and f.name in ("old_value", "new_value"):
        kind = "text"  # a whole row or a geometry as GeoJSON: longer than the form's 500 characters
    elif spec.name == "case_log" and f.name == "case_id":
        kind = "text"  # the key of any logged table (LOG_KEYS): a campaign key is longer than a case number
    else:
        kind = column_type(f)
    parts = [identifier(f.name), kind]
    if f.required:
        parts.append("NOT NULL")
    if f.default is not None:
        parts.append("DEFAULT " + f.default)
    if f.unique:
        parts.append("UNIQUE")
    check = schema.check_expression(f)
    if check:
        parts.append(f"CHECK ({check})")
    return " ".join(parts)


def table_statements(schema_name: str, spec: schema.Layer, srid: int) -> List[str]:
    columns = ['"fid" serial PRIMARY KEY']
    if spec.geometry:
        columns.append(f'"geom" geometry({spec.geometry}, {int(srid)})')
    columns += [_column(spec, f) for f in spec.fields]
    if spec.name == "case_log":
        columns += [f"{identifier(name)} {kind}" for name, kind in AUDIT_COLUMNS]
    table = qualified(schema_name, spec.name)
    statements = [f"CREATE TABLE {table} ({', '.join(columns)})"]
    statements.append(f"COMMENT ON TABLE {table} IS {literal(spec.alias)}")
    for f in spec.fields:
        statements.append(f"COMMENT ON COLUMN {table}.{identifier(f.name)} IS {literal(f.alias)}")
    if spec.geometry:
        index = identifier(f"{spec.name}_geom_idx")
        statements.append(f'CREATE INDEX {index} ON {table} USING GIST ("geom")')
    for name in ("case_id", "patch_no", "village_code"):
        if name in spec.field_names and not spec.field(name).unique:
            statements.append(f"CREATE INDEX {identifier(f'{spec.name}_{name}_idx')} ON {table} ({identifier(name)})")
    return statements


def _function(schema_name: str, name: str, body: str, definer: bool = False) -> str:
    security = " SECURITY DEFINER" if definer else ""
    return (
        f"CREATE OR REPLACE FUNCTION {qualified(schema_name, name)}() RETURNS trigger LANGUAGE plpgsql{security} "
        f"SET search_path = {identifier(schema_name)}, public, pg_catalog AS $lianwei$\n{body}\n$lianwei$"
    )


def _trigger(schema_name: str, table: str, name: str, when: str, function: str, argument: str = "") -> str:
    arguments = literal(argument) if argument else ""
    return (
        f"CREATE TRIGGER {identifier(name)} {when} ON {qualified(schema_name, table)} FOR EACH ROW "
        f"EXECUTE FUNCTION {qualified(schema_name, function)}({arguments})"
    )


# The bodies below are fixed texts: the names they use are the schema's (their search_path is pinned to the ledger's
# schema), the messages are the rules'. Nothing is put into them.
VERSION_RULE = """BEGIN
  IF NEW."version" IS DISTINCT FROM OLD."version" + 1 THEN
    RAISE EXCEPTION '案件 % 已被他人修改并保存（库中版本 %，本次保存基于版本 %），本次保存未写入：请重新加载后再改 / '
      'Case % was changed and saved by someone else (stored version %, this save was made from version %); this '
      'save was not written: reload the case and make the change again',
      OLD."case_id", OLD."version", NEW."version" - 1, OLD."case_id", OLD."version", NEW."version" - 1
      USING ERRCODE = 'LW001';
  END IF;
  IF NEW."updated_at" IS NOT DISTINCT FROM OLD."updated_at" THEN
    NEW."updated_at" := now();
  END IF;
  IF NEW."updated_by" IS NOT DISTINCT FROM OLD."updated_by" THEN
    NEW."updated_by" := session_user;
  END IF;
  RETURN NEW;
END;"""

# TG_ARGV[0] is 'case' (the row has village_code) or 'evidence' (the village is its case's). session_user is the
# login (current_user would be the function's owner here: SECURITY DEFINER, so editors need not read the rights).
VILLAGE_RIGHTS = """DECLARE
  rows_checked jsonb[];
  checked jsonb;
  village text;
  village_label text;
  case_no text;
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
     OR pg_has_role(session_user, (SELECT nspowner FROM pg_namespace WHERE nspname = TG_TABLE_SCHEMA), 'MEMBER')
     OR EXISTS (SELECT 1 FROM "village_rights" WHERE "role_name" = session_user AND "village_code" = '*')
  THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN rows_checked := rows_checked || to_jsonb(OLD); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN rows_checked := rows_checked || to_jsonb(NEW); END IF;
  FOREACH checked IN ARRAY rows_checked LOOP
    case_no := coalesce(checked ->> 'case_id', '?');
    IF TG_ARGV[0] = 'evidence' THEN
      SELECT "village_code", "village_name" INTO village, village_label FROM "violations" WHERE "case_id" = case_no;
    ELSE
      village := checked ->> 'village_code';
      village_label := checked ->> 'village_name';
    END IF;
    IF village IS NULL OR NOT EXISTS (
      SELECT 1 FROM "village_rights" WHERE "role_name" = session_user AND "village_code" = village
    ) THEN
      RAISE EXCEPTION '您（%）无权修改%（%）的案件 %：只能修改分配给您的村的案件，本次修改未写入 / '
        'You (%) may not change case % of village % (%): only the cases of your own villages. Nothing was written',
        session_user, coalesce(village_label, '?'), coalesce(village, '?'), case_no,
        session_user, case_no, coalesce(village_label, '?'), coalesce(village, '?')
        USING ERRCODE = 'LW002';
    END IF;
  END LOOP;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;"""

# TG_ARGV[0] is the table's key field (LOG_KEYS). Bookkeeping fields (fid, version, who, when) are not logged as
# fields: the log row's own time and user say it.
AUDIT = """DECLARE
  old_row jsonb;
  new_row jsonb;
  entry record;
  key_field text := TG_ARGV[0];
BEGIN
  IF TG_OP = 'INSERT' THEN
    new_row := to_jsonb(NEW);
    INSERT INTO "case_log" ("case_id", "changed_at", "changed_by", "field", "old_value", "new_value",
      "table_name", "operation")
    VALUES (coalesce(new_row ->> key_field, ''), now(), session_user, key_field, NULL, new_row::text, TG_TABLE_NAME,
      TG_OP);
    RETURN NEW;
  ELSIF TG_OP = 'DELETE' THEN
    old_row := to_jsonb(OLD);
    INSERT INTO "case_log" ("case_id", "changed_at", "changed_by", "field", "old_value", "new_value",
      "table_name", "operation")
    VALUES (coalesce(old_row ->> key_field, ''), now(), session_user, key_field, old_row::text, NULL, TG_TABLE_NAME,
      TG_OP);
    RETURN OLD;
  END IF;
  old_row := to_jsonb(OLD);
  new_row := to_jsonb(NEW);
  FOR entry IN SELECT key, value FROM jsonb_each(new_row)
               WHERE key NOT IN ('fid', 'updated_at', 'updated_by', 'version') LOOP
    IF entry.value IS DISTINCT FROM old_row -> entry.key THEN
      INSERT INTO "case_log" ("case_id", "changed_at", "changed_by", "field", "old_value", "new_value",
        "table_name", "operation")
      VALUES (coalesce(new_row ->> key_field, ''), now(), session_user, entry.key, old_row ->> entry.key,
        new_row ->> entry.key, TG_TABLE_NAME, TG_OP);
    END IF;
  END LOOP;
  RETURN NEW;
END;"""


def version_rule_function(schema_name: str) -> str:
    """BEFORE UPDATE of a case: version must be the stored one plus one; who and when are stamped here."""
    return _function(schema_name, "lianwei_version_rule", VERSION_RULE)


def rights_function(schema_name: str) -> str:
    """BEFORE INSERT/UPDATE/DELETE of a case or its evidence: the login role must hold the case's village."""
    return _function(schema_name, "lianwei_village_rights", VILLAGE_RIGHTS, definer=True)


def workflow_function(schema_name: str) -> str:
    """BEFORE UPDATE OF status: the same transitions and requirements as the GeoPackage's triggers."""
    checks = []
    for old, allowed in workflow.TRANSITIONS.items():
        permitted = ", ".join(literal(s) for s in (old,) + allowed)
        message = workflow.transition_message(old).replace("%", "%%")
        checks.append(
            f'  IF OLD."status" = {literal(old)} AND NEW."status" NOT IN ({permitted}) THEN\n'
            f"    RAISE EXCEPTION {literal(message)} USING ERRCODE = 'check_violation';\n  END IF;"
        )
    for r in workflow.REQUIREMENTS:
        message = r.message.replace("%", "%%")
        checks.append(
            f'  IF NEW."status" = {literal(r.status)} AND OLD."status" IS DISTINCT FROM {literal(r.status)} '
            f"AND NOT ({r.sql}) THEN\n"
            f"    RAISE EXCEPTION {literal(message)} USING ERRCODE = 'check_violation';\n  END IF;"
        )
    body = "BEGIN\n" + "\n".join(checks) + "\n  RETURN NEW;\nEND;"
    return _function(schema_name, "lianwei_workflow", body)


def audit_function(schema_name: str) -> str:
    """AFTER INSERT/UPDATE/DELETE: case_log rows. An update gives one row per changed field (old and new value as
    text; a geometry as GeoJSON); an insert or a delete one row holding the whole row as JSON."""
    return _function(schema_name, "lianwei_audit", AUDIT, definer=True)


def rule_statements(schema_name: str) -> List[str]:
    """The functions and triggers of a ledger schema (after its tables)."""
    statements = [
        version_rule_function(schema_name),
        rights_function(schema_name),
        workflow_function(schema_name),
        audit_function(schema_name),
        _trigger(
            schema_name,
            "violations",
            "lianwei_rights",
            "BEFORE INSERT OR UPDATE OR DELETE",
            "lianwei_village_rights",
            "case",
        ),
        _trigger(
            schema_name,
            "evidence",
            "lianwei_rights",
            "BEFORE INSERT OR UPDATE OR DELETE",
            "lianwei_village_rights",
            "evidence",
        ),
        _trigger(schema_name, "violations", "lianwei_version", "BEFORE UPDATE", "lianwei_version_rule"),
        _trigger(schema_name, "violations", "lianwei_workflow", 'BEFORE UPDATE OF "status"', "lianwei_workflow"),
    ]
    for table, key in LOG_KEYS.items():
        statements.append(
            _trigger(schema_name, table, "lianwei_audit", "AFTER INSERT OR UPDATE OR DELETE", "lianwei_audit", key)
        )
    return statements


def create_statements(schema_name: str, srid: int) -> List[str]:
    """Everything a new ledger schema needs, in order: the schema, its tables and indexes, the rights table,
    the rules. Run in one transaction: a failure (or a killed process) leaves nothing behind."""
    statements = ["CREATE EXTENSION IF NOT EXISTS postgis", f"CREATE SCHEMA {identifier(schema_name)}"]
    for spec in schema.LAYERS:
        statements += table_statements(schema_name, spec, srid)
    statements.append(
        f"CREATE TABLE {qualified(schema_name, RIGHTS_TABLE)} ("
        '"role_name" name NOT NULL, "village_code" varchar(12) NOT NULL, PRIMARY KEY ("role_name", "village_code"))'
    )
    statements.append(
        f"COMMENT ON TABLE {qualified(schema_name, RIGHTS_TABLE)} IS "
        + literal("村级编辑权限 / which villages each login role may edit (* = all)")
    )
    return statements + rule_statements(schema_name)


def grant_statements(schema_name: str, role: str, admin: bool) -> List[str]:
    """Table rights of a login role: read everything, write the village tables (and, for an administrator, the
    reference tables); which villages is the rows of ``village_rights`` (written with bound values). Rights given
    before are taken back first, so that running it again replaces them (an administrator made a village editor
    loses the reference tables)."""
    who = identifier(role)
    tables = [qualified(schema_name, spec.name) for spec in schema.LAYERS] + [qualified(schema_name, RIGHTS_TABLE)]
    writable = VILLAGE_TABLES + (ADMIN_TABLES if admin else ())
    statements = [
        f"GRANT USAGE ON SCHEMA {identifier(schema_name)} TO {who}",
        f"REVOKE ALL ON {', '.join(tables)} FROM {who}",
        f"GRANT SELECT ON {', '.join(tables)} TO {who}",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(qualified(schema_name, t) for t in writable)} TO {who}",
        # new rows take their fid from the tables' sequences; INSERT on the table is what decides
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {identifier(schema_name)} TO {who}",
    ]
    return statements


def read_statement(table: str, role: str) -> str:
    """SELECT on one more table (``table`` qualified already): the styles, the stored project."""
    return f"GRANT SELECT ON {table} TO {identifier(role)}"


def village_codes(text: str) -> List[str]:
    """Village codes as a person types them: separated by commas (also Chinese ones), semicolons or spaces, each
    once, in the order given."""
    return list(dict.fromkeys(c for c in re.split(r"[\s,，;；、]+", text or "") if c))


def rights_rows(role: str, villages: Sequence[str], admin: bool) -> List[Tuple[str, str]]:
    """The ``village_rights`` rows of ``role``: one per village, or the one ``*`` row of an administrator."""
    if admin:
        return [(role, ALL_VILLAGES)]
    return [(role, code) for code in dict.fromkeys(v.strip() for v in villages if v and v.strip())]
