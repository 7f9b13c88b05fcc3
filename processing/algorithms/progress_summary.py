"""lianwei:progresssummary — demolished area against the campaign target, per village and for the township."""

from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsProcessing,
    QgsProcessingParameterFeatureSink,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate

from ...core.progress import COLUMNS, ProgressSummary, table_rows
from ...layers.convert import DataError, qgs_field
from ...layers.progress_labels import column_label, light_label
from ...translation import tr, tr_later
from ..base import LianweiAlgorithm
from ..postprocessors import ProgressSummaryLabels
from ..progress_inputs import add_progress_parameters, build_summary, progress_layer_facts


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
        add_progress_parameters(self)
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Progress summary"), QgsProcessing.SourceType.TypeVector)
        )

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        """In the main thread, which owns the project's layers: what the run needs of them (progress_layer_facts)."""
        self.progress_facts = progress_layer_facts(self, parameters, context)
        return True

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
        return build_summary(self, parameters, context, feedback)

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
