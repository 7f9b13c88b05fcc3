"""QGIS features <-> core records: geometries into the Gauss-Krüger zone of the data, attributes as plain values."""

from __future__ import annotations

from typing import Callable, List, Optional, Sequence

import numpy as np
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsFeatureRequest,
    QgsFeatureSource,
    QgsField,
    QgsGeometry,
    QgsProcessingFeatureSource,
    QgsRectangle,
)
from qgis.PyQt.QtCore import QDate, QDateTime
from shapely import wkb

from ..core import gauss_kruger, schema
from ..core.checks import Feature
from ..core.gauss_kruger import Zone
from ..core.spatial import BoxFilter, from_wkb
from ..translation import tr, tr_both

GEOGRAPHIC_CGCS2000 = "EPSG:4490"
# QGIS 3.22 moved the transform direction to Qgis.TransformDirection; older spellings are gone in QGIS 4.
REVERSE = Qgis.TransformDirection.Reverse
# Invalid geometries are the check's to repair and report, not Processing's to drop or stop on.
NO_VALIDITY_CHECK = QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks


class DataError(Exception):
    """Input that cannot be used as it is; the message names the layer and field (Chinese / English)."""


def qgs_field(name: str, kind: str, length: int = 0) -> QgsField:
    """A QgsField of a schema type: QMetaType from QGIS 3.38 on (Qt6-ready), QVariant before."""
    if Qgis.QGIS_VERSION_INT >= 33800:
        from qgis.PyQt.QtCore import QMetaType

        types = {
            schema.TEXT: QMetaType.Type.QString,
            schema.REAL: QMetaType.Type.Double,
            schema.INTEGER: QMetaType.Type.Int,
            schema.DATE: QMetaType.Type.QDate,
            schema.DATETIME: QMetaType.Type.QDateTime,
            schema.BOOLEAN: QMetaType.Type.Bool,
        }
    else:
        from qgis.PyQt.QtCore import QVariant

        types = {
            schema.TEXT: QVariant.String,
            schema.REAL: QVariant.Double,
            schema.INTEGER: QVariant.Int,
            schema.DATE: QVariant.Date,
            schema.DATETIME: QVariant.DateTime,
            schema.BOOLEAN: QVariant.Bool,
        }
    return QgsField(name, types[kind], len=length)


def zone_crs(zone: Zone) -> QgsCoordinateReferenceSystem:
    return QgsCoordinateReferenceSystem(f"EPSG:{zone.epsg}")


def detect_zone(
    crs: QgsCoordinateReferenceSystem, extent: QgsRectangle, layer_name: str, context: QgsCoordinateTransformContext
) -> Zone:
    """The CGCS2000 3° zone of a layer: from its CRS when that is a CGCS2000 Gauss-Krüger zone; from a
    zone-prefixed easting (36xxxxxx, zones 25–45) when the CRS is missing; else from the longitude of the data's
    centre. Under a zone's CRS the extent must fit it: eastings with another zone number, swapped X and Y or
    degrees are refused here (readers that can fix them read them in the right CRS first, see coordinate_check)."""
    if crs.isValid() and crs.authid().upper().startswith("EPSG:"):
        zone = gauss_kruger.zone_for_epsg(int(crs.authid().split(":")[1]))
        if zone is not None:
            from .coordinate_check import require_fit  # it reads layers through this module

            require_fit(crs, extent, layer_name, context)
            return zone
    if extent.isNull() or (extent.width() == 0 and extent.height() == 0):
        raise DataError(tr_both("Layer {layer} has no features with a geometry").format(layer=layer_name))
    if not crs.isValid():
        zone = gauss_kruger.zone_from_easting(extent.center().x())
        if zone is None:
            raise DataError(tr_both("Layer {layer} has no coordinate reference system").format(layer=layer_name))
        return zone
    to_geographic = QgsCoordinateTransform(crs, QgsCoordinateReferenceSystem(GEOGRAPHIC_CGCS2000), context)
    center = to_geographic.transform(extent.center())
    return gauss_kruger.zone_for_longitude(center.x())


def source_extent(source: QgsFeatureSource) -> QgsRectangle:
    """The extent of ``source``; where QGIS cannot compute it (it raises for an infinite coordinate), the extent of
    the features whose boxes are finite, so that the bad features are named later instead of a traceback now."""
    try:
        return source.sourceExtent()
    except Exception:  # noqa: BLE001 - QGIS raises a bare C++ exception here; the features are read one by one
        extent = QgsRectangle()
        extent.setMinimal()
        request = QgsFeatureRequest().setNoAttributes()
        flags = (NO_VALIDITY_CHECK,) if isinstance(source, QgsProcessingFeatureSource) else ()
        for feature in source.getFeatures(request, *flags):  # an invalid geometry is the check's to name
            box = feature.geometry().boundingBox()
            if not feature.geometry().isNull() and box.isFinite():
                extent.combineExtentWith(box)
        return extent


