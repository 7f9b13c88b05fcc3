"""What an office's file really holds: the text encoding of a shapefile's .dbf and what its CRS means.

A shapefile written on a Chinese Windows machine keeps GBK text and often no .cpg; QGIS then reads the text as
UTF-8 and shows U+FFFD without a word. The raw bytes of the character fields tell: valid UTF-8 is UTF-8, else GBK
(GB18030 when only that decodes). A .cpg is the author's word and is honoured, unless the text does not decode in
the encoding it names (a .cpg that says UTF-8 over GBK bytes): then the bytes decide, and the reader says so.

A CRS cannot be told from coordinates alone (Xian 1980 and CGCS2000 differ by tens of metres), but the .prj and
the extent together show the usual traps: degrees, a zone number in the easting, an old datum, no CRS at all.
"""

from __future__ import annotations

import codecs
import os
import re
import struct
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from . import coordinate_fit
from .gauss_kruger import (
    SIX_DEGREE_ZONES,
    THREE_DEGREE_ZONES,
    Zone,
    any_zone_for_epsg,
    prefix_of,
    zone_for_longitude,
    zone_for_prefix,
)

UTF8 = "UTF-8"
GBK = "GBK"
GB18030 = "GB18030"
# The DBF "language driver" byte (offset 29) for the Chinese code pages; 0 means "not said".
_LDID_ENCODINGS = {0x4D: GBK, 0x7A: GBK, 0x4F: "BIG5", 0x78: "BIG5"}
_TRUNCATED = ("unexpected end of data", "incomplete multibyte sequence")
_CODE_PAGES = {"65001": "utf-8", "UTF8": "utf-8", "54936": "gb18030", "GB2312": "gbk"}
MAX_RECORDS = 20000


@dataclass(frozen=True)
class DbfText:
    """The raw text of a .dbf: field names and character values (bytes, trailing blanks removed)."""

    language_byte: int
    names: Tuple[bytes, ...]
    values: Tuple[bytes, ...]


@dataclass(frozen=True)
class EncodingGuess:
    """``encoding``: what the text is; ``origin``: "cpg", "ldid", "bytes" or "ascii" (any encoding reads it);
    ``cpg``: what the .cpg says (also when the bytes overruled it)."""

    encoding: str
    origin: str
    cpg: Optional[str] = None

    @property
    def cpg_wrong(self) -> bool:
        return self.cpg is not None and self.origin != "cpg"


def sidecar(path: str, extension: str) -> Optional[str]:
    """The file beside ``path`` with ``extension`` (.cpg, .CPG, .prj ...) if it exists."""
    stem = os.path.splitext(path)[0]
    for candidate in (stem + extension.lower(), stem + extension.upper()):
        if os.path.exists(candidate):
            return candidate
    return None


def read_dbf_text(path: str, max_records: int = MAX_RECORDS) -> DbfText:
    """The character data of the .dbf beside ``path`` (a .shp or the .dbf itself), read as bytes."""
    dbf = path if path.lower().endswith(".dbf") else sidecar(path, ".dbf")
    if dbf is None:
        raise FileNotFoundError(os.path.splitext(path)[0] + ".dbf")
    with open(dbf, "rb") as handle:
        head = handle.read(32)
        if len(head) < 32:
            raise ValueError(f"{dbf}: not a dBASE file")
        records, header_length, record_length = struct.unpack("<IHH", head[4:12])
        descriptors = handle.read(header_length - 32)
        fields: List[Tuple[bytes, bytes, int, int]] = []  # name, type, offset in the record, length
        offset = 1  # the deletion flag
        for start in range(0, len(descriptors) - 31, 32):
            block = descriptors[start : start + 32]
            if block[0] == 0x0D:
                break
            name, kind, length = block[:11].split(b"\0")[0], block[11:12], block[16]
            fields.append((name, kind, offset, length))
            offset += length
        handle.seek(header_length)
        data = handle.read(record_length * min(records, max_records))
    values = []
    text_fields = [(o, n) for _, kind, o, n in fields if kind in (b"C", b"c")]
    for start in range(0, len(data) - record_length + 1, record_length):
        record = data[start : start + record_length]
        for field_offset, length in text_fields:
            value = record[field_offset : field_offset + length].rstrip(b" \0")
            if value:
                values.append(value)
    return DbfText(head[29], tuple(name for name, _, _, _ in fields), tuple(values))


