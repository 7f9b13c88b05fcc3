"""lianwei:progressreport — the campaign progress as one HTML file for people who do not open QGIS."""

from __future__ import annotations

import datetime
import os

from qgis.core import QgsProcessingParameterFileDestination

from ...layers.convert import DataError
from ...layers.progress_labels import html_report
from ...translation import tr, tr_later
from ..base import LianweiAlgorithm
from ..progress_inputs import add_progress_parameters, build_summary, progress_layer_facts


class ProgressReportAlgorithm(LianweiAlgorithm):
    ID = "progressreport"
    TITLE = tr_later("Progress report (HTML)")
    GROUP = "progress"
    HELP = tr_later(
        "Writes the campaign progress as a single HTML file that opens in any browser and prints on A4: the "
        "demolished area against the target, the burn-up chart with the milestones and the forecast, the table of "
        "villages with their traffic light, and the overdue cases. The numbers are those of the progress summary."
    )

    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):
        add_progress_parameters(self)
        self.addParameter(
            QgsProcessingParameterFileDestination(self.OUTPUT, tr("Progress report"), tr("HTML (*.html)"))
        )

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        """In the main thread, which owns the project's layers: what the run needs of them (progress_layer_facts)."""
        self.progress_facts = progress_layer_facts(self, parameters, context)
        return True

    def processAlgorithm(self, parameters, context, feedback):
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not path:
            raise self.fail("No output file given")
        try:
            summary = build_summary(self, parameters, context, feedback)
        except DataError as error:
            raise self.fail("{error}", error=error) from None
        if feedback.isCanceled():
            raise self.fail("Canceled: nothing was written")
        generated = tr("Generated {time} by the Lianwei QGIS plugin").format(
            time=datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        )
        text = html_report(summary, generated)
        partial = path + ".partial"
        try:
            with open(partial, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(partial, path)
        except OSError as error:
            if os.path.exists(partial):
                os.remove(partial)
            raise self.fail("Cannot write {path}: {error}", path=path, error=error) from None
        feedback.pushInfo(tr("Areas: {method}").format(method=summary.area_method))
        return {self.OUTPUT: path}
