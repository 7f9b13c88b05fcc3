"""Proposing which office field fills which ledger field, and reading office values as the ledger stores them."""

import datetime

import pytest

from lianwei.core import schema
from lianwei.core.field_mapping import format_mapping, mapping_problems, normalize, parse_mapping, propose_mapping
from lianwei.core.reference_values import (
    NEGATIVE,
    NOT_A_CODE,
    NOT_A_DATE,
    NOT_A_NUMBER,
    REQUIRED,
    ConversionError,
    KeyedConversionError,
    convert,
    convert_record,
)


def test_pinyin_initials_of_a_cadastre():
    mapping = propose_mapping("cadastre", ["FID_1", "ZDDM", "QLR", "DLBM", "DLMC", "SHAPE_Area"])
    assert mapping == {"parcel_id": "ZDDM", "owner": "QLR", "land_class": "DLBM", "land_class_name": "DLMC"}


def test_case_and_underscores_do_not_matter():
    mapping = propose_mapping("cadastre", ["zd_dm", "Qlrmc", "dl bm", "dlmc"])
    assert mapping == {"parcel_id": "zd_dm", "owner": "Qlrmc", "land_class": "dl bm", "land_class_name": "dlmc"}
    assert normalize("ZD_DM") == normalize("zd-dm") == normalize("Zd Dm") == "zddm"


def test_village_codes_from_any_of_the_usual_names():
    for code, name in (("CJDM", "CJMC"), ("CUNDM", "CUNMC"), ("XZQDM", "XZQMC"), ("ZLDWDM", "ZLDWMC")):
        mapping = propose_mapping("villages", ["XZMC", name, code])
        assert mapping["village_code"] == code and mapping["village_name"] == name
        assert mapping["town_name"] == "XZMC"
        assert mapping["zone"] is None and mapping["quota_m2"] is None


def test_chinese_field_names_and_aliases_from_the_schema():
    fields = ["许可证号", "许可类型", "持证人", "批准面积", "批准日期", "有效期至"]
    mapping = propose_mapping("permits", fields)
    assert mapping == dict(zip(schema.PERMITS.field_names, fields))
    mapping = propose_mapping("cadastre", ["宗地代码", "权利人", "地类编码", "地类名称"])
    assert list(mapping.values()) == ["宗地代码", "权利人", "地类编码", "地类名称"]


def test_permit_synonyms():
    mapping = propose_mapping("permits", ["XKZBH", "JSDW", "YDMJ", "FZRQ", "DQRQ"])
    assert mapping == {
        "permit_no": "XKZBH",
        "permit_type": None,
        "holder": "JSDW",
        "approved_m2": "YDMJ",
        "issued_on": "FZRQ",
        "expires_on": "DQRQ",
    }
    assert propose_mapping("permits", ["XKZH", "PZMJ", "PZRQ", "YXQZ"])["approved_m2"] == "PZMJ"
    assert propose_mapping("farmland", ["BSM", "TBBH"]) == {"patch_id": "TBBH"}


def test_aliases_of_source_fields_are_matched_and_exact_names_win():
    # A GeoPackage whose fields are named f1.. but carry Chinese alternative names.
    mapping = propose_mapping("cadastre", ["f1", "f2"], {"f1": "宗地代码", "f2": "权利人"})
    assert mapping["parcel_id"] == "f1" and mapping["owner"] == "f2"
    # parcel_id itself beats ZDDM; ZDDM is then not used for anything else.
    mapping = propose_mapping("cadastre", ["ZDDM", "parcel_id"])
    assert mapping["parcel_id"] == "parcel_id" and "ZDDM" not in mapping.values()


def test_each_source_field_is_used_once():
    # CODE and NAME are last-resort names; each goes to one ledger field only.
    mapping = propose_mapping("villages", ["CODE", "NAME"])
    assert mapping["village_code"] == "CODE" and mapping["village_name"] == "NAME"
    values = [v for v in mapping.values() if v]
    assert len(values) == len(set(values))


