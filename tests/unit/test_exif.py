"""core/exif.py: time, position and direction of a patrol photo; anything broken gives "no value", never an error."""

import io
import random
import struct
from datetime import datetime

import pytest
from exif_jpeg import ASCII, LONG, RATIONAL, jpeg_with_exif, patrol_photo, photo_tags, tiff_block

from lianwei.core.exif import NOTHING, PhotoExif, read_exif, read_exif_file, read_tiff

LAT, LON = 29.5619, 106.4520


@pytest.mark.parametrize("big_endian", [False, True], ids=["II little-endian", "MM big-endian"])
def test_a_phone_photo_gives_time_position_and_direction(big_endian):
    info = read_exif(patrol_photo(big_endian=big_endian))
    # DateTimeOriginal (when the shutter fired), not DateTime (when an app last saved the file).
    assert info.taken_at == datetime(2024, 5, 18, 9, 41, 27)
    assert info.latitude == pytest.approx(LAT, abs=1e-7)
    assert info.longitude == pytest.approx(LON, abs=1e-7)
    assert info.direction == pytest.approx(123.45)
    assert info.direction_ref == "T"
    assert info.has_position


def test_southern_and_western_hemispheres_are_negative_and_magnetic_north_is_kept():
    info = read_exif(patrol_photo(south_west=True, direction=(27050, 100), direction_ref="M"))
    assert info.latitude == pytest.approx(-LAT, abs=1e-7)
    assert info.longitude == pytest.approx(-LON, abs=1e-7)
    assert info.direction == pytest.approx(270.5) and info.direction_ref == "M"


def test_without_an_exif_ifd_the_file_datetime_is_used():
    ifd0, _, gps = photo_tags()
    info = read_exif(jpeg_with_exif(tiff_block(ifd0, None, gps)))
    assert info.taken_at == datetime(2024, 5, 20, 18, 0, 0)
    assert info.has_position


def test_a_photo_without_gps_has_time_only():
    info = read_exif(patrol_photo(latitude=None, longitude=None, direction=None))
    assert info == PhotoExif(taken_at=datetime(2024, 5, 18, 9, 41, 27))


def test_what_pillow_writes_like_an_iphone_is_read():
    """A real-world-like file: Pillow's own EXIF writer (big-endian here), JFIF first, IFDs in Pillow's layout."""
    from PIL import Image
    from PIL.TiffImagePlugin import IFDRational as R

    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 13"
    exif[0x0132] = "2024:06:01 08:00:00"
    exif[0x8769] = {0x9003: "2024:06:01 07:59:58", 0x9010: "+08:00", 0xA002: 4032, 0xA003: 3024}
    exif[0x8825] = {
        1: "N",
        2: (R(29, 1), R(33, 1), R(4284, 100)),
        3: "E",
        4: (R(106, 1), R(27, 1), R(72, 10)),
        16: "M",
        17: R(27050, 100),
    }
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (90, 120, 150)).save(buffer, "JPEG", exif=exif.tobytes(), quality=85)
    info = read_exif(buffer.getvalue())
    assert info.taken_at == datetime(2024, 6, 1, 7, 59, 58)
    assert info.latitude == pytest.approx(29 + 33 / 60 + 42.84 / 3600, abs=1e-9)
    assert info.longitude == pytest.approx(106 + 27 / 60 + 7.2 / 3600, abs=1e-9)
    assert info.direction == pytest.approx(270.5) and info.direction_ref == "M"


def test_files_without_exif_give_nothing():
    assert read_exif(jpeg_with_exif(None)) is NOTHING
    assert read_exif(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n") is NOTHING
    assert read_exif(b"") is NOTHING
    assert read_exif(b"\xff\xd8") is NOTHING


def test_a_truncated_photo_never_raises():
    photo = patrol_photo()
    exif_at = photo.index(b"Exif\x00\x00")
    full = read_exif(photo)
    for end in range(0, exif_at + 400):
        info = read_exif(photo[:end])
        assert isinstance(info, PhotoExif)
    # Cut inside the EXIF segment: the segment is incomplete, nothing from it is trusted.
    assert read_exif(photo[: exif_at + 120]) is NOTHING
    # Cut after it: everything is there.
    assert read_exif(photo[: exif_at + 2000]) == full


def test_corrupt_exif_blocks_never_raise():
    photo = patrol_photo()
    start = photo.index(b"Exif\x00\x00") + 6
    rng = random.Random(6)
    for _ in range(400):
        damaged = bytearray(photo)
        for _ in range(rng.randint(1, 12)):
            damaged[start + rng.randrange(600)] = rng.randrange(256)
        assert isinstance(read_exif(bytes(damaged)), PhotoExif)
    for _ in range(200):
        assert isinstance(read_tiff(bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))), PhotoExif)


