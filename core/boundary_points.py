"""The ministry's boundary-point exchange TXT (国土资源部 界址点坐标交换格式) read into parcels.

The format, as surveyors hand it over for land approval (勘测定界) and as counties pass it on::

    [属性描述]
    格式版本号=1.01
    坐标系=2000国家大地坐标系
    几度分带=3
    投影类型=高斯克吕格
    计量单位=米
    带号=36
    精度=0.01
    转换参数=,,,,,,
    [地块坐标]
    5,0.3600,1,地块1,面,,,,@          界址点数,地块面积(公顷),地块编号,地块名称,记录图形属性,图幅号,地块用途,地类编码,@
    J1,1,2533000.000,36536000.000       点号,圈号,X (northing),Y (easting, may carry the zone number)
    …

Nothing in the file is trusted blindly: the encoding is detected (GBK, GB18030, UTF-8 with or without BOM), X and Y
are told apart by their values, the zone prefix is compared with 带号, and a system this module cannot name as an
EPSG code is refused rather than guessed. Every note names the line it is about.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from .boundary_rings import Vertex, assemble
from .boundary_system import Declared, SurveySystem, decide_system
from .dbf_encoding import GB18030, GBK, UTF8, guess_from_bytes
from .notes import Note, error, info, warning

HECTARE_M2 = 10_000.0

NOT_BOUNDARY_FILE = "This is not a boundary-point file: it has no [地块坐标] section"
NO_PARCELS = "The file holds no parcel: [地块坐标] has no line ending in @"
ENCODING = "The file is encoded in {encoding}"
BAD_LINE = "Line {line} is neither a parcel header (ending in @) nor a point (name, ring, X, Y): {text}"
BAD_NUMBER = "Line {line}: {what} {value} is not a number"
POINT_BEFORE_HEADER = "Line {line} is a point before any parcel header (a line ending in @)"
NO_RING_NUMBER = "Points have no ring number (name, X, Y, from line {line}): every point was read as ring 1"
COUNT_DIFFERS = "Parcel {parcel} (line {line}) declares {declared} points but {found} follow"
NOT_POLYGON = "Parcel {parcel} (line {line}) is recorded as {kind}, not 面 (a polygon): it was left out"
NO_POINTS = "Parcel {parcel} (line {line}) has no points"
POINT_UNPLACED = "Parcel {parcel} (line {line}) was left out: its point on line {point_line} cannot be placed"
NO_NUMBER = "The parcel on line {line} has no 地块编号: it was numbered {parcel}"
SAME_NUMBER = "Parcel number {parcel} appears more than once (lines {lines})"
AREA_IN_M2 = "Parcel {parcel} (line {line}): 地块面积 {declared} is in m², not hectares as the format says"
AREA_DIFFERS = (
    "Parcel {parcel} (line {line}): 地块面积 {declared} ha differs from the area of its points, {computed:.4f} ha"
)
AREA_UNREADABLE = "Parcel {parcel} (line {line}): 地块面积 {declared} is not a number"
TEMPLATES = (
    NOT_BOUNDARY_FILE,
    NO_PARCELS,
    ENCODING,
    BAD_LINE,
    BAD_NUMBER,
    POINT_BEFORE_HEADER,
    NO_RING_NUMBER,
    COUNT_DIFFERS,
    NOT_POLYGON,
    NO_POINTS,
    POINT_UNPLACED,
    NO_NUMBER,
    SAME_NUMBER,
    AREA_IN_M2,
    AREA_DIFFERS,
    AREA_UNREADABLE,
)

ATTRIBUTES = "[属性描述]"
COORDINATES = "[地块坐标]"
POLYGON_KINDS = ("面", "")


@dataclass
class RawPoint:
    name: str
    ring: int
    x: float  # as written: X, then Y
    y: float
    line: object


@dataclass
class RawParcel:
    """A parcel as read, before its coordinates are understood."""

    line: object
    number: str = ""
    name: str = ""
    area: str = ""  # 地块面积 as written (hectares by the format)
    kind: str = "面"
    sheet: str = ""
    use: str = ""
    land_class: str = ""
    declared_points: Optional[int] = None
    points: List[RawPoint] = field(default_factory=list)


@dataclass
class Parcel:
    number: str
    name: str
    geometry: Optional[object]  # a shapely MultiPolygon in the file's CRS; None when it cannot be used
    area_m2: Optional[float] = None  # 地块面积 of the header, in m²
    computed_m2: Optional[float] = None  # planar area of the points
    use: str = ""
    land_class: str = ""
    sheet: str = ""
    line: object = None


@dataclass
class BoundaryPoints:
    parcels: List[Parcel]
    notes: List[Note]
    system: SurveySystem
    attributes: Dict[str, str] = field(default_factory=dict)
    encoding: Optional[str] = None

    @property
    def crs(self) -> Optional[str]:
        return f"EPSG:{self.system.epsg}" if self.system.epsg else None

    @property
    def errors(self) -> List[Note]:
        return [n for n in self.notes if n.is_error]

    @property
    def usable(self) -> bool:
        """True when the CRS is known and at least one parcel has a geometry."""
        return self.system.epsg is not None and any(p.geometry is not None for p in self.parcels)


def decode(data: bytes) -> Tuple[str, str]:
    """(text, encoding name) of a text file from China: UTF-8 (BOM or not), UTF-16 with BOM, GBK or GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace"), "UTF-8 (BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), "UTF-16"
    encoding, _ = guess_from_bytes([data])
    if encoding not in (UTF8, GBK, GB18030):
        encoding = GB18030
    return data.decode(encoding, "replace"), encoding


