"""lianwei:checkviolations — areas, village, permits, cadastre and farmland of every violation."""

from __future__ import annotations

import datetime
from typing import Dict

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsWkbTypes,
)

from ...core import schema
from ...core.cases import with_type
from ...core.checks import Feature, check_violations
from ...core.errors import Canceled, NotFiniteCoordinates
from ...core.runtime import collector_paused
from ...core.spatial import bounds_with_wkb
from ...layers import coordinate_check, ledgers
from ...layers.convert import (
    NO_VALIDITY_CHECK,
    DataError,
    area_method,
    detect_zone,
    from_shape,
    qgs_field,
    source_extent,
    swapped,
    transform_to,
    zone_crs,
)
from ...layers.gpkg_reader import shapes_from_wkb
from ...layers.reference import read_reference, violation_boxes, whole_table
from ...translation import tr, tr_later
from ..base import LianweiAlgorithm, progress_reporter
from ..encoded_inputs import EncodedInputs, encoded_inputs
from ..postprocessors import CheckedViolationsStyle

POLYGONS = [QgsProcessing.SourceType.TypeVectorPolygon]
# The reference layers: key field and attributes read.
REFERENCES = {
    "PERMITS": ("permit_no", ("permit_type", "approved_m2", "expires_on")),
    "CADASTRE": ("parcel_id", ("owner", "land_class")),
    "VILLAGES": ("village_code", ("village_name",)),
    "FARMLAND": ("patch_id", ()),
}
NEW_FEATURE_ID = QgsFeature().id()  # FID_NULL, which PyQGIS does not export
MULTIPOLYGON_WKB = (b"\x01\x06\x00\x00\x00", b"\x00\x00\x00\x00\x06")  # 2-D, either byte order


