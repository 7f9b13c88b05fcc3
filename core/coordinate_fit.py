"""Do a layer's coordinates fit the CRS it declares? Where they do not: is the fix certain, or is the layer refused?

Offices hand over layers whose coordinates and CRS disagree in a few known ways: eastings with the zone number
(36,536,000) under the CRS of the same zone without it (EPSG:4545), or the reverse; X and Y swapped (Chinese
survey tables call the northing X), with or without the zone number; longitudes and latitudes, or latitudes and
longitudes, under a projected CRS; and values that fit nothing: a "prefix" that is no zone of China, the prefix
of another zone, metres under a geographic CRS, data far from the ledger's township.

Every reading (as they are, X/Y swapped; degrees; eastings in a zone) is tried on the corners of the data's
extent, so the cost does not grow with the data. An easting/northing pair fits a zone when, projected back, it
lies in China and within the zone's reach (its half width and as much again: data reach past a zone's edge). A
fix is made only when exactly one reading fits and the zone is known, from the easting's prefix or from the
declared CRS: a zone is never guessed from where the data "should" be. The ledger's township only decides
between two readings that both fit, and refuses data that lie far from it.

6° zones (13–23, EPSG:4491–4512) are CRSs offices use: declared, they are read as they are; an easting prefix of
13–23 names a 6° zone, and a prefix can never be read as both a 3° and a 6° zone, nor as a northing (a northing
in China is 330,000–6,000,000 m). The same central meridian is the same zone: a 6° zone 18 CRS (CM 105°E) with
eastings prefixed 35 (the 3° zone with CM 105°E) is read in EPSG:4523.

Messages are English templates with {placeholders}; the QGIS side translates them (layers/coordinate_check.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from .gauss_kruger import THREE_DEGREE_ZONES, Zone, inverse, prefix_of, zone_for_prefix

Box = Tuple[float, float, float, float]  # minx, miny, maxx, maxy
Note = Tuple[str, Dict[str, object]]

GEOGRAPHIC, PROJECTED, MISSING = "geographic", "projected", "missing"
XIAN80, BEIJING54 = "Xian 1980", "Beijing 1954"
FITS, FIXED, REFUSED = "fits", "fixed", "refused"
CGCS2000_GEOGRAPHIC = 4490
CHINA_LON = (73.0, 136.0)
CHINA_LAT = (3.0, 54.0)  # the Nansha islands to Mohe
MAX_KM = 50.0
_REACH = {3: 3.0, 6: 4.5}  # degrees from the central meridian the data of a zone may reach
_EASTING_LIKE = (150_000.0, 850_000.0)  # an easting without zone number, in a zone of China
_NORTHING_LIKE = (330_000.0, 6_000_000.0)  # a northing in China

# --- notes: fixes (applied and reported) ---------------------------------------------------------------------
NOTE_MISSING_DEGREES = "No coordinate reference system; the coordinates are degrees: CGCS2000 (EPSG:4490) is assumed"
NOTE_MISSING_PREFIXED = (
    "No coordinate reference system; the eastings carry the zone number {zone}: "
    "CGCS2000 3-degree zone {zone} with zone prefix (EPSG:{epsg}) is assumed"
)
NOTE_PREFIX_NOT_IN_CRS = (
    "The eastings carry the zone number {zone} but the CRS has no zone prefix: EPSG:{epsg} is used instead"
)
NOTE_PREFIX_MISSING = "The CRS has the zone prefix {zone} but the eastings do not: read as EPSG:{epsg}"
NOTE_SWAPPED = "X and Y are swapped (X holds the northings): X/Y swapped and read as {crs}"
NOTE_SWAPPED_DEGREES = "X holds the latitudes and Y the longitudes: X/Y swapped and read as {crs}"
NOTE_DEGREES_READ = "The CRS is projected but the coordinates are longitudes and latitudes in China: read as EPSG:4490"
NOTE_GEOGRAPHIC_PREFIXED = (
    "The CRS is geographic but the coordinates are metres with the zone number {zone}: read as EPSG:{epsg}"
)
# --- notes: refusals ------------------------------------------------------------------------------------------
NOTE_MISSING = "No coordinate reference system"
NOTE_NOT_DEGREES = "The CRS is geographic but the coordinates are not degrees: the CRS is wrong"
NOTE_DEGREES_IN_PROJECTED = "The CRS is projected but the coordinates look like degrees: the CRS is wrong"
NOTE_NOT_A_ZONE = (
    "The eastings begin with {prefix} million, which is no Gauss-Krüger zone of China (3-degree zones 25–45, "
    "6-degree zones 13–23): check which column is X and set the layer's CRS to the one the data were made in"
)
NOTE_OTHER_ZONE = (
    "The eastings carry the zone number {zone} but the CRS is for central meridian {meridian}°E: "
    "set the layer's CRS to EPSG:{epsg}"
)
NOTE_PREFIX_OLD_DATUM = (
    "The eastings and the {datum} CRS disagree on the zone number ({zone}): set the layer's CRS to the {datum} "
    "CRS of the zone as the data carry it"
)
NOTE_MIXED = (
    "The eastings run from {first} to {last}: the layer mixes zones, or features with X and Y swapped; correct the data"
)
NOTE_OUTSIDE = (
    "The coordinates (X {x}, Y {y}) lie in no Gauss-Krüger zone of China and are not degrees in China: "
    "check the data and set the layer's CRS to the one they were made in"
)
NOTE_NOT_IN_CRS = (
    "The coordinates (X {x}, Y {y}) do not lie in China in {crs}: set the layer's CRS to the one the data were made in"
)
NOTE_NOT_IN_CRS_ZONE = (
    "The coordinates do not lie in China in {crs}, but they are eastings with the zone number {zone}: "
    "set the layer's CRS to EPSG:{epsg}"
)
NOTE_SWAPPED_ZONE_UNKNOWN = (
    "X and Y look swapped (X holds northings) and the eastings carry no zone number, so the zone is unknown: "
    "set the layer's CRS to its CGCS2000 Gauss-Krüger zone"
)
NOTE_AMBIGUOUS = (
    "The coordinates fit both as they are and with X and Y swapped: check which column is X and set the "
    "layer's CRS to the one the data were made in"
)
NOTE_FAR = "The data lie {distance} km from the ledger's villages: set the layer's CRS to the one the data were made in"
NOTE_FAR_ZONE = (
    "The data lie {distance} km from the ledger's villages in {crs}; in EPSG:{epsg} they lie in the township: "
    "set the layer's CRS to EPSG:{epsg}"
)
NOTES = (
    NOTE_MISSING_DEGREES,
    NOTE_MISSING_PREFIXED,
    NOTE_PREFIX_NOT_IN_CRS,
    NOTE_PREFIX_MISSING,
    NOTE_SWAPPED,
    NOTE_SWAPPED_DEGREES,
    NOTE_DEGREES_READ,
    NOTE_GEOGRAPHIC_PREFIXED,
    NOTE_MISSING,
    NOTE_NOT_DEGREES,
    NOTE_DEGREES_IN_PROJECTED,
    NOTE_NOT_A_ZONE,
    NOTE_OTHER_ZONE,
    NOTE_PREFIX_OLD_DATUM,
    NOTE_MIXED,
    NOTE_OUTSIDE,
    NOTE_NOT_IN_CRS,
    NOTE_NOT_IN_CRS_ZONE,
    NOTE_SWAPPED_ZONE_UNKNOWN,
    NOTE_AMBIGUOUS,
    NOTE_FAR,
    NOTE_FAR_ZONE,
)
_UNKNOWN: Note = ("", {})  # metres without a zone number, and no zone declared


@dataclass(frozen=True)
class Declared:
    """What the layer's CRS says. ``zone``: its Gauss-Krüger zone when it is one (3° or 6°, prefixed or not, on
    CGCS2000 or an old datum); ``datum``: Xian 1980 or Beijing 1954 are old datums, which no CGCS2000 EPSG code may
    replace;
    ``lonlat``: the data's extent placed in degrees by the declared CRS (computed by QGIS; used for projected CRSs
    that are not a zone, e.g. EPSG:3857); ``name``: the CRS in messages ("EPSG:4545")."""

    kind: str
    zone: Optional[Zone] = None
    datum: Optional[str] = None
    lonlat: Optional[Box] = None
    name: str = ""

    @property
    def old_datum(self) -> bool:
        return self.datum in (XIAN80, BEIJING54)


@dataclass
class Fit:
    """``epsg``: the CRS to read the data in instead of the declared one; ``swap``: swap X and Y of every vertex
    first; ``zone``: the zone the data were found in; ``lonlat``: where they lie, in degrees; ``notes``: what was
    fixed, or the reason of the refusal."""

    status: str
    epsg: Optional[int] = None
    swap: bool = False
    zone: Optional[Zone] = None
    lonlat: Optional[Box] = None
    notes: List[Note] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.status == REFUSED


@dataclass
class _Reading:
    swap: bool
    zone: Optional[Zone] = None
    lonlat: Optional[Box] = None
    problem: Optional[Note] = None


def _refuse(template: str, **values) -> Fit:
    return Fit(REFUSED, notes=[(template, values)])


def _in_china(box: Box) -> bool:
    return CHINA_LON[0] <= box[0] <= box[2] <= CHINA_LON[1] and CHINA_LAT[0] <= box[1] <= box[3] <= CHINA_LAT[1]


def _box(xs, ys) -> Box:
    return (float(np.min(xs)), float(np.min(ys)), float(np.max(xs)), float(np.max(ys)))


def _within(values, bounds) -> bool:
    return bool(np.all((values >= bounds[0]) & (values <= bounds[1])))


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.6g}"


def _span(values) -> str:
    low, high = _number(float(np.min(values))), _number(float(np.max(values)))
    return low if low == high else f"{low} – {high}"


def box_distance_km(a: Box, b: Box) -> float:
    """The distance between two boxes in degrees (0 when they meet), in km; good to a few per cent."""
    dx = max(0.0, a[0] - b[2], b[0] - a[2])
    dy = max(0.0, a[1] - b[3], b[1] - a[3])
    latitude = math.radians((a[1] + a[3] + b[1] + b[3]) / 4.0)
    return math.hypot(dx * 111.32 * math.cos(latitude), dy * 110.57)


def place(eastings, northings, zone: Zone) -> Optional[Box]:
    """Where eastings/northings of ``zone`` lie, in degrees; None unless in China and within the zone's reach."""
    with np.errstate(all="ignore"):
        lon, lat = inverse(np.asarray(eastings, dtype=float), np.asarray(northings, dtype=float), zone)
    if not (np.isfinite(lon).all() and np.isfinite(lat).all()):
        return None
    if np.any(np.abs(lon - zone.central_meridian) > _REACH[zone.width]):
        return None
    box = _box(lon, lat)
    return box if _in_china(box) else None


