"""When, where and which way a photo was taken, from its JPEG EXIF block; plain Python, no Pillow, no GDAL.

Phones and cameras write a TIFF structure into the JPEG's APP1 segment: IFD0 holds DateTime and pointers to the Exif
IFD (DateTimeOriginal) and the GPS IFD (latitude, longitude, image direction). Patrol photos come from every kind of
phone and are often re-saved by chat apps, so anything missing, odd or broken gives "no value", never an exception:
a photo without EXIF is still evidence.

Why JPEGs are read here and not by QGIS's QgsExifTools (exiv2), which layers/photo_exif.py uses for the other photo
kinds (PNG, TIFF, WebP; HEIC where exiv2 reads it) through ``from_tags`` below, so the rules stay the same:
- QgsExifTools hands exiv2 the path as 8-bit text, so on Windows it reads nothing from a path with Chinese in it
  (qgis/QGIS#61141, open on QGIS 3.42), and every evidence file lies under ``<ledger>_取证材料``;
- one odd tag (a longitude of one rational instead of three) makes its readTags() return no tag at all, time
  included; it gives no time for dates written "2024-05-18 09:41:27" or without seconds, which this reader takes;
- measured 2026-12-06, QGIS 3.22.16 with exiv2 0.27.6, a 4.1 MB 4000×3000 phone JPEG with a 40 KB maker note, per
  photo: this reader 0.05 ms; QgsExifTools.readTags 2.1 ms; getGeoTag plus four readTag 0.44 ms.
"""

from __future__ import annotations

import io
import math
import struct
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO, Dict, Mapping, Optional, Tuple

# Only the segments before the image data (SOS) can hold EXIF; each is at most 64 KiB.
MAX_HEADER_BYTES = 1 << 20

_TAG_DATETIME = 0x0132
_TAG_EXIF_IFD = 0x8769
_TAG_GPS_IFD = 0x8825
_TAG_DATETIME_ORIGINAL = 0x9003
_GPS_LATITUDE_REF, _GPS_LATITUDE, _GPS_LONGITUDE_REF, _GPS_LONGITUDE = 1, 2, 3, 4
_GPS_IMG_DIRECTION_REF, _GPS_IMG_DIRECTION = 16, 17

# TIFF type -> (struct code, size in bytes)
_TYPES = {1: ("B", 1), 2: ("s", 1), 3: ("H", 2), 4: ("I", 4), 5: ("II", 8), 7: ("B", 1), 9: ("i", 4), 10: ("ii", 8)}
_MAX_ENTRIES = 1000  # a corrupt count must not make us loop over megabytes


@dataclass(frozen=True)
class PhotoExif:
    """What a photo says about itself; None where it says nothing usable."""

    taken_at: Optional[datetime] = None
    latitude: Optional[float] = None  # decimal degrees, south negative
    longitude: Optional[float] = None  # decimal degrees, west negative
    direction: Optional[float] = None  # degrees clockwise from north, the way the camera looked
    direction_ref: Optional[str] = None  # "T" true north, "M" magnetic north

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


NOTHING = PhotoExif()


def read_exif_file(path: str) -> PhotoExif:
    """The EXIF of the JPEG at ``path``; NOTHING for other files, unreadable files or broken EXIF."""
    try:
        with open(path, "rb") as stream:
            segment = _exif_segment(stream)
    except (OSError, ValueError, struct.error):
        return NOTHING
    return read_tiff(segment) if segment else NOTHING


def read_exif(data: bytes) -> PhotoExif:
    """The EXIF of a JPEG given as bytes (see read_exif_file)."""
    try:
        segment = _exif_segment(io.BytesIO(data))
    except (ValueError, struct.error):
        return NOTHING
    return read_tiff(segment) if segment else NOTHING


def _exif_segment(stream: BinaryIO) -> Optional[bytes]:
    """The TIFF bytes of the first "Exif" APP1 segment, walking the JPEG markers up to the image data."""
    if stream.read(2) != b"\xff\xd8":
        return None
    position = 2
    while position < MAX_HEADER_BYTES:
        marker = stream.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        kind = marker[1]
        if kind == 0xFF:  # fill byte before a marker
            stream.seek(-1, 1)
            position += 1
            continue
        if kind in (0xD8, 0x01) or 0xD0 <= kind <= 0xD7:  # markers without a length
            position += 2
            continue
        if kind in (0xDA, 0xD9):  # start of scan / end of image: no EXIF after this point
            return None
        size_bytes = stream.read(2)
        if len(size_bytes) < 2:
            return None
        size = struct.unpack(">H", size_bytes)[0]
        if size < 2:
            return None
        body = stream.read(size - 2)
        if len(body) < size - 2:  # a truncated file: its EXIF may point into the missing part, trust none of it
            return None
        if kind == 0xE1 and body.startswith(b"Exif\x00\x00"):
            return body[6:]
        if kind == 0xE1 and body.startswith(b"Exif\x00") and body[5:7] in (b"II", b"MM"):
            return body[5:]  # a few writers put a single NUL after "Exif"
        position += 2 + size
    return None