def read_boundary_points(path: str) -> BoundaryPoints:
    with open(path, "rb") as handle:
        return parse_boundary_points(handle.read())


def parse_boundary_points(data: bytes) -> BoundaryPoints:
    text, encoding = decode(data)
    attributes, raw, notes = parse_text(text)
    notes.insert(0, info(ENCODING, encoding=encoding))
    declared = Declared(
        datum=attributes.get("坐标系", ""),
        width=attributes.get("几度分带", ""),
        zone=attributes.get("带号", ""),
        projection=attributes.get("投影类型", ""),
        unit=attributes.get("计量单位", ""),
        transformation=attributes.get("转换参数", ""),
        present=ATTRIBUTES in text,
    )
    result = build(raw, declared, notes)
    result.attributes = attributes
    result.encoding = encoding
    return result


def _fields(line: str) -> List[str]:
    # Chinese input methods type "，" for ","; a trailing comma leaves an empty last field.
    return [part.strip() for part in line.replace("，", ",").replace("\t", ",").split(",")]


def parse_text(text: str) -> Tuple[Dict[str, str], List[RawParcel], List[Note]]:
    """The 属性描述 key/values, the parcels with their raw points, and the problems of single lines."""
    attributes: Dict[str, str] = {}
    parcels: List[RawParcel] = []
    notes: List[Note] = []
    section = ""
    three_fields_from = None
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip().lstrip("\ufeff")
        if not line:
            continue
        squeezed = unicodedata.normalize("NFKC", line).replace(" ", "")
        if squeezed.startswith("[") and squeezed.endswith("]"):
            section = squeezed
            continue
        if section == ATTRIBUTES:
            key, _, value = unicodedata.normalize("NFKC", line).partition("=")
            attributes[key.strip()] = value.strip()
            continue
        if section != COORDINATES:
            continue
        parts = _fields(line)
        if parts[-1].endswith("@"):
            parcels.append(_header(parts, number, notes))
            continue
        if not parcels:
            notes.append(error(POINT_BEFORE_HEADER, number, line=number))
            continue
        while parts and parts[-1] == "":
            parts.pop()
        if len(parts) == 3 and three_fields_from is None:
            three_fields_from = number
            notes.append(warning(NO_RING_NUMBER, number, line=number))
        point = _point(parts, number, notes, line)
        if point is not None:
            parcels[-1].points.append(point)
    if COORDINATES not in text.replace(" ", ""):
        notes.append(error(NOT_BOUNDARY_FILE))
    elif not parcels:
        notes.append(error(NO_PARCELS))
    return attributes, parcels, notes


def _header(parts: List[str], line: int, notes: List[Note]) -> RawParcel:
    parts = list(parts)
    parts[-1] = parts[-1][:-1].strip()  # "@" or "xxx@"
    if not parts[-1]:
        parts.pop()
    parts += [""] * (8 - len(parts))
    count = None
    if parts[0]:
        try:
            count = int(float(unicodedata.normalize("NFKC", parts[0])))
        except ValueError:
            notes.append(warning(BAD_NUMBER, line, what="界址点数", value=parts[0], line=line))
    return RawParcel(
        line,
        number=parts[2],
        name=parts[3],
        area=parts[1],
        kind=parts[4],
        sheet=parts[5],
        use=parts[6],
        land_class=parts[7],
        declared_points=count,
    )


