"""lianwei:villagemaps — the village map series for mobilization meetings: a PDF page and a PNG per village, and
one merged PDF with the township overview first."""

from __future__ import annotations

import os
import traceback

from qgis.core import (
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterAuthConfig,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProject,
)

from ...core.village_maps import pages, paper_size, unknown_codes
from ...layers import basemap
from ...layers import village_layers as vlayers
from ...layers import village_layout as vl
from ...layers.convert import DataError, detect_zone
from ...layers.layout_export import export_series
from ...layers.styles import apply_style
from ...translation import tr, tr_both, tr_later
from ..base import LianweiAlgorithm
from ..input_sources import unreadable_input
from ..progress_inputs import INPUT, VILLAGES, add_progress_parameters, progress_layer_facts, read_progress

PAPERS = ("A4", "A3", "A0")
POLYGONS = [QgsProcessing.SourceType.TypeVectorPolygon]


def headings() -> dict:
    return {
        "legend": tr("Legend"),
        "metres": tr("metres"),
        "item": tr("Item"),
        "cases": tr("Cases"),
        "area": tr("Area (m²)"),
        "found": tr("Total found"),
        "demolished": tr("Demolished / quota"),
        "overdue": tr("Overdue cases"),
        "producer": tr("Producer: {producer}"),
        "report_date": tr("Report date: {date}"),
        "data_date": tr("Data as of: {date}"),
    }