def read_tiff(data: bytes) -> PhotoExif:
    """Read the TIFF structure of an EXIF block: a tag pointing outside the block is skipped, a broken header or
    IFD gives NOTHING."""
    try:
        return _read(_Tiff(data))
    except (ValueError, struct.error, IndexError, OverflowError):
        return NOTHING


def _read(reader: "_Tiff") -> PhotoExif:
    ifd0 = reader.ifd(reader.first_ifd)
    exif = reader.sub_ifd(ifd0, _TAG_EXIF_IFD)
    gps = reader.sub_ifd(ifd0, _TAG_GPS_IFD)
    taken_at = _parse_datetime(reader.text(exif, _TAG_DATETIME_ORIGINAL)) or _parse_datetime(
        reader.text(ifd0, _TAG_DATETIME)
    )
    latitude = _coordinate(reader, gps, _GPS_LATITUDE, _GPS_LATITUDE_REF, "N", "S", 90.0)
    longitude = _coordinate(reader, gps, _GPS_LONGITUDE, _GPS_LONGITUDE_REF, "E", "W", 180.0)
    direction = _first(reader.rationals(gps, _GPS_IMG_DIRECTION))
    return _checked(taken_at, latitude, longitude, direction, reader.text(gps, _GPS_IMG_DIRECTION_REF))


# The exiv2 keys of the tags read, as QgsExifTools names them (layers/photo_exif.py).
TAG_KEYS = (
    "Exif.Photo.DateTimeOriginal",
    "Exif.Image.DateTime",
    "Exif.GPSInfo.GPSLatitude",
    "Exif.GPSInfo.GPSLatitudeRef",
    "Exif.GPSInfo.GPSLongitude",
    "Exif.GPSInfo.GPSLongitudeRef",
    "Exif.GPSInfo.GPSImgDirection",
    "Exif.GPSInfo.GPSImgDirectionRef",
)


def from_tags(tags: Mapping[str, object]) -> PhotoExif:
    """The same rules as for a JPEG read here, applied to tags read elsewhere (exiv2 keys, ``TAG_KEYS``): dates as
    datetime or EXIF text, coordinates as unsigned decimal degrees or (degrees, minutes, seconds), refs as text.
    A missing or unusable value gives None; never raises."""

    def when(key: str) -> Optional[datetime]:
        value = tags.get(key)
        return value if isinstance(value, datetime) else _parse_datetime(value if isinstance(value, str) else None)

    def coordinate(key: str, positive: str, negative: str, limit: float) -> Optional[float]:
        parts = _numbers(tags.get(key))
        if not parts:
            return None
        degrees = sum(part / 60.0**k for k, part in enumerate(parts[:3]))
        return _signed(degrees, _text(tags.get(key + "Ref")), positive, negative, limit)

    latitude = coordinate("Exif.GPSInfo.GPSLatitude", "N", "S", 90.0)
    longitude = coordinate("Exif.GPSInfo.GPSLongitude", "E", "W", 180.0)
    direction = _first(_numbers(tags.get("Exif.GPSInfo.GPSImgDirection")))
    taken_at = when("Exif.Photo.DateTimeOriginal") or when("Exif.Image.DateTime")
    return _checked(taken_at, latitude, longitude, direction, _text(tags.get("Exif.GPSInfo.GPSImgDirectionRef")))


def _numbers(value) -> Optional[Tuple[float, ...]]:
    values = value if isinstance(value, (list, tuple)) else (value,)
    if not values or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return None
    if not all(math.isfinite(v) for v in values):  # exiv2's answer for a zero denominator
        return None
    return tuple(float(v) for v in values)


def _text(value) -> Optional[str]:
    return (value.strip() or None) if isinstance(value, str) else None


