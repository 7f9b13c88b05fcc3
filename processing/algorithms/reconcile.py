"""lianwei:reconcile — the ledger against the upper level's current patch file (对账): one row per difference, a
short Chinese summary. Reads both sides only; nothing is written to the ledger."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ...core import reconcile as rc
from ...core.patch_dedup import THRESHOLD
from ...core.patch_mapping import effective_mapping
from ...layers import ledgers, reconcile_sources
from ...layers.convert import DataError, layer_label, qgs_field
from ...layers.ledger import LedgerError
from ...layers.patch_notes import note_both, note_local
from ...layers.progress_source import read_campaign
from ...translation import tr, tr_later
from ..base import LianweiAlgorithm

OUTPUT_FIELDS = (
    ("patch_no", "text", 40, tr_later("Patch number (监测编号)")),
    ("kind", "text", 60, tr_later("Difference")),
    ("kind_code", "text", 30, tr_later("Difference (code)")),
    ("here", "text", 200, tr_later("Value in the ledger")),
    ("above", "text", 200, tr_later("Value in the upper level's file")),
    ("case_id", "text", 200, tr_later("Case numbers")),
)


class ReconcileAlgorithm(LianweiAlgorithm):
    ID = "reconcile"
    SHARED_LEDGER = True
    TITLE = tr_later("Reconcile the ledger with the upper level's patches")
    GROUP = "ledger"
    HELP = tr_later(
        "Compares the ledger with the upper level's current patch file or service layer before a report (对账). "
        "Patches are matched to cases by their number (监测编号 JCBH, else 图斑编号 TBBH, through the same field "
        "mapping as the patch import), then the rest by outline (overlap above the share of the smaller). "
        "Every difference is one row of the output table: a patch the ledger does not have, a case with a patch "
        "number the upper level does not have, a case the upper level does not know, a case matched only by outline "
        "under another number, an area difference above the tolerance (m² and/or a share of the larger area), and "
        "a status disagreement (signed off or verified legal here, still open there, or the reverse; the upper "
        "level's state is read from a column such as 整改状态 or 是否销号). A short Chinese summary goes to the log "
        "and to the SUMMARY output. The ledger and the upper level's file are only read, never changed."
    )

    LEDGER = "LEDGER"
    UPPER = "UPPER"
    MAPPING = "MAPPING"
    STATUS_FIELD = "STATUS_FIELD"
    TOLERANCE = "TOLERANCE"
    TOLERANCE_SHARE = "TOLERANCE_SHARE"
    THRESHOLD = "THRESHOLD"
    PATCHES_ONLY = "PATCHES_ONLY"
    OUTPUT = "OUTPUT"
    SUMMARY = "SUMMARY"
    DIFFERENCES = "DIFFERENCES"

    def initAlgorithm(self, config=None):
        self.add_ledger_input()
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.UPPER,
                tr("Upper level's patches (file, layer or service)"),
                [QgsProcessing.SourceType.TypeVectorAnyGeometry],
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.MAPPING,
                tr("Field mapping (ledger_field=source_field;…; empty: the 卫片 default)"),
                "",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.STATUS_FIELD,
                tr("Column with the upper level's state (empty: 整改状态, 是否销号 … if present)"),
                parentLayerParameterName=self.UPPER,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TOLERANCE,
                tr("Area tolerance (m²)"),
                QgsProcessingParameterNumber.Type.Double,
                1.0,
                optional=True,
                minValue=0.0,
            )
        )
        advanced = [
            QgsProcessingParameterNumber(
                self.TOLERANCE_SHARE,
                tr("Area tolerance as a share of the larger area (%, empty: none)"),
                QgsProcessingParameterNumber.Type.Double,
                None,
                optional=True,
                minValue=0.0,
                maxValue=100.0,
            ),
            QgsProcessingParameterNumber(
                self.THRESHOLD,
                tr("Overlap that matches a patch to a case by outline (share of the smaller)"),
                QgsProcessingParameterNumber.Type.Double,
                THRESHOLD,
                minValue=0.01,
                maxValue=1.0,
            ),
            QgsProcessingParameterBoolean(
                self.PATCHES_ONLY, tr("Only cases with a patch number or from 卫片/遥感"), False
            ),
        ]
        self.add_advanced(*advanced)
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, tr("Differences"), QgsProcessing.SourceType.TypeVector, optional=False
            )
        )
        self.addOutput(QgsProcessingOutputString(self.SUMMARY, tr("Summary")))
        self.addOutput(QgsProcessingOutputNumber(self.DIFFERENCES, tr("Differences found")))

    def processAlgorithm(self, parameters, context, feedback):
        ledger = self.ledger_input(parameters, context)
        upper = self.source(parameters, self.UPPER, context)
        name = layer_label(self.parameterAsVectorLayer(parameters, self.UPPER, context), upper.sourceName())
        try:
            ledgers.check(ledger, writable=False)
            cases = reconcile_sources.ledger_cases(ledger, self.parameterAsBool(parameters, self.PATCHES_ONLY, context))
            town = read_campaign(ledger).town_name
        except (LedgerError, DataError) as error:
            raise self.fail("{error}", error=error) from None
        columns = upper.fields().names()
        mapping, notes = effective_mapping(columns, self.parameterAsString(parameters, self.MAPPING, context))
        blocking = [n for n in notes if n.is_error]
        if blocking:
            raise self.fail("{error}", error="\n".join(note_both(n, name) for n in blocking))
        status = reconcile_sources.status_column(
            columns, self.parameterAsString(parameters, self.STATUS_FIELD, context)
        )
        feedback.pushInfo(
            tr("Patch number from {number}, area from {area}, state from {status}").format(
                number=mapping.get("patch_no") or mapping.get("upper_patch_id"),
                area=mapping.get("upper_m2") or "-",
                status=status or "-",
            )
        )
        crs = reconcile_sources.ledger_crs(ledger)
        patches, row_notes = reconcile_sources.upper_patches(upper, mapping, status, crs, context)
        for note in notes + row_notes:
            feedback.pushWarning(note_local(note, name))
        tolerance = self._optional_number(parameters, self.TOLERANCE, context)
        share = self._optional_number(parameters, self.TOLERANCE_SHARE, context)
        result = rc.reconcile(
            cases,
            patches,
            tolerance_m2=tolerance,
            tolerance_share=share / 100.0 if share is not None else None,
            threshold=self.parameterAsDouble(parameters, self.THRESHOLD, context),
        )
        fields = QgsFields()
        for field_name, kind, length, alias in OUTPUT_FIELDS:
            field = qgs_field(field_name, kind, length)
            field.setAlias(tr(alias))
            fields.append(field)
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.NoGeometry, QgsCoordinateReferenceSystem()
        )
        if sink is None:
            raise self.fail("Cannot create the output layer")
        rows = []
        for difference in result.differences:
            feature = QgsFeature(fields)
            feature.setAttributes(
                [
                    difference.patch_no,
                    f"{rc.KIND_LABELS[difference.kind]} ({difference.kind})",
                    difference.kind,
                    difference.here,
                    difference.above,
                    difference.case_id,
                ]
            )
            rows.append(feature)
        if not sink.addFeatures(rows, QgsFeatureSink.Flag.FastInsert):
            raise self.fail("Writing the differences failed: {error}", error=sink.lastError())
        summary = rc.summary_text(result, town, tolerance)
        feedback.pushInfo(summary)
        return {self.OUTPUT: dest_id, self.SUMMARY: summary, self.DIFFERENCES: len(result.differences)}

    def _optional_number(self, parameters, key, context):
        if parameters.get(key) in (None, ""):
            definition = self.parameterDefinition(key)
            default = definition.defaultValue()
            return None if default in (None, "") else float(default)
        return self.parameterAsDouble(parameters, key, context)
