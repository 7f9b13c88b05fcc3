"""Do a layer's coordinates fit its CRS? The QGIS side of core.coordinate_fit, for every reader of office data
(the load dialog, lianwei:importreference, lianwei:checkviolations, the map tools).

The check looks at the layer's extent only (and the ledger's villages' extent), so it costs the same for ten
features as for a million. Where a fix is certain, the reading CRS and a swap of X and Y are returned for the
reader to apply while it reads; where it is not, the layer is refused with a message that names it and says
which CRS to set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import List, Optional, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsCsException,
    QgsFeatureSource,
    QgsRectangle,
)

from ..core import coordinate_fit
from ..core.dbf_encoding import CrsDiagnosis, diagnose_crs
from ..translation import both, tr, tr_chinese, tr_later
from . import ledgers
from .convert import GEOGRAPHIC_CGCS2000, DataError, source_extent
from .ledger import LedgerError

Box = Tuple[float, float, float, float]

# The notes of core.coordinate_fit, for translation (tr() finds them by their English text).
FIT_NOTES = (
    tr_later("No coordinate reference system; the coordinates are degrees: CGCS2000 (EPSG:4490) is assumed"),
    tr_later(
        "No coordinate reference system; the eastings carry the zone number {zone}: "
        "CGCS2000 3-degree zone {zone} with zone prefix (EPSG:{epsg}) is assumed"
    ),
    tr_later("The eastings carry the zone number {zone} but the CRS has no zone prefix: EPSG:{epsg} is used instead"),
    tr_later("The CRS has the zone prefix {zone} but the eastings do not: read as EPSG:{epsg}"),
    tr_later("X and Y are swapped (X holds the northings): X/Y swapped and read as {crs}"),
    tr_later("X holds the latitudes and Y the longitudes: X/Y swapped and read as {crs}"),
    tr_later("The CRS is projected but the coordinates are longitudes and latitudes in China: read as EPSG:4490"),
    tr_later("The CRS is geographic but the coordinates are metres with the zone number {zone}: read as EPSG:{epsg}"),
    tr_later("No coordinate reference system"),
    tr_later("The CRS is geographic but the coordinates are not degrees: the CRS is wrong"),
    tr_later("The CRS is projected but the coordinates look like degrees: the CRS is wrong"),
    tr_later(
        "The eastings begin with {prefix} million, which is no Gauss-Krüger zone of China (3-degree zones 25–45, "
        "6-degree zones 13–23): check which column is X and set the layer's CRS to the one the data were made in"
    ),
    tr_later(
        "The eastings carry the zone number {zone} but the CRS is for central meridian {meridian}°E: "
        "set the layer's CRS to EPSG:{epsg}"
    ),
    tr_later(
        "The eastings and the {datum} CRS disagree on the zone number ({zone}): set the layer's CRS to the {datum} "
        "CRS of the zone as the data carry it"
    ),
    tr_later(
        "The eastings run from {first} to {last}: the layer mixes zones, or features with X and Y swapped; "
        "correct the data"
    ),
    tr_later(
        "The coordinates (X {x}, Y {y}) lie in no Gauss-Krüger zone of China and are not degrees in China: "
        "check the data and set the layer's CRS to the one they were made in"
    ),
    tr_later(
        "The coordinates (X {x}, Y {y}) do not lie in China in {crs}: set the layer's CRS to the one the data were "
        "made in"
    ),
    tr_later(
        "The coordinates do not lie in China in {crs}, but they are eastings with the zone number {zone}: "
        "set the layer's CRS to EPSG:{epsg}"
    ),
    tr_later(
        "X and Y look swapped (X holds northings) and the eastings carry no zone number, so the zone is unknown: "
        "set the layer's CRS to its CGCS2000 Gauss-Krüger zone"
    ),
    tr_later(
        "The coordinates fit both as they are and with X and Y swapped: check which column is X and set the "
        "layer's CRS to the one the data were made in"
    ),
    tr_later(
        "The data lie {distance} km from the ledger's villages: set the layer's CRS to the one the data were made in"
    ),
    tr_later(
        "The data lie {distance} km from the ledger's villages in {crs}; in EPSG:{epsg} they lie in the township: "
        "set the layer's CRS to EPSG:{epsg}"
    ),
)
REFUSED = tr_later("Layer {layer}: the coordinates do not fit its CRS, nothing was read: {reason}")
FIXED = tr_later("Layer {layer}: {note}")
NOT_FITTING = tr_later(
    "Layer {layer}: its coordinates do not fit its CRS ({reason}); here the layer is used as the map shows it, so "
    "correct its CRS or its data first"
)


@dataclass
class Reading:
    """How to read a layer: in ``crs``, X and Y swapped first when ``swap``; ``diagnosis`` says why."""

    crs: QgsCoordinateReferenceSystem
    swap: bool
    diagnosis: CrsDiagnosis

    @property
    def lonlat(self) -> Optional[Box]:
        return self.diagnosis.lonlat

    def extent(self, extent: QgsRectangle) -> QgsRectangle:
        """The layer's extent as it is read (X and Y swapped when the reading swaps them)."""
        return swapped_rectangle(extent) if self.swap else QgsRectangle(extent)


def swapped_rectangle(rectangle: QgsRectangle) -> QgsRectangle:
    return QgsRectangle(rectangle.yMinimum(), rectangle.xMinimum(), rectangle.yMaximum(), rectangle.xMaximum())