def _read(eastings, northings, declared: Declared, swap: bool) -> _Reading:
    """The data read as eastings/northings: in the zone their prefix names, else in the declared zone."""
    prefixes = {prefix_of(float(e)) for e in eastings}
    if len(prefixes) > 1:
        return _Reading(swap, problem=(NOTE_MIXED, {"first": _number(min(eastings)), "last": _number(max(eastings))}))
    prefix = prefixes.pop()
    if prefix is not None:
        zone = zone_for_prefix(prefix)
        if zone is None:
            return _Reading(swap, problem=(NOTE_NOT_A_ZONE, {"prefix": prefix}))
    elif declared.zone is not None:
        zone = declared.zone.with_prefix(False)
    else:
        return _Reading(swap, problem=_UNKNOWN)
    lonlat = place(eastings, northings, zone)
    if lonlat is None:
        xs, ys = (northings, eastings) if swap else (eastings, northings)
        return _Reading(swap, zone, problem=(NOTE_OUTSIDE, {"x": _span(xs), "y": _span(ys)}))
    return _Reading(swap, zone, lonlat)


def _degrees(declared: Declared, lons, lats, swap: bool) -> Fit:
    box = _box(lons, lats)
    if declared.kind == GEOGRAPHIC:
        if not swap:
            return Fit(FITS, lonlat=box)
        return Fit(FIXED, swap=True, lonlat=box, notes=[(NOTE_SWAPPED_DEGREES, {"crs": declared.name or "EPSG:4490"})])
    if declared.old_datum:
        return _refuse(NOTE_DEGREES_IN_PROJECTED)
    if declared.kind == MISSING and not swap:
        notes = [(NOTE_MISSING_DEGREES, {})]
    else:
        notes = [(NOTE_SWAPPED_DEGREES, {"crs": "EPSG:4490"}) if swap else (NOTE_DEGREES_READ, {})]
    return Fit(FIXED, epsg=CGCS2000_GEOGRAPHIC, swap=swap, lonlat=box, notes=notes)


