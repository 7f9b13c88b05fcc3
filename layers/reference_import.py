"""Copying an office's layer into a reference table of the ledger (villages, cadastre, permits, farmland).

Values are converted by core (areas from text, dates in Chinese spellings, codes from their names); geometries
are read in the CRS the diagnosis chose (a zone-prefixed easting without its CRS), transformed to the ledger's,
repaired when invalid and split into single polygons when the table holds polygons. Everything is written in one
transaction on the ledger (OGR's on a GeoPackage, the database's on a PostGIS ledger: layers/pg_rows.py): a refused
value, a failed write or a cancel leaves the ledger exactly as it was.
The preview runs the same conversion, so it shows the rows as they will be stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Mapping, Optional, Tuple

from osgeo import gdal
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsCsException,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSource,
    QgsGeometry,
    QgsProcessingFeatureSource,
    QgsWkbTypes,
)

from ..core import incoming, reference_values, schema
from ..core.dbf_encoding import CrsDiagnosis, diagnose_crs
from ..core.errors import Canceled
from ..core.field_mapping import REFERENCE_TABLES, mapping_problems, parse_mapping, propose_mapping
from ..core.gauss_kruger import zone_for_epsg
from ..core.incoming import RowProblem, key_problems
from ..translation import both, tr_chinese, tr_later
from . import ledgers, pg_rows
from .convert import NO_VALIDITY_CHECK, DataError, plain, to_shape
from .ledger_import import IncomingRow, refuse_unusable, stored_keys, write_rows
from .ledgers import Address
from .postgis import PostgisLedger

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
# The reasons of core.incoming, for translation.
INCOMING_REASONS = (
    tr_later("it has no geometry"),
    tr_later("its geometry is empty"),
    tr_later("its geometry is a {kind}, not a polygon"),
    tr_later("its geometry has coordinates that are not numbers (NaN or infinite)"),
    tr_later("its geometry is invalid and nothing of it is left once repaired"),
    tr_later(
        "its coordinates ({x:.0f}, {y:.0f}) do not fit the ledger's coordinate system {crs}: the layer's CRS is "
        "wrong or the coordinates are"
    ),
    tr_later("{field} {key} appears more than once (rows {rows}); it must be unique"),
    tr_later("{field} {key} is already in the ledger table; import with replace, or leave it out"),
    tr_later("the same {field} {key} with the same geometry appears more than once (rows {rows})"),
    tr_later("the same {field} {key} with the same geometry is already in the ledger table"),
)
FIELD_PROBLEM = tr_later("field {field} ({source}): {reason}: {value}")
CANNOT_TRANSFORM = tr_later("its coordinates cannot be transformed to the ledger's coordinate system {crs}")
KINDS = {
    QgsWkbTypes.GeometryType.PointGeometry: tr_later("points"),
    QgsWkbTypes.GeometryType.LineGeometry: tr_later("lines"),
}
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
    without_geometry: int = 0  # always 0: a feature without a usable geometry is refused or left out
    replaced: int = 0  # rows removed before writing (replace mode)
    left_out: int = 0  # features that could not be stored, left out on request
    problems: List[RowProblem] = field(default_factory=list)


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


def ledger_crs(ledger: Address, table: str) -> QgsCoordinateReferenceSystem:
    if isinstance(ledger, PostgisLedger):
        return pg_rows.table_crs(ledger, table)
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


def import_reference(
    source: QgsFeatureSource,
    layer_name: str,
    table: str,
    mapping: Mapping[str, str],
    ledger: Address,
    replace: bool,
    context: QgsCoordinateTransformContext,
    progress: Optional[Progress] = None,
    source_crs: Optional[QgsCoordinateReferenceSystem] = None,
    skip_unusable: bool = False,
    swap: bool = False,
) -> ImportResult:
    """Copy ``source`` into ``table`` of the ledger (its file, or a PostGIS ledger): every feature checked first,
    then all written in one transaction, or nothing. ``skip_unusable``: features that cannot be stored are left
    out and listed (in ``ImportResult.left_out``) instead of refusing the import. ``source_crs`` and ``swap``: how
    to read coordinates that do not fit the source's CRS (layers/coordinate_check.py)."""
    if table not in REFERENCE_TABLES:
        raise DataError(both(tr_later("{table} is not a reference table of the ledger"), table=table))
    ledgers.check(ledger)
    spec = schema.layer(table)
    _refuse_points_and_lines(source, layer_name)
    target = ledger_crs(ledger, table)
    crs = source_crs if source_crs is not None and source_crs.isValid() else source.sourceCrs()
    # Without a CRS nothing can be placed; a layer with no geometry at all is refused below for that instead.
    transform = None if crs == target or not crs.isValid() else QgsCoordinateTransform(crs, target, context)
    zone = zone_for_epsg(int(target.authid().split(":")[1])) if target.authid().startswith("EPSG:") else None
    result = ImportResult(table)
    rows, problems, keys = [], [], []
    key_source = mapping.get(spec.fields[0].name)
    total = max(source.featureCount(), 1)
    for feature in _all_features(source):
        result.read += 1
        label = feature_label(feature, key_source)
        try:
            record = reference_values.convert_record(spec, {k: plain(feature[v]) for k, v in mapping.items()})
        except reference_values.KeyedConversionError as error:
            values = {
                "field": f"{error.field} {spec.field(error.field).alias}",
                "source": mapping[error.field],
                "reason": error.reason,
                "value": repr(error.value),
            }
            problems.append(RowProblem(label, FIELD_PROBLEM, values, error.field))
            continue
        if not crs.isValid() and not feature.geometry().isNull():
            raise DataError(both(tr_later("Layer {layer} has no coordinate reference system"), layer=layer_name))
        parts, repaired, problem = _geometry_parts(feature.geometry(), transform, spec.geometry, zone, target, swap)
        if problem is not None:
            problems.append(RowProblem(label, problem[0], problem[1]))
            continue
        result.repaired += int(repaired)
        result.exploded += len(parts) - 1
        rows.append(IncomingRow(label, record, parts))
        keys += [(label, record.get(spec.fields[0].name), part.wkb) for part in parts]
        if progress and result.read % 500 == 0:
            progress(min(49.0, 50.0 * result.read / total))
    key = spec.fields[0]
    stored = [] if replace else stored_keys(ledger, table, key.name)
    problems += key_problems(keys, key.name, key.unique, stored)
    refuse_unusable(layer_name, table, result.read, rows, problems, skip_unusable)
    if problems:
        bad = {p.row for p in problems}
        rows = [row for row in rows if row.label not in bad]
        result.left_out = len(bad)
        result.problems = problems
        refuse_unusable(layer_name, table, result.read, rows, problems, True)
    result.replaced = write_rows(ledger, table, rows, replace, _second_half(progress))
    result.written = sum(len(row.parts) for row in rows)
    return result


