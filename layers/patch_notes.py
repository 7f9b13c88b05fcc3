"""The notes of the patch cycle's core modules (boundary points, sheets, patch tables, de-duplication, evidence) in
Chinese and English.

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
    # core.patch_mapping
    tr_later("The mapping names {target}, which is not a field patches fill"),
    tr_later("The mapping names the column {source} for {target}, but the file has no such column"),
    tr_later("The mapping {text} is not of the form ledger_field=source_field;…"),
    tr_later("No column holds the patch number (JCBH 监测编号 or TBBH 图斑编号): map one to patch_no"),
    tr_later("No column holds the patch area (TBMJ 图斑面积): the upper level's area will be empty"),
    # core.patches
    tr_later("Row {row}: no patch number ({columns})"),
    tr_later("Row {row}, {column}: {value} is not a date"),
    tr_later("Row {row}, {column}: {value} has no day; read as the first of the month"),
    tr_later("Row {row}, {column}: {value} is not an area"),
    tr_later("Row {row}, {column}: the area {value} is negative"),
    tr_later("Row {row}, {column}: {value} is not a number"),
    tr_later("Row {row}, {column}: {value} is neither yes (是) nor no (否)"),
    tr_later("Row {row}, {column}: patch type {value} is not one the ledger knows; stored as OTHER (其他)"),
    tr_later("Row {row}: the after-image date {after} (HSX) is before the before-image date {before} (QSX)"),
    tr_later("Patch number {patch_no} appears in rows {rows} with different values: a patch number must be unique"),
    tr_later("Rows {rows} carry patch number {patch_no} with the same values: read as the parts of one patch"),
    tr_later("Row {row} is a total row ({text}): skipped"),
    # core.patch_dedup
    tr_later("Patch {patch_no} is case {case_ids} (same patch number)"),
    tr_later("Patch {patch_no} overlaps case {case_id} by {share:.0%} of the smaller: linked to it"),
    tr_later("Case {case_id} carried patch number {old}; it now carries {patch_no} (the patch re-issued)"),
    tr_later("Patch {patch_no}: the upper level changed {fields}"),
    tr_later("Patch {patch_no} was redrawn by the upper level: the outline of case {case_id} was replaced"),
    tr_later(
        "Patch {patch_no} was redrawn by the upper level, but case {case_id} has an outline drawn here: it was kept"
    ),
    tr_later(
        "Patch {patch_no} overlaps case {case_id} by {share:.0%}, but patch {other} of this file is linked "
        "to it: two patches cannot share one case; merge or split them"
    ),
    tr_later("Patch {patch_no} has no outline and no case carries its number: a new case needs an outline"),
    tr_later("Patch {patch_no} overlaps case {case_id} by {share:.0%} only: created as a new case; check it"),
    tr_later("Patches {patch_no} and {other} of this file overlap by {share:.0%} of the smaller"),
    tr_later(
        "{outside} of {total} patches lie outside the ledger's zone {zone} (they lie in zones {zones}); "
        "their planar areas are computed in zone {zone}"
    ),
    # core.evidence_verdict
    tr_later("Photo {photo}: no time it was taken"),
    tr_later("Photo {photo}: no direction it was taken in"),
    tr_later("Photo {photo}: no position it was taken at"),
    tr_later("Photo {photo}: taken on {taken}, before the after-image date {after} (HSX)"),
    tr_later("Photo {photo}: taken on {taken}, after today ({today}): the camera's clock is wrong"),
    tr_later("Photo {photo}: taken {distance:.0f} m from the patch; at most {limit:.0f} m is allowed"),
    tr_later("The patch has no after-image date (HSX): the photos' dates cannot be checked"),
    tr_later("The patch has no outline: the photos' positions cannot be checked"),
    tr_later("{usable} of {photos} photos meet every requirement; the office requires {required}"),
    tr_later("No distant shot (远景) among the usable photos"),
    tr_later("No close shot (近景) among the usable photos"),
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
