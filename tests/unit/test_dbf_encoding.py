"""The text encoding of an office's .dbf from its bytes, and what its CRS and extent say."""

import struct

import pytest

from lianwei.core.coordinate_fit import NOTE_DEGREES_READ, NOTE_FAR, NOTE_FAR_ZONE, NOTE_NOT_A_ZONE, NOTE_SWAPPED
from lianwei.core.dbf_encoding import (
    BEIJING54,
    GEOGRAPHIC,
    MISSING,
    NOTE_DEGREES_IN_PROJECTED,
    NOTE_MISSING,
    NOTE_MISSING_DEGREES,
    NOTE_MISSING_PREFIXED,
    NOTE_NOT_DEGREES,
    NOTE_OLD_DATUM,
    NOTE_PREFIX_NOT_IN_CRS,
    PROJECTED,
    XIAN80,
    ZONE_PREFIXED,
    declared_zone,
    decodes,
    detect_encoding,
    diagnose_crs,
    read_dbf_text,
)


def write_dbf(path, fields, rows, language_byte=0):
    """A dBASE III file as a GIS writes it: ``fields`` (name bytes, width) of type C, ``rows`` of bytes."""
    record_length = 1 + sum(width for _, width in fields)
    header_length = 32 + 32 * len(fields) + 1
    head = struct.pack("<BBBBIHH", 3, 124, 1, 1, len(rows), header_length, record_length)
    head += b"\0" * 17 + bytes([language_byte]) + b"\0\0"
    descriptors = b"".join(
        name.ljust(11, b"\0") + b"C" + b"\0" * 4 + bytes([width, 0]) + b"\0" * 14 for name, width in fields
    )
    body = b"".join(
        b" " + b"".join(value[:width].ljust(width, b" ") for value, (_, width) in zip(row, fields)) for row in rows
    )
    with open(path, "wb") as handle:
        handle.write(head + descriptors + b"\r" + body + b"\x1a")
    return str(path)


ROWS = [("450109101201", "李家湾村"), ("450109101202", "石桥村"), ("450109101203", "清溪社区")]


def rows_in(encoding):
    return [(code.encode(), name.encode(encoding)) for code, name in ROWS]


def test_gbk_text_without_cpg_is_gbk(tmp_path):
    path = write_dbf(tmp_path / "cun.dbf", [(b"CJDM", 12), (b"CJMC", 20)], rows_in("gbk"))
    text = read_dbf_text(path)
    assert text.names == (b"CJDM", b"CJMC")
    assert text.values[1] == "李家湾村".encode("gbk") and len(text.values) == 6
    assert not decodes(text.values, "utf-8")
    guess = detect_encoding(str(tmp_path / "cun.shp"))
    assert (guess.encoding, guess.origin) == ("GBK", "bytes")


def test_utf8_text_is_utf8_and_ascii_is_anything(tmp_path):
    write_dbf(tmp_path / "a.dbf", [(b"CJMC", 20)], [(n.encode("utf-8"),) for _, n in ROWS])
    assert detect_encoding(str(tmp_path / "a.shp")).encoding == "UTF-8"
    write_dbf(tmp_path / "b.dbf", [(b"TBBH", 10)], [(b"JB0001",), (b"JB0002",)])
    guess = detect_encoding(str(tmp_path / "b.shp"))
    assert (guess.encoding, guess.origin) == ("UTF-8", "ascii")


def test_gb18030_only_characters(tmp_path):
    # 𠀀 (U+20000) exists in GB18030 as a four-byte sequence, not in GBK.
    write_dbf(tmp_path / "c.dbf", [(b"QLR", 20)], [("𠀀家".encode("gb18030"),), ("王五".encode("gb18030"),)])
    assert detect_encoding(str(tmp_path / "c.shp")).encoding == "GB18030"


def test_a_character_cut_by_the_field_width_is_forgiven(tmp_path):
    # 7 bytes of width: 李家湾 (6 bytes in GBK) and half of 村.
    write_dbf(tmp_path / "d.dbf", [(b"CJMC", 7)], [("李家湾村".encode("gbk"),)])
    assert read_dbf_text(str(tmp_path / "d.dbf")).values == ("李家湾村".encode("gbk")[:7],)
    assert detect_encoding(str(tmp_path / "d.dbf")).encoding == "GBK"


def test_chinese_field_names_count_too(tmp_path):
    write_dbf(tmp_path / "e.dbf", [("宗地代码".encode("gbk"), 10)], [(b"ZD001",)])
    assert detect_encoding(str(tmp_path / "e.shp")).encoding == "GBK"


