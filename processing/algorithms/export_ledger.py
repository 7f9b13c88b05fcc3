"""lianwei:exportledger — the ledger workbook (台账, .xlsx) a county asks for: the progress summary with its chart,
one sheet of cases per village, and the overdue cases. The rows come from core/workbook.py, the layout from
layers/workbook_writer.py (openpyxl), imported when the algorithm runs."""

from __future__ import annotations

import os
import tempfile

from qgis.core import QgsProcessingParameterFileDestination

from ...core import workbook as core_workbook
from ...core.chart import burnup_svg
from ...core.errors import Canceled
from ...core.progress import ProgressSummary
from ...layers.chart_image import svg_to_png
from ...layers.convert import DataError
from ...layers.progress_labels import chart_words
from ...translation import tr, tr_later
from ..base import LianweiAlgorithm
from ..progress_inputs import add_progress_parameters, progress_layer_facts, read_progress


class ExportLedgerAlgorithm(LianweiAlgorithm):
    ID = "exportledger"
    TITLE = tr_later("Export the ledger workbook (Excel)")
    GROUP = "progress"
    REQUIRES = ("openpyxl",)
    HELP = tr_later(
        "Writes the campaign ledger as an Excel workbook in the county's format: a summary sheet with the progress "
        "of every village and the township on the report date and the burn-up chart, one sheet per village listing "
        "its cases (case number, party, address, category, type, source, dates, areas in m² and mu, status, "
        "disposal) with a total row, a sheet for cases in no village, and a sheet of the overdue cases. The totals "
        "of each village sheet equal the summary. Cases verified legal are listed last and not counted in the area "
        "found; a demolition dated after the report date is shown but not counted. An existing file is replaced "
        "only once the new workbook is complete."
    )

    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):
        add_progress_parameters(self)
        self.addParameter(
            QgsProcessingParameterFileDestination(self.OUTPUT, tr("Ledger workbook"), tr("Excel (*.xlsx)"))
        )

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        """In the main thread, which owns the project's layers: what the run needs of them (progress_layer_facts)."""
        self.progress_facts = progress_layer_facts(self, parameters, context)
        return True

    def processAlgorithm(self, parameters, context, feedback):
        path = self._output_path(parameters, context)
        try:
            from ...layers.workbook_writer import build_workbook, save_replacing
        except ImportError as error:  # openpyxl is not part of every QGIS install
            raise self.fail("Writing Excel workbooks needs the Python package openpyxl: {error}", error=error) from None
        try:
            summary, records = read_progress(self, parameters, context, feedback)
            if feedback.isCanceled():
                raise Canceled()
            sheets = core_workbook.village_sheets(records, summary)
            self._compare_totals(sheets, summary, feedback)
            with tempfile.TemporaryDirectory(prefix="lianwei-") as folder:
                chart = os.path.join(folder, "burnup.png")
                svg_to_png(burnup_svg(summary, chart_words()), chart)
                workbook = build_workbook(summary, records, sheets, chart, feedback)
                feedback.setProgress(90)
                save_replacing(workbook, path, feedback)
        except DataError as error:
            raise self.fail("{error}", error=error) from None
        except Canceled:
            raise self.fail("Canceled: nothing was written") from None
        except OSError as error:
            raise self.fail(
                "Cannot write the workbook {path} (is it open in another program?): {error}", path=path, error=error
            ) from None
        feedback.pushInfo(tr("Areas: {method}").format(method=summary.area_method))
        feedback.pushInfo(
            tr("Workbook {path}: {villages} village sheets, {cases} cases, {overdue} overdue").format(
                path=path, villages=len(sheets), cases=len(records), overdue=len(summary.overdue)
            )
        )
        return {self.OUTPUT: path}

    def _output_path(self, parameters, context) -> str:
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not path:
            raise self.fail("No output file given")
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise self.fail("The folder {folder} does not exist", folder=folder)
        return path

    @staticmethod
    def _compare_totals(sheets, summary: ProgressSummary, feedback) -> None:
        """The 合计 rows are summed from the rows shown; say so if they ever part from the summary's numbers."""
        for sheet, row in zip(sheets, summary.villages):
            total = sheet.total
            if (total.get(core_workbook.FOUND), total.get(core_workbook.DEMOLISHED)) != (
                row.found_m2,
                row.demolished_m2,
            ):
                feedback.pushWarning(
                    tr(
                        "Sheet {sheet}: the totals differ from the progress summary ({found} m², {demolished} m²)"
                    ).format(sheet=sheet.village_name, found=row.found_m2, demolished=row.demolished_m2)
                )
