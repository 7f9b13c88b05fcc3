"""Exporting an atlas layout as the village map series: one merged PDF, a PDF per page and a PNG per page, with
fonts embedded and text kept as text (so that pdftotext and a search in a PDF reader find the village names)."""

from __future__ import annotations

import os

from qgis.core import Qgis, QgsLayoutExporter, QgsProcessingMultiStepFeedback, QgsRenderContext

from ..core.pdf_pages import UnsupportedPdf, split_pages


def _text_format():
    if hasattr(Qgis, "TextRenderFormat"):  # QGIS 3.28+
        return Qgis.TextRenderFormat.AlwaysText
    return QgsRenderContext.TextRenderFormat.TextFormatAlwaysText


def _split(merged: str, folder: str, file_names) -> bool:
    with open(merged, "rb") as handle:
        data = handle.read()
    try:
        pages = split_pages(data)
    except (UnsupportedPdf, ValueError, IndexError, KeyError):
        return False
    if len(pages) != len(file_names):
        return False
    for name, page in zip(file_names, pages):
        with open(os.path.join(folder, name + ".pdf"), "wb") as handle:
            handle.write(page)
    return True


def pdf_settings(dpi: int) -> QgsLayoutExporter.PdfExportSettings:
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = dpi
    settings.rasterizeWholeImage = False
    settings.forceVectorOutput = True
    settings.textRenderFormat = _text_format()
    settings.exportMetadata = True
    return settings


def export_series(layout, folder: str, merged: str, dpi: int, feedback, file_names=()) -> str:
    """Write the three outputs; an error message (empty when every export succeeded). The page PDFs are cut out
    of the merged one (``file_names`` in page order); QGIS renders them again only if that cannot be done."""
    atlas = layout.atlas()
    steps = QgsProcessingMultiStepFeedback(3, feedback)
    settings = pdf_settings(dpi)
    result, error = QgsLayoutExporter.exportToPdf(atlas, merged, settings, steps)
    if result != QgsLayoutExporter.ExportResult.Success:
        return error or f"PDF export result {int(result)}"
    steps.setCurrentStep(1)
    if not _split(merged, folder, file_names):
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