class CheckViolationsAlgorithm(LianweiAlgorithm):
    ID = "checkviolations"
    TITLE = tr_later("Check violations")
    GROUP = "check"
    HELP = tr_later(
        "For every violation: the village holding its largest share, its planar area in the CGCS2000 3-degree "
        "Gauss-Krüger zone of the data and its ellipsoidal area by the Third National Land Survey method, the "
        "parts inside and outside permits, the area beyond the approved area, the area on permanent basic "
        "farmland, the parcel it overlaps most, and a suggested violation type with its reason. Areas are in m², "
        "rounded half-up to 0.01 m². Invalid geometries are repaired and listed; violations outside every village "
        "or split between villages are listed in the log."
    )

    INPUT, PERMITS, CADASTRE, VILLAGES, FARMLAND = "INPUT", "PERMITS", "CADASTRE", "VILLAGES", "FARMLAND"
    REPORT_DATE, OUTPUT, AREA_METHOD = "REPORT_DATE", "OUTPUT", "AREA_METHOD"

    def initAlgorithm(self, config=None):
        sources = (
            (self.INPUT, tr("Violations"), False),
            (self.PERMITS, tr("Permits"), False),
            (self.CADASTRE, tr("Cadastre parcels"), False),
            (self.VILLAGES, tr("Village boundaries"), False),
            (self.FARMLAND, tr("Permanent basic farmland"), True),
        )
        for key, label, optional in sources:
            self.addParameter(QgsProcessingParameterFeatureSource(key, label, POLYGONS, optional=optional))
        self.addParameter(
            QgsProcessingParameterDateTime(
                self.REPORT_DATE,
                tr("Report date (temporary permits expire before it)"),
                QgsProcessingParameterDateTime.Type.Date,
                optional=True,
            )
        )
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Checked violations")))

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        """In the main thread, which owns the project's layers: which inputs are whole GeoPackage or PostGIS tables
        (read straight from the database in the background run, only the rows near a violation), and which
        shapefiles are opened again to read their text in its real encoding (GBK without .cpg)."""
        self._tables = {}
        for key in (self.PERMITS, self.CADASTRE, self.VILLAGES, self.FARMLAND):
            if self._whole_layer(parameters, key):
                self._tables[key] = whole_table(self.parameterAsVectorLayer(parameters, key, context))
        keys = (self.INPUT, self.PERMITS, self.CADASTRE, self.VILLAGES, self.FARMLAND)
        self._encoded_inputs = EncodedInputs.prepare(self, parameters, context, keys)
        return True

    def processAlgorithm(self, parameters, context, feedback):
        try:
            with collector_paused():
                return self._check(parameters, context, feedback)
        finally:
            encoded_inputs(self).release()

    def _check(self, parameters, context, feedback):
        report_date = self._report_date(parameters, context)
        tctx = context.transformContext()
        encoded_inputs(self).log(feedback)
        try:
            source = self._source(parameters, self.INPUT, context)
            if source.featureCount() == 0:  # a village without cases in a batch run: an empty result, no error
                return self._empty_result(parameters, context, feedback, source)
            sources = {key: self._source(parameters, key, context) for key in REFERENCES}
            readings = self._readings(source, sources, tctx, feedback)
            reading = readings[self.INPUT]
            zone = detect_zone(reading.crs, reading.extent(source_extent(source)), source.sourceName(), tctx)
            target = zone_crs(zone)
            source_crs = reading.crs if reading.crs.isValid() else target
            transform = transform_to(source_crs, target, tctx)
            originals, violations, multi = read_violations(source, transform, reading.swap)
            boxes = violation_boxes(violations)
            others = {}
            for key, (field, attributes) in REFERENCES.items():
                layer, fit = sources[key], readings.get(key)
                others[key] = (
                    []
                    if layer is None
                    else read_reference(
                        layer,
                        getattr(self, "_tables", {}).get(key),  # none: read through QGIS
                        field,
                        attributes,
                        target,
                        tctx,
                        boxes,
                        feedback.isCanceled,
                        fit.crs,
                        fit.swap,
                    )
                )
                feedback.setProgress(5 + 5 * len(others))
            report = check_violations(
                violations,
                others[self.PERMITS],
                others[self.CADASTRE],
                others[self.VILLAGES],
                others[self.FARMLAND],
                zone,
                report_date,
                progress_reporter(feedback, 25, 90),
            )
        except DataError as error:
            raise self.fail("{error}", error=error) from None
        except Canceled:
            raise self.fail("Canceled: nothing was written") from None
        except NotFiniteCoordinates as error:
            raise self.fail(
                "Layer {layer}: the geometries of {cases} have coordinates that are not numbers (NaN or infinite). "
                "Nothing was checked or written: correct or redraw these cases, then run the check again",
                layer=source.sourceName(),
                cases=", ".join(error.keys),
            ) from None

        method = area_method(zone)
        fields = output_fields(source.fields())
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.MultiPolygon, source_crs
        )
        if sink is None:
            raise self.fail("Cannot create the output layer")
        writer = CheckedFeatures(fields, transform, method, source.fields())
        for start in range(0, len(originals), 2000):
            if feedback.isCanceled():
                raise self.fail("Canceled: nothing was written")
            end = start + 2000
            chunk = zip(originals[start:end], report.results[start:end], multi[start:end])
            if not sink.addFeatures([writer.feature(f, r, m) for f, r, m in chunk], QgsFeatureSink.Flag.FastInsert):
                raise self.fail("Writing the checked violations failed: {error}", error=sink.lastError())
        self._log(feedback, report, method)
        self._loaded = (dest_id, method)
        return {self.OUTPUT: dest_id, self.AREA_METHOD: method}

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802 - QGIS API
        """Style the output when QGIS loads it (here, in the main thread, as QGIS expects)."""
        dest_id, method = getattr(self, "_loaded", (None, None))
        if dest_id and context.willLoadLayerOnCompletion(dest_id):
            context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(CheckedViolationsStyle.create(method))
        return {}

    def _readings(self, source, sources, context, feedback) -> Dict[str, coordinate_check.Reading]:
        """How to read each layer: its coordinates checked against its CRS (extents only), the villages first,
        then every other layer against the villages' township too. A certain fix is logged; a layer that does not
        fit is refused (DataError) before anything is read or written."""
        villages = sources[self.VILLAGES]
        readings = {self.VILLAGES: coordinate_check.source_reading(villages, villages.sourceName(), context)}
        township = readings[self.VILLAGES].lonlat
        readings[self.INPUT] = coordinate_check.source_reading(source, source.sourceName(), context, township)
        for key, layer in sources.items():
            if layer is not None and key not in readings:
                readings[key] = coordinate_check.source_reading(layer, layer.sourceName(), context, township)
        for key, reading in readings.items():
            name = source.sourceName() if key == self.INPUT else sources[key].sourceName()
            for line in coordinate_check.fix_messages(name, reading.diagnosis):
                feedback.pushWarning(line)
        return readings

    def _source(self, parameters, key, context):
        source = encoded_inputs(self).source(self, parameters, key, context)
        if source is None and not self.parameterDefinition(key).flags() & self.parameterDefinition(key).FlagOptional:
            raise DataError(tr("Layer {layer} could not be read").format(layer=key))
        return source

    def _report_date(self, parameters, context) -> str:
        value = self.parameterAsDateTime(parameters, self.REPORT_DATE, context)
        if value is not None and value.isValid():
            return value.date().toString("yyyy-MM-dd")
        return datetime.date.today().isoformat()

    def _empty_result(self, parameters, context, feedback, source):
        fields = output_fields(source.fields())
        _, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.MultiPolygon, source.sourceCrs()
        )
        feedback.pushWarning(tr("Layer {layer} has no features: nothing to check").format(layer=source.sourceName()))
        return {self.OUTPUT: dest_id, self.AREA_METHOD: ""}

    @staticmethod
    def _whole_layer(parameters, key) -> bool:
        """False when the user asked for selected features only or a feature limit: read through QGIS then."""
        value = parameters.get(key)
        if isinstance(value, QgsProcessingFeatureSourceDefinition):
            return not value.selectedFeaturesOnly and value.featureLimit < 0
        return True

    @staticmethod
    def _log(feedback, report, method) -> None:
        feedback.pushInfo(tr("Area method: {method}").format(method=method))
        feedback.pushInfo(tr("{count} violations checked").format(count=len(report.results)))
        if report.repaired:
            feedback.pushWarning(
                tr("Invalid geometries repaired ({count}): {cases}").format(
                    count=len(report.repaired), cases=", ".join(report.repaired)
                )
            )
        if report.empty:
            feedback.pushWarning(
                tr("Empty geometries ({count}): {cases}").format(count=len(report.empty), cases=", ".join(report.empty))
            )
        if report.outside_villages:
            feedback.pushWarning(
                tr("Outside every village ({count}): {cases}").format(
                    count=len(report.outside_villages), cases=", ".join(report.outside_villages)
                )
            )
        for result in report.split:
            shares = "; ".join(f"{code} {share:.1%}" for code, share in result.villages)
            feedback.pushInfo(
                tr("{case} lies in several villages ({shares}); assigned to {village}").format(
                    case=result.case_id, shares=shares, village=result.values.get("village_code")
                )
            )