def test_cpg_and_language_byte_are_honoured(tmp_path):
    write_dbf(tmp_path / "f.dbf", [(b"CJMC", 20)], rows_in("gbk"))
    (tmp_path / "f.cpg").write_bytes(b"936\r\n")
    guess = detect_encoding(str(tmp_path / "f.shp"))
    assert (guess.encoding, guess.origin, guess.cpg) == ("936", "cpg", "936")
    write_dbf(tmp_path / "g.dbf", [(b"CJMC", 20)], rows_in("gbk"), language_byte=0x4D)
    assert (detect_encoding(str(tmp_path / "g.shp")).origin) == "ldid"


def test_a_cpg_that_lies_is_overruled_by_the_bytes(tmp_path):
    # The .cpg says UTF-8 but the text is GBK (or GB18030): the author's word cannot be read, the bytes decide.
    write_dbf(tmp_path / "h.dbf", [(b"DM", 12), (b"QLR", 20)], rows_in("gbk"))
    (tmp_path / "h.cpg").write_bytes(b"UTF-8")
    guess = detect_encoding(str(tmp_path / "h.shp"))
    assert (guess.encoding, guess.origin, guess.cpg, guess.cpg_wrong) == ("GBK", "bytes", "UTF-8", True)
    write_dbf(tmp_path / "i.dbf", [(b"QLR", 20)], [("𠀀家".encode("gb18030"),)])
    (tmp_path / "i.cpg").write_bytes(b"65001")
    assert detect_encoding(str(tmp_path / "i.shp")).encoding == "GB18030"
    # A .cpg that tells the truth, or names a code page Python does not know, stands.
    write_dbf(tmp_path / "j.dbf", [(b"QLR", 20)], [(n.encode("utf-8"),) for _, n in ROWS])
    (tmp_path / "j.cpg").write_bytes(b"UTF-8")
    assert not detect_encoding(str(tmp_path / "j.shp")).cpg_wrong
    (tmp_path / "f.cpg").write_bytes(b"x-no-such-code-page")
    write_dbf(tmp_path / "f.dbf", [(b"DM", 12), (b"QLR", 20)], rows_in("gbk"))
    assert detect_encoding(str(tmp_path / "f.shp")).origin == "cpg"


def test_missing_dbf_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        detect_encoding(str(tmp_path / "none.shp"))


CGCS2000_GEOG = (
    'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],'
    'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]'
)
ZONE36 = (
    'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 108E",GEOGCS["China Geodetic Coordinate System 2000",'
    'DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],'
    'UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],'
    'PARAMETER["central_meridian",108],PARAMETER["scale_factor",1],PARAMETER["false_easting",{fe}],'
    'PARAMETER["false_northing",0],UNIT["metre",1]]'
)
XIAN80_PRJ = (
    'PROJCS["Xian_1980_3_Degree_GK_Zone_36",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",'
    'SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],'
    'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",36500000.0],PARAMETER["False_Northing",0.0],'
    'PARAMETER["Central_Meridian",108.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],'
    'UNIT["Meter",1.0]]'
)
BEIJING54_PRJ = 'GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3]]]'
PREFIXED = (36_430_000.0, 2_520_000.0, 36_440_000.0, 2_530_000.0)
PLAIN = (430_000.0, 2_520_000.0, 440_000.0, 2_530_000.0)
DEGREES = (108.3, 22.8, 108.4, 22.9)


def notes(diagnosis):
    return [template for template, _ in diagnosis.notes]


def test_geographic():
    d = diagnose_crs(CGCS2000_GEOG, DEGREES)
    assert d.kind == GEOGRAPHIC and d.datum == "CGCS2000" and d.zone.number == 36 and d.notes == []
    assert notes(diagnose_crs(CGCS2000_GEOG, PLAIN)) == [NOTE_NOT_DEGREES]


def test_zone_prefixed_eastings():
    d = diagnose_crs(ZONE36.format(fe=36500000), PREFIXED)
    assert d.kind == ZONE_PREFIXED and d.zone.number == 36 and d.zone.prefixed and d.notes == [] and d.use_epsg is None
    # The .prj says zone 36 without the prefix but the eastings carry it: read it as EPSG:4524.
    d = diagnose_crs(ZONE36.format(fe=500000), PREFIXED)
    assert d.use_epsg == 4524 and notes(d) == [NOTE_PREFIX_NOT_IN_CRS] and d.notes[0][1] == {"zone": 36, "epsg": 4524}
    d = diagnose_crs(ZONE36.format(fe=500000), PLAIN)
    assert d.kind == PROJECTED and d.notes == [] and d.use_epsg is None
    # Degrees under a projected CRS are read as CGCS2000 degrees (EPSG:4490).
    d = diagnose_crs(ZONE36.format(fe=500000), DEGREES)
    assert d.use_epsg == 4490 and notes(d) == [NOTE_DEGREES_READ] and not d.blocking
    # Under an old datum's projected CRS they are refused: 4490 would silently change the datum.
    d = diagnose_crs(XIAN80_PRJ, DEGREES)
    assert (
        d.blocking
        and d.refusal == (NOTE_DEGREES_IN_PROJECTED, {})
        and notes(d) == [NOTE_OLD_DATUM, NOTE_DEGREES_IN_PROJECTED]
    )


