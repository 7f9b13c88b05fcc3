"""The shared ledger's rights statements (core/pg_schema.py), without a server: the database tests are
tests/qgis/test_grant_villages.py."""

from lianwei.core import pg_schema


def test_village_codes_as_people_type_them():
    assert pg_schema.village_codes(" 450109101201，450109101202 ;450109101203、450109101201\n") == [
        "450109101201",
        "450109101202",
        "450109101203",
    ]
    assert pg_schema.village_codes("") == [] and pg_schema.village_codes(" ,, ") == []


def test_rights_rows_of_an_editor_and_an_administrator():
    assert pg_schema.rights_rows("editor_a", ["1", " 2", "1", ""], False) == [("editor_a", "1"), ("editor_a", "2")]
    assert pg_schema.rights_rows("boss", ["1"], True) == [("boss", "*")]


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
