"""Copying an office's layer into a reference table of the ledger (villages, cadastre, permits, farmland).

Values are converted by core (areas from text, dates in Chinese spellings, codes from their names); geometries
are read in the CRS the diagnosis chose (a zone-prefixed easting without its CRS), transformed to the ledger's,
repaired when invalid and split into single polygons when the table holds polygons. Everything is written in one
OGR transaction on the ledger: a refused value, a failed write or a cancel leaves the ledger exactly as it was.
The preview runs the same conversion, so it shows the rows as they will be stored.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from typing import Callable, Dict, List, Mapping, Optional, Tuple

from osgeo import gdal, ogr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSource,
    QgsGeometry,
    QgsProcessingFeatureSource,
    QgsWkbTypes,
)

from ..core import reference_values, schema
from ..core.dbf_encoding import CrsDiagnosis, diagnose_crs
from ..core.errors import Canceled
from ..core.field_mapping import REFERENCE_TABLES, mapping_problems, parse_mapping, propose_mapping
from ..core.spatial import repair
from ..translation import tr_chinese, tr_later
from .convert import NO_VALIDITY_CHECK, DataError, plain, to_shape
from .gpkg_reader import quote_name

gdal.UseExceptions()
ogr.UseExceptions()

# The reasons of core.reference_values and core.field_mapping, for translation.
REASONS = (
    tr_later("a value is required"),
    tr_later("not a number"),
    tr_later("must not be negative"),
    tr_later("not a date"),
    tr_later("not one of the values of its list"),
    tr_later("not a whole number"),
    tr_later("not yes or no"),
    tr_later("{table} has no field {field}"),
    tr_later("The source has no field {source}"),
    tr_later("{source} is mapped to both {first} and {second}"),
    tr_later("No source field for the required field {field} ({alias})"),
)
Progress = Callable[[float], None]


class ImportError_(DataError):  # noqa: N801 - "ImportError" is Python's own
    """A feature that cannot be stored; the message names layer, feature and field (Chinese / English)."""


@dataclass
class ImportResult:
    table: str
    read: int = 0
    written: int = 0
    repaired: int = 0
    exploded: int = 0  # extra rows made by splitting multipart geometries
    without_geometry: int = 0
    replaced: int = 0  # rows removed before writing (replace mode)


def both(template: str, **values) -> str:
    """``template`` (marked with tr_later) in Chinese and English. A value given as a (Chinese, English) pair goes
    into each language's text; a ``reason`` (an English reason of core) is translated for the Chinese text."""

    def pick(key, value, chinese: bool):
        if isinstance(value, tuple):
            return value[0] if chinese else value[1]
        return tr_chinese(value) if chinese and key == "reason" else value

    chinese = tr_chinese(template).format(**{k: pick(k, v, True) for k, v in values.items()})
    english = template.format(**{k: pick(k, v, False) for k, v in values.items()})
    return english if chinese == english else f"{chinese} / {english}"


def resolve_mapping(table: str, source: QgsFeatureSource, text: str, aliases=None) -> Dict[str, str]:
    """The mapping to use: ``text`` ("ledger_field=source_field;...") checked, or the proposed one if empty."""
    names = source.fields().names()
    if text and text.strip():
        try:
            mapping = parse_mapping(text)
        except ValueError as error:
            message = tr_later("Not a field mapping (ledger_field=source_field;…): {part}")
            raise DataError(both(message, part=str(error))) from None
    else:
        mapping = {k: v for k, v in propose_mapping(table, names, aliases).items() if v}
    problems = mapping_problems(table, mapping, names)
    if problems:
        details = (
            "; ".join(tr_chinese(t).format(**v) for t, v in problems),
            "; ".join(t.format(**v) for t, v in problems),
        )
        message = tr_later("The field mapping for {table} cannot be used: {details}")
        raise DataError(both(message, table=table, details=details))
    return mapping