def test_mapping_text_round_trip_and_problems():
    text = "parcel_id=ZDDM; owner = QLR;land_class=;"
    mapping = parse_mapping(text)
    assert mapping == {"parcel_id": "ZDDM", "owner": "QLR"}
    assert (
        format_mapping({"parcel_id": "ZDDM", "owner": None, "land_class": "DLBM"}) == "parcel_id=ZDDM;land_class=DLBM"
    )
    with pytest.raises(ValueError):
        parse_mapping("parcel_id")
    problems = mapping_problems("cadastre", {"owner": "QLR", "land_class": "QLR", "nope": "X"}, ["QLR"])
    templates = [t for t, _ in problems]
    assert "{table} has no field {field}" in templates
    assert "{source} is mapped to both {first} and {second}" in templates
    assert "No source field for the required field {field} ({alias})" in templates  # parcel_id
    assert mapping_problems("cadastre", {"parcel_id": "ZDDM"}, ["ZDDM"]) == []
    assert mapping_problems("cadastre", {"parcel_id": "ZDDM"}, ["QLR"]) == [
        ("The source has no field {source}", {"source": "ZDDM"})
    ]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1,234.5", 1234.5),
        (" 86.4㎡ ", 86.4),
        ("１２３．４５６", 123.46),  # full-width digits, rounded half-up
        ("200平方米", 200.0),
        (12, 12.0),
        (0.125, 0.13),
    ],
)
def test_areas_from_text(value, expected):
    assert convert(schema.PERMITS.field("approved_m2"), value) == expected


@pytest.mark.parametrize("value, reason", [("约200", NOT_A_NUMBER), ("-5", NEGATIVE), ("nan", NOT_A_NUMBER)])
def test_areas_that_are_not_areas(value, reason):
    with pytest.raises(ConversionError) as caught:
        convert(schema.PERMITS.field("approved_m2"), value)
    assert caught.value.reason == reason and caught.value.value == value


@pytest.mark.parametrize(
    "value",
    [
        "2023-05-01",
        "2023/5/1",
        "2023.05.01",
        "20230501",
        "2023年5月1日",
        20230501,
        "2023-05-01T08:00:00",
        datetime.date(2023, 5, 1),
        datetime.datetime(2023, 5, 1, 9, 30),
        "２０２３年５月１日",
    ],
)
def test_dates_in_every_spelling(value):
    assert convert(schema.PERMITS.field("issued_on"), value) == "2023-05-01"


def test_bad_dates_codes_and_missing_required_values():
    with pytest.raises(ConversionError) as caught:
        convert(schema.PERMITS.field("expires_on"), "2023-02-30")
    assert caught.value.reason == NOT_A_DATE
    assert convert(schema.PERMITS.field("permit_type"), "临时建设工程规划许可证") == "TEMPORARY"
    assert convert(schema.PERMITS.field("permit_type"), "planning") == "PLANNING"
    with pytest.raises(ConversionError) as caught:
        convert(schema.PERMITS.field("permit_type"), "采矿许可证")
    assert caught.value.reason == NOT_A_CODE
    with pytest.raises(ConversionError) as caught:
        convert(schema.PERMITS.field("permit_no"), "  ")
    assert caught.value.reason == REQUIRED
    assert convert(schema.PERMITS.field("holder"), "  ") is None


def test_numbers_read_from_dbf_stay_codes():
    assert convert(schema.VILLAGES.field("village_code"), 450109101202.0) == "450109101202"
    assert convert(schema.CADASTRE.field("land_class"), " 0702 ") == "0702"


def test_a_record_error_names_its_field():
    record = convert_record(schema.PERMITS, {"permit_no": "许-1", "approved_m2": "12.5"})
    assert record == {"permit_no": "许-1", "approved_m2": 12.5}
    with pytest.raises(KeyedConversionError) as caught:
        convert_record(schema.PERMITS, {"permit_no": "许-1", "approved_m2": "十二"})
    assert caught.value.field == "approved_m2" and caught.value.reason == NOT_A_NUMBER
