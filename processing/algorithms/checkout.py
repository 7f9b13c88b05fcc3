"""lianwei:checkout — the cases of chosen villages of a shared ledger in a GeoPackage for the field (QField)."""

from __future__ import annotations

import os

from qgis.core import (
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from ...core import schema
from ...core.errors import Canceled
from ...core.pg_schema import village_codes
from ...layers import ledgers
from ...layers.ledger import LedgerError
from ...translation import tr, tr_both, tr_later
from ..base import LianweiAlgorithm, progress_reporter


class CheckoutAlgorithm(LianweiAlgorithm):
    ID = "checkout"
    TITLE = tr_later("Check out a field copy")
    HELP = tr_later(
        "Writes the cases of the chosen villages of a shared ledger (PostgreSQL) into a new GeoPackage for a laptop "
        "or a phone (QField): the cases with their evidence and history, the village boundaries, and the cadastre, "
        "permits and farmland within those villages' extent, with the ledger's forms, rules and a project beside "
        "it. Edit it offline, then merge the edits back with Check in a field copy: the copy remembers each case as "
        "it was checked out, so that changes made meanwhile in the office are never overwritten. An existing file "
        "is never overwritten."
    )

    DATABASE, SCHEMA, VILLAGE_CODES, OUTPUT = "DATABASE", "SCHEMA", "VILLAGE_CODES", "OUTPUT"
    PROJECT, CASES = "PROJECT", "CASES"

    def initAlgorithm(self, config=None):
        self.addParameter(
            QgsProcessingParameterString(
                self.DATABASE, tr("PostgreSQL database: a saved QGIS connection's name, or service=NAME")
            )
        )
        self.addParameter(QgsProcessingParameterString(self.SCHEMA, tr("Schema in the database"), "lianwei"))
        self.addParameter(
            QgsProcessingParameterString(self.VILLAGE_CODES, tr("Village codes (separated by commas or spaces)"))
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(self.OUTPUT, tr("Field copy (GeoPackage)"), tr("GeoPackage (*.gpkg)"))
        )
        self.addOutput(QgsProcessingOutputFile(self.PROJECT, tr("QGIS project beside the field copy")))
        self.addOutput(QgsProcessingOutputNumber(self.CASES, tr("Cases in the field copy")))

    def parameter_problem(self, parameters, context):
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if path and os.path.exists(path):
            return tr_both(
                "{path} already exists; a field copy never overwrites a file. Choose a new file name"
            ).format(path=path)
        return super().parameter_problem(parameters, context)

    def processAlgorithm(self, parameters, context, feedback):
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        codes = village_codes(self.parameterAsString(parameters, self.VILLAGE_CODES, context))
        try:
            ledger = ledgers.address(
                "",
                self.parameterAsString(parameters, self.DATABASE, context),
                self.parameterAsString(parameters, self.SCHEMA, context),
            )
            feedback.pushInfo(
                tr("Checking out villages {codes} of {ledger}…").format(
                    codes=", ".join(codes), ledger=ledgers.label(ledger)
                )
            )
            result = ledgers.checkout(
                ledger,
                codes,
                path,
                progress_reporter(feedback, 0, 95),
                tr("Field copy {villages}").format(villages=", ".join(codes)),
            )
        except Canceled as error:
            raise self.fail("Canceled: nothing was written") from error
        except LedgerError as error:
            raise self.fail("{error}", error=error) from error
        for name, count in result.counts.items():
            feedback.pushInfo(tr("{table}: {count} rows").format(table=schema.layer(name).alias, count=count))
        feedback.pushInfo(tr("Field copy written: {path}").format(path=result.path))
        feedback.pushInfo(tr("Project written: {path}").format(path=result.project))
        return {self.OUTPUT: result.path, self.PROJECT: result.project, self.CASES: result.counts["violations"]}
