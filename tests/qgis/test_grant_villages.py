"""Village rights kept by the database (lianwei:grantvillages): a village editor writes the cases of its own
villages, is refused with a message naming the case and the village for any other (never a silent UPDATE 0),
still reads everything; QGIS shows the refusal."""

import psycopg2
import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

SMALL = {"SEED": 11, "VIOLATIONS": 60, "PARCELS": 300, "PERMITS": 20}
SCHEMA = "town"


class Shared:
    def __init__(self, cluster, database):
        self.cluster, self.database = cluster, database

    def rows(self, statement, parameters=None, user="lianwei_owner"):
        return self.cluster.rows(self.database, statement, parameters, user)

    def grant(self, role, codes="", admin=False):
        return self.grant_as("lianwei_owner", role, codes, admin)

    def grant_as(self, user, role, codes="", admin=False):
        import processing

        parameters = {
            "DATABASE": self.cluster.conninfo(self.database, user),
            "SCHEMA": SCHEMA,
            "ROLE": role,
            "VILLAGE_CODES": codes,
            "ADMIN": admin,
        }
        return processing.run("lianwei:grantvillages", parameters)

    def villages(self):
        """(code, name) of the villages that have cases, most cases first."""
        return self.rows(
            "SELECT village_code, village_name FROM town.violations GROUP BY 1, 2 ORDER BY count(*) DESC, 1"
        )

    def case_of(self, code):
        return self.rows(
            "SELECT case_id, version FROM town.violations WHERE village_code = %s ORDER BY case_id LIMIT 1", (code,)
        )[0]

    def dump(self, table):
        return self.rows(f"SELECT * FROM town.{table} ORDER BY fid")


@pytest.fixture
def shared(lianwei_provider, pg_cluster, pg_database):
    import processing

    processing.run("lianwei:sampletownship", dict(SMALL, DATABASE=pg_cluster.conninfo(pg_database), SCHEMA=SCHEMA))
    return Shared(pg_cluster, pg_database)


@pytest.fixture
def editor_a(shared):
    """editor_a holds the village with the most cases; (own code, own name), (other code, other name)."""
    own, other = shared.villages()[:2]
    results = shared.grant("editor_a", own[0])
    assert results["ROLE"] == "editor_a" and results["VILLAGE_COUNT"] == 1 and results["VILLAGES"] == own[0]
    return own, other


def refused(shared, statement, parameters, code="LW002", user="editor_a"):
    with pytest.raises(psycopg2.Error) as caught:
        shared.rows(statement, parameters, user=user)
    assert caught.value.pgcode == code, str(caught.value)
    return str(caught.value)


def test_an_editor_changes_its_own_villages_cases(shared, editor_a):
    (own, _), _ = editor_a
    case, version = shared.case_of(own)
    shared.rows("DELETE FROM town.case_log")
    updated = shared.rows(
        "UPDATE town.violations SET remarks = '已约谈', version = version + 1 WHERE case_id = %s",
        (case,),
        user="editor_a",
    )
    assert updated == 1
    assert shared.rows("SELECT remarks, version, updated_by FROM town.violations WHERE case_id = %s", (case,)) == [
        ("已约谈", version + 1, "editor_a")
    ]
    assert shared.rows("SELECT case_id, field, new_value, changed_by FROM town.case_log") == [
        (case, "remarks", "已约谈", "editor_a")
    ]


def test_another_villages_case_is_refused_naming_case_and_village(shared, editor_a):
    _, (other, other_name) = editor_a
    case, version = shared.case_of(other)
    before = shared.dump("violations")
    message = refused(
        shared, "UPDATE town.violations SET remarks = 'x', version = version + 1 WHERE case_id = %s", (case,)
    )
    assert case in message and other_name in message and other in message and "editor_a" in message
    assert "无权修改" in message and "may not change" in message
    assert shared.dump("violations") == before
    # a statement over many villages is refused whole: not the own village's rows quietly updated
    refused(shared, "UPDATE town.violations SET remarks = 'x', version = version + 1", None)
    assert shared.dump("violations") == before