def _classify(declared: Declared, reading: _Reading) -> Fit:
    """The fit of the one reading that places the data in China, against what the CRS declares."""
    zone, swap, lonlat = reading.zone, reading.swap, reading.lonlat
    crs = f"EPSG:{zone.epsg}"
    swapped_note = (NOTE_SWAPPED, {"crs": crs})
    if declared.kind == PROJECTED and declared.zone is not None:
        if zone.central_meridian != declared.zone.central_meridian:
            if declared.old_datum:
                return _refuse(NOTE_PREFIX_OLD_DATUM, datum=declared.datum, zone=zone.number)
            return _refuse(
                NOTE_OTHER_ZONE, zone=zone.number, meridian=f"{declared.zone.central_meridian:g}", epsg=zone.epsg
            )
        if zone.false_easting == declared.zone.false_easting:
            if not swap:
                return Fit(FITS, zone=declared.zone, lonlat=lonlat)
            notes = [(NOTE_SWAPPED, {"crs": declared.name or f"EPSG:{declared.zone.epsg}"})]
            return Fit(FIXED, swap=True, zone=declared.zone, lonlat=lonlat, notes=notes)
        if declared.old_datum:
            return _refuse(NOTE_PREFIX_OLD_DATUM, datum=declared.datum, zone=zone.number)
        if swap:
            note = swapped_note
        elif zone.prefixed:
            note = (NOTE_PREFIX_NOT_IN_CRS, {"zone": zone.number, "epsg": zone.epsg})
        else:
            note = (NOTE_PREFIX_MISSING, {"zone": declared.zone.number, "epsg": zone.epsg})
        return Fit(FIXED, epsg=zone.epsg, swap=swap, zone=zone, lonlat=lonlat, notes=[note])
    # No zone declared: the zone is the one the eastings' prefix names.
    if declared.old_datum:
        return _refuse(NOTE_PREFIX_OLD_DATUM, datum=declared.datum, zone=zone.number)
    if declared.kind == PROJECTED:
        return _refuse(NOTE_NOT_IN_CRS_ZONE, crs=declared.name, zone=zone.number, epsg=zone.epsg)
    values = {"zone": zone.number, "epsg": zone.epsg}
    first = (NOTE_MISSING_PREFIXED if declared.kind == MISSING else NOTE_GEOGRAPHIC_PREFIXED, values)
    notes = [first, swapped_note] if swap else [first]
    return Fit(FIXED, epsg=zone.epsg, swap=swap, zone=zone, lonlat=lonlat, notes=notes)


