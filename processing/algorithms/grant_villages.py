"""lianwei:grantvillages — which villages a login role may edit in a shared (PostgreSQL) ledger."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterString,
)

from ...core import pg_schema
from ...layers import ledgers
from ...layers.ledger import LedgerError
from ...translation import tr, tr_later
from ..base import LianweiAlgorithm


class GrantVillagesAlgorithm(LianweiAlgorithm):
    ID = "grantvillages"
    TITLE = tr_later("Grant villages to an editor")
    GROUP = "ledger"
    HELP = tr_later(
        "Gives a login role of the office's PostgreSQL database the villages it may edit in the shared ledger: it "
        "reads every table (the cases of all villages, the cadastre, the history, the styles and the project) and "
        "writes the cases and evidence of the listed villages only. Administrator: every village, plus the "
        "village boundaries, cadastre, permits, farmland and campaign settings. The rights are checked by the "
        "database for every program that saves, QGIS, psql or any other: a change to another village's case is "
        "refused with a message naming the case and the village, and nothing is written. Running it again for the "
        "same role replaces its villages. Run it connected as the ledger's owner; the role must already exist and "
        "every village code must be one of the ledger's villages, else nothing is changed."
    )

    DATABASE, SCHEMA, ROLE, VILLAGE_CODES, ADMIN = "DATABASE", "SCHEMA", "ROLE", "VILLAGE_CODES", "ADMIN"
    VILLAGES, VILLAGE_COUNT = "VILLAGES", "VILLAGE_COUNT"

    def initAlgorithm(self, config=None):
        self.addParameter(
            QgsProcessingParameterString(
                self.DATABASE, tr("PostgreSQL database: a saved QGIS connection's name, or service=NAME")
            )
        )
        self.addParameter(
            QgsProcessingParameterString(self.SCHEMA, tr("Schema in the database"), pg_schema.DEFAULT_SCHEMA)
        )
        self.addParameter(QgsProcessingParameterString(self.ROLE, tr("Login role of the editor")))
        self.addParameter(
            QgsProcessingParameterString(
                self.VILLAGE_CODES, tr("Village codes (separated by commas or spaces)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.ADMIN, tr("Administrator: all villages and the reference tables"), defaultValue=False
            )
        )
        self.addOutput(QgsProcessingOutputString(self.ROLE, tr("Login role")))
        self.addOutput(QgsProcessingOutputNumber(self.VILLAGE_COUNT, tr("Villages granted")))
        self.addOutput(QgsProcessingOutputString(self.VILLAGES, tr("Village codes granted")))

    def processAlgorithm(self, parameters, context, feedback):
        admin = self.parameterAsBool(parameters, self.ADMIN, context)
        codes = pg_schema.village_codes(self.parameterAsString(parameters, self.VILLAGE_CODES, context))
        try:
            granted = ledgers.grant_villages(
                self.parameterAsString(parameters, self.DATABASE, context),
                self.parameterAsString(parameters, self.SCHEMA, context),
                self.parameterAsString(parameters, self.ROLE, context),
                codes,
                admin,
            )
        except LedgerError as error:
            raise self.fail("{error}", error=error) from None
        villages = ", ".join(granted.villages)
        if granted.admin and codes:
            feedback.pushInfo(tr("Administrator: the village codes given are not needed, every village is granted"))
        if granted.admin:
            feedback.pushInfo(
                tr("{role} may now edit every village ({count}: {villages}) and the reference tables").format(
                    role=granted.role, count=len(granted.villages), villages=granted.listed()
                )
            )
        else:
            feedback.pushInfo(
                tr("{role} may now edit the cases of {count} villages: {villages}").format(
                    role=granted.role, count=len(granted.villages), villages=granted.listed()
                )
            )
        return {self.ROLE: granted.role, self.VILLAGE_COUNT: len(granted.villages), self.VILLAGES: villages}
