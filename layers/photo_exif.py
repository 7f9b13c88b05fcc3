"""A photo's time, position and direction: JPEGs by core/exif.py, the other photo kinds (PNG, TIFF, WebP; HEIC where
the exiv2 under QGIS reads it) by QGIS's QgsExifTools, both under the same rules (``core.exif.from_tags``).

Why JPEGs are not handed to QgsExifTools as well, with the measurement: core/exif.py's first lines.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Iterable

from qgis.core import QgsExifTools
from qgis.PyQt.QtCore import QDateTime

from ..core.evidence_files import is_photo
from ..core.exif import NOTHING, TAG_KEYS, PhotoExif, from_tags, read_exif_file

JPEG_SUFFIXES = (".jpg", ".jpeg", ".jpe", ".jfif")


def read_photo_exif(*paths: str) -> PhotoExif:
    """The EXIF of the photo at the first of ``paths`` that gives any (the same file under several names: on
    Windows exiv2 opens only a path it can spell in the system's code page); NOTHING for other files."""
    for path in paths:
        found = _read_one(path)
        if found != NOTHING:
            return found
    return NOTHING


def _read_one(path: str) -> PhotoExif:
    if not path or not os.path.isfile(path) or not is_photo(path):
        return NOTHING
    if path.lower().endswith(JPEG_SUFFIXES):
        return read_exif_file(path)
    return from_tags({key: _python(QgsExifTools.readTag(path, key)) for key in TAG_KEYS})


def _python(value):
    """A readTag answer as plain Python: QDateTime → datetime (None when invalid), NULL → None."""
    if isinstance(value, QDateTime):
        return value.toPyDateTime() if value.isValid() else None
    if isinstance(value, (str, int, float, datetime)) and not isinstance(value, bool):
        return value
    if isinstance(value, Iterable) and not isinstance(value, (bytes, str)):
        return tuple(value)
    return None
