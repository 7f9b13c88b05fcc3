"""Which coordinate system a boundary-point file is in: what its header declares, checked against its values.

The header (坐标系, 几度分带, 带号, 投影类型, 计量单位) is what the surveyor says; the coordinates say whether X and Y
were swapped and whether the eastings carry the zone number. Where the two disagree the file is refused with both
named: a parcel placed in the wrong zone lands hundreds of kilometres away, and one on the wrong datum tens of
metres away, which is worse because it looks right.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple

from . import survey_crs as crs
from .notes import Note, error, info, line_list, warning

NO_ATTRIBUTES = "The file has no [属性描述] section: its coordinate system is not stated"
BAD_COORDINATES = "Line {line}: ({x}, {y}) is not a northing and an easting in China in either order"
SWAPPED_ALL = "X and Y are in the wrong order (X is the easting) on every line: they were swapped back"
SWAPPED_SOME = "X and Y are in the wrong order on lines {lines}: they were swapped back there"
UNKNOWN_WIDTH = "几度分带={width} is neither 3 nor 6"
UNKNOWN_ZONE = (
    "带号={zone} is not a zone over China (3-degree zones 25–45, 6-degree zones 13–23): the file cannot be placed; "
    "correct 带号 in the header"
)
ZONE_AS_MERIDIAN = "带号={zone} is the central meridian {zone}°: read as {width}-degree zone {number}"
WIDTH_FROM_ZONE = "几度分带 is not given: zone {zone} is a {width}-degree zone"
ZONE_FROM_PREFIX = "带号 is not given: zone {zone} was taken from the zone number the eastings carry"
ZONE_UNKNOWN = "The zone is not known: 带号 is not given and the eastings carry no zone number; give the zone"
PREFIX_ZONES_DIFFER = "The eastings carry different zone numbers ({zones}): the file mixes zones"
PREFIX_DISAGREES = (
    "The eastings carry zone {found} (line {line}) but 带号 says {zone}: correct the header or the points"
)
PREFIX_NOT_CHINA = "The eastings carry zone {zone}, which is not a zone over China: the file cannot be placed"
PREFIX_SOME = "Only some eastings carry the zone number {zone} (lines {lines}): it was removed from them"
DATUM_ASSUMED = "坐标系 is not given: CGCS2000 (2000国家大地坐标系) was assumed; check with the surveyor"
DATUM_UNKNOWN = "坐标系={name} is not a coordinate system this plugin knows (CGCS2000, Xian 1980, Beijing 1954)"
DATUM_WGS84 = "坐标系={name} is WGS 84: boundary points must be Gauss-Krüger coordinates on CGCS2000"
NEEDS_CONVERSION = (
    "The points are on the {datum} datum (EPSG:{epsg}): convert them to CGCS2000 with your province's "
    "transformation parameters before comparing them with the ledger; unconverted they are tens of metres off"
)
PROJECTION_UNKNOWN = "投影类型={name} is not Gauss-Krüger: the file cannot be placed"
UNIT_UNKNOWN = "计量单位={name} is not metres: the file cannot be placed"
SYSTEM = (
    "Coordinate system: {datum}, {width}-degree Gauss-Krüger zone {zone}, central meridian {meridian}°, EPSG:{epsg}"
)
TEMPLATES = (
    NO_ATTRIBUTES,
    BAD_COORDINATES,
    SWAPPED_ALL,
    SWAPPED_SOME,
    UNKNOWN_WIDTH,
    UNKNOWN_ZONE,
    ZONE_AS_MERIDIAN,
    WIDTH_FROM_ZONE,
    ZONE_FROM_PREFIX,
    ZONE_UNKNOWN,
    PREFIX_ZONES_DIFFER,
    PREFIX_DISAGREES,
    PREFIX_NOT_CHINA,
    PREFIX_SOME,
    DATUM_ASSUMED,
    DATUM_UNKNOWN,
    DATUM_WGS84,
    NEEDS_CONVERSION,
    PROJECTION_UNKNOWN,
    UNIT_UNKNOWN,
    SYSTEM,
)

_GAUSS_WORDS = ("高斯", "克吕格", "克里格", "gauss", "kruger", "krüger", "横轴墨卡托", "transversemercator", "tm")
_METRE_WORDS = ("米", "m", "metre", "meter", "metres", "meters", "公尺")


@dataclass
class Declared:
    """What a file (or, for a spreadsheet, the user) says about its system; blank when it says nothing."""

    datum: str = ""
    width: str = ""
    zone: str = ""
    projection: str = ""
    unit: str = ""
    transformation: str = ""
    present: bool = True  # False: a boundary-point TXT without [属性描述]


@dataclass
class SurveySystem:
    datum: Optional[str] = None
    width: Optional[int] = None
    zone: Optional[int] = None
    prefixed: bool = False  # the coordinates kept carry the zone number (the EPSG code says so too)
    epsg: Optional[int] = None  # None: the file cannot be placed (an error note says why)
    needs_conversion: bool = False  # Xian 1980 or Beijing 1954
    transformation: Tuple[float, ...] = ()  # 转换参数 when the file gives them
    swapped_lines: List[object] = field(default_factory=list)
    strip_prefix: bool = False

    def place(self, x: float, y: float) -> Optional[Tuple[float, float]]:
        """(easting, northing) in the system's CRS of a point written X, Y; None for values that are neither."""
        oriented = crs.orient(x, y)
        if oriented is None:
            return None
        northing, easting, _ = oriented
        if self.strip_prefix and easting >= 1_000_000.0:
            easting %= 1_000_000.0
        return easting, northing


