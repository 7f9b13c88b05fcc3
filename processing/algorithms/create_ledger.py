"""lianwei:createledger — a new, empty campaign ledger and a styled project beside it."""

from __future__ import annotations

import datetime

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingParameterCrs,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ...core import schema
from ...layers import ledgers
from ...layers.ledger import LedgerError
from ...translation import tr, tr_later
from ..base import LedgerWriterAlgorithm, progress_reporter


class CreateLedgerAlgorithm(LedgerWriterAlgorithm):
    ID = "createledger"
    TITLE = tr_later("Create campaign ledger")
    HELP = tr_later(
        "Creates a new GeoPackage ledger for a land and building violations campaign: village boundaries, "
        "cadastre, permits, permanent basic farmland, violations, evidence, case history and campaign settings, "
        "with Chinese field names, drop-down lists, constraints and styles. A QGIS project that opens everything "
        "styled is written beside it. An existing file is never overwritten. Given a PostgreSQL database (a saved "
        "connection or service=NAME) and a schema, the ledger is made there instead, shared by the office: the "
        "same tables and rules kept by the database, a version on every case so that no save overwrites another, "
        "every change logged, and the project stored in the database."
    )

    CRS = "CRS"
    TOWN_NAME = "TOWN_NAME"
    YEAR = "YEAR"
    TARGET_M2 = "TARGET_M2"

    def initAlgorithm(self, config=None):
        self.add_ledger_outputs()
        self.addParameter(
            # Optional so that scripts may leave it out: Processing refuses a missing non-optional CRS.
            QgsProcessingParameterCrs(self.CRS, tr("Coordinate reference system"), schema.DEFAULT_CRS, optional=True)
        )
        self.addParameter(QgsProcessingParameterString(self.TOWN_NAME, tr("Town name"), "", optional=True))
        self.addParameter(
            QgsProcessingParameterNumber(
                self.YEAR,
                tr("Campaign year"),
                QgsProcessingParameterNumber.Type.Integer,
                datetime.date.today().year,
                minValue=2000,
                maxValue=2100,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TARGET_M2,
                tr("Demolition target (m²)"),
                QgsProcessingParameterNumber.Type.Double,
                float(schema.CAMPAIGN_DEFAULTS["target_m2"]),
                minValue=0.0,
            )
        )

    def processAlgorithm(self, parameters, context, feedback):
        crs = self.parameterAsCrs(parameters, self.CRS, context)
        if not crs.isValid():
            crs = QgsCoordinateReferenceSystem(schema.DEFAULT_CRS)
        town = self.parameterAsString(parameters, self.TOWN_NAME, context).strip()
        year = self.parameterAsInt(parameters, self.YEAR, context)
        target = self.parameterAsDouble(parameters, self.TARGET_M2, context)
        campaign = schema.campaign_rows(town, year, target_m2=f"{target:g}")
        try:
            ledger = self.ledger_address(parameters, context)
            created = ledgers.create(
                ledger, crs, campaign, None, progress_reporter(feedback, 0, 90), ledger_title(town)
            )
        except LedgerError as error:
            raise self.fail("{error}", error=error) from error
        feedback.pushInfo(tr("Ledger written: {path}").format(path=created.ledger))
        feedback.pushInfo(tr("Project written: {path}").format(path=created.project))
        return self.ledger_results(created)


def ledger_title(town: str) -> str:
    return (
        tr("{town} land and building violations ledger").format(town=town)
        if town
        else tr("Land and building violations ledger")
    )