def ledger_parameters(ledger: ledgers.Address) -> dict:
    """The check's input parameters for a ledger's own tables, a GeoPackage's or a PostGIS ledger's (for scripts,
    models and batch files)."""
    tables = (
        ("INPUT", "violations"),
        ("PERMITS", "permits"),
        ("CADASTRE", "cadastre"),
        ("VILLAGES", "villages"),
        ("FARMLAND", "farmland"),
    )
    return {key: ledgers.table_source(ledger, table) for key, table in tables}


def read_violations(source, transform, swap: bool = False):
    """The input features as they are (for the output), as core Features in the zone (for the check), and whether
    each geometry is a 2-D multipolygon already (read from its WKB header). ``swap``: X and Y of the input are
    swapped; the output gets them the right way round."""
    key_index = source.fields().indexOf("case_id")
    originals, keys, blobs = [], [], []
    for feature in source.getFeatures(QgsFeatureRequest(), NO_VALIDITY_CHECK):  # a new QgsFeature each time
        key = feature[key_index] if key_index >= 0 else None
        originals.append(feature)
        keys.append(str(key) if key else f"#{feature.id()}")
        geometry = feature.geometry()
        if geometry.isEmpty():  # null geometries too
            blobs.append(None)
            continue
        if swap:
            geometry = swapped(geometry)
            feature.setGeometry(geometry)
        if transform is not None:
            geometry = QgsGeometry(geometry)
            geometry.transform(transform)
        blobs.append(bytes(geometry.asWkb()))
    shapes = shapes_from_wkb(blobs)
    boxes = bounds_with_wkb(shapes, blobs)  # measured once, for the reading of the reference layers and the check
    violations = [
        Feature(key, shape, box=tuple(box), wkb=blob)
        for key, shape, box, blob in zip(keys, shapes, boxes.tolist(), blobs)
    ]
    multi = [b is not None and b[:5] in MULTIPOLYGON_WKB for b in blobs]
    return originals, violations, multi


class CheckedFeatures:
    """Output features: the input feature with the check's values, the repaired geometry where it had to be
    repaired. Only the check's fields are set, by index: the input's own attributes are never converted to
    Python and back (for 50 attributes, that conversion was most of the cost)."""

    def __init__(self, fields: QgsFields, transform, method: str, source_fields: QgsFields):
        self.fields, self.transform, self.method = fields, transform, method
        self.count = fields.count()
        self.same_fields = source_fields.count() == self.count  # the input has every field the check fills
        self.type_index = fields.indexOf("violation_type")
        self.index: Dict[str, int] = {}

    def feature(self, feature: QgsFeature, result, multi: bool = False) -> QgsFeature:
        """``feature``, read for the check and used by nothing else, is changed in place (a copy would cost a third
        of the writing) and returned. ``multi``: its geometry is a multipolygon already (it is left as it is)."""
        out = feature
        out.setId(NEW_FEATURE_ID)  # as a feature built from the fields: the sink numbers it
        if not self.same_fields:
            out.setFields(self.fields, False)
            out.resizeAttributes(self.count)
        values = with_type(result.values, out.attribute(self.type_index) if self.type_index >= 0 else None)
        values["area_method"] = self.method
        if result.empty:
            values["check_note"] = tr("Empty geometry: no area")
        index_of, set_attribute = self.index, out.setAttribute
        for name, value in values.items():
            index = index_of.get(name)
            if index is None:
                index = index_of[name] = self.fields.indexOf(name)
            if index >= 0:
                set_attribute(index, value)
        if result.repaired:
            out.setGeometry(from_shape(result.geometry, self.transform))
        elif multi:
            return out
        geometry = out.geometry()
        if not geometry.isNull() and not QgsWkbTypes.isMultiType(geometry.wkbType()):
            geometry.convertToMultiType()
            out.setGeometry(geometry)
        return out


def output_fields(fields: QgsFields) -> QgsFields:
    """The input's fields, then every field the check fills that the input lacks (typed as in the ledger)."""
    result = QgsFields(fields)
    spec = schema.layer("violations")
    for name in ("category", "violation_type") + schema.CHECK_FIELDS:
        if result.indexOf(name) < 0:
            f = spec.field(name)
            result.append(qgs_field(name, f.type, f.length))
    return result
