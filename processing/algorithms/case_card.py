"""lianwei:casecard — the case card (案件卡片) of one violation case: a one-page A4 PDF with the case on its map, its
attributes, photos, documents and history, for the case file and the village meeting."""

from __future__ import annotations

import datetime
import traceback

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)

from ...layers import ledgers
from ...layers.case_card import CaseCardExporter
from ...layers.convert import DataError
from ...layers.progress_source import read_campaign
from ...translation import tr, tr_later
from ..base import LianweiAlgorithm
from ..input_sources import unreadable_input


class CaseCardAlgorithm(LianweiAlgorithm):
    ID = "casecard"
    TITLE = tr_later("Case card (PDF)")
    GROUP = "progress"
    HELP = tr_later(
        "Prints one case of the ledger on one A4 page: the case highlighted on its map over the parcels, permits "
        "and village boundary, with a round scale, scale bar, north arrow and the coordinate system; its attributes "
        "with their Chinese names (areas in m² and mu, coded values by name, the area method); up to four photos "
        "from the evidence table with when and which way they were taken, the other documents by name; the "
        "history of its changes from the case log, newest last; the producer and the print date. Give the case "
        "number: the card of a case selected on the map is printed from the 两违整治 menu (Case card…)."
    )

    INPUT, CASE_ID, OUTPUT = "INPUT", "CASE_ID", "OUTPUT"

    def initAlgorithm(self, config=None):
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                self.INPUT, tr("Violations (ledger layer)"), [QgsProcessing.SourceType.TypeVectorPolygon]
            )
        )
        self.addParameter(QgsProcessingParameterString(self.CASE_ID, tr("Case number (case_id)")))
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT, tr("Case card"), tr("PDF (*.pdf)")))

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        """In the main thread: a private copy of the violations layer (the user's may be edited meanwhile); the
        card is then built in the background on the copy, in a project of its own."""
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        self._layer = layer.clone() if layer is not None else None
        return True

    def processAlgorithm(self, parameters, context, feedback):
        try:
            return self._process(parameters, context, feedback)
        except BaseException as error:
            # A traceback keeps its frames, and their layers, alive past QGIS's exit, which crashes the process;
            # so does the traceback of the error it was raised from. The message is all the caller needs.
            link = error
            while link is not None:
                traceback.clear_frames(link.__traceback__)
                link = link.__cause__ or link.__context__
            raise
        finally:
            self._layer = None

    def _process(self, parameters, context, feedback):
        case_id = (self.parameterAsString(parameters, self.CASE_ID, context) or "").strip()
        if not case_id:
            raise self.fail("Give the case number (CASE_ID) of the case to print")
        layer = self._layer
        if layer is None or not layer.isValid():
            raise QgsProcessingException(unreadable_input(self, parameters, self.INPUT, context))
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        ledger = ledgers.ledger_of(layer)
        if ledger is None:
            feedback.pushWarning(
                tr("{layer} is not a ledger layer: the card has no photos, history or parcels").format(
                    layer=layer.name()
                )
            )
        try:
            exporter = CaseCardExporter(layer, ledger, read_campaign(ledger), context.transformContext())
            exporter.export(case_id, path, datetime.date.today())
        except DataError as error:
            raise self.fail("{error}", error=error) from None
        for warning in exporter.warnings:
            feedback.pushWarning(warning)
        feedback.pushInfo(tr("Case card of {case_id} written to {path}").format(case_id=case_id, path=path))
        return {self.OUTPUT: path}
