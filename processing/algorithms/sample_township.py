"""lianwei:sampletownship — a seeded, deterministic sample township ledger in EPSG:4545."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
)

from ...core import schema
from ...core.errors import Canceled
from ...core.sample import build_sample_township
from ...core.sample_violations import summary
from ...layers import ledgers
from ...layers.ledger import LedgerError
from ...layers.sample_patch_file import write_sample_patches
from ...translation import tr, tr_later
from ..base import LedgerWriterAlgorithm, progress_reporter
from .create_ledger import ledger_title


class SampleTownshipAlgorithm(LedgerWriterAlgorithm):
    ID = "sampletownship"
    TITLE = tr_later("Sample township")
    HELP = tr_later(
        "Writes a sample township ledger that looks like a real one: 14 villages in zones and work groups, "
        "cadastre parcels with owners and land classes, permits (some temporary and expired), permanent basic "
        "farmland and violations of every source, type and status, about half of the 40,000 m² target demolished. "
        "The same seed and sizes always give the same township. Use it to learn the plugin and for benchmarks."
    )

    SEED = "SEED"
    VIOLATIONS_COUNT = "VIOLATIONS"
    PARCELS = "PARCELS"
    PERMITS_COUNT = "PERMITS"
    PATCHES = "PATCHES"
    PATCH_COUNT = "PATCH_COUNT"

    def initAlgorithm(self, config=None):
        self.add_ledger_outputs()
        integer = QgsProcessingParameterNumber.Type.Integer
        self.addParameter(QgsProcessingParameterNumber(self.SEED, tr("Random seed"), integer, 2024))
        self.addParameter(
            QgsProcessingParameterNumber(self.VIOLATIONS_COUNT, tr("Number of violations"), integer, 1200, minValue=0)
        )
        self.addParameter(
            QgsProcessingParameterNumber(self.PARCELS, tr("Number of cadastre parcels"), integer, 20000, minValue=100)
        )
        self.addParameter(
            QgsProcessingParameterNumber(self.PERMITS_COUNT, tr("Number of permits"), integer, 500, minValue=0)
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.PATCHES,
                tr("Satellite patch file the county would send (GBK shapefile without .cpg)"),
                "ESRI Shapefile (*.shp)",
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.PATCH_COUNT, tr("Patches in the patch file")))

    def processAlgorithm(self, parameters, context, feedback):
        seed = self.parameterAsInt(parameters, self.SEED, context)
        sizes = {
            "violations": self.parameterAsInt(parameters, self.VIOLATIONS_COUNT, context),
            "parcels": self.parameterAsInt(parameters, self.PARCELS, context),
            "permits": self.parameterAsInt(parameters, self.PERMITS_COUNT, context),
        }
        try:
            feedback.pushInfo(tr("Building the sample township…"))
            town = build_sample_township(seed=seed, progress=progress_reporter(feedback, 0, 40), **sizes)
            feedback.pushInfo(tr("Writing the ledger…"))
            created = ledgers.create(
                self.ledger_address(parameters, context),
                QgsCoordinateReferenceSystem(town.crs),
                town.campaign,
                town.layers,
                progress_reporter(feedback, 40, 95),
                ledger_title(town.town_name),
            )
            patch_path = self.parameterAsFileOutput(parameters, self.PATCHES, context)
            patch_count = write_sample_patches(town, patch_path, seed) if patch_path else 0
        except Canceled as error:
            raise self.fail("Canceled: nothing was written") from error
        except LedgerError as error:
            raise self.fail("{error}", error=error) from error
        totals = summary(town.layers["violations"])
        for name, records in town.layers.items():
            feedback.pushInfo(
                tr("{table}: {count} features").format(table=schema.layer(name).alias, count=len(records))
            )
        feedback.pushInfo(
            tr("Violations: {cases} cases, {found} m² found, {demolished} m² demolished").format(
                cases=totals["cases"], found=f"{totals['found_m2']:.2f}", demolished=f"{totals['demolished_m2']:.2f}"
            )
        )
        if patch_path:
            feedback.pushInfo(tr("Patch file: {path} ({count} patches)").format(path=patch_path, count=patch_count))
        results = self.ledger_results(created)
        results.update({self.PATCHES: patch_path or None, self.PATCH_COUNT: patch_count})
        return results
