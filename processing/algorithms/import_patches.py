"""lianwei:importpatches — the upper level's change patches (卫片/遥感监测图斑) into the ledger as cases: each row
checked, matched to the cases the ledger has (by number, else by overlap), new ones checked like
lianwei:checkviolations and numbered village-year-sequence; all in one transaction."""

from __future__ import annotations

import os
from typing import Optional

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsSettings,
    QgsWkbTypes,
)

from ...core import schema
from ...core.campaign import CampaignError
from ...core.errors import Canceled
from ...core.patch_mapping import saved_mapping
from ...core.patch_report import ALL_KINDS, KIND_NAMES, ImportReport
from ...layers import coordinate_check, ledgers, office_source
from ...layers.case_edits import user_name
from ...layers.convert import DataError, layer_label, qgs_field
from ...layers.ledger import LedgerError
from ...layers.note_text import note_both, note_text
from ...layers.patch_import import ImportSettings, import_patches, refuse_bad_rows, report_lines
from ...layers.patch_reading import LayerPatches, TablePatches, is_table_file
from ...layers.progress_source import read_campaign
from ...translation import both, tr, tr_later
from ..base import LianweiAlgorithm, progress_reporter

SOURCES = list(schema.CODE_LISTS["source"])
MAPPING_SETTING = "lianwei/patch_mapping/"
KML_ONLY = {"Name", "Description"}
KML_WITHOUT_COLUMNS = tr_later(
    "{file}: this QGIS reads only the Name and Description of a KML (its GDAL has no LIBKML driver), so the "
    "patch number and the other columns are not seen. Map the number with patch_no=Name if Name holds it, or "
    "save the file as GeoJSON or GeoPackage in another program and import that"
)