def test_delete_and_insert_in_another_village_are_refused(shared, editor_a):
    (own, _), (other, other_name) = editor_a
    case, _ = shared.case_of(other)
    before = shared.dump("violations")
    message = refused(shared, "DELETE FROM town.violations WHERE case_id = %s", (case,))
    assert case in message and other_name in message
    message = refused(
        shared,
        "INSERT INTO town.violations (case_id, village_code, village_name) VALUES (%s, %s, %s)",
        (other + "-2026-9999", other, other_name),
    )
    assert other + "-2026-9999" in message and other_name in message
    # moving an own case into another village is refused too (the new row is checked as well as the old)
    own_case, _ = shared.case_of(own)
    refused(
        shared,
        "UPDATE town.violations SET village_code = %s, village_name = %s, version = version + 1 WHERE case_id = %s",
        (other, other_name, own_case),
    )
    assert shared.dump("violations") == before


def test_evidence_of_another_villages_case_is_refused(shared, editor_a):
    (own, _), (other, other_name) = editor_a
    case, _ = shared.case_of(other)
    insert = "INSERT INTO town.evidence (case_id, file_path, note) VALUES (%s, %s, '现场照片')"
    before = shared.dump("evidence")
    message = refused(shared, insert, (case, "photos/x.jpg"))
    assert case in message and other_name in message
    assert shared.dump("evidence") == before
    own_case, _ = shared.case_of(own)
    inserted = shared.rows(insert, (own_case, "photos/y.jpg"), user="editor_a")
    assert inserted == 1


def test_an_editor_cannot_write_reference_tables_or_history(shared, editor_a):
    cadastre, log = shared.dump("cadastre"), shared.dump("case_log")
    refused(shared, "UPDATE town.cadastre SET owner = 'x'", None, code="42501")
    refused(shared, "DELETE FROM town.case_log", None, code="42501")
    refused(
        shared,
        "INSERT INTO town.case_log (case_id, changed_by, field) VALUES ('x', 'editor_a', 'remarks')",
        None,
        code="42501",
    )
    refused(shared, "INSERT INTO town.village_rights VALUES ('editor_a', '*')", None, code="42501")
    assert shared.dump("cadastre") == cadastre and shared.dump("case_log") == log


def test_an_editor_still_sees_every_village(shared, editor_a):
    for table in ("violations", "cadastre", "villages", "evidence", "case_log"):
        count = f"SELECT count(*) FROM town.{table}"
        assert shared.rows(count, user="editor_a") == shared.rows(count), table
    assert shared.rows("SELECT count(DISTINCT village_code) FROM town.violations", user="editor_a")[0][0] > 1
    # the styles and the stored project are readable: the editor's QGIS opens them
    assert shared.rows("SELECT count(*) FROM public.layer_styles", user="editor_a")[0][0] >= 8
    assert shared.rows("SELECT count(*) FROM town.qgis_projects", user="editor_a")[0][0] == 1


def test_an_administrator_edits_every_village_and_the_cadastre(shared):
    results = shared.grant("office_admin", "", admin=True)
    assert results["VILLAGE_COUNT"] == 14 and len(results["VILLAGES"].split(", ")) == 14
    assert shared.rows("SELECT * FROM town.village_rights WHERE role_name = 'office_admin'") == [("office_admin", "*")]
    for code, _ in shared.villages()[:3]:
        case, _ = shared.case_of(code)
        statement = "UPDATE town.violations SET remarks = 'admin', version = version + 1 WHERE case_id = %s"
        assert shared.rows(statement, (case,), user="office_admin") == 1
    parcel = shared.rows("SELECT parcel_id FROM town.cadastre ORDER BY fid LIMIT 1")[0][0]
    assert (
        shared.rows("UPDATE town.cadastre SET owner = '镇政府' WHERE parcel_id = %s", (parcel,), user="office_admin")
        == 1
    )
    # the history still only by the triggers
    refused(shared, "DELETE FROM town.case_log", None, code="42501", user="office_admin")


