"""lianwei:recordstatus — move a list of cases on in the workflow at once (after a joint enforcement day)."""

from __future__ import annotations

import re

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProject,
    QgsVectorLayer,
)

from ...core import schema
from ...layers import ledgers
from ...layers.case_edits import Stored, update_cases
from ...layers.ledger import LedgerError
from ...translation import tr, tr_later
from ..base import LianweiAlgorithm
from ..input_sources import unreadable_input

STATUSES = tuple(schema.CODE_LISTS["status"])
# The date a status records, and the field holding it.
DATE_FIELDS = {"DEMOLISHED": "demolished_on", "SIGNED_OFF": "signed_off_on"}


class RecordStatusAlgorithm(LianweiAlgorithm):
    ID = "recordstatus"
    TITLE = tr_later("Record case status")
    GROUP = "ledger"
    HELP = tr_later(
        "Gives the listed cases of a ledger a new status, following the workflow: discovered, then legal or "
        "verified, filed, ordered to rectify, then demolished, regularized or deferred, then signed off. A "
        "demolished case needs its demolished area (the footprint when none is given), the demolition date and a "
        "photo; a deferred case needs a reason in the remarks. If any case may not take the status, nothing is "
        "changed and every refused case is named. Every changed field is traced in the case history. The layer may "
        "be the violations table of a GeoPackage ledger or of a PostgreSQL one; there the database also refuses the "
        "cases of villages you may not edit, naming each, and the history records your database user."
    )

    INPUT, CASES, STATUS, DATE = "INPUT", "CASES", "STATUS", "DATE"
    DEADLINE, DEMOLISHED_M2, REMARKS, UPDATED = "DEADLINE", "DEMOLISHED_M2", "REMARKS", "UPDATED"

    def initAlgorithm(self, config=None):
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                self.INPUT, tr("Violations (ledger table)"), [QgsProcessing.SourceType.TypeVectorPolygon]
            )
        )
        self.addParameter(QgsProcessingParameterString(self.CASES, tr("Case numbers (separated by commas or spaces)")))
        self.addParameter(
            QgsProcessingParameterEnum(
                self.STATUS, tr("New status"), [schema.code_label("status", s) for s in STATUSES], defaultValue=0
            )
        )
        date = QgsProcessingParameterDateTime.Type.Date
        self.addParameter(
            QgsProcessingParameterDateTime(self.DATE, tr("Date of demolition or sign-off"), date, optional=True)
        )
        self.addParameter(QgsProcessingParameterDateTime(self.DEADLINE, tr("Deadline to rectify"), date, optional=True))
        self.addParameter(
            QgsProcessingParameterNumber(
                self.DEMOLISHED_M2,
                tr("Demolished area (m², each case; empty: its footprint)"),
                QgsProcessingParameterNumber.Type.Double,
                optional=True,
                minValue=0.0,
            )
        )
        self.addParameter(QgsProcessingParameterString(self.REMARKS, tr("Remarks"), optional=True))
        self.addOutput(QgsProcessingOutputNumber(self.UPDATED, tr("Cases updated")))

    def prepareAlgorithm(self, parameters, context, feedback):
        """The ledger table is found from the project's layer here, in the main thread: a GeoPackage's file or a
        PostGIS ledger (layers/ledgers.py). The edit opens the ledger itself in processAlgorithm, after checking it
        is a ledger this plugin may write (layers/case_edits.py, layers/pg_case_edits.py)."""
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None or not layer.isValid():
            raise QgsProcessingException(unreadable_input(self, parameters, self.INPUT, context))
        table = ledgers.table_of_layer(layer)
        if table is None or table[1] != "violations":
            raise self.fail(
                "Layer {layer} is not the violations table of a ledger", layer=layer.name() if layer else "?"
            )
        self._table = table
        return True

    def processAlgorithm(self, parameters, context, feedback):
        cases = [c for c in re.split(r"[\s,，;；、]+", self.parameterAsString(parameters, self.CASES, context)) if c]
        if not cases:
            raise self.fail("No case numbers given")
        status = STATUSES[self.parameterAsEnum(parameters, self.STATUS, context)]
        change = {"status": status}
        day = self.parameterAsDateTime(parameters, self.DATE, context)
        if status in DATE_FIELDS and day.isValid() and parameters.get(self.DATE) not in (None, ""):
            change[DATE_FIELDS[status]] = day.date()
        deadline = self.parameterAsDateTime(parameters, self.DEADLINE, context)
        if deadline.isValid() and parameters.get(self.DEADLINE) not in (None, ""):
            change["deadline"] = deadline.date()
        remarks = self.parameterAsString(parameters, self.REMARKS, context)
        if remarks:
            change["remarks"] = remarks
        if status == "DEMOLISHED":
            given = parameters.get(self.DEMOLISHED_M2)
            area = self.parameterAsDouble(parameters, self.DEMOLISHED_M2, context) if given not in (None, "") else None
            # Without an area each case's footprint, read in the same transaction as the rest of the case.
            change["demolished_m2"] = float(area) if area is not None else Stored("footprint_m2")
        changes = {case_id: dict(change) for case_id in cases}
        try:  # a file that is not a ledger, of a newer schema, read-only or truncated is refused before any write;
            # a PostGIS ledger's database refuses another village's case (named), and rolls everything back
            updated = update_cases(self._table[0], changes)
        except LedgerError as error:  # CaseEditError too: the cases refused and why; the ledger is unchanged
            raise self.fail("{error}", error=str(error)) from None
        feedback.pushInfo(
            tr("{count} cases now {status}: {cases}").format(
                count=updated, status=schema.code_label("status", status), cases=", ".join(cases)
            )
        )
        return {self.UPDATED: updated}

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802 - QGIS API
        """Layers of the same ledger in the project show the new values (main thread)."""
        for layer in QgsProject.instance().mapLayers().values():
            if isinstance(layer, QgsVectorLayer) and ledgers.table_of_layer(layer) == getattr(self, "_table", None):
                layer.reload()
                layer.triggerRepaint()
        return {}
