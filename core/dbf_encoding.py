"""What an office's file really holds: the text encoding of a shapefile's .dbf and what its CRS means.

A shapefile written on a Chinese Windows machine keeps GBK text and often no .cpg; QGIS then reads the text as
UTF-8 and shows U+FFFD without a word. The raw bytes of the character fields tell: valid UTF-8 is UTF-8, else GBK
(GB18030 when only that decodes). A .cpg is the author's word and is always honoured.

A CRS cannot be told from coordinates alone (Xian 1980 and CGCS2000 differ by tens of metres), but the .prj and
the extent together show the usual traps: degrees, a zone number in the easting, an old datum, no CRS at all.
"""

from __future__ import annotations

import os
import re
import struct
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from .gauss_kruger import Zone, zone_for_longitude, zone_from_easting

UTF8 = "UTF-8"
GBK = "GBK"
GB18030 = "GB18030"
# The DBF "language driver" byte (offset 29) for the Chinese code pages; 0 means "not said".
_LDID_ENCODINGS = {0x4D: GBK, 0x7A: GBK, 0x4F: "BIG5", 0x78: "BIG5"}
_TRUNCATED = ("unexpected end of data", "incomplete multibyte sequence")
MAX_RECORDS = 20000


@dataclass(frozen=True)
class DbfText:
    """The raw text of a .dbf: field names and character values (bytes, trailing blanks removed)."""

    language_byte: int
    names: Tuple[bytes, ...]
    values: Tuple[bytes, ...]


@dataclass(frozen=True)
class EncodingGuess:
    """``encoding``: what the text is; ``origin``: "cpg", "ldid", "bytes" or "ascii" (any encoding reads it)."""

    encoding: str
    origin: str
    cpg: Optional[str] = None


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


def detect_encoding(path: str) -> EncodingGuess:
    """The encoding of a shapefile's text: its .cpg, else a Chinese language byte, else the bytes themselves."""
    cpg = read_cpg(path)
    if cpg:
        return EncodingGuess(cpg, "cpg", cpg)
    text = read_dbf_text(path)
    if text.language_byte in _LDID_ENCODINGS:
        return EncodingGuess(_LDID_ENCODINGS[text.language_byte], "ldid")
    encoding, origin = guess_from_bytes(text.names + text.values)
    return EncodingGuess(encoding, origin)


# --- coordinate reference systems ---------------------------------------------------------------------------
MISSING = "missing"
GEOGRAPHIC = "geographic"
PROJECTED = "projected"
ZONE_PREFIXED = "zone_prefixed"

XIAN80 = "Xian 1980"
BEIJING54 = "Beijing 1954"
_OLD_DATUMS = ((XIAN80, ("xian1980", "xian80", "xian_1980")), (BEIJING54, ("beijing1954", "beijing54")))
_FALSE_EASTING = re.compile(r'false[ _]easting"\s*,\s*([-+0-9.eE]+)', re.IGNORECASE)

# Notes for the user; English with {placeholders}, translated by the QGIS side (layers/office_source.py).
NOTE_MISSING = "No coordinate reference system"
NOTE_MISSING_DEGREES = "No coordinate reference system; the coordinates are degrees: CGCS2000 (EPSG:4490) is assumed"
NOTE_MISSING_PREFIXED = (
    "No coordinate reference system; the eastings carry the zone number {zone}: "
    "CGCS2000 3-degree zone {zone} with zone prefix (EPSG:{epsg}) is assumed"
)
NOTE_PREFIX_NOT_IN_CRS = (
    "The eastings carry the zone number {zone} but the CRS has no zone prefix: EPSG:{epsg} is used instead"
)
NOTE_OLD_DATUM = (
    "The CRS is on the {datum} datum: convert the data to CGCS2000 with the transformation parameters of your "
    "province before use; without them positions can be off by tens of metres"
)
NOTE_NOT_DEGREES = "The CRS is geographic but the coordinates are not degrees: the CRS is wrong"
NOTE_DEGREES_IN_PROJECTED = "The CRS is projected but the coordinates look like degrees: the CRS is wrong"
NOTES = (
    NOTE_MISSING,
    NOTE_MISSING_DEGREES,
    NOTE_MISSING_PREFIXED,
    NOTE_PREFIX_NOT_IN_CRS,
    NOTE_OLD_DATUM,
    NOTE_NOT_DEGREES,
    NOTE_DEGREES_IN_PROJECTED,
)