def test_unknown_village_or_role_changes_nothing(shared, editor_a):
    (own, _), (other, _) = editor_a
    rights = shared.rows("SELECT * FROM town.village_rights ORDER BY 1, 2")
    with pytest.raises(QgsProcessingException) as caught:
        shared.grant("editor_a", f"{other}, 999999999999，888")
    message = str(caught.value)
    assert "没有村代码为 999999999999, 888 的村" in message  # the known one is not named as unknown
    assert "has no village with the code 999999999999, 888 (" in message and "Nothing was changed" in message
    with pytest.raises(QgsProcessingException) as caught:
        shared.grant("nobody_here", own)
    assert "nobody_here" in str(caught.value) and "There is no role" in str(caught.value)
    with pytest.raises(QgsProcessingException, match="tick Administrator"):
        shared.grant("editor_b", " ,, ")
    with pytest.raises(QgsProcessingException, match="owns the ledger"):  # the owner is never locked out
        shared.grant("lianwei_owner", own)
    shared.rows("DO $$BEGIN CREATE ROLE lianwei_group NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$")
    with pytest.raises(QgsProcessingException, match="cannot log in"):
        shared.grant("lianwei_group", own)
    assert shared.rows("SELECT * FROM town.village_rights ORDER BY 1, 2") == rights
    # editor_a's table rights are as before: its own village still editable, the other still refused
    case, _ = shared.case_of(other)
    refused(shared, "UPDATE town.violations SET remarks = 'x', version = version + 1 WHERE case_id = %s", (case,))
    # editor_b got nothing: it cannot even read the ledger
    refused(shared, "SELECT count(*) FROM town.violations", None, code="42501", user="editor_b")
    # only the ledger's owner grants: an administrator of the villages may not hand out rights
    shared.grant("office_admin", admin=True)
    rights = shared.rows("SELECT * FROM town.village_rights ORDER BY 1, 2")
    with pytest.raises(QgsProcessingException) as caught:
        shared.grant_as("office_admin", "editor_b", own)
    assert "只有台账" in str(caught.value) and "office_admin is neither" in str(caught.value)
    assert shared.rows("SELECT * FROM town.village_rights ORDER BY 1, 2") == rights


def test_granting_again_replaces_the_villages(shared, editor_a):
    (own, _), (other, other_name) = editor_a
    third = shared.villages()[2][0]
    results = shared.grant("editor_a", f"{other}，{third}")
    assert results["VILLAGE_COUNT"] == 2 and results["VILLAGES"] == f"{other}, {third}"
    assert shared.rows("SELECT village_code FROM town.village_rights WHERE role_name = 'editor_a' ORDER BY 1") == [
        (c,) for c in sorted([other, third])
    ]
    case, _ = shared.case_of(other)
    statement = "UPDATE town.violations SET remarks = 'y', version = version + 1 WHERE case_id = %s"
    assert shared.rows(statement, (case,), user="editor_a") == 1
    own_case, _ = shared.case_of(own)
    refused(shared, statement, (own_case,))
    # an administrator made a village editor loses the reference tables
    shared.grant("office_admin", admin=True)
    shared.grant("office_admin", own)
    refused(shared, "UPDATE town.cadastre SET owner = 'x'", None, code="42501", user="office_admin")
    assert shared.rows("SELECT village_code FROM town.village_rights WHERE role_name = 'office_admin'") == [(own,)]


# --- through QGIS, as the editor -------------------------------------------------------------------------------------
def editor_layer(shared, role="editor_a"):
    from lianwei.layers.postgis import PostgisLedger, layer_source

    ledger = PostgisLedger(shared.cluster.conninfo(shared.database, role), SCHEMA)
    layer = QgsVectorLayer(layer_source(ledger, "violations"), "违法建设", "postgres")
    assert layer.isValid()
    return layer


