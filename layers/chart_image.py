"""The SVG charts of core/ as raster images (for the workbook and for checking them by eye)."""

from __future__ import annotations

from qgis.PyQt.QtCore import QByteArray, QSize
from qgis.PyQt.QtGui import QColor, QImage, QPainter
from qgis.PyQt.QtSvg import QSvgRenderer


def svg_to_image(svg: str, scale: float = 2.0) -> QImage:
    """Draw ``svg`` on a white image ``scale`` times its own size (2 × prints sharp on A4)."""
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size = renderer.defaultSize()
    image = QImage(QSize(int(size.width() * scale), int(size.height() * scale)), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer.render(painter)
    painter.end()
    return image


def svg_to_png(svg: str, path: str, scale: float = 2.0) -> None:
    if not svg_to_image(svg, scale).save(path, "PNG"):
        raise OSError(path)