def decide_system(declared: Declared, points: Sequence[Tuple[float, float, object]], notes: List[Note]) -> SurveySystem:
    """The system of points written (X, Y, line), with every detection and conflict added to ``notes``."""
    system = SurveySystem()
    before = len(notes)
    if not declared.present:
        notes.append(warning(NO_ATTRIBUTES))
    eastings: List[Tuple[float, object]] = []
    for x, y, line in points:
        oriented = crs.orient(x, y)
        if oriented is None:
            notes.append(error(BAD_COORDINATES, line, line=line, x=_plain(x), y=_plain(y)))
            continue
        if oriented[2]:
            system.swapped_lines.append(line)
        eastings.append((oriented[1], line))
    if system.swapped_lines and len(system.swapped_lines) == len(eastings):
        notes.append(warning(SWAPPED_ALL))
    elif system.swapped_lines:
        notes.append(warning(SWAPPED_SOME, system.swapped_lines[0], lines=line_list(system.swapped_lines)))
    _zone(system, declared, eastings, notes)
    _datum(system, declared, notes)
    for text, words, template in (
        (declared.projection, _GAUSS_WORDS, PROJECTION_UNKNOWN),
        (declared.unit, _METRE_WORDS, UNIT_UNKNOWN),
    ):
        squeezed = re.sub(r"[\s\-_()（）]", "", unicodedata.normalize("NFKC", text)).casefold()
        if squeezed and not any(word == squeezed or (len(word) > 2 and word in squeezed) for word in words):
            notes.append(error(template, name=text))
    system.transformation = _numbers(declared.transformation)
    # A point that is not a coordinate spoils its parcel only; a conflict about the system spoils the whole file.
    refused = any(n.is_error and n.where is None for n in notes[before:])
    if not refused and system.datum and system.width and system.zone:
        system.epsg = crs.epsg_for(system.datum, system.width, system.zone, system.prefixed)
    if system.epsg is not None:
        values = {"datum": system.datum, "width": system.width, "zone": system.zone, "epsg": system.epsg}
        notes.append(info(SYSTEM, meridian=crs.central_meridian(system.width, system.zone), **values))
        if system.needs_conversion:
            notes.append(warning(NEEDS_CONVERSION, datum=system.datum, epsg=system.epsg))
    return system


def _plain(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _zone(system: SurveySystem, declared: Declared, eastings, notes: List[Note]) -> None:
    width = crs.parse_number(declared.width) if declared.width.strip() else None
    if width is not None and width not in crs.ZONE_RANGES:
        notes.append(error(UNKNOWN_WIDTH, width=declared.width))
        return
    zone = None
    if declared.zone.strip():
        number = crs.parse_number(declared.zone)
        if number is not None and width and crs.valid_zone(width, number):
            zone = number
        elif number is not None and width is None and crs.width_of_zone(number):
            zone, width = number, crs.width_of_zone(number)
            notes.append(info(WIDTH_FROM_ZONE, zone=zone, width=width))
        elif number is not None and width and crs.zone_from_meridian(number, width):
            zone = crs.zone_from_meridian(number, width)
            notes.append(info(ZONE_AS_MERIDIAN, zone=number, width=width, number=zone))
        else:
            notes.append(error(UNKNOWN_ZONE, zone=declared.zone))
            return
    prefixes = Counter(crs.prefix_zone(e) for e, _ in eastings)
    prefixed_lines = [line for e, line in eastings if crs.prefix_zone(e) is not None]
    found = sorted(z for z in prefixes if z is not None)
    if len(found) > 1:
        notes.append(error(PREFIX_ZONES_DIFFER, zones=", ".join(map(str, found))))
        return
    if found and crs.width_of_zone(found[0]) is None:
        notes.append(error(PREFIX_NOT_CHINA, zone=found[0]))
        return
    if found and zone is not None and found[0] != zone:
        notes.append(error(PREFIX_DISAGREES, found=found[0], line=prefixed_lines[0], zone=zone))
        return
    if found and zone is None:
        zone = found[0]
        if width is not None and crs.width_of_zone(zone) != width:
            notes.append(error(UNKNOWN_ZONE, zone=zone))
            return
        width = crs.width_of_zone(zone)
        notes.append(warning(ZONE_FROM_PREFIX, zone=zone))
    if zone is None:
        notes.append(error(ZONE_UNKNOWN))
        return
    system.zone, system.width = zone, width
    if found and len(prefixed_lines) < len(eastings):
        system.strip_prefix = True
        notes.append(warning(PREFIX_SOME, prefixed_lines[0], zone=zone, lines=line_list(prefixed_lines)))
    system.prefixed = bool(found) and not system.strip_prefix


def _datum(system: SurveySystem, declared: Declared, notes: List[Note]) -> None:
    name = declared.datum.strip()
    datum = crs.datum_from_name(name)
    if not name:
        datum = crs.CGCS2000
        notes.append(warning(DATUM_ASSUMED))
    elif datum is None:
        notes.append(error(DATUM_UNKNOWN, name=name))
        return
    elif datum == crs.WGS84:
        notes.append(error(DATUM_WGS84, name=name))
        return
    system.datum = datum
    system.needs_conversion = datum in (crs.XIAN80, crs.BEIJING54)


def _numbers(text: str) -> Tuple[float, ...]:
    values = []
    for part in unicodedata.normalize("NFKC", text or "").split(","):
        try:
            values.append(float(part))
        except ValueError:
            continue
    return tuple(values)