def feature_label(feature: QgsFeature, key_source: Optional[str]) -> str:
    key = plain(feature[key_source]) if key_source else None
    return f"{feature.id()} ({key_source}={key})" if key not in (None, "") else str(feature.id())


def convert_attributes(
    spec: schema.Layer, mapping: Mapping[str, str], feature: QgsFeature, layer_name: str
) -> Dict[str, object]:
    """The ledger record of ``feature``; an unreadable value raises ImportError_ naming layer, feature, field."""
    raw = {ledger_field: plain(feature[source_field]) for ledger_field, source_field in mapping.items()}
    try:
        return reference_values.convert_record(spec, raw)
    except reference_values.KeyedConversionError as error:
        key = mapping.get(spec.fields[0].name)
        raise ImportError_(
            both(
                tr_later("Layer {layer}, feature {feature}, field {field} ({source}): {reason}: {value}"),
                layer=layer_name,
                feature=feature_label(feature, key),
                field=f"{error.field} {spec.field(error.field).alias}",
                source=mapping[error.field],
                reason=error.reason,
                value=repr(error.value),
            )
        ) from None


def preview_rows(
    source: QgsFeatureSource, table: str, mapping: Mapping[str, str], layer_name: str, limit: int = 10
) -> List[Tuple[Optional[Dict[str, object]], str]]:
    """The first ``limit`` features as they will be stored: (record, "") or (None, the error message)."""
    spec = schema.layer(table)
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setLimit(limit)
    rows = []
    for feature in source.getFeatures(request):
        try:
            rows.append((convert_attributes(spec, mapping, feature, layer_name), ""))
        except ImportError_ as error:
            rows.append((None, str(error)))
    return rows


def ledger_crs(ledger: str, table: str) -> QgsCoordinateReferenceSystem:
    dataset = gdal.OpenEx(ledger, gdal.OF_VECTOR | gdal.OF_READONLY)
    srs = dataset.GetLayerByName(table).GetSpatialRef()
    dataset = None  # noqa: F841 - closes the file
    if srs is None:
        return QgsCoordinateReferenceSystem()
    if srs.GetAuthorityName(None) == "EPSG":
        return QgsCoordinateReferenceSystem(f"EPSG:{srs.GetAuthorityCode(None)}")
    return QgsCoordinateReferenceSystem.fromWkt(srs.ExportToWkt())


