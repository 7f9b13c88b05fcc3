"""The ministry's boundary-point TXT (界址点坐标交换格式): encodings, rings and holes, X/Y order, zones, datums."""

import os

import pytest

from lianwei.core import boundary_points as bp
from lianwei.core import boundary_rings as rings
from lianwei.core import boundary_system as system
from lianwei.core import survey_crs
from lianwei.core.notes import ERROR, INFO, WARNING

DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "patches")


def read(name):
    return bp.read_boundary_points(os.path.join(DATA, name))


def templates(result, level=None):
    return [n.template for n in result.notes if level is None or n.level == level]


def header(zone="36", datum="2000国家大地坐标系", width="3", extra=""):
    return (
        "[属性描述]\n格式版本号=1.01\n数据产生单位=清溪镇自然资源所\n数据产生日期=2024-7-1\n"
        f"坐标系={datum}\n几度分带={width}\n投影类型=高斯克吕格\n计量单位=米\n带号={zone}\n精度=0.01\n"
        f"转换参数=,,,,,,\n{extra}[地块坐标]\n"
    )


SQUARE = (
    "5,0.0100,1,测试地块,面,,,,@\n"
    "J1,1,2533000.00,36536000.00\nJ2,1,2533000.00,36536010.00\nJ3,1,2533010.00,36536010.00\n"
    "J4,1,2533010.00,36536000.00\nJ1,1,2533000.00,36536000.00\n"
)


def parse(text, encoding="utf-8"):
    return bp.parse_boundary_points(text.encode(encoding))


def test_gbk_file_with_two_parcels_and_a_hole():
    result = read("two_parcels_gbk.txt")
    assert result.encoding == "GBK" and result.crs == "EPSG:4524" and result.usable and not result.errors
    assert [(p.number, p.name) for p in result.parcels] == [("1", "石桥村养殖场"), ("2", "石桥村仓库")]
    first, second = result.parcels
    assert first.geometry.geom_type == "MultiPolygon" and len(first.geometry.geoms) == 1
    assert len(first.geometry.geoms[0].interiors) == 1
    assert first.computed_m2 == pytest.approx(80 * 60 - 20 * 10)
    assert first.area_m2 == pytest.approx(4600.0) and second.area_m2 == pytest.approx(1250.0)
    assert (first.use, first.land_class, first.sheet) == ("设施农用地", "1202", "F49G001001")
    assert result.attributes["数据产生单位"] == "邕宁区自然资源局"
    hole = [n for n in result.notes if n.template == rings.RING_IS_HOLE]
    assert hole[0].values == {"ring": 2, "parcel": "1", "outer": 1} and hole[0].where == 19
    # Coordinates stay as written (with the zone number): the EPSG code is the prefixed zone's.
    assert first.geometry.bounds == (36536000.0, 2533000.0, 36536080.0, 2533060.0)


def test_utf8_with_bom_a_hole_and_a_further_part_without_prefix():
    result = read("hole_and_part_utf8_bom.txt")
    assert result.encoding == "UTF-8 (BOM)" and result.crs == "EPSG:4545" and not result.errors
    parcel = result.parcels[0]
    assert parcel.number == "DK-07" and len(parcel.geometry.geoms) == 2
    assert parcel.computed_m2 == pytest.approx(3600 - 100 + 1200)
    assert parcel.area_m2 == pytest.approx(4700.0)
    assert rings.RING_IS_PART in templates(result, INFO) and rings.RING_IS_HOLE in templates(result, INFO)
    assert bp.AREA_DIFFERS not in templates(result)


def test_a_missing_closure_is_closed_and_a_closing_point_a_little_off_is_snapped():
    result = read("missing_closure_utf8.txt")
    assert result.usable and not result.errors and result.encoding == "UTF-8"
    opened = [n for n in result.notes if n.template == rings.RING_OPEN]
    assert len(opened) == 1 and opened[0].level == WARNING
    assert opened[0].values == {"ring": 1, "parcel": "A", "first": 14, "last": 17} and opened[0].where == 17
    assert result.parcels[0].computed_m2 == pytest.approx(900.0)
    snapped = [n for n in result.notes if n.template == rings.RING_SNAPPED][0]
    assert snapped.values["point"] == "J1" and snapped.values["distance"] == pytest.approx(0.0198, abs=1e-3)
    assert result.parcels[1].computed_m2 == pytest.approx(400.0)
    assert "does not end at its first point" in opened[0].text() and "lines 14–17" in opened[0].text()


