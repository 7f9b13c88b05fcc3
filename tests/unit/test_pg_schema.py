"""The PostgreSQL ledger's DDL is generated from the one schema: every table and field, its constraints, the rules."""

import re

from lianwei.core import pg_schema, schema, workflow


def test_every_table_and_field_is_created():
    statements = pg_schema.create_statements("town", 4545)
    text = "\n".join(statements)
    for spec in schema.LAYERS:
        create = next(s for s in statements if s.startswith(f'CREATE TABLE "town"."{spec.name}" ('))
        for f in spec.fields:
            assert f'"{f.name}" ' in create, (spec.name, f.name)
        if spec.geometry:
            assert f'"geom" geometry({spec.geometry}, 4545)' in create
    assert 'COMMENT ON COLUMN "town"."violations"."status" IS \'状态\'' in text
    assert '"case_id" varchar(30) NOT NULL UNIQUE' in text
    assert 'CHECK ("status" IS NULL OR "status" IN (\'DISCOVERED\'' in text


def test_every_ledger_table_is_audited_and_cases_carry_the_rules():
    triggers = [s for s in pg_schema.create_statements("town", 4545) if s.startswith("CREATE TRIGGER")]
    audited = {re.search(r'ON "town"\."(\w+)"', s).group(1) for s in triggers if '"lianwei_audit"' in s}
    assert audited == {spec.name for spec in schema.LAYERS} - {"case_log"}
    on_cases = {re.search(r'TRIGGER "(\w+)"', s).group(1) for s in triggers if '"town"."violations"' in s}
    assert on_cases == {"lianwei_rights", "lianwei_version", "lianwei_workflow", "lianwei_audit"}


def test_functions_pin_their_search_path_to_the_ledger():
    functions = [s for s in pg_schema.create_statements("town", 4545) if s.startswith("CREATE OR REPLACE FUNCTION")]
    assert len(functions) == 4
    assert all('SET search_path = "town", public, pg_catalog' in s for s in functions)
    definers = [s for s in functions if "SECURITY DEFINER" in s]
    assert len(definers) == 2  # the rights and the audit: editors can neither read around nor write the log


def test_audit_leaves_out_the_bookkeeping_fields():
    for name in pg_schema.UNLOGGED_FIELDS:
        assert f"'{name}'" in pg_schema.AUDIT


def test_workflow_function_has_every_transition_and_requirement():
    body = pg_schema.workflow_function("town")
    for old in workflow.TRANSITIONS:
        assert f"OLD.\"status\" = '{old}'" in body
    for requirement in workflow.REQUIREMENTS:
        assert requirement.sql in body


def test_grants_and_rights_rows():
    statements = pg_schema.grant_statements("town", "editor_a", admin=False)
    writes = next(s for s in statements if s.startswith("GRANT INSERT"))
    assert '"town"."violations"' in writes and '"town"."evidence"' in writes and "cadastre" not in writes
    admin = next(s for s in pg_schema.grant_statements("town", "boss", admin=True) if s.startswith("GRANT INSERT"))
    assert '"town"."cadastre"' in admin and "case_log" not in admin
    assert pg_schema.rights_rows("editor_a", [" 01", "02", "01", ""], False) == [("editor_a", "01"), ("editor_a", "02")]
    assert pg_schema.rights_rows("boss", ["01"], True) == [("boss", "*")]


def test_village_codes_as_people_type_them():
    assert pg_schema.village_codes(" 450109101201，450109101202 ;450109101203、450109101201\n") == [
        "450109101201",
        "450109101202",
        "450109101203",
    ]
    assert pg_schema.village_codes("") == [] and pg_schema.village_codes(" ,, ") == []


def test_grants_take_back_before_giving_and_quote_the_role():
    editor = pg_schema.grant_statements("town", 'odd"name', False)
    revoke = next(i for i, s in enumerate(editor) if s.startswith("REVOKE ALL"))
    assert revoke < next(i for i, s in enumerate(editor) if s.startswith("GRANT SELECT"))
    assert all('"odd""name"' in s for s in editor)
    writes = next(s for s in editor if s.startswith("GRANT INSERT"))
    assert '"town"."violations"' in writes and '"town"."evidence"' in writes and "cadastre" not in writes
    assert "case_log" not in writes and "village_rights" not in writes
    admin = next(s for s in pg_schema.grant_statements("town", "boss", True) if s.startswith("GRANT INSERT"))
    for table in ("villages", "cadastre", "permits", "farmland", "campaign"):
        assert f'"town"."{table}"' in admin
    assert "case_log" not in admin and "village_rights" not in admin