def decodes(chunks: Sequence[bytes], encoding: str) -> bool:
    """True when every chunk decodes; a character cut off by the field's width at the end is forgiven."""
    for chunk in chunks:
        try:
            chunk.decode(encoding)
        except UnicodeDecodeError as error:
            if error.reason not in _TRUNCATED or error.end != len(chunk):
                return False
    return True


def guess_from_bytes(chunks: Sequence[bytes]) -> Tuple[str, str]:
    """(encoding, origin) from raw text: UTF-8 if it all decodes, else GBK, else GB18030."""
    foreign = [c for c in chunks if any(b >= 0x80 for b in c)]
    if not foreign:
        return UTF8, "ascii"
    for encoding in (UTF8, GBK, GB18030):
        if decodes(foreign, encoding):
            return encoding, "bytes"
    return GB18030, "bytes"  # decodes most; the preview shows what is left


def read_cpg(path: str) -> Optional[str]:
    cpg = sidecar(path, ".cpg")
    if cpg is None:
        return None
    with open(cpg, "rb") as handle:
        text = handle.read(100).decode("ascii", "replace").strip()
    return text or None


def python_codec(name: str) -> Optional[str]:
    """The Python codec of a .cpg's text ("UTF-8", "936", "ANSI 936", "GB18030"), None if Python has none."""
    name = name.strip().upper().replace("ANSI ", "")
    for candidate in (name, "CP" + name if name.isdigit() else "", _CODE_PAGES.get(name, "")):
        if candidate:
            try:
                return codecs.lookup(candidate).name
            except LookupError:
                continue
    return None


def detect_encoding(path: str) -> EncodingGuess:
    """The encoding of a shapefile's text: its .cpg (unless its text does not decode in it), else a Chinese
    language byte, else the bytes themselves."""
    cpg = read_cpg(path)
    if cpg:
        codec = python_codec(cpg)
        if codec is None:
            return EncodingGuess(cpg, "cpg", cpg)  # unknown here: the author's word stands
        text = read_dbf_text(path)
        if decodes(text.names + text.values, codec):
            return EncodingGuess(cpg, "cpg", cpg)
        encoding, origin = guess_from_bytes(text.names + text.values)
        return EncodingGuess(encoding, origin, cpg)
    text = read_dbf_text(path)
    if text.language_byte in _LDID_ENCODINGS:
        return EncodingGuess(_LDID_ENCODINGS[text.language_byte], "ldid")
    encoding, origin = guess_from_bytes(text.names + text.values)
    return EncodingGuess(encoding, origin)


# --- coordinate reference systems ---------------------------------------------------------------------------
MISSING = coordinate_fit.MISSING
GEOGRAPHIC = coordinate_fit.GEOGRAPHIC
PROJECTED = coordinate_fit.PROJECTED
ZONE_PREFIXED = "zone_prefixed"

XIAN80 = coordinate_fit.XIAN80
BEIJING54 = coordinate_fit.BEIJING54
_OLD_DATUMS = ((XIAN80, ("xian1980", "xian80", "xian_1980")), (BEIJING54, ("beijing1954", "beijing54")))
# Transverse Mercator parameters, as PROJ strings (+lon_0=108) and WKT 1 and 2 (ESRI, OGC) spell them.
_PROJ_PARAMETER = re.compile(r"\+(proj|lon_0|lat_0|x_0|y_0|k|k_0|ellps|a|rf)=([^\s]+)")
_WKT_PARAMETER = re.compile(r'PARAMETER\[\s*"([^"]+)"\s*,\s*([-+0-9.eE]+)', re.IGNORECASE)
_WKT_NAME = re.compile(r'^\s*(?:PROJCS|PROJCRS|GEOGCS|GEOGCRS|GEODCRS)\[\s*"([^"]+)"', re.IGNORECASE)
_WKT_NAMES = {
    "central_meridian": "lon_0",
    "longitude_of_natural_origin": "lon_0",
    "longitude_of_origin": "lon_0",
    "false_easting": "x_0",
    "false_northing": "y_0",
    "scale_factor": "k",
    "scale_factor_at_natural_origin": "k",
    "latitude_of_origin": "lat_0",
    "latitude_of_natural_origin": "lat_0",
}
# The ellipsoids of Chinese Gauss-Krüger CRSs: CGCS2000 (GRS 1980 in PROJ), Xian 1980 (IAG 1975), Krassowsky.
_GK_ELLIPSOIDS = ("grs80", "iau76", "krass", "6378137", "6378140", "6378245")