def test_swapped_x_and_y_are_detected_and_reported():
    result = read("swapped_xy_gbk.txt")
    assert result.crs == "EPSG:4524" and not result.errors
    assert system.SWAPPED_ALL in templates(result, WARNING)
    assert result.parcels[0].geometry.bounds == (36539000.0, 2536000.0, 36539040.0, 2536030.0)
    assert result.system.swapped_lines == [14, 15, 16, 17, 18]


def test_only_some_lines_swapped_are_named():
    text = header() + SQUARE.replace("J3,1,2533010.00,36536010.00", "J3,1,36536010.00,2533010.00")
    result = parse(text)
    note = [n for n in result.notes if n.template == system.SWAPPED_SOME][0]
    assert note.values == {"lines": "16"} and result.parcels[0].computed_m2 == pytest.approx(100.0)


def test_zone_taken_from_the_prefix_when_the_header_leaves_it_empty_gb18030():
    result = read("zone_from_prefix_gb18030.txt")
    assert result.encoding == "GB18030" and result.parcels[0].name == "龙泉村㙟口堆场"
    assert result.crs == "EPSG:4524" and system.ZONE_FROM_PREFIX in templates(result, WARNING)
    # 地块面积 1200.00 matches the points in m², not in hectares: read as m² and said so.
    assert result.parcels[0].area_m2 == pytest.approx(1200.0) and bp.AREA_IN_M2 in templates(result, WARNING)


def test_an_unknown_zone_is_refused_for_the_whole_file():
    result = read("unknown_zone_gbk.txt")
    assert result.crs is None and not result.usable
    refusal = [n for n in result.errors if n.template == system.UNKNOWN_ZONE]
    assert len(refusal) == 1 and refusal[0].where is None and refusal[0].values == {"zone": "52"}
    assert "带号=52" in refusal[0].text()


def test_a_prefix_that_contradicts_the_header_is_refused_naming_both():
    result = read("prefix_disagrees_utf8.txt")
    assert result.crs is None
    note = [n for n in result.errors if n.template == system.PREFIX_DISAGREES][0]
    assert note.values == {"found": 36, "line": 14, "zone": 35}


def test_xian80_is_named_and_needs_conversion_never_taken_as_cgcs2000():
    result = read("xian80_utf8.txt")
    assert result.crs == "EPSG:2360" and result.system.datum == survey_crs.XIAN80
    assert result.system.needs_conversion
    note = [n for n in result.notes if n.template == system.NEEDS_CONVERSION][0]
    assert note.level == WARNING and note.values == {"datum": "Xian 1980", "epsg": 2360}


def test_six_degree_zone_without_prefix():
    result = read("six_degree_gbk.txt")
    assert result.crs == "EPSG:4507" and result.system.width == 6 and result.system.zone == 18
    assert "central meridian 105°" in [n for n in result.notes if n.template == system.SYSTEM][0].text()


@pytest.mark.parametrize(
    "datum, width, zone, prefixed, epsg",
    [
        ("2000国家大地坐标系", "3", "25", True, 4513),
        ("CGCS2000", "3", "45", True, 4533),
        ("国家2000坐标系", "3", "36", False, 4545),
        ("2000国家大地坐标系", "6", "13", True, 4491),
        ("2000国家大地坐标系", "6", "23", False, 4512),
        ("1980西安坐标系", "6", "19", True, 2333),
        ("西安80", "3", "36", False, 2381),
        ("1954北京坐标系", "3", "36", True, 2412),
        ("北京54", "6", "18", False, 21458),
    ],
)
def test_epsg_codes_of_every_family(datum, width, zone, prefixed, epsg):
    zone_number, width_number = int(zone), int(width)
    cm = survey_crs.central_meridian(width_number, zone_number)
    easting = (zone_number * 1_000_000 if prefixed else 0) + 500_000
    text = header(zone=zone, datum=datum, width=width) + (
        "4,,1,a,面,,,,@\n"
        f"1,1,3000000,{easting}\n2,1,3000000,{easting + 10}\n3,1,3000010,{easting + 10}\n4,1,3000010,{easting}\n"
    )
    result = parse(text, "gbk")
    assert result.system.epsg == epsg, [n.text() for n in result.notes]
    assert survey_crs.epsg_for(survey_crs.datum_from_name(datum), width_number, zone_number, prefixed) == epsg
    assert cm in (zone_number * 3, zone_number * 6 - 3)


def test_zone_written_as_the_central_meridian():
    result = parse(header(zone="108") + SQUARE)
    assert result.crs == "EPSG:4524" and system.ZONE_AS_MERIDIAN in templates(result, INFO)


def test_width_inferred_from_zone_and_blank_datum_assumed_with_a_warning():
    result = parse(header(width="", datum="") + SQUARE)
    assert result.crs == "EPSG:4524"
    assert system.WIDTH_FROM_ZONE in templates(result, INFO) and system.DATUM_ASSUMED in templates(result, WARNING)


