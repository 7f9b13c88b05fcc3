"""lianwei:importreference — copy an office's layer into a reference table of a ledger (villages, cadastre,
permits, farmland), fields mapped, values converted, geometries in the ledger's CRS; all or nothing."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterString,
)

from ...core import schema
from ...core.errors import Canceled
from ...core.field_mapping import REFERENCE_TABLES, format_mapping
from ...layers import coordinate_check, ledgers, office_source
from ...layers.convert import DataError, layer_label
from ...layers.ledger import LedgerError
from ...layers.ledger_import import problem_line
from ...layers.reference_import import canceled_check, import_reference, resolve_mapping
from ...translation import both, tr, tr_later
from ..base import LianweiAlgorithm


class ImportReferenceAlgorithm(LianweiAlgorithm):
    ID = "importreference"
    SHARED_LEDGER = True
    TITLE = tr_later("Import office layer into the ledger")
    HELP = tr_later(
        "Copies an office's layer (shapefile, GeoPackage, PostGIS table) into one reference table of a ledger: "
        "village boundaries, cadastre, permits or permanent basic farmland. Field mapping: ledger_field=source_field;… "
        "— empty proposes one from the field names (ZDDM, QLR, DLBM, 宗地代码, 许可证号 …). "
        "Areas given as text and dates in Chinese spellings are converted; geometries are transformed to the "
        "ledger's CRS, invalid ones repaired, multipart ones split. Coordinates that do not fit the layer's CRS are "
        "fixed where the fix is certain (eastings with the zone number, X and Y swapped, degrees under a projected "
        "CRS; the log says so) and refused otherwise, as are data far from the ledger's villages. "
        "Every feature is checked before anything is written: a feature without a usable polygon (no geometry, "
        "empty, points or lines, coordinates that are not numbers or do not fit the ledger's CRS), a value that "
        "cannot be read or a key given twice refuses the whole import with a list of the features, unless "
        "“leave out features that cannot be used” is ticked; a layer with nothing usable is always refused, so "
        "replace never empties a table by mistake. "
        "A shapefile without .cpg whose text is not UTF-8 is read as GBK unless an encoding is given. The source is "
        "never changed. Everything is written in one transaction: if any feature cannot be stored, the ledger is "
        "left exactly as it was and the message names the layer, feature and field. The ledger is a GeoPackage "
        "file, or a schema of a PostgreSQL database (a saved connection's name or service=NAME)."
    )

    INPUT = "INPUT"
    TABLE = "TABLE"
    MAPPING = "MAPPING"
    LEDGER = "LEDGER"
    REPLACE = "REPLACE"
    ENCODING = "ENCODING"
    SKIP_UNUSABLE = "SKIP_UNUSABLE"
    OUTPUT = "OUTPUT"
    COUNTS = (
        ("WRITTEN", "written", tr_later("Features written")),
        ("REPAIRED", "repaired", tr_later("Invalid geometries repaired")),
        ("EXPLODED", "exploded", tr_later("Extra rows from multipart geometries")),
        ("WITHOUT_GEOMETRY", "without_geometry", tr_later("Features without a geometry")),
        ("REPLACED", "replaced", tr_later("Rows replaced")),
        ("LEFT_OUT", "left_out", tr_later("Features left out (could not be stored)")),
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
        self.add_ledger_input()
        self.addParameter(QgsProcessingParameterBoolean(self.REPLACE, tr("Replace the table's rows"), True))
        encoding = QgsProcessingParameterString(
            self.ENCODING, tr("Text encoding of a shapefile (empty: detected)"), "", optional=True
        )
        skip = QgsProcessingParameterBoolean(
            self.SKIP_UNUSABLE, tr("Leave out features that cannot be used (listed in the log)"), False
        )
        self.add_advanced(encoding, skip)
        self.addOutput(QgsProcessingOutputVectorLayer(self.OUTPUT, tr("Ledger table")))
        self.addOutput(QgsProcessingOutputString(self.MAPPING, tr("Field mapping used")))
        for key, _, description in self.COUNTS:
            self.addOutput(QgsProcessingOutputNumber(key, tr(description)))

    def processAlgorithm(self, parameters, context, feedback):
        source = self.source(parameters, self.INPUT, context)  # a file of several layers was refused before
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        table = REFERENCE_TABLES[self.parameterAsEnum(parameters, self.TABLE, context)]
        ledger = self.ledger_input(parameters, context)
        name = layer_label(layer, source.sourceName())
        try:
            text = office_source.text_reading(layer, self.parameterAsString(parameters, self.ENCODING, context))
            if text.encoding:
                feedback.pushInfo(text.log_line(name))
            reading = text.layer or layer
            fit = self._fit(reading, name, ledger, context, feedback) if reading is not None else None
            features = text.layer if text.layer is not None else source
            if features.featureCount() == 0:  # said before the mapping, which an empty file cannot show
                raise DataError(
                    both(
                        tr_later(
                            "Layer {layer} has no features: nothing was imported and the ledger table {table} was "
                            "not changed"
                        ),
                        layer=name,
                        table=table,
                    )
                )
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
                fit.crs if fit is not None else None,
                self.parameterAsBool(parameters, self.SKIP_UNUSABLE, context),
                swap=fit is not None and fit.swap,
            )
        except Canceled as error:
            raise self.fail("Canceled: the ledger was not changed") from error
        except (DataError, LedgerError) as error:
            raise self.fail("{error}", error=error) from None
        if result.problems:
            feedback.pushWarning(
                tr("{count} features left out, they could not be stored:").format(count=result.left_out)
            )
            for problem in result.problems:
                feedback.pushWarning(problem_line(problem))
        feedback.pushInfo(
            tr("{table}: {written} features written, {repaired} repaired").format(
                table=schema.layer(table).alias, written=result.written, repaired=result.repaired
            )
        )
        results = {self.OUTPUT: ledgers.table_source(ledger, table), self.MAPPING: format_mapping(mapping)}
        results.update({key: getattr(result, attribute) for key, attribute, _ in self.COUNTS})
        return results

    @staticmethod
    def _fit(reading, name, ledger, context, feedback) -> coordinate_check.Reading:
        """How to read the layer's coordinates: checked against its CRS and the ledger's villages; a certain fix
        is logged, anything else refused (DataError) before the ledger is opened."""
        tctx = context.transformContext()
        township = coordinate_check.township_of(ledger, tctx)
        diagnosis = office_source.diagnose(office_source.source_of(reading), reading, township, tctx)
        if diagnosis.refusal is not None:
            raise DataError(coordinate_check.refusal_message(name, diagnosis))
        for line in coordinate_check.fix_messages(name, diagnosis):
            feedback.pushWarning(line)
        return coordinate_check.reading_of(diagnosis, reading.crs())
