"""lianwei:progresssummary — demolished area against the campaign target, per village and for the township."""

from __future__ import annotations

import datetime

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsProcessing,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate

from ...core.progress import COLUMNS, ProgressSummary, summarize, table_rows
from ...layers.convert import DataError, layer_label, qgs_field
from ...layers.progress_labels import column_label, light_label
from ...layers.progress_source import area_method_note, ledger_path_of, read_campaign, read_case_records, read_villages
from ...translation import tr, tr_later
from ..base import LianweiAlgorithm
from ..postprocessors import ProgressSummaryLabels

ANY_GEOMETRY = [QgsProcessing.SourceType.TypeVector]


class ProgressSummaryAlgorithm(LianweiAlgorithm):
    ID = "progresssummary"
    TITLE = tr_later("Campaign progress summary")
    GROUP = "progress"
    HELP = tr_later(
        "One row per village and a township row: cases and area found by status, area demolished up to the report "
        "date, the village's quota of the target and what remains, the next milestone and whether the village is "
        "on track (green, amber, red), new and stock cases, overdue cases, and the date the quota will be reached "
        "at the pace of the last 30 days. Campaign settings (milestones, zero-growth date, days allowed to restore "
        "a new violation) come from the ledger of the violations layer; the target can be given here. Village rows "
        "add up to the township row. Areas are the footprint areas (m²) written by the violation check."
    )

    INPUT, VILLAGES, TARGET_M2, REPORT_DATE, OUTPUT = "INPUT", "VILLAGES", "TARGET_M2", "REPORT_DATE", "OUTPUT"

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFeatureSource(self.INPUT, tr("Violations"), ANY_GEOMETRY))
        self.addParameter(QgsProcessingParameterFeatureSource(self.VILLAGES, tr("Village boundaries"), ANY_GEOMETRY))
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TARGET_M2,
                tr("Demolition target (m²; empty: the ledger's campaign setting)"),
                QgsProcessingParameterNumber.Type.Double,
                optional=True,
                minValue=0.01,
            )
        )
        self.addParameter(
            QgsProcessingParameterDateTime(
                self.REPORT_DATE,
                tr("Report date (empty: today)"),
                QgsProcessingParameterDateTime.Type.Date,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Progress summary"), QgsProcessing.SourceType.TypeVector)
        )

    def processAlgorithm(self, parameters, context, feedback):
        try:
            summary = self.summary(parameters, context, feedback)
        except DataError as error:
            raise self.fail("{error}", error=error) from None
        fields = summary_fields()
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.NoGeometry)
        if sink is None:
            raise self.fail("Cannot create the output layer")
        for values in table_rows(summary):
            feature = QgsFeature(fields)
            feature.setAttributes([_variant(values[name], kind) for name, kind in COLUMNS])
            sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
        self._log(feedback, summary)
        self._loaded = (dest_id, summary.area_method)
        return {self.OUTPUT: dest_id}

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802 - QGIS API
        dest_id, method = getattr(self, "_loaded", (None, None))
        if dest_id and context.willLoadLayerOnCompletion(dest_id):
            context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(ProgressSummaryLabels.create(method))
        return {}

    def summary(self, parameters, context, feedback) -> ProgressSummary:
        source = self.parameterAsSource(parameters, self.INPUT, context)
        villages_source = self.parameterAsSource(parameters, self.VILLAGES, context)
        if source is None or villages_source is None:
            raise DataError(
                tr("Layer {layer} could not be read").format(layer=self.INPUT if source is None else self.VILLAGES)
            )
        ledger = ledger_path_of(self.parameterAsVectorLayer(parameters, self.INPUT, context))
        campaign = read_campaign(ledger)
        if parameters.get(self.TARGET_M2) not in (None, ""):
            campaign.target_m2 = self.parameterAsDouble(parameters, self.TARGET_M2, context)
        input_name = layer_label(self.parameterAsVectorLayer(parameters, self.INPUT, context), source.sourceName())
        records = read_case_records(source, input_name, feedback.isCanceled)
        feedback.setProgress(60)
        villages_layer = self.parameterAsVectorLayer(parameters, self.VILLAGES, context)
        villages = read_villages(villages_source, layer_label(villages_layer, villages_source.sourceName()))
        return summarize(
            records,
            villages,
            campaign,
            self._report_date(parameters, context),
            unassigned_name=tr("(in no village)"),
            township_name=campaign.town_name or tr("Township"),
            area_method=area_method_note(
                records, tr("footprint_m2 as recorded in the ledger (not computed by the check)")
            ),
        )

    def _report_date(self, parameters, context) -> datetime.date:
        value = self.parameterAsDateTime(parameters, self.REPORT_DATE, context)
        if value is not None and value.isValid():
            return datetime.date.fromisoformat(value.date().toString("yyyy-MM-dd"))
        return datetime.date.today()

    @staticmethod
    def _log(feedback, summary: ProgressSummary) -> None:
        t = summary.township
        feedback.pushInfo(tr("Areas: {method}").format(method=summary.area_method))
        feedback.pushInfo(
            tr("Report date {date}: {demolished:.2f} m² demolished of {target:.2f} m² ({pct:.1f} %), {light}").format(
                date=summary.report_date.isoformat(),
                demolished=t.demolished_m2,
                target=summary.campaign.target_m2,
                pct=t.pct_target,
                light=light_label(t.light),
            )
        )
        if summary.overdue:
            feedback.pushWarning(
                tr("Overdue cases ({count}): {cases}").format(
                    count=len(summary.overdue), cases=", ".join(o.case_id for o in summary.overdue[:50])
                )
            )


def summary_fields() -> QgsFields:
    fields = QgsFields()
    for name, kind in COLUMNS:
        field = qgs_field(name, kind, 254 if kind == "text" else 0)
        field.setAlias(column_label(name))
        fields.append(field)
    return fields


def _variant(value, kind):
    if value is None:
        return None
    if kind == "date":
        return QDate.fromString(value, "yyyy-MM-dd")
    return value
