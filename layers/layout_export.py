"""Exporting an atlas layout as the village map series: one merged PDF, a PDF per page and a PNG per page, with
fonts embedded and text kept as text (so that pdftotext and a search in a PDF reader find the village names).

QGIS draws each page once, into the merged PDF. The page PDFs are cut out of it, and the PNGs are the page PDFs
rasterized by GDAL's PDF driver (poppler or PDFium) where it can read PDFs: the PNG is the printed page exactly,
at a third of the cost of QGIS drawing the page again. Where GDAL cannot, QGIS exports the PNGs itself.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import List, Optional

from osgeo import gdal
from qgis.core import Qgis, QgsLayoutExporter, QgsProcessingMultiStepFeedback, QgsRenderContext

from ..core.pdf_pages import UnsupportedPdf, merge_pages, split_pages
from ..translation import tr


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
    """Write the three outputs; an error message (empty when every export succeeded).

    Where GDAL reads PDFs: QGIS draws each page into its own PDF while a second thread rasterizes the page before
    it into its PNG (GDAL lets go of Python's lock while it renders), and the merged PDF is put together from the
    page PDFs. Elsewhere: QGIS draws the merged PDF, the page PDFs are cut out of it (``file_names`` in page
    order; QGIS renders them again only if that cannot be done) and QGIS draws the PNGs."""
    if file_names and can_rasterize_pdf():
        error = _pipelined(layout, folder, merged, dpi, feedback, list(file_names))
        if error is not None:
            return error
    atlas = layout.atlas()
    steps = QgsProcessingMultiStepFeedback(3, feedback)
    settings = pdf_settings(dpi)
    result, error = QgsLayoutExporter.exportToPdf(atlas, merged, settings, steps)
    if result != QgsLayoutExporter.ExportResult.Success:
        return error or f"PDF export result {int(result)}"
    steps.setCurrentStep(1)
    split = _split(merged, folder, file_names)
    if not split:
        result, error = QgsLayoutExporter.exportToPdfs(atlas, os.path.join(folder, "page"), settings, steps)
        if result != QgsLayoutExporter.ExportResult.Success:
            return error or f"PDF export result {int(result)}"
    steps.setCurrentStep(2)
    if split and pdfs_to_pngs(folder, file_names, dpi, steps):
        return ""
    image = QgsLayoutExporter.ImageExportSettings()
    image.dpi = dpi
    image.generateWorldFile = False
    result, error = QgsLayoutExporter.exportToImage(atlas, os.path.join(folder, "page"), "png", image, steps)
    if result != QgsLayoutExporter.ExportResult.Success:
        return error or f"PNG export result {int(result)}"
    return ""


def can_rasterize_pdf() -> bool:
    driver = gdal.GetDriverByName("PDF")
    return driver is not None and driver.GetMetadataItem("DCAP_RASTER") == "YES"


def pdfs_to_pngs(folder: str, file_names, dpi: int, feedback=None) -> bool:
    """A PNG beside each page PDF, rasterized by GDAL at ``dpi``; False (nothing left behind) when GDAL cannot."""
    if not file_names or not can_rasterize_pdf():
        return False
    written = []
    previous = gdal.GetConfigOption("GDAL_PAM_ENABLED")
    gdal.SetConfigOption("GDAL_PAM_ENABLED", "NO")  # no .aux.xml beside the PNGs
    try:
        for number, name in enumerate(file_names):
            if feedback is not None and feedback.isCanceled():
                raise RuntimeError("canceled")
            pdf, png = (os.path.join(folder, name + suffix) for suffix in (".pdf", ".png"))
            page = gdal.OpenEx(pdf, gdal.OF_RASTER, open_options=[f"DPI={int(dpi)}"])
            if page is None or page.RasterCount < 3:
                raise RuntimeError(pdf)
            written.append(png)
            if gdal.Translate(png, page, format="PNG", bandList=[1, 2, 3]) is None:
                raise RuntimeError(png)
            page = None  # noqa: F841 - closes the PDF
            if feedback is not None:
                feedback.setProgress(100.0 * (number + 1) / len(file_names))
    except RuntimeError:
        for path in written:
            if os.path.exists(path):
                os.remove(path)
        return False
    finally:
        gdal.SetConfigOption("GDAL_PAM_ENABLED", previous)
    return True


def _pipelined(layout, folder: str, merged: str, dpi: int, feedback, file_names: List[str]) -> Optional[str]:
    """The page PDFs drawn by QGIS one by one, each rasterized to its PNG in a second thread meanwhile, then the
    merged PDF from the pages. An error message, "" on success, None when the series must be made the other way
    (nothing of this attempt is left then)."""
    atlas = layout.atlas()
    settings = pdf_settings(dpi)
    # Georeference and metadata are written into a single page's PDF by GDAL, as an incremental update: slower,
    # and a file the merge cannot read. The pages are pages of a series; the merged PDF is the document.
    settings.appendGeoreference = False
    settings.exportMetadata = False
    written: List[str] = []
    pool = ThreadPoolExecutor(max_workers=1)
    rasters = []
    rendering = False
    try:
        rendering = atlas.beginRender()
        if not rendering or atlas.count() != len(file_names):
            return None
        exporter = QgsLayoutExporter(layout)
        for page, name in enumerate(file_names):
            if feedback.isCanceled():
                return tr("Canceled: nothing was written")
            if not atlas.seekTo(page):
                return f"atlas page {page + 1}"
            pdf, png = (os.path.join(folder, name + suffix) for suffix in (".pdf", ".png"))
            written += [pdf, png]
            result = exporter.exportToPdf(pdf, settings)
            if result != QgsLayoutExporter.ExportResult.Success:
                return (
                    exporter.errorMessage() if hasattr(exporter, "errorMessage") else f"PDF export result {int(result)}"
                )
            rasters.append(pool.submit(_rasterize, pdf, png, dpi))
            feedback.setProgress(95.0 * (page + 1) / len(file_names))
        atlas.endRender()
        rendering = False
        if not all(raster.result() for raster in rasters):
            return None
        pages = []
        for name in file_names:
            with open(os.path.join(folder, name + ".pdf"), "rb") as handle:
                pages.append(handle.read())
        data = merge_pages(pages, os.path.splitext(os.path.basename(merged))[0], f"QGIS {Qgis.QGIS_VERSION} — Lianwei")
        with open(merged, "wb") as handle:
            handle.write(data)
        written = []
        feedback.setProgress(100.0)
        return ""
    except (UnsupportedPdf, ValueError, IndexError, KeyError, OSError):
        return None
    finally:
        pool.shutdown(wait=True)
        if rendering:
            atlas.endRender()
        for path in written:  # a failed or abandoned attempt leaves nothing behind
            if os.path.exists(path):
                os.remove(path)


def _rasterize(pdf: str, png: str, dpi: int) -> bool:
    """``pdf``'s page as a PNG at ``dpi`` (runs in the export's second thread: GDAL objects only, no Qt)."""
    gdal.SetThreadLocalConfigOption("GDAL_PAM_ENABLED", "NO")  # no .aux.xml beside the PNG
    try:
        page = gdal.OpenEx(pdf, gdal.OF_RASTER, open_options=[f"DPI={int(dpi)}"])
        if page is None or page.RasterCount < 3:
            return False
        return gdal.Translate(png, page, format="PNG", bandList=[1, 2, 3]) is not None
    except RuntimeError:
        return False
    finally:
        gdal.SetThreadLocalConfigOption("GDAL_PAM_ENABLED", None)
