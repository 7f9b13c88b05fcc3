"""JPEG photos with EXIF built byte by byte, for the EXIF reader and the evidence tests.

The TIFF block is written here by hand (either byte order), so the tests do not depend on what Pillow writes;
Pillow only draws the pixels, so that the files are real JPEGs any viewer (and QGIS's thumbnails) can open.
"""

import io
import struct
from typing import Dict, List, Optional, Sequence, Tuple

BYTE, ASCII, SHORT, LONG, RATIONAL, UNDEFINED = 1, 2, 3, 4, 5, 7
Tag = Tuple[int, int, object]  # (tag, type, value)


def dms(value: float) -> Tuple[Tuple[int, int], Tuple[int, int], Tuple[int, int]]:
    """Decimal degrees as the three rationals a phone writes (seconds to 1/10000)."""
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60 * 10000)
    return (degrees, 1), (minutes, 1), (seconds, 10000)


def _encode(order: str, kind: int, value) -> Tuple[bytes, int]:
    if kind == ASCII:
        raw = value.encode("ascii") + b"\x00"
        return raw, len(raw)
    if kind in (BYTE, UNDEFINED):
        return bytes(value), len(value)
    if kind == SHORT:
        values = value if isinstance(value, (list, tuple)) else [value]
        return b"".join(struct.pack(order + "H", v) for v in values), len(values)
    if kind == LONG:
        values = value if isinstance(value, (list, tuple)) else [value]
        return b"".join(struct.pack(order + "I", v) for v in values), len(values)
    if kind == RATIONAL:
        values = value if isinstance(value[0], (list, tuple)) else [value]
        return b"".join(struct.pack(order + "II", n, d) for n, d in values), len(values)
    raise ValueError(kind)


def _ifd(order: str, tags: Sequence[Tag], start: int, next_ifd: int = 0) -> bytes:
    """One IFD placed at ``start`` in the TIFF block, its long values right after it."""
    tags = sorted(tags, key=lambda t: t[0])
    table = struct.pack(order + "H", len(tags))
    data_at = start + 2 + 12 * len(tags) + 4
    data = b""
    for tag, kind, value in tags:
        raw, count = _encode(order, kind, value)
        if len(raw) <= 4:
            field = raw.ljust(4, b"\x00")
        else:
            field = struct.pack(order + "I", data_at + len(data))
            data += raw + (b"\x00" if len(raw) % 2 else b"")
        table += struct.pack(order + "HHI", tag, kind, count) + field
    return table + struct.pack(order + "I", next_ifd) + data


def tiff_block(
    ifd0: List[Tag], exif: Optional[List[Tag]] = None, gps: Optional[List[Tag]] = None, big_endian: bool = False
) -> bytes:
    """A TIFF structure: IFD0 with pointers to the Exif and GPS IFDs, as cameras lay it out."""
    order = ">" if big_endian else "<"
    header = (b"MM" if big_endian else b"II") + struct.pack(order + "HI", 42, 8)
    ifd0 = list(ifd0)
    # Pointers are filled in after the sizes are known; reserve them first.
    if exif is not None:
        ifd0.append((0x8769, LONG, 0))
    if gps is not None:
        ifd0.append((0x8825, LONG, 0))
    first = _ifd(order, ifd0, 8)
    offset = 8 + len(first)
    pointers: Dict[int, int] = {}
    blocks = b""
    for tag, tags in ((0x8769, exif), (0x8825, gps)):
        if tags is None:
            continue
        pointers[tag] = offset + len(blocks)
        blocks += _ifd(order, tags, offset + len(blocks))
    ifd0 = [(t, k, pointers.get(t, v)) for t, k, v in ifd0]
    return header + _ifd(order, ifd0, 8) + blocks


def photo_tags(
    taken: str = "2024:05:18 09:41:27",
    latitude: Optional[float] = 29.5619,
    longitude: Optional[float] = 106.4520,
    direction: Optional[Tuple[int, int]] = (12345, 100),
    direction_ref: str = "T",
    south_west: bool = False,
):
    """IFD0, Exif and GPS tags of a phone photo taken on patrol."""
    ifd0 = [(0x010F, ASCII, "HUAWEI"), (0x0110, ASCII, "ELS-AN00"), (0x0132, ASCII, "2024:05:20 18:00:00")]
    exif = [(0x9003, ASCII, taken), (0x9004, ASCII, taken), (0x927C, UNDEFINED, b"MakerNote" * 20)]
    gps = [(0x0000, BYTE, b"\x02\x02\x00\x00")]  # GPSVersionID 2.2
    if latitude is not None:
        gps += [(1, ASCII, "S" if south_west else "N"), (2, RATIONAL, dms(latitude))]
    if longitude is not None:
        gps += [(3, ASCII, "W" if south_west else "E"), (4, RATIONAL, dms(longitude))]
    if direction is not None:
        gps += [(16, ASCII, direction_ref), (17, RATIONAL, direction)]
    return ifd0, exif, gps


def jpeg_with_exif(tiff: Optional[bytes], size=(64, 48), colour=(120, 160, 90), xmp: bool = True) -> bytes:
    """A real JPEG (drawn by Pillow) with ``tiff`` as its EXIF APP1 segment, after the JFIF APP0 like a phone's."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=80)
    plain = buffer.getvalue()
    assert plain[:2] == b"\xff\xd8" and plain[2:4] == b"\xff\xe0"
    app0_end = 4 + struct.unpack(">H", plain[4:6])[0]
    segments = b""
    if xmp:  # an XMP APP1 first: the reader must skip APP1 segments that are not EXIF
        body = b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta/>"
        segments += b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
    if tiff is not None:
        body = b"Exif\x00\x00" + tiff
        segments += b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
    return plain[:app0_end] + segments + plain[app0_end:]


def patrol_photo(big_endian: bool = False, **kwargs) -> bytes:
    ifd0, exif, gps = photo_tags(**kwargs)
    return jpeg_with_exif(tiff_block(ifd0, exif, gps, big_endian=big_endian))