# Notes for the user; English with {placeholders}, translated by the QGIS side (layers/office_source.py,
# layers/coordinate_check.py). The coordinate notes are core.coordinate_fit's.
NOTE_MISSING = coordinate_fit.NOTE_MISSING
NOTE_MISSING_DEGREES = coordinate_fit.NOTE_MISSING_DEGREES
NOTE_MISSING_PREFIXED = coordinate_fit.NOTE_MISSING_PREFIXED
NOTE_PREFIX_NOT_IN_CRS = coordinate_fit.NOTE_PREFIX_NOT_IN_CRS
NOTE_OLD_DATUM = (
    "The CRS is on the {datum} datum: convert the data to CGCS2000 with the transformation parameters of your "
    "province before use; without them positions can be off by tens of metres"
)
NOTE_NOT_DEGREES = coordinate_fit.NOTE_NOT_DEGREES
NOTE_DEGREES_IN_PROJECTED = coordinate_fit.NOTE_DEGREES_IN_PROJECTED
NOTES = (NOTE_OLD_DATUM,) + coordinate_fit.NOTES


@dataclass
class CrsDiagnosis:
    """What a layer's CRS and coordinates say. ``use_epsg``: the CRS to read the data in instead of the declared
    one (an assumption for a missing CRS, a fix for coordinates that do not fit it), or None to keep it; ``swap``:
    swap X and Y of every vertex before that; ``refusal``: why the data cannot be read (None when they can);
    ``lonlat``: where the data lie, in degrees, when known."""

    kind: str
    zone: Optional[Zone] = None
    datum: Optional[str] = None
    use_epsg: Optional[int] = None
    notes: List[Tuple[str, Dict[str, object]]] = field(default_factory=list)
    swap: bool = False
    refusal: Optional[Tuple[str, Dict[str, object]]] = None
    lonlat: Optional[Tuple[float, float, float, float]] = None

    @property
    def old_datum(self) -> bool:
        return self.datum in (XIAN80, BEIJING54)

    @property
    def blocking(self) -> bool:
        """True when nothing can be read until the layer's CRS is set right."""
        return self.refusal is not None or (self.kind == MISSING and self.use_epsg is None)

    @property
    def fixed(self) -> bool:
        return self.use_epsg is not None or self.swap


def datum_of(wkt: str) -> Optional[str]:
    squeezed = re.sub(r"[^a-z0-9_]", "", wkt.lower()).replace("_", "")
    for name, keys in _OLD_DATUMS:
        if any(key.replace("_", "") in squeezed for key in keys):
            return name
    if "cgcs2000" in squeezed or "chinageodeticcoordinatesystem2000" in squeezed:
        return "CGCS2000"
    if "wgs84" in squeezed or "wgs1984" in squeezed:
        return "WGS 84"
    return None


def _tm_parameters(proj: str, wkt: str) -> Optional[Dict[str, str]]:
    """The Transverse Mercator parameters of a CRS (PROJ string first, else the WKT), or None if it is not TM."""
    if proj:
        values = dict(_PROJ_PARAMETER.findall(proj))
        if values.get("proj") != "tmerc":
            return None
        values["ellps"] = values.get("ellps") or values.get("a", "")
        return values
    squeezed = re.sub(r"[\s_]+", "_", wkt.lower())
    if "transverse_mercator" not in squeezed and "gauss_kruger" not in squeezed:
        return None
    values = {}
    for name, value in _WKT_PARAMETER.findall(wkt):
        key = _WKT_NAMES.get(re.sub(r"[\s_]+", "_", name.strip().lower()))
        if key:
            values[key] = value
    spheroid = re.search(r'(?:SPHEROID|ELLIPSOID)\[\s*"[^"]*"\s*,\s*([0-9.]+)', wkt, re.IGNORECASE)
    values["ellps"] = spheroid.group(1) if spheroid else ""
    return values