class ImportPatchesAlgorithm(LianweiAlgorithm):
    ID = "importpatches"
    SHARED_LEDGER = True
    TITLE = tr_later("Import satellite patches into the ledger")
    HELP = tr_later(
        "Imports the change patches the upper level sends (卫片/遥感监测图斑): a shapefile (GBK, GB18030 or UTF-8, "
        "with or without .cpg), GeoJSON, GeoPackage, KML/KMZ, the output of “read boundary-point file”, or an "
        "Excel/CSV table (merged headers and title rows are understood; the outline from a WKT column, or the table "
        "is a list of boundary points, one patch per parcel). "
        "Columns are matched by the usual names (JCBH 监测编号, TBBH 图斑编号, TBLX 图斑类型, QSX/HSX 前/后时相, "
        "TBMJ 图斑面积, DLBM, SFYN, SFHX, XZB/YZB …); a mapping ledger_field=column;… overrides them and is "
        "remembered for the file. A patch whose number the ledger knows, or that overlaps a case by more than "
        "the threshold (of the smaller), is linked to that case: only the upper level's fields are updated, never "
        "the township's own verification, status or outline (a redrawn patch replaces an outline the township "
        "has not redrawn). Other patches become new cases, numbered village-year-sequence and checked like "
        "“check violations” (village, areas in the ledger's zone, permits, parcel, farmland). Patches away from "
        "the township's villages are left out and counted. Every row is checked first; the import is one "
        "transaction: a row that cannot be imported refuses the whole import (the ledger is unchanged) unless "
        "“leave out refused rows” is ticked. The report lists every row: new, linked, changed, unchanged, "
        "refused (with the reason), outside the township. Importing the same file twice creates nothing new. "
        "The ledger is a GeoPackage file, or a schema of a PostgreSQL database (a saved connection's name or "
        "service=NAME); there the database also refuses new or changed cases of villages you may not edit."
    )

    INPUT = "INPUT"
    LEDGER = "LEDGER"
    SOURCE = "SOURCE"
    MAPPING = "MAPPING"
    ENCODING = "ENCODING"
    THRESHOLD = "THRESHOLD"
    SKIP_REFUSED = "SKIP_REFUSED"
    REPORT = "REPORT"
    OUTPUT = "OUTPUT"
    SUMMARY = "SUMMARY"
    COUNTS = (
        ("NEW", "new", tr_later("New cases")),
        ("LINKED", "linked", tr_later("Patches linked to existing cases")),
        ("CHANGED", "changed", tr_later("Cases updated by the upper level")),
        ("UNCHANGED", "unchanged", tr_later("Patches already in the ledger, unchanged")),
        ("REFUSED", "refused", tr_later("Rows refused")),
        ("ELSEWHERE", "elsewhere", tr_later("Patches outside the township")),
    )

    def initAlgorithm(self, config=None):
        vector = [QgsProcessing.SourceType.TypeVector]
        self.addParameter(QgsProcessingParameterFeatureSource(self.INPUT, tr("Patch file or layer"), vector))
        self.add_ledger_input()
        labels = [f"{name} ({code})" for code, name in schema.CODE_LISTS["source"].items()]
        default = SOURCES.index("SATELLITE")
        self.addParameter(QgsProcessingParameterEnum(self.SOURCE, tr("Source of new cases"), labels, False, default))
        self.addParameter(
            QgsProcessingParameterString(
                self.MAPPING,
                tr("Field mapping (ledger_field=column;…; empty: the one saved for this file, else proposed)"),
                "",
                optional=True,
            )
        )
        threshold = QgsProcessingParameterNumber(
            self.THRESHOLD,
            tr("Overlap that links a patch to a case (share of the smaller)"),
            QgsProcessingParameterNumber.Type.Double,
            0.8,
            minValue=0.05,
            maxValue=1.0,
        )
        self.addParameter(threshold)
        encoding = QgsProcessingParameterString(
            self.ENCODING, tr("Text encoding of a shapefile (empty: detected)"), "", optional=True
        )
        skip = QgsProcessingParameterBoolean(
            self.SKIP_REFUSED, tr("Leave out refused rows (listed in the report)"), False
        )
        self.add_advanced(encoding, skip)
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.REPORT, tr("Import report"), QgsProcessing.SourceType.TypeVector, optional=True
            )
        )
        self.addOutput(QgsProcessingOutputVectorLayer(self.OUTPUT, tr("Violations (ledger table)")))
        self.addOutput(QgsProcessingOutputString(self.SUMMARY, tr("Summary")))
        self.addOutput(QgsProcessingOutputString(self.MAPPING, tr("Field mapping used")))
        for key, _, description in self.COUNTS:
            self.addOutput(QgsProcessingOutputNumber(key, tr(description)))

    def processAlgorithm(self, parameters, context, feedback):
        ledger = self.ledger_input(parameters, context)
        mapping_text = self.parameterAsString(parameters, self.MAPPING, context)
        settings = ImportSettings(
            source=SOURCES[self.parameterAsEnum(parameters, self.SOURCE, context)],
            threshold=self.parameterAsDouble(parameters, self.THRESHOLD, context),
            skip_refused=self.parameterAsBool(parameters, self.SKIP_REFUSED, context),
            author=user_name(),
        )
        try:
            ledgers.check(ledger)
            reading, key = self._reading(parameters, ledger, mapping_text, context, feedback)
            for note in reading.notes:
                (feedback.reportError if note.is_error else feedback.pushInfo)(note_both(note))
            feedback.pushInfo(tr("Field mapping: {mapping}").format(mapping=saved_mapping(reading.mapping)))
            if ledgers.check(ledger, writable=False) < schema.SCHEMA_VERSION and not settings.skip_refused:
                refuse_bad_rows(reading)  # before the upgrade: a refused import leaves an old ledger as it was
            if reading.usable and ledgers.upgrade(ledger) < schema.SCHEMA_VERSION:
                feedback.pushWarning(tr("The ledger was brought to schema version {version}").format(version=2))
            report = import_patches(reading, ledger, settings, context.transformContext(), progress_reporter(feedback))
        except Canceled as error:
            raise self.fail("Canceled: the ledger was not changed") from error
        except (DataError, LedgerError) as error:
            raise self.fail("{error}", error=error) from None
        if key and not mapping_text:
            QgsSettings().setValue(MAPPING_SETTING + key, saved_mapping(reading.mapping))
        for line in report_lines(report):
            feedback.pushInfo(line)
        for note in report.notes:
            feedback.pushWarning(note_both(note)) if note.level == "warning" else feedback.pushInfo(note_both(note))
        counts = report.counts()
        results = {
            self.OUTPUT: ledgers.table_source(ledger, "violations"),
            self.SUMMARY: note_text(report.summary()),
            self.MAPPING: saved_mapping(reading.mapping),
        }
        results.update({key: counts[kind] for key, kind, _ in self.COUNTS})
        results[self.REPORT] = self._report(parameters, context, report)
        return results

    def _reading(self, parameters, ledger, mapping_text, context, feedback):
        """(the patches to read, the settings key the mapping is remembered under)."""
        zone_crs = _ledger_crs(ledger)
        zero_growth = _zero_growth_on(ledger)
        path = _table_path(self.parameterAsString(parameters, self.INPUT, context), parameters.get(self.INPUT))
        if path:
            key = "table/" + path
            mapping_text = mapping_text or str(QgsSettings().value(MAPPING_SETTING + key, "") or "")
            return TablePatches(path, mapping_text, zone_crs, context.transformContext(), zero_growth), key
        source = self.source(parameters, self.INPUT, context)
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        path = office_source.source_of(layer).path if layer is not None else ""
        name = os.path.basename(path) if path and os.path.isfile(path) else layer_label(layer, source.sourceName())
        text = office_source.text_reading(layer, self.parameterAsString(parameters, self.ENCODING, context))
        if text.encoding:
            feedback.pushInfo(text.log_line(name))
        reading_layer = text.layer or layer
        crs, swap = None, False
        if reading_layer is not None and reading_layer.featureCount() and reading_layer.isSpatial():
            tctx = context.transformContext()
            diagnosis = office_source.diagnose(office_source.source_of(reading_layer), reading_layer, None, tctx)
            if diagnosis.refusal is not None:
                raise DataError(coordinate_check.refusal_message(name, diagnosis))
            for line in coordinate_check.fix_messages(name, diagnosis):
                feedback.pushWarning(line)
            fit = coordinate_check.reading_of(diagnosis, reading_layer.crs())
            crs, swap = fit.crs, fit.swap
        key = office_source.source_of(reading_layer).settings_key() if reading_layer is not None else ""
        mapping_text = mapping_text or (str(QgsSettings().value(MAPPING_SETTING + key, "") or "") if key else "")
        features = text.layer if text.layer is not None else source
        tctx = context.transformContext()
        patches = LayerPatches(features, name, mapping_text, zone_crs, tctx, zero_growth, crs, swap)
        if not patches.usable and set(patches.names) <= KML_ONLY and path.lower().endswith((".kml", ".kmz")):
            raise DataError(both(KML_WITHOUT_COLUMNS, file=name))  # GDAL without LIBKML reads no ExtendedData
        return patches, key

    def _report(self, parameters, context, report: ImportReport):
        fields = QgsFields()
        for name, kind, length in (
            ("row", schema.TEXT, 40),
            ("patch_no", schema.TEXT, 60),
            ("result", schema.TEXT, 12),
            ("result_zh", schema.TEXT, 20),
            ("case_ids", schema.TEXT, 200),
            ("overlap", schema.REAL, 0),
            ("message", schema.TEXT, 2000),
        ):
            fields.append(qgs_field(name, kind, length))
        sink, dest = self.parameterAsSink(parameters, self.REPORT, context, fields, QgsWkbTypes.Type.NoGeometry)
        if sink is None:
            return None
        for line in report.lines():
            feature = QgsFeature(fields)
            share = round(line.share, 4) if line.share is not None else None
            message = "; ".join(note_both(n) for n in line.notes)
            kind = line.kind if line.kind in ALL_KINDS else ""
            values = [str(line.where), line.patch_no, kind, KIND_NAMES.get(kind, ""), ", ".join(line.case_ids)]
            feature.setAttributes([*values, share, message])
            sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
        return dest


def _table_path(value: str, raw) -> str:
    """The file behind INPUT when it is a table (Excel, CSV) that core reads itself; "" otherwise."""
    path = value.split("|")[0] if isinstance(value, str) else ""
    if not path and raw is not None and hasattr(raw, "source"):
        path = raw.source().split("|")[0]
    return path if path and is_table_file(path) else ""


def _ledger_crs(ledger) -> QgsCoordinateReferenceSystem:
    return ledgers.open_layer(ledger, "violations").crs()


def _zero_growth_on(ledger) -> Optional[str]:
    try:
        value = read_campaign(ledger).zero_growth_on
    except CampaignError:  # a campaign the settings dialog would refuse: patches are not told new from stock
        return None
    return value.isoformat() if value else None
