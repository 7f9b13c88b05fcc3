"""Exporting an atlas layout as the village map series: one merged PDF, a PDF per page and a PNG per page, with
fonts embedded and text kept as text (so that pdftotext and a search in a PDF reader find the village names)."""

from __future__ import annotations

import os

from qgis.core import Qgis, QgsLayoutExporter, QgsProcessingMultiStepFeedback, QgsRenderContext


def _text_format():
    if hasattr(Qgis, "TextRenderFormat"):  # QGIS 3.28+
        return Qgis.TextRenderFormat.AlwaysText
    return QgsRenderContext.TextRenderFormat.TextFormatAlwaysText


def pdf_settings(dpi: int) -> QgsLayoutExporter.PdfExportSettings:
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = dpi
    settings.rasterizeWholeImage = False
    settings.forceVectorOutput = True
    settings.textRenderFormat = _text_format()
    settings.exportMetadata = True
    return settings


def export_series(layout, folder: str, merged: str, dpi: int, feedback) -> str:
    """Write the three outputs; an error message (empty when every export succeeded)."""
    atlas = layout.atlas()
    steps = QgsProcessingMultiStepFeedback(3, feedback)
    settings = pdf_settings(dpi)
    result, error = QgsLayoutExporter.exportToPdf(atlas, merged, settings, steps)
    if result != QgsLayoutExporter.ExportResult.Success:
        return error or f"PDF export result {int(result)}"
    steps.setCurrentStep(1)
    result, error = QgsLayoutExporter.exportToPdfs(atlas, os.path.join(folder, "page"), settings, steps)
    if result != QgsLayoutExporter.ExportResult.Success:
        return error or f"PDF export result {int(result)}"
    steps.setCurrentStep(2)
    image = QgsLayoutExporter.ImageExportSettings()
    image.dpi = dpi
    image.generateWorldFile = False
    result, error = QgsLayoutExporter.exportToImage(atlas, os.path.join(folder, "page"), "png", image, steps)
    if result != QgsLayoutExporter.ExportResult.Success:
        return error or f"PNG export result {int(result)}"
    return ""