def test_offsets_pointing_outside_the_block_lose_only_their_tag():
    ifd0, exif, _ = photo_tags()
    # A GPS IFD whose latitude points far past the end of the block.
    block = bytearray(tiff_block(ifd0, exif, [(1, ASCII, "N"), (2, RATIONAL, ((29, 1), (33, 1), (4284, 100)))]))
    at = block.index(struct.pack("<HHI", 2, RATIONAL, 3))
    block[at + 8 : at + 12] = struct.pack("<I", 0x7FFFFFF0)
    info = read_tiff(bytes(block))
    assert info.taken_at == datetime(2024, 5, 18, 9, 41, 27)
    assert info.latitude is None and info.longitude is None
    # An Exif IFD pointer to nowhere: the time falls back to IFD0's DateTime.
    block = tiff_block(ifd0 + [(0x8769, LONG, 0x00FFFFFF)])
    assert read_tiff(block).taken_at == datetime(2024, 5, 20, 18, 0, 0)


@pytest.mark.parametrize(
    "gps, expected",
    [
        ([(1, ASCII, "N"), (2, RATIONAL, ((29, 0), (0, 1), (0, 1))), (3, ASCII, "E"), (4, RATIONAL, (106, 1))], None),
        ([(2, RATIONAL, ((29, 1), (0, 1), (0, 1))), (3, ASCII, "E"), (4, RATIONAL, (106, 1))], None),  # no N/S
        ([(1, ASCII, "N"), (2, RATIONAL, ((95, 1), (0, 1), (0, 1))), (3, ASCII, "E"), (4, RATIONAL, (106, 1))], None),
        ([(1, ASCII, "N"), (2, RATIONAL, ((29, 1), (30, 1), (0, 1))), (3, ASCII, "E"), (4, RATIONAL, (106, 1))], 29.5),
    ],
    ids=["zero denominator", "no hemisphere", "beyond the pole", "good"],
)
def test_unusable_coordinates_give_no_position(gps, expected):
    info = read_tiff(tiff_block([], None, gps))
    assert info.latitude == expected
    assert (info.longitude is None) == (expected is None)


def test_a_camera_without_a_clock_gives_no_time():
    block = tiff_block([(0x0132, ASCII, "0000:00:00 00:00:00")], [(0x9003, ASCII, "    :  :     :  :  ")])
    assert read_tiff(block).taken_at is None


def test_reading_from_a_file(tmp_path):
    path = tmp_path / "现场照片.jpg"
    path.write_bytes(patrol_photo(big_endian=True))
    assert read_exif_file(str(path)).taken_at == datetime(2024, 5, 18, 9, 41, 27)
    assert read_exif_file(str(tmp_path / "missing.jpg")) is NOTHING
    assert read_exif_file(str(tmp_path)) is NOTHING  # a folder


def test_tags_read_elsewhere_follow_the_same_rules():
    """core.exif.from_tags: what QgsExifTools (exiv2) gives for PNG, TIFF and WebP photos, under the JPEG rules."""
    from lianwei.core.exif import from_tags

    tags = {
        "Exif.Photo.DateTimeOriginal": datetime(2024, 5, 18, 9, 41, 27),
        "Exif.Image.DateTime": "2024:05:20 18:00:00",
        "Exif.GPSInfo.GPSLatitude": LAT,
        "Exif.GPSInfo.GPSLatitudeRef": "S",
        "Exif.GPSInfo.GPSLongitude": (106, 27, 7.2),
        "Exif.GPSInfo.GPSLongitudeRef": "E",
        "Exif.GPSInfo.GPSImgDirection": 360.0,
        "Exif.GPSInfo.GPSImgDirectionRef": "m",
    }
    info = from_tags(tags)
    assert info.taken_at == datetime(2024, 5, 18, 9, 41, 27)
    assert info.latitude == pytest.approx(-LAT) and info.longitude == pytest.approx(106 + 27 / 60 + 7.2 / 3600)
    assert info.direction == 0.0 and info.direction_ref == "M"
    assert from_tags({**tags, "Exif.Photo.DateTimeOriginal": None}).taken_at == datetime(2024, 5, 20, 18, 0, 0)
    # exiv2 gives inf for a zero denominator; a missing hemisphere, a pole passed or half a position: no position.
    assert from_tags({**tags, "Exif.GPSInfo.GPSImgDirection": float("inf")}).direction is None
    assert from_tags({**tags, "Exif.GPSInfo.GPSImgDirection": 400.0}).direction_ref is None
    for broken in (
        {"Exif.GPSInfo.GPSLatitudeRef": None},
        {"Exif.GPSInfo.GPSLatitude": 95.0},
        {"Exif.GPSInfo.GPSLongitude": float("nan")},
        {"Exif.GPSInfo.GPSLongitude": "106"},
    ):
        assert not from_tags({**tags, **broken}).has_position
    assert from_tags({}) == NOTHING
    assert from_tags({"Exif.Image.DateTime": "0000:00:00 00:00:00", "Exif.GPSInfo.GPSLatitude": True}) == NOTHING