class VillageMapsAlgorithm(LianweiAlgorithm):
    ID = "villagemaps"
    TITLE = tr_later("Village maps (PDF, PNG)")
    GROUP = "progress"
    HELP = tr_later(
        "Prints one map per village for mobilization meetings, and a township overview first: the violations "
        "coloured by status with their case numbers, the village filling the frame and its neighbours dimmed, "
        "parcels and permits faint beneath, a legend of what is on the page, scale bar and numeric scale, north "
        "arrow, an inset locating the village, a statistics table (cases and area by status, demolished against "
        "the village's quota, overdue cases; the numbers of the progress summary), the coordinate system, the "
        "producer, the report date and the data date. Writes a PDF and a PNG per page and one merged PDF. The "
        "layout is resources/layouts/village_map.qpt; a copy named 两违村级图 in the ledger's project is used "
        "instead when there is one."
    )

    CADASTRE, PERMITS, CODES = "CADASTRE", "PERMITS", "VILLAGE_CODES"
    PAPER, ORIENTATION, DPI, OUTPUT_FOLDER = "PAPER", "ORIENTATION", "DPI", "OUTPUT_FOLDER"
    BASEMAP, AUTHCFG = "BASEMAP", "AUTHCFG"
    MERGED_PDF, PAGES = "MERGED_PDF", "PAGES"

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        """In the main thread: private copies of the input layers and the technician's layout, if any. The export
        then runs in the background on these copies and its own layout; the user's project is never touched."""
        kind = basemap.BASEMAPS[self.parameterAsEnum(parameters, self.BASEMAP, context)]
        authcfg = self.parameterAsString(parameters, self.AUTHCFG, context) or basemap.saved_authcfg()
        try:  # first, and here in the main thread, where QGIS may ask for the master password
            self._basemap = (kind, basemap.basemap_layers(kind, authcfg))
        except DataError as error:
            raise self.fail("{error}", error=error) from None
        self._clones = {}
        for key in (INPUT, VILLAGES, self.CADASTRE, self.PERMITS):
            layer = self.parameterAsVectorLayer(parameters, key, context)
            self._clones[key] = layer.clone() if layer is not None else None
        self._template = vlayers.adjusted_template(self._clones[INPUT])
        self.progress_facts = progress_layer_facts(self, parameters, context)
        return True

    def initAlgorithm(self, config=None):
        add_progress_parameters(self)
        for key, label in ((self.CADASTRE, tr("Cadastre parcels")), (self.PERMITS, tr("Permits"))):
            self.addParameter(QgsProcessingParameterFeatureSource(key, label, POLYGONS, optional=True))
        self.addParameter(
            QgsProcessingParameterString(
                self.CODES, tr("Village codes, separated by commas (empty: every village)"), optional=True
            )
        )
        self.addParameter(QgsProcessingParameterEnum(self.PAPER, tr("Paper"), list(PAPERS), defaultValue=0))
        self.addParameter(
            QgsProcessingParameterEnum(
                self.ORIENTATION, tr("Orientation"), [tr("Landscape"), tr("Portrait")], defaultValue=0
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.DPI, tr("Resolution of the PNG pages (dpi)"), defaultValue=150, minValue=72, maxValue=600
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(self.BASEMAP, tr("Basemap"), basemap.basemap_labels(), defaultValue=0)
        )
        self.addParameter(
            QgsProcessingParameterAuthConfig(
                self.AUTHCFG, tr("Tianditu token (authentication configuration; empty: the one saved)"), optional=True
            )
        )
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT_FOLDER, tr("Output folder")))
        self.addOutput(QgsProcessingOutputFile(self.MERGED_PDF, tr("Merged PDF")))
        self.addOutput(QgsProcessingOutputNumber(self.PAGES, tr("Pages")))

    def processAlgorithm(self, parameters, context, feedback):
        try:
            return self._process(parameters, context, feedback)
        except QgsProcessingException as error:
            # The traceback of a failed run keeps its frames, and their layers, alive: layers that outlive QGIS's
            # exit crash the process. The message is all the caller needs.
            traceback.clear_frames(error.__traceback__)
            raise
        finally:
            self._clones, self._basemap, self._template = {}, ("none", []), None

    def _process(self, parameters, context, feedback):
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        codes = [c.strip() for c in (self.parameterAsString(parameters, self.CODES, context) or "").split(",")]
        codes = [c for c in codes if c]
        try:
            summary, records = read_progress(self, parameters, context, feedback)
            unknown = unknown_codes(summary, codes)
            if unknown:
                raise DataError(tr_both("No village with the code(s) {codes}").format(codes=", ".join(unknown)))
            villages_layer, violations_layer = self._clones[VILLAGES], self._clones[INPUT]
            if villages_layer is None or violations_layer is None:
                key = VILLAGES if villages_layer is None else INPUT
                raise QgsProcessingException(unreadable_input(self, parameters, key, context))
            zone = detect_zone(
                villages_layer.crs(), villages_layer.extent(), villages_layer.name(), context.transformContext()
            )
            data_date = max(
                (str(r.get(k))[:10] for r in records for k in ("found_on", "demolished_on") if r.get(k)), default=""
            )
            series = pages(summary, codes, zone, headings(), data_date)
            credit = basemap.attribution(self._basemap[0])
            for page in series if credit else ():
                page.notes += "\n" + credit
            geometries = village_geometries(villages_layer)
            missing = [p.name for p in series if p.code not in geometries]
            if missing:
                raise DataError(tr_both("Villages without a boundary: {names}").format(names=", ".join(missing)))
        except DataError as error:
            raise self.fail("{error}", error=error) from None
        feedback.setProgress(10)

        paper = PAPERS[self.parameterAsEnum(parameters, self.PAPER, context)]
        landscape = self.parameterAsEnum(parameters, self.ORIENTATION, context) == 0
        width, height = paper_size(paper, landscape)
        project = QgsProject()
        layers = self._layers(violations_layer, villages_layer, series, geometries, project)
        layout, source = self._layout(project, width, height)
        missing_items = vl.wire(layout, *layers, headings())
        feedback.pushInfo(tr("Layout: {source}").format(source=source))
        if missing_items:
            feedback.pushWarning(tr("The layout lacks the items {ids}").format(ids=", ".join(missing_items)))
        os.makedirs(folder, exist_ok=True)
        dpi = self.parameterAsInt(parameters, self.DPI, context)
        merged = os.path.join(folder, vlayers.safe_merged_name(series[0].name))
        error = export_series(layout, folder, merged, dpi, feedback, [page.file_name for page in series])
        if error:
            raise self.fail("Exporting the maps failed: {error}", error=error)
        feedback.pushInfo(tr("{count} pages written to {folder}").format(count=len(series), folder=folder))
        return {self.OUTPUT_FOLDER: folder, self.MERGED_PDF: merged, self.PAGES: len(series)}

    def _layers(self, violations_layer, villages_layer, series, geometries, project):
        """The layers of the maps, styled for print, in a project of their own (the user's is not touched)."""
        scale = 1.0
        violations = violations_layer.clone()
        violations.setName(tr("Violations by status"))
        apply_style(violations, "violations")
        vlayers.case_labels(violations, 6.5 * scale)
        villages = villages_layer.clone()
        villages.setName(tr("Village boundaries"))
        apply_style(villages, "villages")
        vlayers.village_labels_first(villages)
        inset = villages_layer.clone()
        vlayers.faint(inset, "240,240,240,255", "#6a3d9a", 0.2)
        mask = vlayers.dimming_mask(villages_layer)
        beneath = []
        for key, fill, outline, name in (
            (self.PERMITS, "198,219,239,110", "#6baed6", tr("Permits")),
            (self.CADASTRE, "0,0,0,0", "#c8c8c8", tr("Cadastre parcels")),
        ):
            layer = self._clones[key]
            if layer is not None:
                layer = layer.clone()
                layer.setName(name)
                vlayers.faint(layer, fill, outline, 0.1)
                beneath.append(layer)
        coverage = vlayers.pages_layer(series, geometries, villages_layer.crs())
        stats = vlayers.stats_layer(series)
        kind, tiles = self._basemap
        # The tile layers carry the token in their source: they live in this private project only, which is
        # never written, and stay out of the legend.
        project.addMapLayers([violations, villages, inset, mask, coverage, stats, *beneath, *tiles], False)
        map_layers = [villages, mask, violations, *beneath, *tiles]
        legend_layers = [violations, *beneath, villages]
        return map_layers, [inset], legend_layers, coverage, stats

    def _layout(self, project, width, height):
        """The technician's adjusted layout from the ledger's project when there is one, else the shipped design."""
        if self._template is not None:
            document, source = self._template
            layout = vlayers.layout_from_template(project, document)
            if layout is not None:
                return layout, source
        return vl.build_layout(project, width, height, headings()), tr("built-in village map layout")


def village_geometries(layer) -> dict:
    """village_code → boundary, and '*' → the township (all villages merged)."""
    geometries = {}
    for feature in layer.getFeatures():
        code = feature["village_code"]
        if code and feature.hasGeometry():
            geometries[str(code)] = QgsGeometry(feature.geometry())
    if geometries:
        geometries["*"] = QgsGeometry.unaryUnion(list(geometries.values()))
    return geometries