def _point(parts: List[str], line: int, notes: List[Note], text: str) -> Optional[RawPoint]:
    if len(parts) == 3:
        parts = [parts[0], "1", parts[1], parts[2]]
    if len(parts) != 4:
        notes.append(error(BAD_LINE, line, line=line, text=text[:80]))
        return None
    values = []
    for what, value in (("ring", parts[1]), ("X", parts[2]), ("Y", parts[3])):
        try:
            values.append(float(unicodedata.normalize("NFKC", value)))
        except ValueError:
            notes.append(error(BAD_NUMBER, line, what=what, value=value, line=line))
            return None
    return RawPoint(parts[0], int(values[0]), values[1], values[2], line)


def build(raw: Sequence[RawParcel], declared: Declared, notes: List[Note]) -> BoundaryPoints:
    """Parcels from raw points, in the system the declaration and the values agree on (shared by the TXT and the
    spreadsheet layouts)."""
    system = decide_system(declared, [(p.x, p.y, p.line) for parcel in raw for p in parcel.points], notes)
    parcels: List[Parcel] = []
    numbers: Dict[str, List[object]] = {}
    for k, parcel in enumerate(raw, start=1):
        number = parcel.number or str(k)
        if not parcel.number:
            notes.append(warning(NO_NUMBER, parcel.line, line=parcel.line, parcel=number))
        numbers.setdefault(number, []).append(parcel.line)
        parcels.append(_parcel(parcel, number, system, notes))
    for number, lines in numbers.items():
        if len(lines) > 1:
            notes.append(warning(SAME_NUMBER, lines[1], parcel=number, lines=", ".join(map(str, lines))))
    return BoundaryPoints(parcels, notes, system)


def _parcel(parcel: RawParcel, number: str, system: SurveySystem, notes: List[Note]) -> Parcel:
    where = {"parcel": number, "line": parcel.line}
    result = Parcel(number, parcel.name, None, None, None, parcel.use, parcel.land_class, parcel.sheet, parcel.line)
    if parcel.kind.strip() not in POLYGON_KINDS:
        notes.append(error(NOT_POLYGON, parcel.line, kind=parcel.kind, **where))
        return result
    if not parcel.points:
        notes.append(error(NO_POINTS, parcel.line, **where))
        return result
    found = len(parcel.points)
    # Surveying programs count the closing point of each ring, or do not: either count is the file's own.
    closing = sum(1 for k in range(1, found) if _closes(parcel.points, k))
    if parcel.declared_points is not None and parcel.declared_points not in (found, found - closing):
        notes.append(warning(COUNT_DIFFERS, parcel.line, declared=parcel.declared_points, found=found, **where))
    vertices = []
    for p in parcel.points:
        placed = system.place(p.x, p.y)
        if placed is None:
            notes.append(error(POINT_UNPLACED, parcel.line, point_line=p.line, **where))
            return result
        vertices.append(Vertex(p.name, p.ring, placed[0], placed[1], p.line))
    geometry, ring_notes = assemble(number, vertices)
    notes += ring_notes
    result.geometry = geometry
    if geometry is not None:
        result.computed_m2 = geometry.area
    result.area_m2 = _header_area(parcel, result.computed_m2, where, notes)
    return result


def _closes(points: Sequence[RawPoint], k: int) -> bool:
    """True when point ``k`` repeats the first point of its ring (the ring's closing point)."""
    start = k
    while start > 0 and points[start - 1].ring == points[k].ring:
        start -= 1
    first, point = points[start], points[k]
    last_of_run = k + 1 == len(points) or points[k + 1].ring != point.ring
    return start < k and last_of_run and (first.x, first.y) == (point.x, point.y)


def _header_area(parcel: RawParcel, computed: Optional[float], where, notes: List[Note]) -> Optional[float]:
    """地块面积 in m²: hectares by the format; a figure that matches the points in m² was written in m²."""
    text = unicodedata.normalize("NFKC", parcel.area).strip()
    if not text:
        return None
    try:
        declared = float(text)
    except ValueError:
        notes.append(warning(AREA_UNREADABLE, parcel.line, declared=parcel.area, **where))
        return None
    if computed is None:
        return declared * HECTARE_M2

    def close(m2: float) -> bool:
        return abs(m2 - computed) <= max(1.0, 0.005 * computed)

    if close(declared * HECTARE_M2):
        return declared * HECTARE_M2
    if close(declared):
        notes.append(warning(AREA_IN_M2, parcel.line, declared=text, **where))
        return declared
    notes.append(warning(AREA_DIFFERS, parcel.line, declared=text, computed=computed / HECTARE_M2, **where))
    return declared * HECTARE_M2
