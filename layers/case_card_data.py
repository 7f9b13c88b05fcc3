"""What a case card reads from QGIS and the ledger: the case feature, its evidence and history rows, the layers
drawn faint beneath it, and photos shrunk for print."""

from __future__ import annotations

import os
from typing import Dict, List, Optional, Tuple

from qgis.core import (
    QgsExpression,
    QgsFeature,
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QImageReader

from ..translation import tr_both
from .convert import DataError, plain, qgs_field
from .ledgers import Address, table_layer

PHOTO_PIXELS = 900  # long side of a printed photo: sharp at 300 dpi in a 75 mm frame, and the PDF stays small
# Beneath the case: (table, fill, outline, outline width mm), bottom first.
BENEATH = (
    ("villages", "0,0,0,0", "#8c6bb1", 0.5),
    ("farmland", "199,233,192,110", "#a1d99b", 0.15),
    ("cadastre", "0,0,0,0", "#bdbdbd", 0.12),
    ("permits", "198,219,239,120", "#6baed6", 0.2),
    ("violations", "0,0,0,0", "#fd8d3c", 0.25),
)


def equals(field: str, value) -> QgsFeatureRequest:
    return QgsFeatureRequest(QgsExpression(QgsExpression.createFieldEqualityExpression(field, value)))


def find_case(layer: QgsVectorLayer, case_id: str, layer_name: str) -> QgsFeature:
    """The feature of ``case_id``; a clear message naming the case and the layer when there is none."""
    if layer.fields().indexOf("case_id") < 0:
        raise DataError(tr_both("Layer {layer} lacks the field(s) {fields}").format(layer=layer_name, fields="case_id"))
    for feature in layer.getFeatures(equals("case_id", case_id)):
        return feature
    raise DataError(tr_both("No case {case_id} in layer {layer}").format(case_id=case_id, layer=layer_name))


def record_of(feature: QgsFeature) -> Dict[str, object]:
    return {name: plain(value) for name, value in zip(feature.fields().names(), feature.attributes())}


def faint_layers(ledger: Optional[Address], violations: QgsVectorLayer) -> List[QgsVectorLayer]:
    """The ledger's villages, farmland, parcels, permits and the other cases, faint, bottom first. Without a
    ledger only the other cases of the input layer."""
    layers = []
    for table, fill, outline, width in BENEATH:
        if table == "violations":
            layer = violations.clone()
        elif ledger:
            layer = table_layer(ledger, table)
        else:
            continue
        if not layer.isValid():
            continue
        symbol = QgsFillSymbol.createSimple(
            {"color": fill, "outline_color": outline, "outline_width": str(width), "outline_width_unit": "MM"}
        )
        layer.setRenderer(QgsSingleSymbolRenderer(symbol))
        layer.setLabelsEnabled(False)
        layers.append(layer)
    return layers


def highlight_layer(feature: QgsFeature, crs) -> QgsVectorLayer:
    """The case alone, red, drawn over everything else."""
    layer = QgsVectorLayer(f"MultiPolygon?crs={crs.authid() or 'EPSG:4545'}", "case", "memory")
    if not crs.authid():
        layer.setCrs(crs)
    layer.dataProvider().addAttributes([qgs_field("case_id", "text", 30)])
    layer.updateFields()
    copy = QgsFeature(layer.fields())
    copy.setAttributes([feature["case_id"]])
    copy.setGeometry(feature.geometry())
    layer.dataProvider().addFeatures([copy])
    symbol = QgsFillSymbol.createSimple(
        {"color": "227,26,28,70", "outline_color": "#e31a1c", "outline_width": "0.6", "outline_width_unit": "MM"}
    )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    return layer


def shrunk_photo(path: str, folder: str, number: int) -> Tuple[Optional[str], str]:
    """A copy of the photo at most PHOTO_PIXELS on its long side, turned upright by its EXIF orientation, saved in
    ``folder``; (None, reason) when the file is missing or unreadable."""
    if not os.path.isfile(path):
        return None, tr_both("file not found")
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > PHOTO_PIXELS:
        reader.setScaledSize(size.scaled(PHOTO_PIXELS, PHOTO_PIXELS, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None, reader.errorString()
    target = os.path.join(folder, f"photo_{number}.jpg")
    if not image.save(target, "JPG", 85):
        return None, tr_both("cannot be converted")
    return target, ""
