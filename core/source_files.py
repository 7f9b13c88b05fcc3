"""What is wrong with a file that is there but cannot be read as it should: a shapefile without its .shx or .dbf, a
.shp or .dbf shorter than its header says, a GeoPackage that is no SQLite database or is cut short, a layer name the
file does not have, several layers and none chosen.

GDAL opens most of these without a word, or with a message that does not name the cause: a .dbf holding 3 of the
6 records its header announces is read as 3 features, a shapefile without .dbf as features without attributes, a
missing .shx is "not found", a GeoPackage of several layers named without one opens whichever comes first. The
headers say what is wrong; they are read here as bytes (no GDAL), so the verdict is the same on every QGIS.

Each problem is an English template with its values (``Problem``); the QGIS side translates it (layers/
source_problems.py).
"""

from __future__ import annotations

import os
import sqlite3
import struct
from contextlib import closing
from typing import Dict, List, Optional, Tuple
from urllib.parse import quote

from .dbf_encoding import sidecar

Problem = Tuple[str, Dict[str, object]]

SQLITE_HEADER = b"SQLite format 3\x00"
SHAPEFILE_CODE = 9994  # the first four bytes of every .shp and .shx, big-endian
SHAPEFILE_PARTS = ".shp, .shx, .dbf, .prj, .cpg"

MISSING_FILE = "{path} does not exist: check the folder and the file name"
MISSING_SHX = (
    "The shapefile {path} has no .shx file beside it (the index of its shapes), so it cannot be read. Copy all the "
    "files of the shapefile together ({parts})"
)
MISSING_DBF = (
    "The shapefile {path} has no .dbf file beside it (its attribute table): every attribute would be lost. Copy all "
    "the files of the shapefile together ({parts})"
)
NOT_A_SHAPEFILE = "{path} is not a shapefile part (its header is not one): the file is damaged or misnamed"
TRUNCATED_BYTES = (
    "{path} is truncated: its header announces {expected} bytes but the file has {size}. The copy is incomplete: "
    "copy it again from the original"
)
TRUNCATED_RECORDS = (
    "{path} is truncated: its header announces {expected} records but the file holds only {found}. The copy is "
    "incomplete: copy it again from the original"
)
RECORDS_DIFFER = (
    "The shapefile {path} has {shapes} shapes but {records} rows in its .dbf: its files do not belong together. "
    "Copy all the files of the shapefile together from the original"
)
NOT_SQLITE = (
    "{path} is not a GeoPackage (not an SQLite database): perhaps an error page saved under this name or another "
    "format renamed. Get the file again"
)
TRUNCATED_SQLITE = (
    "{path} is truncated ({size} of {expected} bytes): the copy is incomplete. Copy it again, with its -wal file "
    "if there is one"
)
UNREADABLE_SQLITE = "{path} is a damaged database: {error}. Copy it again from the original"
NO_SUCH_LAYER = "{path} has no layer {layer}; its layers are: {layers}. Choose one: {path}|layername=NAME"
NO_SUCH_LAYER_ID = "{path} has no layer number {layer} (it has {count}: {layers}). Choose one: {path}|layername=NAME"
CHOOSE_LAYER = (
    "{path} holds {count} layers ({layers}) and none was named: QGIS would take one of them without a word. "
    "Choose one: {path}|layername=NAME, e.g. {path}|layername={first}"
)
NO_LAYERS = "{path} holds no layer"
MESSAGES = (
    MISSING_FILE,
    MISSING_SHX,
    MISSING_DBF,
    NOT_A_SHAPEFILE,
    TRUNCATED_BYTES,
    TRUNCATED_RECORDS,
    RECORDS_DIFFER,
    NOT_SQLITE,
    TRUNCATED_SQLITE,
    UNREADABLE_SQLITE,
    NO_SUCH_LAYER,
    NO_SUCH_LAYER_ID,
    CHOOSE_LAYER,
    NO_LAYERS,
)


def is_shapefile(path: str) -> bool:
    """A .shp, or a .shx or .dbf with a .shp beside it (a .dbf alone is a table of its own)."""
    extension = os.path.splitext(path)[1].lower()
    return extension == ".shp" or (extension in (".shx", ".dbf") and sidecar(path, ".shp") is not None)