@pytest.mark.parametrize(
    "change, template",
    [
        ({"datum": "WGS84"}, system.DATUM_WGS84),
        ({"datum": "地方独立坐标系"}, system.DATUM_UNKNOWN),
        ({"width": "1.5"}, system.UNKNOWN_WIDTH),
        ({"width": "6", "zone": "36"}, system.UNKNOWN_ZONE),
        ({"zone": ""}, None),  # the prefix says 36: fine
    ],
)
def test_header_refusals(change, template):
    result = parse(header(**change) + SQUARE)
    if template is None:
        assert result.crs == "EPSG:4524"
    else:
        assert template in templates(result, ERROR) and result.crs is None


def test_no_zone_anywhere_is_refused():
    plain = SQUARE.replace("36536", "536")
    result = parse(header(zone="") + plain)
    assert system.ZONE_UNKNOWN in templates(result, ERROR) and result.crs is None


def test_other_projection_or_unit_is_refused():
    text = header().replace("高斯克吕格", "UTM") + SQUARE
    assert system.PROJECTION_UNKNOWN in templates(parse(text), ERROR)
    text = header().replace("计量单位=米", "计量单位=度") + SQUARE
    assert system.UNIT_UNKNOWN in templates(parse(text), ERROR)
    assert parse(header().replace("高斯克吕格", "高斯-克吕格投影") + SQUARE).crs == "EPSG:4524"


def test_mixed_prefix_is_stripped_and_reported():
    text = header() + SQUARE.replace("J2,1,2533000.00,36536010.00", "J2,1,2533000.00,536010.00")
    result = parse(text)
    assert result.crs == "EPSG:4545" and system.PREFIX_SOME in templates(result, WARNING)
    assert result.parcels[0].geometry.bounds == (536000.0, 2533000.0, 536010.0, 2533010.0)


def test_line_problems_name_the_line():
    text = header() + SQUARE.replace("J3,1,2533010.00,36536010.00", "J3,1,2533010.00,3653601O.00")
    result = parse(text)
    bad = [n for n in result.errors if n.template == bp.BAD_NUMBER][0]
    assert bad.where == 16 and bad.values["what"] == "Y"
    text = header() + "J0,1,2533000,36536000\n" + SQUARE + "just text\n"
    result = parse(text)
    assert [n.where for n in result.errors if n.template == bp.POINT_BEFORE_HEADER] == [13]
    assert [n.where for n in result.errors if n.template == bp.BAD_LINE] == [20]


def test_points_that_are_no_coordinates_leave_their_parcel_out():
    text = header() + SQUARE.replace("J3,1,2533010.00,36536010.00", "J3,1,10.00,20.00")
    result = parse(text)
    assert result.parcels[0].geometry is None and not result.usable
    assert {n.template for n in result.errors} == {system.BAD_COORDINATES, bp.POINT_UNPLACED}


def test_not_a_boundary_file_and_no_parcels():
    assert bp.NOT_BOUNDARY_FILE in templates(parse("hello\nworld\n"), ERROR)
    assert bp.NO_PARCELS in templates(parse(header()), ERROR)


def test_full_width_commas_trailing_commas_and_three_field_points():
    text = header() + (
        "4，0.0100，1，全角,面,,,,@\n1,2533000,36536000,\n2,2533000,36536010,\n3,2533010,36536010,\n4,2533010,36536000\n"
    )
    result = parse(text)
    assert result.parcels[0].computed_m2 == pytest.approx(100.0) and bp.NO_RING_NUMBER in templates(result, WARNING)


def test_point_and_line_parcels_are_left_out():
    result = parse(header() + SQUARE.replace(",面,", ",线,"))
    assert bp.NOT_POLYGON in templates(result, ERROR) and result.parcels[0].geometry is None


def test_a_ring_of_two_points_refuses_its_parcel():
    text = header() + "2,,1,a,面,,,,@\nJ1,1,2533000,36536000\nJ2,1,2533000,36536010\n"
    result = parse(text)
    assert rings.RING_TOO_SHORT in templates(result, ERROR) and result.parcels[0].geometry is None


def test_a_bow_tie_is_repaired_and_reported():
    text = header() + (
        "4,,1,a,面,,,,@\nJ1,1,2533000,36536000\nJ2,1,2533010,36536010\nJ3,1,2533000,36536010\nJ4,1,2533010,36536000\n"
    )
    result = parse(text)
    assert rings.PARCEL_REPAIRED in templates(result, WARNING)
    assert result.parcels[0].geometry.is_valid and result.parcels[0].computed_m2 == pytest.approx(50.0)


