"""The notes of the boundary-point readers (core/boundary_*, core/sheet_tables) in Chinese and English.

tr() finds a note by its English template, so every template is listed here for tools.i18n (their Chinese is in
tests/data/patches/templates_zh_CN.json); tests/qgis/test_read_boundary_points.py keeps the list complete.
"""

from __future__ import annotations

import os

from ..core.notes import ERROR, INFO, Note
from ..translation import tr, tr_chinese, tr_later

TEMPLATES = (
    # core.boundary_points
    tr_later("This is not a boundary-point file: it has no [地块坐标] section"),
    tr_later("The file holds no parcel: [地块坐标] has no line ending in @"),
    tr_later("The file is encoded in {encoding}"),
    tr_later("Line {line} is neither a parcel header (ending in @) nor a point (name, ring, X, Y): {text}"),
    tr_later("Line {line}: {what} {value} is not a number"),
    tr_later("Line {line} is a point before any parcel header (a line ending in @)"),
    tr_later("Points have no ring number (name, X, Y, from line {line}): every point was read as ring 1"),
    tr_later("Parcel {parcel} (line {line}) declares {declared} points but {found} follow"),
    tr_later("Parcel {parcel} (line {line}) is recorded as {kind}, not 面 (a polygon): it was left out"),
    tr_later("Parcel {parcel} (line {line}) has no points"),
    tr_later("Parcel {parcel} (line {line}) was left out: its point on line {point_line} cannot be placed"),
    tr_later("The parcel on line {line} has no 地块编号: it was numbered {parcel}"),
    tr_later("Parcel number {parcel} appears more than once (lines {lines})"),
    tr_later("Parcel {parcel} (line {line}): 地块面积 {declared} is in m², not hectares as the format says"),
    tr_later(
        "Parcel {parcel} (line {line}): 地块面积 {declared} ha differs from the area of its points, {computed:.4f} ha"
    ),
    tr_later("Parcel {parcel} (line {line}): 地块面积 {declared} is not a number"),
    # core.boundary_rings
    tr_later("Ring {ring} of parcel {parcel} (lines {first}–{last}) does not end at its first point: it was closed"),
    tr_later(
        "Ring {ring} of parcel {parcel}: its closing point {point} on line {last} lies {distance:.3f} m "
        "from the same point on line {first}: read as the first point"
    ),
    tr_later(
        "Ring {ring} of parcel {parcel}: point {point} on line {last} repeats the name of its first point "
        "but lies {distance:.2f} m from it: kept as a corner, and the ring closed"
    ),
    tr_later("Ring {ring} of parcel {parcel} (lines {first}–{last}) has fewer than 3 different points"),
    tr_later("Ring {ring} of parcel {parcel} lies inside ring {outer}: read as a hole"),
    tr_later("Ring {ring} of parcel {parcel} lies outside the other rings: read as a further part of the parcel"),
    tr_later("Ring 1 of parcel {parcel} lies inside ring {outer}: ring {outer} was read as the outline"),
    tr_later(
        "Ring number {ring} of parcel {parcel} appears again on line {line} after another ring: read as a separate ring"
    ),
    tr_later("The rings of parcel {parcel} cross or touch each other ({reason}): the polygon was repaired"),
    tr_later("Nothing is left of parcel {parcel} once its crossing rings are repaired"),
    # core.boundary_system
    tr_later("The file has no [属性描述] section: its coordinate system is not stated"),
    tr_later("Line {line}: ({x}, {y}) is not a northing and an easting in China in either order"),
    tr_later("X and Y are in the wrong order (X is the easting) on every line: they were swapped back"),
    tr_later("X and Y are in the wrong order on lines {lines}: they were swapped back there"),
    tr_later("几度分带={width} is neither 3 nor 6"),
    tr_later(
        "带号={zone} is not a zone over China (3-degree zones 25–45, 6-degree zones 13–23): the file cannot "
        "be placed; correct 带号 in the header"
    ),
    tr_later("带号={zone} is the central meridian {zone}°: read as {width}-degree zone {number}"),
    tr_later("几度分带 is not given: zone {zone} is a {width}-degree zone"),
    tr_later("带号 is not given: zone {zone} was taken from the zone number the eastings carry"),
    tr_later("The zone is not known: 带号 is not given and the eastings carry no zone number; give the zone"),
    tr_later("The eastings carry different zone numbers ({zones}): the file mixes zones"),
    tr_later("The eastings carry zone {found} (line {line}) but 带号 says {zone}: correct the header or the points"),
    tr_later("The eastings carry zone {zone}, which is not a zone over China: the file cannot be placed"),
    tr_later("Only some eastings carry the zone number {zone} (lines {lines}): it was removed from them"),
    tr_later("坐标系 is not given: CGCS2000 (2000国家大地坐标系) was assumed; check with the surveyor"),
    tr_later("坐标系={name} is not a coordinate system this plugin knows (CGCS2000, Xian 1980, Beijing 1954)"),
    tr_later("坐标系={name} is WGS 84: boundary points must be Gauss-Krüger coordinates on CGCS2000"),
    tr_later(
        "The points are on the {datum} datum (EPSG:{epsg}): convert them to CGCS2000 with your province's "
        "transformation parameters before comparing them with the ledger; unconverted they are tens of "
        "metres off"
    ),
    tr_later("投影类型={name} is not Gauss-Krüger: the file cannot be placed"),
    tr_later("计量单位={name} is not metres: the file cannot be placed"),
    tr_later(
        "Coordinate system: {datum}, {width}-degree Gauss-Krüger zone {zone}, central meridian {meridian}°, EPSG:{epsg}"
    ),
    # core.boundary_tables
    tr_later("Sheet {sheet} has no X and Y columns"),
    tr_later("Sheet {sheet}, row {row}: {what} {value} is not a number"),
    tr_later("Sheet {sheet}, row {row}: only one of X and Y is given"),
    tr_later("The coordinate system was taken from the title of sheet {sheet}: {text}"),
    tr_later("Read {count} sheets as parcels: {sheets}"),
    # core.sheet_tables
    tr_later("Read sheet {sheet}: header on row {rows}, data from row {first}"),
    tr_later("Other sheets not read: {sheets}"),
    tr_later("No sheet has a header row naming the expected columns (such as {names})"),
    tr_later("The file cannot be read as a table: {reason}"),
)

IN_FILE = tr_later("{file}: {note}")


def note_both(note: Note, path: str) -> str:
    """The note in Chinese and English, naming the file (the template names the line, row or field)."""
    name = os.path.basename(path)
    chinese = tr_chinese(IN_FILE).format(file=name, note=tr_chinese(note.template).format(**note.values))
    english = IN_FILE.format(file=name, note=note.text())
    return english if chinese == english else f"{chinese} / {english}"


def note_local(note: Note, path: str) -> str:
    """The note in the user's language, naming the file: for the log."""
    return tr(IN_FILE).format(file=os.path.basename(path), note=tr(note.template).format(**note.values))


def log_note(feedback, note: Note, path: str) -> None:
    """An error or warning note to the log as a warning (both languages), an information note as information."""
    if note.level == INFO:
        feedback.pushInfo(note_local(note, path))
    elif note.level == ERROR:
        feedback.reportError(note_both(note, path), False)
    else:
        feedback.pushWarning(note_both(note, path))
