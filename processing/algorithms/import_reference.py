"""lianwei:importreference — copy an office's layer into a reference table of a ledger (villages, cadastre,
permits, farmland), fields mapped, values converted, geometries in the ledger's CRS; all or nothing."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ...core import schema
from ...core.errors import Canceled
from ...core.field_mapping import REFERENCE_TABLES, format_mapping
from ...layers import office_source
from ...layers.convert import DataError, layer_label
from ...layers.ledger import is_ledger, layer_uri
from ...layers.reference_import import canceled_check, import_reference, resolve_mapping
from ...translation import tr, tr_later
from ..base import LianweiAlgorithm


class ImportReferenceAlgorithm(LianweiAlgorithm):
    ID = "importreference"
    TITLE = tr_later("Import office layer into the ledger")
    HELP = tr_later(
        "Copies an office's layer (shapefile, GeoPackage, PostGIS table) into one reference table of a ledger: "
        "village boundaries, cadastre, permits or permanent basic farmland. Field mapping: ledger_field=source_field;… "
        "— empty proposes one from the field names (ZDDM, QLR, DLBM, 宗地代码, 许可证号 …). "
        "Areas given as text and dates in Chinese spellings are converted; geometries are transformed to the "
        "ledger's CRS (eastings with the zone number are recognized), invalid ones repaired, multipart ones split. "
        "A shapefile without .cpg whose text is not UTF-8 is read as GBK unless an encoding is given. The source is "
        "never changed. Everything is written in one transaction: if any feature cannot be stored, the ledger is "
        "left exactly as it was and the message names the layer, feature and field."
    )

    INPUT = "INPUT"
    TABLE = "TABLE"
    MAPPING = "MAPPING"
    LEDGER = "LEDGER"
    REPLACE = "REPLACE"
    ENCODING = "ENCODING"
    OUTPUT = "OUTPUT"
    COUNTS = (
        ("WRITTEN", "written", tr_later("Features written")),
        ("REPAIRED", "repaired", tr_later("Invalid geometries repaired")),
        ("EXPLODED", "exploded", tr_later("Extra rows from multipart geometries")),
        ("WITHOUT_GEOMETRY", "without_geometry", tr_later("Features without a geometry")),
        ("REPLACED", "replaced", tr_later("Rows replaced")),
    )

    def initAlgorithm(self, config=None):
        polygons = [QgsProcessing.SourceType.TypeVectorPolygon]
        self.addParameter(QgsProcessingParameterFeatureSource(self.INPUT, tr("Office layer"), polygons))
        labels = [f"{schema.layer(t).alias} ({t})" for t in REFERENCE_TABLES]
        self.addParameter(QgsProcessingParameterEnum(self.TABLE, tr("Ledger table"), labels, defaultValue=1))
        self.addParameter(
            QgsProcessingParameterString(
                self.MAPPING, tr("Field mapping (ledger_field=source_field;…; empty: proposed)"), "", optional=True
            )
        )
        self.addParameter(QgsProcessingParameterFile(self.LEDGER, tr("Ledger (GeoPackage)"), extension="gpkg"))
        self.addParameter(QgsProcessingParameterBoolean(self.REPLACE, tr("Replace the table's rows"), True))
        encoding = QgsProcessingParameterString(
            self.ENCODING, tr("Text encoding of a shapefile (empty: detected)"), "", optional=True
        )
        encoding.setFlags(encoding.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(encoding)
        self.addOutput(QgsProcessingOutputVectorLayer(self.OUTPUT, tr("Ledger table")))
        self.addOutput(QgsProcessingOutputString(self.MAPPING, tr("Field mapping used")))
        for key, _, description in self.COUNTS:
            self.addOutput(QgsProcessingOutputNumber(key, tr(description)))

    def processAlgorithm(self, parameters, context, feedback):
        source = self.source(parameters, self.INPUT, context)  # a file of several layers was refused before
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        table = REFERENCE_TABLES[self.parameterAsEnum(parameters, self.TABLE, context)]
        ledger = self.parameterAsFile(parameters, self.LEDGER, context)
        if not is_ledger(ledger):
            raise self.fail("{path} is not a Lianwei ledger", path=ledger)
        name = layer_label(layer, source.sourceName())
        try:
            reopened, encoding = office_source.input_for_import(
                layer, self.parameterAsString(parameters, self.ENCODING, context)
            )
            if encoding:
                feedback.pushInfo(tr("Text of {layer} read as {encoding}").format(layer=name, encoding=encoding))
            reading = reopened or layer
            diagnosis = office_source.diagnose(office_source.source_of(reading), reading) if reading else None
            if diagnosis is not None:
                for note, values in diagnosis.notes:
                    feedback.pushWarning(tr(note).format(**values))
            features = reopened if reopened is not None else source
            aliases = office_source.field_aliases(reading) if reading else None
            mapping = resolve_mapping(
                table, features, self.parameterAsString(parameters, self.MAPPING, context), aliases
            )
            feedback.pushInfo(tr("Field mapping: {mapping}").format(mapping=format_mapping(mapping)))
            result = import_reference(
                features,
                name,
                table,
                mapping,
                ledger,
                self.parameterAsBool(parameters, self.REPLACE, context),
                context.transformContext(),
                canceled_check(feedback),
                office_source.reading_crs(reading, diagnosis) if diagnosis is not None else None,
            )
        except Canceled as error:
            raise self.fail("Canceled: the ledger was not changed") from error
        except DataError as error:
            raise self.fail("{error}", error=error) from None
        feedback.pushInfo(
            tr("{table}: {written} features written, {repaired} repaired").format(
                table=schema.layer(table).alias, written=result.written, repaired=result.repaired
            )
        )
        results = {self.OUTPUT: layer_uri(ledger, table), self.MAPPING: format_mapping(mapping)}
        results.update({key: getattr(result, attribute) for key, attribute, _ in self.COUNTS})
        return results
