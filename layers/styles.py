"""Layer styles: QML files in resources/styles/, with a CJK font put into every label, saved as default style."""

from __future__ import annotations

import os
from typing import Optional

from qgis.core import QgsMapLayer, QgsVectorLayer

from .fonts import cjk_font_family

STYLES_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "styles")
STYLE_CATEGORIES = (
    QgsMapLayer.StyleCategory.Symbology | QgsMapLayer.StyleCategory.Labeling | QgsMapLayer.StyleCategory.Rendering
)


def style_path(layer_name: str) -> Optional[str]:
    path = os.path.join(STYLES_DIR, f"{layer_name}.qml")
    return path if os.path.exists(path) else None


def apply_style(layer: QgsVectorLayer, layer_name: str) -> bool:
    """Load the shipped QML for ``layer_name`` (symbology, labels, scale range only); False if there is none."""
    path = style_path(layer_name)
    if not path:
        return False
    message, ok = layer.loadNamedStyle(path, STYLE_CATEGORIES)
    if not ok:
        raise RuntimeError(f"{path}: {message}")
    use_cjk_font(layer)
    return True


def use_cjk_font(layer: QgsVectorLayer) -> None:
    """Replace the label font by a CJK family installed here; a missing family would print boxes."""
    labeling = layer.labeling()
    family = cjk_font_family()
    if labeling is None or family is None:
        return
    settings = labeling.settings()
    text_format = settings.format()
    font = text_format.font()
    font.setFamily(family)
    text_format.setFont(font)
    settings.setFormat(text_format)
    labeling.setSettings(settings)
    layer.triggerRepaint()


def save_default_style(layer: QgsVectorLayer, description: str) -> None:
    """Store the layer's current style in the GeoPackage as its default, so every QGIS opens it styled."""
    if hasattr(layer, "saveStyleToDatabaseV2"):  # QGIS 3.42+; the old call is deprecated there
        _, error = layer.saveStyleToDatabaseV2(layer.name(), description, True, "")
    else:
        error = layer.saveStyleToDatabase(layer.name(), description, True, "")
    if error:
        raise RuntimeError(f"{layer.name()}: {error}")
