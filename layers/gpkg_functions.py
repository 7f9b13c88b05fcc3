"""The SQL functions a GeoPackage's own triggers call, for connections of Python's sqlite3 (GDAL gives them to its
own connections only).

A GeoPackage's R-tree triggers call ST_IsEmpty, ST_MinX, ST_MaxX, ST_MinY and ST_MaxY. Two of them
(``rtree_<table>_<geom>_update3``/``update4``, GeoPackage 1.4 ``update5``) are ``AFTER UPDATE ON <table>`` for
every column, not only the geometry, so SQLite compiles them into every UPDATE of a spatial table and refuses the
UPDATE with "no such function: ST_IsEmpty" when the connection lacks them (checked with GDAL 3.6's ledgers), even
though their WHEN clause (the feature id changed) is false for an attribute update and the function never runs.
They are implemented here after the GeoPackage encoding (the header's flags and envelope, the geometry's WKB when
the header carries no envelope), so that a trigger that does run gets the same answer GDAL's would give.

Why by hand: GDAL does not give them to other connections. Loaded into Python's sqlite3 as an extension
(``load_extension`` of libgdal, GDAL 3.6.2, checked 2026-12-06) it adds its ogr_* functions only ("no such function:
ST_MinX"), and load_extension is missing from some Pythons QGIS ships with; mod_spatialite is not shipped with QGIS
everywhere either. Nothing here is on a timed path: these run only inside the triggers.
"""

from __future__ import annotations

import sqlite3
import struct
from typing import Optional, Tuple

from osgeo import ogr

ogr.UseExceptions()

# Envelope indicator (flags bits 1-3) -> doubles in the header's envelope: none, xy, xyz, xym, xyzm.
_ENVELOPE_DOUBLES = {0: 0, 1: 4, 2: 6, 3: 6, 4: 8}
_EMPTY_FLAG = 0x10


def _parts(blob) -> Optional[Tuple[int, bytes]]:
    """(flags, whole blob) of a GeoPackage geometry blob; None for NULL or anything that is not one."""
    if blob is None:
        return None
    data = bytes(blob)
    if len(data) < 8 or data[:2] != b"GP":
        return None
    return data[3], data


def _envelope(blob) -> Optional[Tuple[float, float, float, float]]:
    """(minx, maxx, miny, maxy) of a GeoPackage geometry, from its header or else its WKB; None when empty."""
    parts = _parts(blob)
    if parts is None:
        return None
    flags, data = parts
    if flags & _EMPTY_FLAG:
        return None
    doubles = _ENVELOPE_DOUBLES.get((flags >> 1) & 7)
    if doubles is None:  # a reserved indicator: not a valid GeoPackage geometry
        return None
    if doubles:
        order = "<" if flags & 1 else ">"
        return struct.unpack_from(f"{order}4d", data, 8)
    try:
        geometry = ogr.CreateGeometryFromWkb(data[8:])
    except RuntimeError:  # the same answer as GDAL for a blob it cannot read: NULL
        return None
    if geometry is None or geometry.IsEmpty():
        return None
    return geometry.GetEnvelope()  # (minx, maxx, miny, maxy)


def st_is_empty(blob) -> Optional[int]:
    parts = _parts(blob)
    if parts is None:
        return None
    return 1 if parts[0] & _EMPTY_FLAG else 0


def _bound(position: int):
    def bound(blob) -> Optional[float]:
        envelope = _envelope(blob)
        return None if envelope is None else float(envelope[position])

    return bound


FUNCTIONS = {
    "ST_IsEmpty": st_is_empty,
    "ST_MinX": _bound(0),
    "ST_MaxX": _bound(1),
    "ST_MinY": _bound(2),
    "ST_MaxY": _bound(3),
}


def register(db: sqlite3.Connection) -> sqlite3.Connection:
    """Give ``db`` the functions the GeoPackage's triggers call; returns ``db``."""
    for name, function in FUNCTIONS.items():
        db.create_function(name, 1, function, deterministic=True)
    return db
