"""The inputs every progress output shares (violations, villages, target, report date) and the summary built
from them, so that the summary layer and the ledger workbook can never disagree on a number."""

from __future__ import annotations

import datetime
from typing import Dict, List, Optional, Tuple

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
)

from ..core.progress import ProgressSummary, summarize
from ..layers import ledgers
from ..layers.convert import layer_label
from ..layers.progress_source import area_method_note, read_campaign, read_case_records, read_villages
from ..translation import tr

ANY_GEOMETRY = [QgsProcessing.SourceType.TypeVector]
INPUT, VILLAGES, TARGET_M2, REPORT_DATE = "INPUT", "VILLAGES", "TARGET_M2", "REPORT_DATE"


def add_progress_parameters(algorithm) -> None:
    """INPUT, VILLAGES, TARGET_M2 and REPORT_DATE, defined once for every progress algorithm."""
    algorithm.addParameter(QgsProcessingParameterFeatureSource(INPUT, tr("Violations"), ANY_GEOMETRY))
    algorithm.addParameter(QgsProcessingParameterFeatureSource(VILLAGES, tr("Village boundaries"), ANY_GEOMETRY))
    algorithm.addParameter(
        QgsProcessingParameterNumber(
            TARGET_M2,
            tr("Demolition target (m²; empty: the ledger's campaign setting)"),
            QgsProcessingParameterNumber.Type.Double,
            optional=True,
            minValue=0.01,
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterDateTime(
            REPORT_DATE,
            tr("Report date (empty: today)"),
            QgsProcessingParameterDateTime.Type.Date,
            optional=True,
        )
    )


def build_summary(algorithm, parameters, context, feedback) -> ProgressSummary:
    """The progress summary of the algorithm's inputs; raises DataError naming what cannot be read."""
    return read_progress(algorithm, parameters, context, feedback)[0]


def read_progress(algorithm, parameters, context, feedback) -> Tuple[ProgressSummary, List[Dict[str, object]]]:
    """The summary and the case records it was built from (the workbook lists the cases themselves).

    What it needs of the layer objects (the ledger file, the layers' names) comes from ``progress_layer_facts``,
    asked in ``prepareAlgorithm`` where there is one: the project's layers belong to the main thread, and the run
    may be in the background."""
    facts = getattr(algorithm, "progress_facts", None) or progress_layer_facts(algorithm, parameters, context)
    source = algorithm.source(parameters, INPUT, context)
    villages_source = algorithm.source(parameters, VILLAGES, context)
    campaign = read_campaign(facts["ledger"])
    if parameters.get(TARGET_M2) not in (None, ""):
        campaign.target_m2 = algorithm.parameterAsDouble(parameters, TARGET_M2, context)
    records = read_case_records(source, facts[INPUT] or source.sourceName(), feedback.isCanceled)
    feedback.setProgress(60)
    villages = read_villages(villages_source, facts[VILLAGES] or villages_source.sourceName())
    summary = summarize(
        records,
        villages,
        campaign,
        report_date(algorithm, parameters, context),
        unassigned_name=tr("(in no village)"),
        township_name=campaign.town_name or tr("Township"),
        area_method=area_method_note(records, tr("footprint_m2 as recorded in the ledger (not computed by the check)")),
    )
    return summary, records


def progress_layer_facts(algorithm, parameters, context) -> Dict[str, Optional[str]]:
    """The ledger behind INPUT, a GeoPackage's path or a PostGIS ledger (None if it is not a ledger's layer), and
    the INPUT and VILLAGES layers' names as messages give them: plain values, asked of the layers in the main thread
    (``prepareAlgorithm``)."""
    input_layer = algorithm.parameterAsVectorLayer(parameters, INPUT, context)
    villages_layer = algorithm.parameterAsVectorLayer(parameters, VILLAGES, context)
    return {
        "ledger": ledgers.ledger_of(input_layer),
        INPUT: layer_label(input_layer, "") or None,
        VILLAGES: layer_label(villages_layer, "") or None,
    }


def report_date(algorithm, parameters, context) -> datetime.date:
    value = algorithm.parameterAsDateTime(parameters, REPORT_DATE, context)
    if value is not None and value.isValid():
        return datetime.date.fromisoformat(value.date().toString("yyyy-MM-dd"))
    return datetime.date.today()