def source_diagnosis(source: QgsFeatureSource) -> CrsDiagnosis:
    crs = source.sourceCrs()
    extent = source.sourceExtent()
    box = None if extent.isNull() else (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
    return diagnose_crs(crs.toWkt() if crs.isValid() else "", box)


def flat_geometry(geometry: QgsGeometry) -> QgsGeometry:
    """Straight segments, no Z or M: the ledger's tables are plain 2D polygons."""
    if geometry.isNull():
        return geometry
    abstract = geometry.constGet().clone()
    if QgsWkbTypes.isCurvedType(abstract.wkbType()):
        abstract = abstract.segmentize()
    abstract.dropZValue()
    abstract.dropMValue()
    return QgsGeometry(abstract)


def ledger_parts(geometry: QgsGeometry, transform, target: Optional[str], swap: bool = False) -> Tuple[List, bool]:
    """(shapely polygons or one MultiPolygon for the ledger, whether the geometry had to be repaired)."""
    shape = to_shape(flat_geometry(geometry), transform, swap)
    fixed, repaired = repair(shape)
    if fixed.is_empty:
        return [], repaired
    if target == schema.MULTIPOLYGON:
        return [fixed], repaired
    return list(fixed.geoms), repaired


def import_reference(
    source: QgsFeatureSource,
    layer_name: str,
    table: str,
    mapping: Mapping[str, str],
    ledger: str,
    replace: bool,
    context: QgsCoordinateTransformContext,
    progress: Optional[Progress] = None,
    source_crs: Optional[QgsCoordinateReferenceSystem] = None,
    swap: bool = False,
) -> ImportResult:
    """Copy ``source`` into ``table`` of the ledger file ``ledger``; all or nothing. ``source_crs`` and ``swap``:
    how to read coordinates that do not fit the source's CRS (layers/coordinate_check.py)."""
    if table not in REFERENCE_TABLES:
        raise DataError(both(tr_later("{table} is not a reference table of the ledger"), table=table))
    spec = schema.layer(table)
    target = ledger_crs(ledger, table)
    crs = source_crs if source_crs is not None and source_crs.isValid() else source.sourceCrs()
    if not crs.isValid():
        raise DataError(both(tr_later("Layer {layer} has no coordinate reference system"), layer=layer_name))
    transform = None if crs == target else QgsCoordinateTransform(crs, target, context)
    total = max(source.featureCount(), 1)
    result = ImportResult(table)
    dataset = gdal.OpenEx(ledger, gdal.OF_VECTOR | gdal.OF_UPDATE)
    try:
        out = dataset.GetLayerByName(table)
        definition = out.GetLayerDefn()
        dataset.StartTransaction()
        try:
            if replace:
                result.replaced = out.GetFeatureCount()
                dataset.ExecuteSQL(f"DELETE FROM {quote_name(table)}")  # noqa: S608 - a schema table name
            for feature in _all_features(source):
                result.read += 1
                record = convert_attributes(spec, mapping, feature, layer_name)
                parts, repaired = ledger_parts(feature.geometry(), transform, spec.geometry, swap)
                result.repaired += int(repaired)
                if not parts:
                    result.without_geometry += 1
                    parts = [None]
                result.exploded += len(parts) - 1
                for part in parts:
                    _write(out, definition, record, part, layer_name, feature, mapping, spec)
                    result.written += 1
                if progress and result.read % 500 == 0:
                    progress(min(99.0, 100.0 * result.read / total))
            if progress:
                progress(100.0)  # a cancel up to here still rolls back
            dataset.CommitTransaction()
        except BaseException as error:
            dataset.RollbackTransaction()
            traceback.clear_frames(error.__traceback__)  # no QGIS feature or layer outlives QGIS in it
            raise
    finally:
        # An OGR layer keeps its dataset open; a frame kept by an error's traceback must hold neither, or GDAL
        # frees the dataset after it has shut down at QGIS's exit.
        out = definition = dataset = None  # noqa: F841 - closes the ledger
    return result


def _all_features(source: QgsFeatureSource):
    """Every feature, invalid geometries included: they are repaired and counted here, not dropped on the way."""
    if isinstance(source, QgsProcessingFeatureSource):
        return source.getFeatures(QgsFeatureRequest(), NO_VALIDITY_CHECK)
    return source.getFeatures(QgsFeatureRequest())


def _write(out, definition, record, shape, layer_name, feature, mapping, spec) -> None:
    row = ogr.Feature(definition)
    for name, value in record.items():
        if value is None:
            row.SetFieldNull(name)
        elif isinstance(value, bool):
            row.SetField(name, int(value))
        else:
            row.SetField(name, value)
    if shape is not None:
        row.SetGeometry(ogr.CreateGeometryFromWkb(shape.wkb))
    try:
        out.CreateFeature(row)
    except RuntimeError as error:
        key = mapping.get(spec.fields[0].name)
        raise ImportError_(
            both(
                tr_later("Layer {layer}, feature {feature}: the ledger refused it: {error}"),
                layer=layer_name,
                feature=feature_label(feature, key),
                error=str(error),
            )
        ) from None


def canceled_check(feedback) -> Progress:
    """A progress callback that raises Canceled when ``feedback`` is canceled (the transaction rolls back)."""

    def report(percent: float) -> None:
        if feedback.isCanceled():
            raise Canceled()
        feedback.setProgress(percent)

    return report
