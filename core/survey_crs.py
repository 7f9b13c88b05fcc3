"""The coordinate systems of Chinese survey files: datum names, Gauss-Krüger zones, EPSG codes, X/Y and prefixes.

A surveyor's file says its system in words (坐标系=2000国家大地坐标系, 几度分带=3, 带号=36), not as a CRS. The
words map onto EPSG codes: CGCS2000 3° zones 25–45 are EPSG:4513–4533 with the zone number in the easting and
4534–4554 without; 6° zones 13–23 are 4491–4501 and 4502–4512. Xian 1980 and Beijing 1954 have codes of their own
(their coordinates look exactly like CGCS2000 ones, tens of metres away): they are named, never taken as CGCS2000.

Chinese survey tables write X for the northing and Y for the easting, and the easting may carry the zone number
in its millions (36 536 000 = zone 36, 536 000 m). Both can be told from the values alone, because a northing in
China (18°N–54°N) lies between 1.9 and 6.1 million, an easting without prefix below 1 million and one with a
prefix above 13 million.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Dict, Optional, Tuple

from .dbf_encoding import BEIJING54, XIAN80
from .incoming import NORTHING_RANGE

CGCS2000 = "CGCS2000"
WGS84 = "WGS 84"
DATUMS = (CGCS2000, XIAN80, BEIJING54, WGS84)

# Zone numbers a Gauss-Krüger zone over China can have, by zone width (几度分带).
ZONE_RANGES: Dict[int, Tuple[int, int]] = {3: (25, 45), 6: (13, 23)}

# First EPSG code of each family (zone 25 or 13): (datum, width, prefixed) -> code.
_FIRST_EPSG: Dict[Tuple[str, int, bool], int] = {
    (CGCS2000, 3, True): 4513,
    (CGCS2000, 3, False): 4534,
    (CGCS2000, 6, True): 4491,
    (CGCS2000, 6, False): 4502,
    (XIAN80, 3, True): 2349,
    (XIAN80, 3, False): 2370,
    (XIAN80, 6, True): 2327,
    (XIAN80, 6, False): 2338,
    (BEIJING54, 3, True): 2401,
    (BEIJING54, 3, False): 2422,
    (BEIJING54, 6, True): 21413,
    (BEIJING54, 6, False): 21453,
}

# What 坐标系 says, after NFKC and without spaces, separators or the words 国家/大地/坐标系.
_DATUM_WORDS = (
    (CGCS2000, ("2000", "cgcs2000", "cgcs")),
    (XIAN80, ("西安80", "西安1980", "1980西安", "80西安", "xian80", "xian1980", "西安")),
    (BEIJING54, ("北京54", "北京1954", "1954北京", "54北京", "beijing54", "beijing1954", "北京")),
    (WGS84, ("wgs84", "wgs1984")),
)

# Plausible eastings within a zone (a 6° zone is at most ~350 km wide each side of its central meridian in China).
EASTING_RANGE = (50_000.0, 950_000.0)


def datum_from_name(text: Optional[str]) -> Optional[str]:
    """CGCS2000, XIAN80, BEIJING54 or WGS84 from what a file writes as its 坐标系; None when it says nothing known."""
    squeezed = unicodedata.normalize("NFKC", text or "").casefold()
    squeezed = re.sub(r"[\s_\-()（）·.]|国家|大地|坐标系|坐标|系统|年", "", squeezed)
    if not squeezed:
        return None
    for datum, words in _DATUM_WORDS:
        if any(word in squeezed for word in words):
            return datum
    return None


def valid_zone(width: int, zone: int) -> bool:
    low, high = ZONE_RANGES.get(width, (1, 0))
    return low <= zone <= high


def width_of_zone(zone: int) -> Optional[int]:
    """3 or 6 from the zone number alone (the ranges over China do not overlap); None for neither."""
    for width in (3, 6):
        if valid_zone(width, zone):
            return width
    return None


def zone_from_meridian(meridian: int, width: int) -> Optional[int]:
    """Some files write the central meridian (108) as 带号: the zone it stands for, if it is one."""
    if width == 3 and meridian % 3 == 0 and valid_zone(3, meridian // 3):
        return meridian // 3
    if width == 6 and (meridian + 3) % 6 == 0 and valid_zone(6, (meridian + 3) // 6):
        return (meridian + 3) // 6
    return None


def parse_number(text: Optional[str]) -> Optional[int]:
    """The whole number in "36", "36带", "第36带", "３６"; None when there is none."""
    match = re.search(r"\d+", unicodedata.normalize("NFKC", text or ""))
    return int(match.group()) if match else None


def epsg_for(datum: str, width: int, zone: int, prefixed: bool) -> Optional[int]:
    """The EPSG code of a Gauss-Krüger zone of ``datum``; None for an unknown datum, width or zone."""
    first = _FIRST_EPSG.get((datum, width, prefixed))
    if first is None or not valid_zone(width, zone):
        return None
    return first + zone - ZONE_RANGES[width][0]


def central_meridian(width: int, zone: int) -> int:
    return zone * 3 if width == 3 else zone * 6 - 3


def is_northing(value: float) -> bool:
    return NORTHING_RANGE[0] <= value <= NORTHING_RANGE[1]


def prefix_zone(value: float) -> Optional[int]:
    """The zone number an easting carries in its millions (36 536 000 -> 36): any zone 7–60, so that a file in a
    zone outside China is refused for its zone rather than for unreadable points. Zones below 7 would make an
    easting look like a northing; no part of China lies in them."""
    if value < 7_000_000.0:
        return None
    zone, rest = divmod(value, 1_000_000.0)
    if zone > 60 or not EASTING_RANGE[0] <= rest <= EASTING_RANGE[1]:
        return None
    return int(zone)


def is_easting(value: float) -> bool:
    """An easting with or without the zone prefix."""
    return EASTING_RANGE[0] <= value <= EASTING_RANGE[1] or prefix_zone(value) is not None


def orient(x: float, y: float) -> Optional[Tuple[float, float, bool]]:
    """(northing, easting, swapped) of a survey pair written as X, Y; None when neither order makes sense.

    ``swapped``: the file wrote the easting first (the GIS habit), against the survey rule X = northing."""
    if is_northing(x) and is_easting(y):
        return x, y, False
    if is_northing(y) and is_easting(x):
        return y, x, True
    return None