def _unplaced(declared: Declared, xs, ys, normal: _Reading, swapped: _Reading) -> Fit:
    """The refusal when no reading places the data in China: the most telling reason."""
    if declared.kind == PROJECTED and declared.zone is None:
        return _refuse(NOTE_NOT_IN_CRS, x=_span(xs), y=_span(ys), crs=declared.name)
    looks_swapped = _within(ys, _EASTING_LIKE) and _within(xs, _NORTHING_LIKE)
    if normal.problem == _UNKNOWN:  # plain metres and no zone to read them in
        if _within(xs, _EASTING_LIKE) and _within(ys, _NORTHING_LIKE):
            return _refuse(NOTE_MISSING if declared.kind == MISSING else NOTE_NOT_DEGREES)
        if looks_swapped:
            return _refuse(NOTE_SWAPPED_ZONE_UNKNOWN)
        return _refuse(NOTE_OUTSIDE, x=_span(xs), y=_span(ys))
    if swapped.problem == _UNKNOWN and looks_swapped:
        return _refuse(NOTE_SWAPPED_ZONE_UNKNOWN)
    template, values = normal.problem
    return _refuse(template, **values)


def _far(declared: Declared, fit: Fit, xs, ys, township: Box, max_km: float, distance: float) -> Fit:
    """Refuse data far from the township; name the zone in which plain eastings would lie in it, if one does."""
    if fit.zone is not None and not fit.zone.prefixed:
        eastings, northings = (ys, xs) if fit.swap else (xs, ys)
        for number in THREE_DEGREE_ZONES:
            zone = Zone(number)
            box = place(eastings, northings, zone)
            if box is not None and box_distance_km(box, township) <= max_km:
                crs = f"EPSG:{fit.epsg}" if fit.epsg else declared.name
                return _refuse(NOTE_FAR_ZONE, distance=f"{distance:.0f}", crs=crs, epsg=zone.epsg)
    return _refuse(NOTE_FAR, distance=f"{distance:.0f}")