def save_case(layer, case, remarks):
    """Change a case the way a correct save does (the version set to the stored one plus one); the commit's
    result."""
    feature = next(f for f in layer.getFeatures() if f["case_id"] == case)
    assert layer.startEditing()
    layer.changeAttributeValue(feature.id(), layer.fields().indexOf("remarks"), remarks)
    # the stored form renews the version on every change of the edit buffer; a save sends stored + 1 once
    version = layer.fields().indexOf("version")
    layer.changeAttributeValue(feature.id(), version, feature["version"] + 1, None, True)
    assert layer.getFeature(feature.id())["version"] == feature["version"] + 1
    return layer.commitChanges()


def test_qgis_shows_the_refusal_of_another_villages_case(shared, editor_a):
    from lianwei.layers.postgis import save_refusal

    (own, _), (other, other_name) = editor_a
    layer = editor_layer(shared)
    assert layer.featureCount() == shared.rows("SELECT count(*) FROM town.violations")[0][0]
    assert layer.fields().field("status").alias() == "状态"  # the editor reads the ledger's style and form
    case, version = shared.case_of(other)
    assert not save_case(layer, case, "改别村的")
    errors = "\n".join(layer.commitErrors())
    assert case in errors and "无权修改" in errors, errors
    message = save_refusal(layer)
    assert message.startswith("您（editor_a）无权修改" + other_name), message
    assert case in message and other in message and "may not change" in message and "\n" not in message
    assert "CONTEXT" not in message and "ERROR" not in message
    layer.rollBack()
    assert shared.case_of(other) == (case, version)
    assert shared.rows("SELECT remarks FROM town.violations WHERE case_id = %s", (case,))[0][0] != "改别村的"

    own_case, own_version = shared.case_of(own)
    assert save_case(layer, own_case, "本村的"), layer.commitErrors()
    assert save_refusal(layer) is None
    assert shared.rows("SELECT remarks, version FROM town.violations WHERE case_id = %s", (own_case,)) == [
        ("本村的", own_version + 1)
    ]


def test_qgis_shows_a_stale_save_as_the_version_rule_says(shared, editor_a):
    from lianwei.layers.postgis import save_refusal

    (own, _), _ = editor_a
    layer = editor_layer(shared)
    case, version = shared.case_of(own)
    feature = next(f for f in layer.getFeatures() if f["case_id"] == case)  # read before the office's save
    statement = "UPDATE town.violations SET remarks = '办公室先保存', version = version + 1 WHERE case_id = %s"
    assert shared.rows(statement, (case,)) == 1
    assert layer.startEditing()
    layer.changeAttributeValue(feature.id(), layer.fields().indexOf("remarks"), "旧版本上改的")
    layer.changeAttributeValue(feature.id(), layer.fields().indexOf("version"), version + 1, None, True)
    assert not layer.commitChanges()
    message = save_refusal(layer)
    assert message.startswith(f"案件 {case} 已被他人修改"), message
    assert f"stored version {version + 1}, this save was made from version {version}" in message
    layer.rollBack()
    assert shared.rows("SELECT remarks FROM town.violations WHERE case_id = %s", (case,)) == [("办公室先保存",)]


def test_the_database_message_is_found_in_qgis_words_and_a_chinese_server():
    from lianwei.layers.postgis import database_message

    rule = "您（editor_a）无权修改松林村（450109101207）的案件 450109101207-2023-0001：… / You (editor_a) may not"
    qgis_words = [
        "ERROR: 1 attribute value change(s) not applied.",
        "\n  Provider errors:",
        f"    PostGIS error while changing attributes: ERROR:  {rule}\n    CONTEXT:  PL/pgSQL function x() line 28",
    ]
    assert database_message(qgis_words) == rule
    # a server speaking Chinese (lc_messages), QGIS in Chinese
    chinese = ["错误：1 个属性值的修改未应用。", f"    PostGIS 修改属性时出错：错误:  {rule}\n背景:  …"]
    assert database_message(chinese) == rule
    assert database_message(["ERROR: 1 feature(s) not added.", "  Provider errors:", "    x"]) is None
    assert database_message([]) is None
