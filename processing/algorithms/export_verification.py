"""lianwei:exportverification — the field verification returned to the upper level in its own patch file: every
field the county sent, as it sent it, plus the township's result, case data and the verdict on the evidence.
The work is in layers/verification_export.py and layers/verification_ledger.py; the ledger is only read."""

from __future__ import annotations

import os

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ...core.errors import Canceled
from ...core.evidence_verdict import MAX_DISTANCE_M, MIN_PHOTOS
from ...layers.convert import DataError
from ...layers.ledger import LedgerError
from ...layers.verification_export import Settings, export_vector, format_of
from ...layers.verification_ledger import read_ledger_cases
from ...layers.verification_table import export_table
from ...translation import tr, tr_later
from ..base import LianweiAlgorithm

FILE_TYPES = "*.shp *.gpkg *.geojson *.json *.xlsx *.xls *.ods *.csv"


class ExportVerificationAlgorithm(LianweiAlgorithm):
    ID = "exportverification"
    SHARED_LEDGER = True
    TITLE = tr_later("Return the field verification to the upper level")
    GROUP = "ledger"
    HELP = tr_later(
        "Writes the upper level's patch file (卫片图斑, as the county sent it: shapefile, GBK without .cpg too, "
        "GeoPackage or GeoJSON) back with every field it came with — same names, types, widths, encoding, CRS, "
        "geometries and row order — or its Excel/CSV table with every sheet, cell and header as it came (an .xls or "
        ".ods comes back as .xlsx, a CSV in its own encoding), plus the township's columns: case number AJBH, "
        "result HCJG (合法/违法/其他), "
        "reason HCLY, violation type WFLX, permit number XKZH, status CZZT, demolished area CCMJ, photo count ZPSL, "
        "evidence verdict JZWZ (完整/不完整) and its reasons JZSM. A shapefile gets a .cpg naming its encoding. "
        "Cases are found in the ledger by patch number (监测编号, else 图斑编号; the field mapping says which column "
        "holds it). Evidence is complete when at least the required number of photos each have a time, a "
        "direction and a position, were taken after the after-image date (HSX) and within the distance of the "
        "patch. Patches with incomplete evidence and rows the ledger does not know are listed in the log. "
        "The ledger is only read. The Excel workbook beside it has one row per patch with Chinese headers."
    )

    LEDGER = "LEDGER"
    UPPER = "UPPER"
    MAPPING = "MAPPING"
    MIN_PHOTOS = "MIN_PHOTOS"
    MAX_DISTANCE = "MAX_DISTANCE"
    OUTPUT = "OUTPUT"
    EXCEL = "EXCEL"
    COUNTS = (
        ("ROWS", tr_later("Patches in the upper level's file")),
        ("MATCHED", tr_later("Patches found in the ledger")),
        ("NOT_IN_LEDGER", tr_later("Patches not in the ledger")),
        ("COMPLETE", tr_later("Patches with complete evidence")),
        ("INCOMPLETE", tr_later("Patches with incomplete evidence")),
    )

    def initAlgorithm(self, config=None):
        self.add_ledger_input()
        upper = QgsProcessingParameterFile(self.UPPER, tr("The upper level's patch file, as received"))
        upper.setFileFilter(tr("Patch files ({types})").format(types=FILE_TYPES))
        self.addParameter(upper)
        self.addParameter(
            QgsProcessingParameterString(
                self.MAPPING, tr("Field mapping (ledger_field=source_field;…; empty: proposed)"), "", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MIN_PHOTOS,
                tr("Photos required per patch"),
                QgsProcessingParameterNumber.Type.Integer,
                MIN_PHOTOS,
                minValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MAX_DISTANCE,
                tr("Greatest distance of a photo from its patch (m)"),
                QgsProcessingParameterNumber.Type.Double,
                MAX_DISTANCE_M,
                minValue=0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT,
                tr("Returned patch file (same format as the upper level's)"),
                tr("Patch files ({types})").format(types=FILE_TYPES),
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.EXCEL, tr("Verification workbook"), tr("Excel (*.xlsx)"), optional=True, createByDefault=False
            )
        )
        for key, description in self.COUNTS:
            self.addOutput(QgsProcessingOutputNumber(key, tr(description)))

    def processAlgorithm(self, parameters, context, feedback):
        ledger = self.ledger_input(parameters, context)
        upper = self.parameterAsFile(parameters, self.UPPER, context)
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        excel = self.parameterAsFileOutput(parameters, self.EXCEL, context)
        kind = format_of(upper)
        if not kind:
            raise self.fail(
                "{path}: the return is written as a shapefile, GeoPackage, GeoJSON, Excel or CSV", path=upper
            )
        if format_of(output) != kind:
            raise self.fail(
                "{output}: the return must be of the same kind of file as the upper level's ({path})",
                output=output,
                path=upper,
            )
        if os.path.abspath(output) == os.path.abspath(upper):
            raise self.fail("{path}: the upper level's file is never written over; choose another file", path=upper)
        settings = Settings(
            mapping_text=self.parameterAsString(parameters, self.MAPPING, context),
            min_photos=self.parameterAsInt(parameters, self.MIN_PHOTOS, context),
            max_distance=self.parameterAsDouble(parameters, self.MAX_DISTANCE, context),
            canceled=feedback.isCanceled,
        )
        try:
            cases = read_ledger_cases(ledger)
            feedback.setProgress(10)
            export = export_table if kind == "sheet" else export_vector
            result = export(upper, output, cases, settings)
            feedback.setProgress(80)
            if excel:
                from ...layers.verification_sheets import write_workbook  # openpyxl only when asked for

                write_workbook(result, excel, feedback)
        except Canceled as error:
            raise self.fail("Canceled: nothing was written") from error
        except (DataError, LedgerError) as error:
            raise self.fail("{error}", error=error) from None
        except ImportError as error:
            raise self.fail("Writing Excel workbooks needs the Python package openpyxl: {error}", error=error) from None
        self._log(result, cases, feedback)
        results = {self.OUTPUT: output, self.EXCEL: excel or None}
        counts = (len(result.rows), len(result.rows) - len(result.unmatched), len(result.unmatched))
        counts += (len(result.complete), len(result.incomplete))
        results.update({key: count for (key, _), count in zip(self.COUNTS, counts)})
        return results

    @staticmethod
    def _log(result, cases, feedback) -> None:
        if result.encoding:
            feedback.pushInfo(tr("Text written in {encoding}, named in the .cpg").format(encoding=result.encoding))
        for patch_no in cases.twice:
            feedback.pushWarning(
                tr("Patch {patch} is held by several cases in the ledger; the first is returned").format(patch=patch_no)
            )
        for row in result.unmatched:
            feedback.pushWarning(
                tr("Row {row}: patch {patch} is not in the ledger; its township columns are left empty").format(
                    row=row.row, patch=row.patch_no or "—"
                )
            )
        for row in result.incomplete:
            feedback.pushWarning(
                tr("Patch {patch} (case {case}): evidence incomplete: {reasons}").format(
                    patch=row.patch_no, case=row.values.get("case_id"), reasons="；".join(row.reasons)
                )
            )
        feedback.pushInfo(
            tr(
                "{rows} patches returned: {matched} found in the ledger, {complete} with complete evidence, "
                "{incomplete} incomplete, {missing} not in the ledger"
            ).format(
                rows=len(result.rows),
                matched=len(result.rows) - len(result.unmatched),
                complete=len(result.complete),
                incomplete=len(result.incomplete),
                missing=len(result.unmatched),
            )
        )