def _second_half(progress: Optional[Progress]) -> Optional[Progress]:
    return None if progress is None else (lambda percent: progress(50.0 + percent / 2))


def _refuse_points_and_lines(source: QgsFeatureSource, layer_name: str) -> None:
    kind = QgsWkbTypes.geometryType(source.wkbType())
    if kind in (QgsWkbTypes.GeometryType.PointGeometry, QgsWkbTypes.GeometryType.LineGeometry):
        raise DataError(
            both(
                tr_later(
                    "Layer {layer} holds {kind}, not polygons: a ledger table of parcels, permits, villages or "
                    "farmland needs polygons. Nothing was imported"
                ),
                layer=layer_name,
                kind=(tr_chinese(KINDS[kind]), KINDS[kind]),
            )
        )


def _geometry_parts(geometry: QgsGeometry, transform, target_type, zone, target_crs, swap=False):
    """(polygons for the ledger, repaired, None or (reason, values)) of one feature's geometry."""
    if geometry.isNull():
        return [], False, (incoming.NO_GEOMETRY, {})
    try:
        shape = to_shape(flat_geometry(geometry), transform, swap)
    except QgsCsException:
        return [], False, (CANNOT_TRANSFORM, {"crs": target_crs.authid()})
    parts, repaired, problem = incoming.polygon_parts(shape, target_type == schema.MULTIPOLYGON)
    if problem is None:
        corner = incoming.outside_zone(shape.bounds, zone)
        if corner is not None:
            problem = (incoming.OUTSIDE_ZONE, {"x": corner[0], "y": corner[1], "crs": target_crs.authid()})
    return parts, repaired, problem


def _all_features(source: QgsFeatureSource):
    """Every feature, invalid geometries included: they are repaired and counted here, not dropped on the way."""
    if isinstance(source, QgsProcessingFeatureSource):
        return source.getFeatures(QgsFeatureRequest(), NO_VALIDITY_CHECK)
    return source.getFeatures(QgsFeatureRequest())


def canceled_check(feedback) -> Progress:
    """A progress callback that raises Canceled when ``feedback`` is canceled (the transaction rolls back)."""

    def report(percent: float) -> None:
        if feedback.isCanceled():
            raise Canceled()
        feedback.setProgress(percent)

    return report
