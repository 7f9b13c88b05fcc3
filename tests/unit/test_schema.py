"""The schema is the interface contract (shared/CONTRACT.md): names, aliases and codes."""

from lianwei.core import schema

CONTRACT_FIELDS = {
    "villages": "village_code village_name town_name zone work_group quota_m2",
    "cadastre": "parcel_id owner land_class land_class_name",
    "permits": "permit_no permit_type holder approved_m2 issued_on expires_on",
    "farmland": "patch_id",
    "violations": "case_id patch_no source category violation_type village_code village_name party address found_on "
    "built_on is_new footprint_m2 ellipsoid_m2 floor_area_m2 permit_no permitted_m2 unpermitted_m2 excess_m2 "
    "farmland_m2 parcel_id owner land_class status disposal deadline demolished_m2 demolished_on signed_off_on "
    "remarks updated_at updated_by version",
    "evidence": "case_id file_path taken_at note",
    "case_log": "case_id changed_at changed_by field old_value new_value",
    "campaign": "key value",
}


def test_tables_and_fields_are_the_contract():
    assert {layer.name for layer in schema.LAYERS} == set(CONTRACT_FIELDS)
    for name, fields in CONTRACT_FIELDS.items():
        contract = tuple(fields.split())
        assert schema.layer(name).field_names[: len(contract)] == contract
    from lianwei.core.patch_fields import PATCH_FIELDS

    assert schema.layer("violations").field_names[len(CONTRACT_FIELDS["violations"].split()) :] == (
        "suggested_type",
        "check_note",
        "area_method",
    ) + tuple(f.name for f in PATCH_FIELDS)


def test_the_patch_fields_came_with_schema_version_2():
    violations = schema.layer("violations")
    assert schema.SCHEMA_VERSION == 2
    v1 = schema.fields_of_version(violations, 1)
    assert "area_method" in {f.name for f in v1} and "patch_type" not in {f.name for f in v1}
    assert schema.fields_of_version(violations, 2) == violations.fields
    assert {f.since for f in violations.fields if f.name in ("upper_m2", "verify_result")} == {2}
    assert schema.CODE_LISTS["verify_result"] == {"LEGAL": "合法", "ILLEGAL": "违法", "OTHER": "其他"}


def test_geometry_types():
    assert schema.layer("violations").geometry == "MultiPolygon"
    assert {schema.layer(n).geometry for n in ("villages", "cadastre", "permits", "farmland")} == {"Polygon"}
    assert {schema.layer(n).geometry for n in ("evidence", "case_log", "campaign")} == {None}


def test_every_field_has_a_chinese_alias():
    for layer in schema.LAYERS:
        for f in layer.fields:
            if f.name != "case_id" or layer.name == "violations":
                assert f.alias and any("\u4e00" <= ch <= "\u9fff" for ch in f.alias), (layer.name, f.name)
    assert schema.layer("violations").field("ellipsoid_m2").alias == "椭球面积"


def test_code_lists_match_the_contract():
    assert list(schema.CODE_LISTS["status"]) == [
        "DISCOVERED",
        "LEGAL",
        "VERIFIED",
        "FILED",
        "ORDERED",
        "DEMOLISHED",
        "REGULARIZED",
        "DEFERRED",
        "SIGNED_OFF",
    ]
    assert schema.CODE_LISTS["status"]["SIGNED_OFF"] == "已销号"
    assert list(schema.CODE_LISTS["violation_type"]) == [f"L{i}" for i in range(1, 8)] + [f"C{i}" for i in range(1, 5)]
    assert list(schema.CODE_LISTS["source"]) == ["SATELLITE", "PATROL", "REPORT", "ASSIGNED", "SELF_CHECK"]
    assert list(schema.CODE_LISTS["disposal"]) == ["SELF", "ASSISTED", "FORCED", "CONFISCATED", "REGULARIZE", "DEFER"]
    assert schema.CODE_LISTS["category"] == {"LAND": "违法用地", "BUILD": "违法建设"}


def test_coded_fields_and_areas_have_check_expressions():
    violations = schema.layer("violations")
    assert schema.check_expression(violations.field("status")).startswith('"status" IS NULL OR "status" IN (')
    assert (
        schema.check_expression(violations.field("demolished_m2")) == '"demolished_m2" IS NULL OR "demolished_m2" >= 0'
    )
    assert schema.check_expression(violations.field("party")) is None
    assert violations.field("case_id").unique and violations.field("case_id").required


def test_campaign_defaults_are_the_domain_numbers():
    rows = schema.campaign_rows("清溪镇", 2025)
    assert rows["target_m2"] == "40000"
    assert rows["milestones"] == "06-20:0.6;09-10:1.0"
    assert rows["zero_growth_on"] == "2024-01-01"
    assert rows["rectify_days"] == "15"
    assert rows["town_name"] == "清溪镇" and rows["year"] == "2025"
    assert set(rows) == {
        "town_name",
        "year",
        "target_m2",
        "milestones",
        "zero_growth_on",
        "rectify_days",
        "producer",
        schema.SCHEMA_VERSION_KEY,
    }
    assert rows[schema.SCHEMA_VERSION_KEY] == str(schema.SCHEMA_VERSION)
