"""Reading the reference layers of a check (permits, cadastre, villages, farmland) near the violations only."""

from __future__ import annotations

from typing import Callable, Optional, Sequence, Tuple, Union

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsFeatureSource,
    QgsRectangle,
)

from ..core.checks import Feature
from ..core.spatial import BoxFilter, bounds
from . import pg_reader
from .convert import REVERSE, DataError, from_shape, read_features, require_fields, to_shape
from .gpkg_reader import has_rtree, plain_geopackage_table, read_near
from .ledger import LedgerError

# A reference layer that is a whole table, read straight from its database: (GeoPackage file, table) or a PostGIS
# table; None: read through QGIS.
WholeTable = Union[Tuple[str, str], pg_reader.PostgisTable, None]


def whole_table(layer) -> WholeTable:
    """What to read ``layer`` from when it is a whole table of a GeoPackage or of PostGIS (no subset filter);
    asked in the main thread, which owns the project's layers. None: read it through QGIS."""
    table = plain_geopackage_table(layer)
    if table is not None:
        return table
    table = pg_reader.plain_postgis_table(layer)
    return table if table is not None and pg_reader.available() else None


def violation_boxes(violations: Sequence[Feature]) -> np.ndarray:
    """The violations' boxes (the reader's where it gave them), empty geometries left out."""
    boxes = np.array([v.box if v.box is not None else (np.nan,) * 4 for v in violations], dtype=float).reshape(-1, 4)
    missing = [k for k, v in enumerate(violations) if v.box is None]
    if missing:
        boxes[missing] = bounds([violations[k].geometry for k in missing])
    return boxes[np.isfinite(boxes).all(axis=1)]


def boxes_in(
    boxes: np.ndarray,
    target: QgsCoordinateReferenceSystem,
    crs: QgsCoordinateReferenceSystem,
    context: QgsCoordinateTransformContext,
) -> np.ndarray:
    """Boxes given in ``target`` expressed in ``crs`` (each the bounding box of the transformed box)."""
    if crs == target or not len(boxes):
        return boxes
    transform = QgsCoordinateTransform(crs, target, context)
    result = []
    for minx, miny, maxx, maxy in boxes:
        box = transform.transformBoundingBox(QgsRectangle(minx, miny, maxx, maxy), REVERSE)
        result.append((box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()))
    return np.asarray(result, dtype=float)


def read_reference(
    source: QgsFeatureSource,
    table: WholeTable,
    key_field: str,
    attributes: Sequence[str],
    target: QgsCoordinateReferenceSystem,
    context: QgsCoordinateTransformContext,
    boxes: np.ndarray,
    canceled: Callable[[], bool] = lambda: False,
    crs: Optional[QgsCoordinateReferenceSystem] = None,
    swap: bool = False,
) -> Sequence[Feature]:
    """The features of a reference layer near ``boxes`` (in ``target``), with geometries in ``target``.

    ``table``: what ``whole_table`` found in the main thread: a whole GeoPackage table is read through its R-tree
    and SQLite, a whole PostGIS table through its GiST index or its boxes (layers/pg_reader.py); anything else
    through QGIS. ``crs`` and ``swap``: how
    to read coordinates that do not fit the layer's CRS (layers/coordinate_check.py); default, as they are.
    """
    crs = crs if crs is not None else source.sourceCrs()
    near_boxes = boxes_in(boxes, target, crs, context)
    if swap and len(near_boxes):
        near_boxes = near_boxes[:, [1, 0, 3, 2]]  # the layer's own coordinates hold Y in X
    near = BoxFilter(near_boxes)
    if table is None or (isinstance(table, tuple) and not has_rtree(*table)):
        name = source.sourceName()
        return read_features(source, name, key_field, attributes, target, context, near, canceled, crs, swap)
    require_fields(source, source.sourceName(), [key_field, *attributes])
    if isinstance(table, pg_reader.PostgisTable):
        try:
            features = pg_reader.read_near(table, key_field, attributes, near)
        except LedgerError as error:  # the connection, in words naming the database
            raise DataError(str(error)) from None
    else:
        features = read_near(table[0], table[1], key_field, attributes, near)
    if crs != target or swap:
        transform = QgsCoordinateTransform(crs, target, context) if crs != target else None
        features.boxes = None  # the R-tree's boxes are in the table's CRS
        features.geometries = [
            to_shape(from_shape(g), transform, swap) if g is not None else None for g in features.geometries
        ]
    return features