def rectangle_box(rectangle: Optional[QgsRectangle]) -> Optional[Box]:
    """(minx, miny, maxx, maxy), or None for an empty layer's extent."""
    if rectangle is None or rectangle.isNull():
        return None
    box = (rectangle.xMinimum(), rectangle.yMinimum(), rectangle.xMaximum(), rectangle.yMaximum())
    if all(math.isfinite(v) for v in box) and (box[0] > box[2] or box[1] > box[3]):
        return None  # QGIS's "no extent yet"
    return box


def in_degrees(crs: QgsCoordinateReferenceSystem, box: Optional[Box], context) -> Optional[Box]:
    """``box`` (in ``crs``) in CGCS2000 degrees, or None where QGIS cannot place it."""
    if box is None or not crs.isValid() or not all(math.isfinite(v) for v in box):
        return None
    if crs.authid() == GEOGRAPHIC_CGCS2000:
        return box
    try:
        transform = QgsCoordinateTransform(crs, QgsCoordinateReferenceSystem(GEOGRAPHIC_CGCS2000), context)
        result = transform.transformBoundingBox(QgsRectangle(*box))
    except QgsCsException:
        return None
    placed = rectangle_box(result)
    return placed if placed is not None and all(math.isfinite(v) for v in placed) else None


def diagnose_layer(
    crs: QgsCoordinateReferenceSystem,
    extent: Optional[QgsRectangle],
    context: QgsCoordinateTransformContext,
    wkt: Optional[str] = None,
    township: Optional[Box] = None,
) -> CrsDiagnosis:
    """The diagnosis of a layer's CRS (``wkt``: the text it declares, e.g. a .prj; default the CRS's own)."""
    box = rectangle_box(extent)
    valid = crs.isValid()
    if wkt is None:
        wkt = crs.toWkt() if valid else ""
    authid = crs.authid() if valid else ""
    epsg = int(authid[5:]) if authid.upper().startswith("EPSG:") and authid[5:].isdigit() else None
    projected = valid and not crs.isGeographic()
    return diagnose_crs(
        wkt,
        box,
        proj=crs.toProj() if valid and wkt else "",
        epsg=epsg,
        lonlat=in_degrees(crs, box, context) if projected else None,
        township=township,
        name=authid or (crs.description() if valid else ""),
    )


def reading_of(diagnosis: CrsDiagnosis, declared: QgsCoordinateReferenceSystem) -> Reading:
    crs = QgsCoordinateReferenceSystem(f"EPSG:{diagnosis.use_epsg}") if diagnosis.use_epsg else declared
    return Reading(crs, diagnosis.swap, diagnosis)


def source_reading(
    source: QgsFeatureSource, name: str, context: QgsCoordinateTransformContext, township: Optional[Box] = None
) -> Reading:
    """How to read a Processing source; raises DataError (Chinese / English, naming the layer) when its
    coordinates do not fit its CRS and no fix is certain."""
    diagnosis = diagnose_layer(source.sourceCrs(), source_extent(source), context, township=township)
    if diagnosis.blocking:
        raise DataError(refusal_message(name, diagnosis))
    return reading_of(diagnosis, source.sourceCrs())


def require_fit(
    crs: QgsCoordinateReferenceSystem,
    extent: Optional[QgsRectangle],
    layer: str,
    context: QgsCoordinateTransformContext,
    township: Optional[Box] = None,
) -> CrsDiagnosis:
    """For readers that cannot apply a fix (the ledger's own tables, layers shown on the map): raises DataError
    unless the coordinates fit ``crs`` as they are."""
    diagnosis = diagnose_layer(crs, extent, context, township=township)
    if diagnosis.blocking:
        raise DataError(refusal_message(layer, diagnosis))
    if diagnosis.fixed:
        raise DataError(both(NOT_FITTING, layer=layer, reason=note_pair(diagnosis.notes[-1])))
    return diagnosis


def note_pair(note) -> Tuple[str, str]:
    """A core note (template, values) in Chinese and in English."""
    template, values = note
    return tr_chinese(template).format(**values), template.format(**values)


def note_text(note) -> str:
    """A core note in the user's language."""
    template, values = note
    return tr(template).format(**values)


def refusal_message(layer: str, diagnosis: CrsDiagnosis) -> str:
    reason = diagnosis.refusal or (coordinate_fit.NOTE_MISSING, {})
    return both(REFUSED, layer=layer, reason=note_pair(reason))


def fix_messages(layer: str, diagnosis: CrsDiagnosis) -> List[str]:
    """One line per note (a fix made, an old datum), Chinese and English, for the log."""
    return [both(FIXED, layer=layer, note=note_pair(note)) for note in diagnosis.notes]


def township_of(ledger, context: QgsCoordinateTransformContext) -> Optional[Box]:
    """The ledger's villages (a GeoPackage's path or a PostGIS ledger) in CGCS2000 degrees (None for a ledger
    without villages or no ledger)."""
    if not ledger:
        return None
    try:
        villages = ledgers.open_layer(ledger, "villages")
    except LedgerError:  # not a ledger: said by the import's own check
        return None
    if not villages.isValid() or villages.featureCount() == 0:
        return None
    return in_degrees(villages.crs(), rectangle_box(villages.extent()), context)