def _checked(taken_at, latitude, longitude, direction, direction_ref) -> PhotoExif:
    if latitude is None or longitude is None:  # half a position is no position
        latitude = longitude = None
    if direction is not None and not 0.0 <= direction <= 360.0:
        direction = None
    direction_ref = (direction_ref or "").upper()[:1] or None
    if direction is None or direction_ref not in ("T", "M"):
        direction_ref = None
    if direction is not None:
        direction = direction % 360.0
    return PhotoExif(taken_at, latitude, longitude, direction, direction_ref)


Entry = Tuple[int, int, int]  # (type, count, offset of the value or of the inline value field)


class _Tiff:
    def __init__(self, data: bytes):
        if len(data) < 8:
            raise ValueError("short TIFF header")
        order = data[:2]
        if order == b"II":
            self.order = "<"
        elif order == b"MM":
            self.order = ">"
        else:
            raise ValueError("not a TIFF header")
        if self._unpack("H", data, 2)[0] != 42:
            raise ValueError("not a TIFF header")
        self.data = data
        self.first_ifd = self._unpack("I", data, 4)[0]

    def _unpack(self, code: str, data: bytes, offset: int) -> tuple:
        return struct.unpack_from(self.order + code, data, offset)

    def ifd(self, offset: int) -> Dict[int, Entry]:
        count = self._unpack("H", self.data, offset)[0]
        if count > _MAX_ENTRIES:
            raise ValueError("implausible IFD")
        entries: Dict[int, Entry] = {}
        for k in range(count):
            at = offset + 2 + 12 * k
            tag, kind, number = self._unpack("HHI", self.data, at)
            if kind not in _TYPES:
                continue
            size = _TYPES[kind][1] * number
            value_at = at + 8 if size <= 4 else self._unpack("I", self.data, at + 8)[0]
            if value_at + size > len(self.data):
                continue  # points past the block: a truncated or corrupt file
            entries[tag] = (kind, number, value_at)
        return entries

    def sub_ifd(self, ifd: Dict[int, Entry], tag: int) -> Dict[int, Entry]:
        entry = ifd.get(tag)
        if entry is None or entry[0] not in (4, 13):
            return {}
        try:
            return self.ifd(self._unpack("I", self.data, entry[2])[0])
        except (ValueError, struct.error, IndexError):
            return {}

    def text(self, ifd: Dict[int, Entry], tag: int) -> Optional[str]:
        entry = ifd.get(tag)
        if entry is None or entry[0] not in (1, 2, 7):
            return None
        kind, number, at = entry
        raw = self.data[at : at + number].split(b"\x00", 1)[0]
        return raw.decode("ascii", "replace").strip() or None

    def rationals(self, ifd: Dict[int, Entry], tag: int) -> Optional[Tuple[float, ...]]:
        entry = ifd.get(tag)
        if entry is None or entry[0] not in (5, 10):
            return None
        kind, number, at = entry
        code = "II" if kind == 5 else "ii"
        values = []
        for k in range(number):
            numerator, denominator = self._unpack(code, self.data, at + 8 * k)
            if denominator == 0:  # "unknown" in many phones' GPS blocks
                return None
            values.append(numerator / denominator)
        return tuple(values)


def _first(values: Optional[Tuple[float, ...]]) -> Optional[float]:
    return values[0] if values else None


def _coordinate(reader: _Tiff, gps, tag: int, ref_tag: int, positive: str, negative: str, limit: float):
    parts = reader.rationals(gps, tag)
    if not parts:
        return None
    degrees = parts[0] + (parts[1] / 60.0 if len(parts) > 1 else 0.0) + (parts[2] / 3600.0 if len(parts) > 2 else 0.0)
    return _signed(degrees, reader.text(gps, ref_tag), positive, negative, limit)


def _signed(degrees: float, ref: Optional[str], positive: str, negative: str, limit: float) -> Optional[float]:
    if not 0.0 <= degrees <= limit:
        return None
    ref = (ref or "").upper()[:1]
    if ref == negative:
        return -degrees
    if ref == positive:
        return degrees
    return None  # a coordinate without its hemisphere cannot be placed


def _parse_datetime(text: Optional[str]) -> Optional[datetime]:
    """EXIF's "YYYY:MM:DD HH:MM:SS"; the all-zero or blank dates of cameras without a clock give None."""
    if not text:
        return None
    for layout in ("%Y:%m:%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y:%m:%d %H:%M", "%Y:%m:%d"):
        try:
            return datetime.strptime(text[:19].strip(), layout)
        except ValueError:
            continue
    return None
