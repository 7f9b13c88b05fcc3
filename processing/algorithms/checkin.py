"""lianwei:checkin — the edits of a field copy merged back into its shared ledger; conflicts listed, none lost."""

from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ...core.checkin_merge import alias
from ...layers import ledgers
from ...layers.checkin import CheckinResult, display, reason_text
from ...layers.convert import qgs_field
from ...layers.ledger import LedgerError
from ...translation import tr, tr_later
from ..base import LianweiAlgorithm

COLUMNS = (
    ("case_id", tr_later("Case number")),
    ("field", tr_later("Field")),
    ("field_alias", tr_later("Field name")),
    ("base_value", tr_later("Value at checkout")),
    ("field_value", tr_later("Value in the field copy")),
    ("office_value", tr_later("Value in the office")),
    ("note", tr_later("Note")),
)


class CheckinAlgorithm(LianweiAlgorithm):
    ID = "checkin"
    TITLE = tr_later("Check in a field copy")
    HELP = tr_later(
        "Merges the edits made in a field copy (Check out a field copy) back into its shared ledger, field by "
        "field against each case as it was checked out. A field changed in the field only is applied, with the "
        "case's version raised by one; fields changed on both sides differently are listed in Conflicts side by "
        "side and neither is overwritten: the office keeps its value, the copy keeps the field's. Cases drawn in "
        "the field get the office's next number; evidence added in the field is added. Everything is applied in "
        "one transaction: if the ledger refuses one change (a village that is not yours, a status the workflow "
        "forbids), nothing is applied and the case is named. Checking the same copy in again applies nothing new."
    )

    INPUT, DATABASE, SCHEMA, CONFLICTS = "INPUT", "DATABASE", "SCHEMA", "CONFLICTS"
    SUMMARY, CHANGED_CASES, NEW_CASES, EVIDENCE, CONFLICT_COUNT = (
        "SUMMARY",
        "CHANGED_CASES",
        "NEW_CASES",
        "EVIDENCE",
        "CONFLICT_COUNT",
    )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFile(self.INPUT, tr("Field copy (GeoPackage)"), extension="gpkg"))
        self.addParameter(
            QgsProcessingParameterString(
                self.DATABASE, tr("PostgreSQL database: a saved QGIS connection's name, or service=NAME")
            )
        )
        self.addParameter(QgsProcessingParameterString(self.SCHEMA, tr("Schema in the database"), "lianwei"))
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.CONFLICTS, tr("Conflicts"), QgsProcessing.SourceType.TypeVector)
        )
        self.addOutput(QgsProcessingOutputString(self.SUMMARY, tr("Summary")))
        self.addOutput(QgsProcessingOutputNumber(self.CHANGED_CASES, tr("Cases changed")))
        self.addOutput(QgsProcessingOutputNumber(self.NEW_CASES, tr("New cases added")))
        self.addOutput(QgsProcessingOutputNumber(self.EVIDENCE, tr("Evidence rows added")))
        self.addOutput(QgsProcessingOutputNumber(self.CONFLICT_COUNT, tr("Conflicts")))

    def processAlgorithm(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.INPUT, context)
        try:
            ledger = ledgers.address(
                "",
                self.parameterAsString(parameters, self.DATABASE, context),
                self.parameterAsString(parameters, self.SCHEMA, context),
            )
            result = ledgers.checkin(path, ledger)
        except LedgerError as error:
            raise self.fail("{error}", error=error) from error
        fields = conflict_fields()
        sink, dest_id = self.parameterAsSink(parameters, self.CONFLICTS, context, fields, QgsWkbTypes.Type.NoGeometry)
        if sink is None:
            raise self.fail("Cannot create the output layer")
        for conflict in result.conflicts:
            feature = QgsFeature(fields)
            feature.setAttributes(
                [
                    conflict.case_id,
                    conflict.field,
                    alias(conflict.field),
                    display(conflict.field, conflict.base),
                    display(conflict.field, conflict.field_value),
                    display(conflict.field, conflict.office_value),
                    reason_text(conflict),
                ]
            )
            sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
        summary = self._report(feedback, result)
        return {
            self.CONFLICTS: dest_id,
            self.SUMMARY: summary,
            self.CHANGED_CASES: len(result.applied),
            self.NEW_CASES: len(result.new_cases),
            self.EVIDENCE: result.evidence,
            self.CONFLICT_COUNT: len(result.conflicts),
        }

    @staticmethod
    def _report(feedback, result: CheckinResult) -> str:
        for case_id, names in result.applied.items():
            feedback.pushInfo(
                tr("Case {case}: {fields} applied (version {version})").format(
                    case=case_id, fields=", ".join(alias(n) for n in names), version=result.versions[case_id]
                )
            )
        for old, number in result.new_cases.items():
            feedback.pushInfo(tr("New case {old} added as {case}").format(old=old, case=number))
        for conflict in result.conflicts:
            feedback.pushWarning(
                tr("Conflict in case {case}, {field}: the field has {field_value}, the office {office_value}").format(
                    case=conflict.case_id,
                    field=alias(conflict.field),
                    field_value=display(conflict.field, conflict.field_value) or "-",
                    office_value=display(conflict.field, conflict.office_value) or "-",
                )
            )
        for case_id in result.deleted_in_field:
            feedback.pushWarning(
                tr("Case {case} was deleted in the field copy; it is kept in the office").format(case=case_id)
            )
        for line in result.orphan_evidence:
            feedback.pushWarning(tr("Evidence of a case the office does not have, not added: {row}").format(row=line))
        summary = tr(
            "{cases} cases changed ({fields} fields), {new} new cases, {evidence} evidence rows added, "
            "{conflicts} conflicts"
        ).format(
            cases=len(result.applied),
            fields=sum(len(v) for v in result.applied.values()),
            new=len(result.new_cases),
            evidence=result.evidence,
            conflicts=len(result.conflicts),
        )
        feedback.pushInfo(summary)
        return summary


def conflict_fields() -> QgsFields:
    fields = QgsFields()
    for name, label in COLUMNS:
        column = qgs_field(name, "text", 254)
        column.setAlias(tr(label))
        fields.append(column)
    return fields