def test_old_datums_are_named():
    d = diagnose_crs(XIAN80_PRJ, PREFIXED)
    assert d.datum == XIAN80 and d.old_datum and d.kind == ZONE_PREFIXED
    assert notes(d) == [NOTE_OLD_DATUM] and d.use_epsg is None  # never relabelled as CGCS2000
    d = diagnose_crs(BEIJING54_PRJ, DEGREES)
    assert d.datum == BEIJING54 and notes(d) == [NOTE_OLD_DATUM]


def test_missing_crs():
    d = diagnose_crs(None, PREFIXED)
    assert d.kind == MISSING and d.use_epsg == 4524 and notes(d) == [NOTE_MISSING_PREFIXED] and not d.blocking
    d = diagnose_crs("", DEGREES)
    assert d.use_epsg == 4490 and notes(d) == [NOTE_MISSING_DEGREES]
    d = diagnose_crs("  ", PLAIN)
    assert d.use_epsg is None and notes(d) == [NOTE_MISSING] and d.blocking
    assert diagnose_crs(None, None).blocking


def test_the_zone_of_a_crs_from_its_parameters():
    from lianwei.core.gauss_kruger import Zone

    proj = "+proj=tmerc +lat_0=0 +lon_0={cm} +k=1 +x_0={fe} +y_0=0 +ellps={ellps} +units=m +no_defs"
    assert declared_zone(proj.format(cm=108, fe=500000, ellps="GRS80"), "") == Zone(36)
    assert declared_zone(proj.format(cm=108, fe=36500000, ellps="GRS80"), "") == Zone(36, True)
    assert declared_zone(proj.format(cm=75, fe=13500000, ellps="GRS80"), "") == Zone(13, True, 6)
    assert declared_zone(proj.format(cm=81, fe=500000, ellps="GRS80"), "") == Zone(27)  # 3° and 6°: same CRS
    assert declared_zone(proj.format(cm=78, fe=500000, ellps="GRS80"), "") == Zone(26)
    assert declared_zone(proj.format(cm=120, fe=40500000, ellps="IAU76"), "") == Zone(40, True)  # Xian 1980
    assert declared_zone(proj.format(cm=108, fe=37500000, ellps="GRS80"), "") is None  # prefix of another zone
    assert declared_zone("+proj=utm +zone=49 +datum=WGS84 +units=m +no_defs", "") is None
    assert declared_zone("+proj=merc +a=6378137 +b=6378137 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m", "") is None
    assert declared_zone("", ZONE36.format(fe=500000)) == Zone(36)
    assert declared_zone("", XIAN80_PRJ) == Zone(36, True)


def test_swapped_coordinates_and_bad_prefixes_are_diagnosed():
    swapped = (PLAIN[1], PLAIN[0], PLAIN[3], PLAIN[2])
    d = diagnose_crs(ZONE36.format(fe=500000), swapped, epsg=4545)
    assert d.swap and d.use_epsg is None and not d.blocking and d.zone.number == 36
    assert d.notes == [(NOTE_SWAPPED, {"crs": "EPSG:4545"})] and d.fixed
    # A northing given as X was taken for "zone 2": now refused, with the reason.
    d = diagnose_crs(ZONE36.format(fe=500000), (2_520_000.0, 2_520_000.0, 2_530_000.0, 2_530_000.0))
    assert d.blocking and d.refusal == (NOTE_NOT_A_ZONE, {"prefix": 2})
    d = diagnose_crs(None, (2_520_000.0, 2_520_000.0, 2_530_000.0, 2_530_000.0))
    assert d.blocking and d.refusal == (NOTE_NOT_A_ZONE, {"prefix": 2})


def test_data_far_from_the_township_are_refused():
    d = diagnose_crs(ZONE36.format(fe=500000), PLAIN, township=(107.2, 22.7, 107.5, 23.0))
    assert not d.blocking and d.lonlat is not None
    d = diagnose_crs(ZONE36.format(fe=500000), PLAIN, township=(108.2, 34.1, 108.5, 34.3))
    assert d.blocking and d.refusal[0] == NOTE_FAR
    # Plain eastings that would lie in the township in the next zone: that zone's CRS is named.
    d = diagnose_crs(ZONE36.format(fe=500000), PLAIN, township=(110.2, 22.7, 110.5, 23.0))
    assert d.blocking and d.refusal[0] == NOTE_FAR_ZONE
    assert d.refusal[1] == {"distance": "286", "crs": "CGCS2000 / 3-degree Gauss-Kruger CM 108E", "epsg": 4546}