def test_a_closing_point_with_the_first_name_far_away_is_kept_as_a_corner():
    text = header() + SQUARE.replace("J1,1,2533000.00,36536000.00\n", "J1,1,2533000.00,36536000.00\n", 1).replace(
        "J4,1,2533010.00,36536000.00\nJ1,1,2533000.00,36536000.00", "J4,1,2533010.00,36536000.00\nJ1,1,2533005,36535995"
    )
    result = parse(text)
    assert rings.RING_NAME_MOVED in templates(result, WARNING)
    assert result.parcels[0].computed_m2 == pytest.approx(100.0 + 25.0)


def test_missing_numbers_repeated_numbers_and_counts():
    text = header() + SQUARE.replace("5,0.0100,1,", "9,0.0100,,") + SQUARE.replace("36536", "36537")
    result = parse(text)
    assert [p.number for p in result.parcels] == ["1", "1"]
    assert {bp.NO_NUMBER, bp.SAME_NUMBER, bp.COUNT_DIFFERS} <= set(templates(result, WARNING))


def test_area_that_matches_neither_unit_is_reported():
    result = parse(header() + SQUARE.replace("0.0100", "0.0500"))
    note = [n for n in result.notes if n.template == bp.AREA_DIFFERS][0]
    assert note.values["computed"] == pytest.approx(0.01) and result.parcels[0].area_m2 == pytest.approx(500.0)


def test_a_file_without_attributes_reads_with_a_warning():
    result = parse("[地块坐标]\n" + SQUARE)
    assert system.NO_ATTRIBUTES in templates(result, WARNING) and result.crs == "EPSG:4524"


def test_repeated_ring_number_after_another_ring():
    text = header() + (
        "9,,1,a,面,,,,@\n"
        "1,1,2533000,36536000\n2,1,2533000,36536100\n3,1,2533100,36536100\n4,1,2533100,36536000\n"
        "5,2,2533010,36536010\n6,2,2533010,36536020\n7,2,2533020,36536020\n8,2,2533020,36536010\n"
        "9,1,2533200,36536200\n10,1,2533200,36536210\n11,1,2533210,36536210\n"
    )
    result = parse(text)
    assert rings.RING_REPEATED in templates(result, WARNING)
    assert len(result.parcels[0].geometry.geoms) == 2


def test_utf16_and_transformation_parameters():
    extra = ""
    text = (
        header(datum="1954北京坐标系", extra=extra).replace("转换参数=,,,,,,", "转换参数=1,2,3,0.1,0.2,0.3,1.5")
        + SQUARE
    )
    result = bp.parse_boundary_points(b"\xff\xfe" + text.encode("utf-16-le"))
    assert result.encoding == "UTF-16" and result.system.datum == survey_crs.BEIJING54
    assert result.system.transformation == (1.0, 2.0, 3.0, 0.1, 0.2, 0.3, 1.5) and result.crs == "EPSG:2412"


def test_every_template_formats_with_its_values():
    for module in (bp, rings, system):
        for template in module.TEMPLATES:
            assert template.count("{") == template.count("}")
    for name in os.listdir(DATA):
        if name.endswith(".txt"):
            for note in read(name).notes:
                assert note.text()


@pytest.mark.parametrize(
    "text, datum",
    [
        ("2000国家大地坐标系", "CGCS2000"),
        ("CGCS2000", "CGCS2000"),
        ("1980西安坐标系", "Xian 1980"),
        ("西安 80", "Xian 1980"),
        ("Xian_1980", "Xian 1980"),
        ("1954年北京坐标系", "Beijing 1954"),
        ("WGS-84", "WGS 84"),
        ("", None),
        ("独立坐标系", None),
    ],
)
def test_datum_names(text, datum):
    assert survey_crs.datum_from_name(text) == datum


def test_orientation_of_value_pairs():
    assert survey_crs.orient(2533000, 536000) == (2533000, 536000, False)
    assert survey_crs.orient(36536000, 2533000) == (2533000, 36536000, True)
    assert survey_crs.orient(2533000, 2533000) is None
    assert survey_crs.prefix_zone(36536000) == 36 and survey_crs.prefix_zone(536000) is None
    assert survey_crs.prefix_zone(2533000) is None  # a northing, never zone 2


def test_point_count_with_or_without_the_closing_points():
    assert bp.COUNT_DIFFERS not in templates(parse(header() + SQUARE.replace("5,0.0100", "4,0.0100")))
    assert bp.COUNT_DIFFERS not in templates(read("two_parcels_gbk.txt"))
    assert bp.COUNT_DIFFERS in templates(parse(header() + SQUARE.replace("5,0.0100", "3,0.0100")))
