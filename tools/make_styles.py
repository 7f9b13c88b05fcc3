"""Regenerate resources/styles/*.qml (developer tool; the QML files are the source a technician may edit).

/usr/bin/python3 tools/make_styles.py
"""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsMapLayer,
    QgsPalLayerSettings,
    QgsRendererCategory,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
STYLES = os.path.join(os.path.dirname(HERE), "resources", "styles")

# Cases still standing in warm colours that darken as the procedure advances; closed cases in cool colours.
STATUS_COLOURS = {
    "DISCOVERED": "#fdae61",
    "VERIFIED": "#f46d43",
    "FILED": "#d73027",
    "ORDERED": "#a50026",
    "DEMOLISHED": "#4575b4",
    "SIGNED_OFF": "#313695",
    "REGULARIZED": "#1a9850",
    "LEGAL": "#a6d96a",
    "DEFERRED": "#9e9e9e",
}
CATEGORIES = (
    QgsMapLayer.StyleCategory.Symbology | QgsMapLayer.StyleCategory.Labeling | QgsMapLayer.StyleCategory.Rendering
)


def labels(field, size, bold=False, colour="#000000", max_scale=None, placement=None):
    fmt = QgsTextFormat()
    font = QFont("Noto Sans CJK SC")
    font.setBold(bold)
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setColor(QColor(colour))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(1.0)
    buffer.setColor(QColor("#ffffff"))
    fmt.setBuffer(buffer)
    settings = QgsPalLayerSettings()
    settings.fieldName = field
    settings.enabled = True
    settings.setFormat(fmt)
    if placement is not None:
        settings.placement = placement
    if max_scale:
        settings.scaleVisibility = True
        settings.minimumScale = max_scale
        settings.maximumScale = 0
    return QgsVectorLayerSimpleLabeling(settings)


def save(layer, name):
    path = os.path.join(STYLES, f"{name}.qml")
    message, ok = layer.saveNamedStyle(path, CATEGORIES)
    assert ok, message
    print("wrote", path)


def main():
    from lianwei.core import schema

    def memory(name, fields):
        spec = "&".join(f"field={f}:string" for f in fields)
        return QgsVectorLayer(f"MultiPolygon?crs=EPSG:4545&{spec}", name, "memory")

    violations = memory("violations", ["status", "case_id"])
    categories = []
    for code, label in schema.CODE_LISTS["status"].items():
        symbol = QgsFillSymbol.createSimple(
            {"color": STATUS_COLOURS[code], "outline_color": "#3b0a0a", "outline_width": "0.2"}
        )
        symbol.setOpacity(0.9)
        categories.append(QgsRendererCategory(code, symbol, label))
    violations.setRenderer(QgsCategorizedSymbolRenderer("status", categories))
    violations.setLabeling(labels("case_id", 7, colour="#5a0000", max_scale=5000))
    violations.setLabelsEnabled(True)
    save(violations, "violations")

    villages = memory("villages", ["village_name"])
    villages.renderer().setSymbol(
        QgsFillSymbol.createSimple(
            {
                "color": "0,0,0,0",
                "style": "no",
                "outline_color": "#6a3d9a",
                "outline_width": "0.6",
                "outline_style": "dash",
            }
        )
    )
    villages.setLabeling(
        labels("village_name", 13, bold=True, colour="#4a1486", placement=QgsPalLayerSettings.Placement.OverPoint)
    )
    villages.setLabelsEnabled(True)
    save(villages, "villages")

    cadastre = memory("cadastre", ["parcel_id"])
    cadastre.renderer().setSymbol(
        QgsFillSymbol.createSimple(
            {"color": "0,0,0,0", "style": "no", "outline_color": "#b4b4b4", "outline_width": "0.1"}
        )
    )
    cadastre.setMaximumScale(0)
    save(cadastre, "cadastre")

    permits = memory("permits", ["permit_no"])
    permits.renderer().setSymbol(
        QgsFillSymbol.createSimple({"color": "158,202,225,90", "outline_color": "#3182bd", "outline_width": "0.3"})
    )
    save(permits, "permits")

    farmland = memory("farmland", ["patch_id"])
    farmland.renderer().setSymbol(
        QgsFillSymbol.createSimple({"color": "229,245,176,170", "outline_color": "#a8c545", "outline_width": "0.2"})
    )
    save(farmland, "farmland")


if __name__ == "__main__":
    app = QgsApplication([], False)
    app.initQgis()
    main()
    app.exitQgis()