def shapefile_problem(path: str) -> Optional[Problem]:
    """What keeps the shapefile at ``path`` (any of its parts) from being read whole, or None."""
    shp = sidecar(path, ".shp")
    if shp is None:
        return MISSING_FILE, {"path": os.path.splitext(path)[0] + ".shp"}
    shx, dbf = sidecar(shp, ".shx"), sidecar(shp, ".dbf")
    if shx is None:
        return MISSING_SHX, {"path": shp, "parts": SHAPEFILE_PARTS}
    if dbf is None:
        return MISSING_DBF, {"path": shp, "parts": SHAPEFILE_PARTS}
    for part in (shp, shx):
        problem = _main_file_problem(part)
        if problem is not None:
            return problem
    problem, records = _dbf_problem(dbf)
    if problem is not None:
        return problem
    shapes = (os.path.getsize(shx) - 100) // 8
    if records is not None and records != shapes:
        return RECORDS_DIFFER, {"path": shp, "shapes": shapes, "records": records}
    return None


def _main_file_problem(path: str) -> Optional[Problem]:
    """A .shp or .shx: its header's file length (in 16-bit words) against the bytes there are."""
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or struct.unpack(">i", header[:4])[0] != SHAPEFILE_CODE:
        return NOT_A_SHAPEFILE, {"path": path}
    expected = 2 * struct.unpack(">i", header[24:28])[0]
    if size < expected:
        return TRUNCATED_BYTES, {"path": path, "expected": expected, "size": size}
    return None


def _dbf_problem(path: str) -> Tuple[Optional[Problem], Optional[int]]:
    """(the problem of a .dbf or None, the records it announces)."""
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        header = handle.read(32)
    if len(header) < 32:
        return (TRUNCATED_BYTES, {"path": path, "expected": 32, "size": size}), None
    records, header_length, record_length = struct.unpack("<IHH", header[4:12])
    if size < header_length:
        return (TRUNCATED_BYTES, {"path": path, "expected": header_length, "size": size}), records
    if record_length and size < header_length + records * record_length:
        found = (size - header_length) // record_length
        return (TRUNCATED_RECORDS, {"path": path, "expected": records, "found": found}), records
    return None, records


def is_sqlite(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == SQLITE_HEADER
    except OSError:
        return False


def sqlite_problem(path: str) -> Optional[Problem]:
    """A file that should be a GeoPackage: not an SQLite database, or shorter than its header's page count."""
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        return NOT_SQLITE, {"path": path}
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counted = header[92:96] == header[24:28]  # the page count is valid only then (SQLite's file format, 1.3.8)
    if counted and pages and size < page_size * pages:
        return TRUNCATED_SQLITE, {"path": path, "size": size, "expected": page_size * pages}
    return None


def geopackage_tables(path: str) -> List[str]:
    """The tables of a GeoPackage (its gpkg_contents; every table for another SQLite file), read-only.

    Raises sqlite3.Error for a database that cannot be read."""
    uri = f"file:{quote(os.path.abspath(path))}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        known = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        if "gpkg_contents" in known:
            return sorted(row[0] for row in db.execute("SELECT table_name FROM gpkg_contents"))
        return sorted(name for name in known if not name.startswith("sqlite_"))


def geopackage_problem(path: str, layer: str = "", layer_id: Optional[int] = None) -> Optional[Problem]:
    """What keeps the GeoPackage at ``path`` from being read as the layer asked for (``layer`` by name, else
    ``layer_id`` by number, else the file's only layer), or None."""
    problem = sqlite_problem(path)
    if problem is not None:
        return problem
    try:
        tables = geopackage_tables(path)
    except sqlite3.Error as error:
        if "locked" in str(error).lower() or "busy" in str(error).lower():
            return None  # in use by another program, not damaged: the writer waits for it and says so
        return UNREADABLE_SQLITE, {"path": path, "error": str(error)}
    return layer_choice_problem(path, tables, layer, layer_id)


def layer_choice_problem(path: str, tables: List[str], layer: str = "", layer_id: Optional[int] = None):
    """The layer asked for among the ``tables`` of a file of several layers."""
    listed = ", ".join(tables)
    if not tables:
        return NO_LAYERS, {"path": path}
    if layer:
        if layer.lower() not in {t.lower() for t in tables}:
            return NO_SUCH_LAYER, {"path": path, "layer": layer, "layers": listed}
        return None
    if layer_id is not None:
        if not 0 <= layer_id < len(tables):
            return NO_SUCH_LAYER_ID, {"path": path, "layer": layer_id, "count": len(tables), "layers": listed}
        return None
    if len(tables) > 1:
        return CHOOSE_LAYER, {"path": path, "count": len(tables), "layers": listed, "first": tables[0]}
    return None