def fit_coordinates(
    declared: Declared,
    extent: Optional[Box],
    township: Optional[Box] = None,
    max_km: float = MAX_KM,
    sample: Sequence[Tuple[float, float]] = (),
) -> Fit:
    """How the data of ``extent`` (and ``sample`` points, in the layer's coordinates) fit ``declared``.

    ``township``: the ledger's villages in degrees; data farther than ``max_km`` from them are refused. No extent
    (an empty layer) fits; so does an extent with NaN or infinite values: that is not a question of CRS, and the
    check of the rows names those features.
    """
    if extent is None:
        return Fit(FITS)
    xs = np.array([extent[0], extent[2], extent[0], extent[2]] + [p[0] for p in sample], dtype=float)
    ys = np.array([extent[1], extent[1], extent[3], extent[3]] + [p[1] for p in sample], dtype=float)
    if not (np.isfinite(xs).all() and np.isfinite(ys).all()):
        return Fit(FITS)
    fit = _fit(declared, xs, ys, township, max_km)
    if fit.refused or township is None or fit.lonlat is None:
        return fit
    distance = box_distance_km(fit.lonlat, township)
    return fit if distance <= max_km else _far(declared, fit, xs, ys, township, max_km, distance)


def _fit(declared: Declared, xs, ys, township: Optional[Box], max_km: float) -> Fit:
    if _within(xs, CHINA_LON) and _within(ys, CHINA_LAT):
        return _degrees(declared, xs, ys, swap=False)
    if _within(ys, CHINA_LON) and _within(xs, CHINA_LAT):
        return _degrees(declared, ys, xs, swap=True)
    if declared.kind == PROJECTED and declared.zone is None and declared.lonlat is not None:
        if _in_china(declared.lonlat):
            return Fit(FITS, lonlat=declared.lonlat)
    normal, swapped = _read(xs, ys, declared, False), _read(ys, xs, declared, True)
    if normal.lonlat is not None and swapped.lonlat is not None:
        near = [
            r
            for r in (normal, swapped)
            if township is not None and box_distance_km(r.lonlat, township) <= max_km  # type: ignore[arg-type]
        ]
        if len(near) != 1:
            return _refuse(NOTE_AMBIGUOUS)
        return _classify(declared, near[0])
    for reading in (normal, swapped):
        if reading.lonlat is not None:
            return _classify(declared, reading)
    return _unplaced(declared, xs, ys, normal, swapped)