def plain(value):
    """A QVariant-ish attribute as a plain Python value (dates as ISO strings, NULL as None)."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    if isinstance(value, QDate):
        return value.toString("yyyy-MM-dd") if value.isValid() else None
    if isinstance(value, QDateTime):
        return value.toString("yyyy-MM-ddTHH:mm:ss") if value.isValid() else None
    return value


def require_fields(source: QgsFeatureSource, layer_name: str, names: Sequence[str]) -> None:
    present = set(source.fields().names())
    missing = [n for n in names if n not in present]
    if missing:
        raise DataError(
            tr_both("Layer {layer} lacks the field(s) {fields}").format(layer=layer_name, fields=", ".join(missing))
        )


def swapped(geometry: QgsGeometry) -> QgsGeometry:
    """A copy of ``geometry`` with X and Y of every vertex swapped (data whose X column holds the northings)."""
    if geometry.isNull():
        return QgsGeometry(geometry)
    abstract = geometry.constGet().clone()
    abstract.swapXy()
    return QgsGeometry(abstract)


def to_shape(geometry: QgsGeometry, transform: Optional[QgsCoordinateTransform], swap: bool = False):
    """A QGIS geometry as a shapely geometry in the target CRS (X and Y swapped first when ``swap``); None when
    it is null or empty."""
    if geometry.isNull() or geometry.isEmpty():
        return None
    geometry = swapped(geometry) if swap else QgsGeometry(geometry)
    if transform is not None:
        geometry.transform(transform)
    return wkb.loads(bytes(geometry.asWkb()))


def from_shape(shape, transform: Optional[QgsCoordinateTransform] = None) -> QgsGeometry:
    """A shapely geometry as a QGIS geometry; ``transform`` is applied backwards (target -> source)."""
    geometry = QgsGeometry()
    geometry.fromWkb(shape.wkb)
    if transform is not None:
        geometry.transform(transform, REVERSE)
    return geometry


def transform_to(
    crs: QgsCoordinateReferenceSystem, target: QgsCoordinateReferenceSystem, context: QgsCoordinateTransformContext
) -> Optional[QgsCoordinateTransform]:
    return None if crs == target else QgsCoordinateTransform(crs, target, context)


def read_features(
    source: QgsFeatureSource,
    layer_name: str,
    key_field: Optional[str],
    attributes: Sequence[str],
    target: QgsCoordinateReferenceSystem,
    context: QgsCoordinateTransformContext,
    near: Optional[BoxFilter] = None,
    canceled: Callable[[], bool] = lambda: False,
    source_crs: Optional[QgsCoordinateReferenceSystem] = None,
    swap: bool = False,
) -> List[Feature]:
    """Features of ``source`` as core Features with geometries in ``target``.

    Only the key and ``attributes`` are asked of the provider. ``near`` (boxes in the layer's own coordinates, as
    stored: X and Y swapped when ``swap``) keeps only features whose bounding box may meet one of its boxes: the
    provider is asked for the rectangle around them all (a database uses its spatial index), then each box is
    tested before any geometry is converted. ``source_crs`` overrides the layer's CRS and ``swap`` swaps X and Y of
    every vertex first (coordinates that do not fit the layer's CRS: layers/coordinate_check.py). Without
    ``key_field`` a feature is known by its feature id ("#12").
    """
    require_fields(source, layer_name, [key_field, *attributes] if key_field else list(attributes))
    transform = transform_to(source_crs or source.sourceCrs(), target, context)
    fields = source.fields()
    names = ([key_field] if key_field else []) + list(attributes)
    indexes = [fields.indexOf(name) for name in names]
    request = QgsFeatureRequest().setSubsetOfAttributes(indexes)
    if near is not None:
        extent = _extent(near)
        if extent is None:  # nothing to be near
            return []
        request.setFilterRect(extent)
    pending = []
    # A Processing source drops or stops on invalid geometries unless told not to; a layer (a PostGIS ledger's
    # reference table) gives them all anyway.
    every = isinstance(source, QgsProcessingFeatureSource)
    features = source.getFeatures(request, NO_VALIDITY_CHECK) if every else source.getFeatures(request)
    for feature in features:
        if canceled():
            break
        pending.append((feature.id(), feature.geometry(), [feature.attribute(i) for i in indexes]))
    if near is not None and pending:
        boxes = []
        for _, geometry, _ in pending:
            box = geometry.boundingBox()
            boxes.append((box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()))
        pending = [item for item, wanted in zip(pending, near.near(boxes)) if wanted]
    shapes = from_wkb([_wkb(geometry, transform, swap) for _, geometry, _ in pending])
    found: List[Feature] = []
    for (fid, _, values), shape in zip(pending, shapes):
        record = {name: plain(value) for name, value in zip(names, values)}
        key = record.pop(key_field) if key_field else None
        found.append(Feature(str(key) if key is not None else f"#{fid}", shape, record))
    return found


def _extent(near: BoxFilter) -> Optional[QgsRectangle]:
    """The rectangle around ``near``'s finite boxes, or None when it has none."""
    boxes = near.boxes[np.isfinite(near.boxes).all(axis=1)] if not near.empty else np.zeros((0, 4))
    if not len(boxes):
        return None
    return QgsRectangle(*boxes[:, :2].min(axis=0), *boxes[:, 2:].max(axis=0))


def _wkb(geometry: QgsGeometry, transform: Optional[QgsCoordinateTransform], swap: bool) -> Optional[bytes]:
    """``to_shape``'s WKB: None for a null or empty geometry, else X and Y swapped first, then transformed."""
    if geometry.isNull() or geometry.isEmpty():
        return None
    geometry = swapped(geometry) if swap else QgsGeometry(geometry)
    if transform is not None:
        geometry.transform(transform)
    return bytes(geometry.asWkb())


def layer_label(layer, fallback: str) -> str:
    """A layer named in a message: its name, with its table when the name is only the file's ("hand (villages)")."""
    if layer is None:
        return fallback
    from qgis.core import QgsProviderRegistry

    table = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source()).get("layerName", "")
    name = layer.name() or fallback
    return f"{name} ({table})" if table and table != name else name


def area_method(zone) -> str:
    return tr(
        "Planar area in {zone} (EPSG:{epsg}); ellipsoidal area on the CGCS2000 ellipsoid by the Third National "
        "Land Survey formula; m², rounded half-up to 0.01"
    ).format(zone=zone.describe(), epsg=zone.epsg)