def declared_zone(proj: str, wkt: str) -> Optional[Zone]:
    """The Gauss-Krüger zone a projected CRS is (3° or 6°, with or without zone prefix), from its parameters:
    scale 1 on a central meridian of a zone of China, false easting 500 km (plus the zone number's millions)."""
    values = _tm_parameters(proj, wkt)
    if values is None or not values["ellps"].lower().startswith(_GK_ELLIPSOIDS):
        return None
    try:
        meridian, easting = float(values.get("lon_0", "nan")), float(values.get("x_0", "0"))
        scale = float(values.get("k") or values.get("k_0") or "1")
        origin, northing = float(values.get("lat_0", "0")), float(values.get("y_0", "0"))
    except ValueError:
        return None
    if abs(scale - 1.0) > 1e-9 or origin != 0.0 or northing != 0.0 or (easting - 500_000.0) % 1_000_000.0:
        return None
    prefix = prefix_of(easting)
    if prefix is not None:
        zone = zone_for_prefix(prefix)
        return zone if zone is not None and zone.central_meridian == meridian else None
    if meridian % 3 == 0 and int(meridian // 3) in THREE_DEGREE_ZONES:
        return Zone(int(meridian // 3))  # a central meridian of both a 3° and a 6° zone: the same projection
    if (meridian + 3) % 6 == 0 and int((meridian + 3) // 6) in SIX_DEGREE_ZONES:
        return Zone(int((meridian + 3) // 6), width=6)
    return None


def diagnose_crs(
    wkt: Optional[str],
    extent: Optional[Tuple[float, float, float, float]],
    *,
    proj: str = "",
    epsg: Optional[int] = None,
    lonlat: Optional[Tuple[float, float, float, float]] = None,
    township: Optional[Tuple[float, float, float, float]] = None,
    max_km: float = coordinate_fit.MAX_KM,
    name: str = "",
) -> CrsDiagnosis:
    """Diagnose a layer's CRS from its WKT (.prj text) and whether its extent (minx, miny, maxx, maxy) fits it.

    ``proj``/``epsg``: the CRS as QGIS knows it (its PROJ string, its EPSG code); ``lonlat``: the extent placed
    in degrees by the CRS (for CRSs that are not a Gauss-Krüger zone); ``township``: the ledger's villages in
    degrees, data farther than ``max_km`` from them are refused; ``name``: the CRS in messages.
    """
    wkt = (wkt or "").strip()
    has_extent = extent is not None and all(v == v for v in extent)  # NaN for an empty layer
    if not wkt and not proj:
        kind, datum, zone = MISSING, None, None
    else:
        upper = wkt.upper()
        projected = "PROJCS[" in upper or "PROJCRS[" in upper or (bool(proj) and "+proj=longlat" not in proj)
        kind, datum = (PROJECTED if projected else GEOGRAPHIC), datum_of(wkt)
        zone = (any_zone_for_epsg(epsg) if epsg else None) or (declared_zone(proj, wkt) if projected else None)
    diagnosis = CrsDiagnosis(kind, datum=datum)
    if diagnosis.old_datum:
        diagnosis.notes.append((NOTE_OLD_DATUM, {"datum": datum}))
    if not name:
        named = _WKT_NAME.search(wkt)
        name = f"EPSG:{epsg}" if epsg else named.group(1) if named else ""
    declared = coordinate_fit.Declared(kind, zone, datum, lonlat, name)
    fit = coordinate_fit.fit_coordinates(declared, extent if has_extent else None, township, max_km)
    if kind == MISSING and fit.status == coordinate_fit.FITS:  # no coordinates: blocking, but nothing to refuse
        diagnosis.notes.append((NOTE_MISSING, {}))
    diagnosis.notes += fit.notes
    if fit.refused:
        diagnosis.refusal = fit.notes[-1]
        return diagnosis
    diagnosis.use_epsg, diagnosis.swap, diagnosis.lonlat = fit.epsg, fit.swap, fit.lonlat
    diagnosis.zone = fit.zone or (zone_for_longitude((fit.lonlat[0] + fit.lonlat[2]) / 2) if fit.lonlat else None)
    if kind != GEOGRAPHIC and diagnosis.zone is not None and diagnosis.zone.prefixed and fit.epsg != 4490:
        diagnosis.kind = ZONE_PREFIXED if kind == PROJECTED else kind
    return diagnosis