@dataclass
class CrsDiagnosis:
    """What a layer's CRS and extent say. ``use_epsg``: the CRS to read the data in instead of the declared one
    (an assumption for a missing CRS, the zone-prefixed zone for prefixed eastings), or None to keep it."""

    kind: str
    zone: Optional[Zone] = None
    datum: Optional[str] = None
    use_epsg: Optional[int] = None
    notes: List[Tuple[str, Dict[str, object]]] = field(default_factory=list)

    @property
    def old_datum(self) -> bool:
        return self.datum in (XIAN80, BEIJING54)

    @property
    def blocking(self) -> bool:
        """True when nothing can be imported until a CRS is chosen."""
        return self.kind == MISSING and self.use_epsg is None


def _looks_like_degrees(extent) -> bool:
    minx, miny, maxx, maxy = extent
    return -180.0 <= minx <= maxx <= 180.0 and -90.0 <= miny <= maxy <= 90.0


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


def diagnose_crs(wkt: Optional[str], extent: Optional[Tuple[float, float, float, float]]) -> CrsDiagnosis:
    """Diagnose a layer's CRS from its WKT (.prj text) and its extent (minx, miny, maxx, maxy)."""
    wkt = (wkt or "").strip()
    has_extent = extent is not None and all(v == v for v in extent)  # NaN for an empty layer
    if not wkt:
        diagnosis = CrsDiagnosis(MISSING)
        if has_extent and _looks_like_degrees(extent):
            diagnosis.use_epsg = 4490
            diagnosis.zone = zone_for_longitude((extent[0] + extent[2]) / 2)
            diagnosis.notes.append((NOTE_MISSING_DEGREES, {}))
        elif has_extent and zone_from_easting(extent[0]) is not None:
            diagnosis.zone = zone_from_easting((extent[0] + extent[2]) / 2)
            diagnosis.use_epsg = diagnosis.zone.epsg
            diagnosis.notes.append((NOTE_MISSING_PREFIXED, {"zone": diagnosis.zone.number, "epsg": diagnosis.use_epsg}))
        else:
            diagnosis.notes.append((NOTE_MISSING, {}))
        return diagnosis
    upper = wkt.upper()
    projected = "PROJCS[" in upper or "PROJCRS[" in upper
    diagnosis = CrsDiagnosis(PROJECTED if projected else GEOGRAPHIC, datum=datum_of(wkt))
    if diagnosis.old_datum:
        diagnosis.notes.append((NOTE_OLD_DATUM, {"datum": diagnosis.datum}))
    if not has_extent:
        return diagnosis
    degrees = _looks_like_degrees(extent)
    if not projected:
        if degrees:
            diagnosis.zone = zone_for_longitude((extent[0] + extent[2]) / 2)
        else:
            diagnosis.notes.append((NOTE_NOT_DEGREES, {}))
        return diagnosis
    if degrees:
        diagnosis.notes.append((NOTE_DEGREES_IN_PROJECTED, {}))
        return diagnosis
    zone = zone_from_easting((extent[0] + extent[2]) / 2)
    if zone is not None:
        diagnosis.kind, diagnosis.zone = ZONE_PREFIXED, zone
        match = _FALSE_EASTING.search(wkt)
        if match and float(match.group(1)) < 1_000_000 and diagnosis.datum in (None, "CGCS2000"):
            diagnosis.use_epsg = zone.epsg
            diagnosis.notes.append((NOTE_PREFIX_NOT_IN_CRS, {"zone": zone.number, "epsg": zone.epsg}))
    return diagnosis
