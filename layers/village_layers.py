"""The layers and words of the village map series: the atlas coverage (one feature per page, with what the page
prints), the statistics table's rows, print styles (faint parcels and permits, dimmed neighbours, case numbers),
and the technician's adjusted layout read from the ledger's project."""

from __future__ import annotations

from typing import Dict, Optional, Sequence, Tuple

from qgis.core import (
    QgsFeature,
    QgsFillSymbol,
    QgsGeometry,
    QgsPalLayerSettings,
    QgsPrintLayout,
    QgsProject,
    QgsProperty,
    QgsReadWriteContext,
    QgsRuleBasedRenderer,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtXml import QDomDocument

from ..core.village_maps import Page, safe_file_name
from ..translation import tr
from .convert import qgs_field
from .village_layout import LAYOUT_NAME, text_format


def pages_layer(pages: Sequence[Page], geometries: Dict[str, QgsGeometry], crs) -> QgsVectorLayer:
    """The atlas coverage: one feature per page with the words the page prints."""
    layer = QgsVectorLayer(f"MultiPolygon?crs={crs.authid() or 'EPSG:4545'}", "pages", "memory")
    if not crs.authid():
        layer.setCrs(crs)
    fields = [
        qgs_field("page_order", "integer"),
        qgs_field("code", "text", 12),
        qgs_field("name", "text", 50),
        qgs_field("title", "text", 100),
        qgs_field("file_name", "text", 120),
        qgs_field("notes", "text", 400),
    ]
    layer.dataProvider().addAttributes(fields)
    layer.updateFields()
    features = []
    for page in pages:
        feature = QgsFeature(layer.fields())
        feature.setAttributes([page.order, page.code, page.name, page.title, page.file_name, page.notes])
        feature.setGeometry(geometries[page.code])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def stats_layer(pages: Sequence[Page]) -> QgsVectorLayer:
    """The statistics of every page, filtered to the page's village by the table."""
    layer = QgsVectorLayer("None", "stats", "memory")
    layer.dataProvider().addAttributes(
        [qgs_field("code", "text", 12), qgs_field("row_no", "integer")]
        + [qgs_field(n, "text", 80) for n in ("item", "cases", "area")]
    )
    layer.updateFields()
    features = []
    for page in pages:
        for number, row in enumerate(page.stats):
            feature = QgsFeature(layer.fields())
            feature.setAttributes([page.code, number, row.item, row.cases, row.area])
            features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def faint(layer: QgsVectorLayer, fill: str, outline: str, width_mm: float) -> None:
    symbol = QgsFillSymbol.createSimple(
        {"color": fill, "outline_color": outline, "outline_width": str(width_mm), "outline_width_unit": "MM"}
    )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.setLabelsEnabled(False)


def dimming_mask(villages: QgsVectorLayer) -> QgsVectorLayer:
    """The neighbouring villages under a white veil, so the page's village stands out (none on the overview)."""
    mask = villages.clone()
    mask.setName("mask")
    symbol = QgsFillSymbol.createSimple({"color": "250,250,250,175", "outline_style": "no"})
    root = QgsRuleBasedRenderer.Rule(None)
    rule = QgsRuleBasedRenderer.Rule(
        symbol,
        0,
        0,
        "attribute(@atlas_feature, 'code') <> '*' AND \"village_code\" <> attribute(@atlas_feature, 'code')",
    )
    root.appendChild(rule)
    mask.setRenderer(QgsRuleBasedRenderer(root))
    mask.setLabelsEnabled(False)
    return mask


def village_labels_first(villages: QgsVectorLayer) -> None:
    """The village names win over case numbers where they would collide."""
    labeling = villages.labeling()
    if labeling is None:
        return
    settings = labeling.settings()
    settings.priority = 10
    labeling.setSettings(settings)


def case_labels(violations: QgsVectorLayer, size_pt: float) -> None:
    """Case numbers without the village prefix (the page names the village); PAL keeps them from overlapping."""
    settings = QgsPalLayerSettings()
    settings.isExpression = True
    settings.fieldName = "regexp_replace(\"case_id\", '^[0-9]{12}-', '')"
    fmt = text_format(size_pt, colour="#202020")
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.6)
    buffer.setColor(QColor("white"))
    fmt.setBuffer(buffer)
    settings.setFormat(fmt)
    settings.placement = QgsPalLayerSettings.Placement.AroundPoint
    settings.displayAll = False
    show = QgsPalLayerSettings.Property.Show
    # Only the page's own cases are numbered: on the overview and in the neighbours the numbers would be noise.
    settings.dataDefinedProperties().setProperty(
        show, QgsProperty.fromExpression("\"village_code\" = attribute(@atlas_feature, 'code')")
    )
    violations.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    violations.setLabelsEnabled(True)


def safe_merged_name(town: str) -> str:
    return safe_file_name(f"{town}村级违法用地违法建设分布图") + ".pdf"


def adjusted_template(violations: Optional[QgsVectorLayer]) -> Optional[Tuple[QDomDocument, str]]:
    """The layout named LAYOUT_NAME in the project beside the ledger of ``violations`` as a template document,
    with a sentence saying where it comes from; None when there is no such layout."""
    from .ledgers import ledger_of, project_address

    path = project_address(ledger_of(violations))
    if not path:
        return None
    ledger_project = QgsProject()
    if not ledger_project.read(path, QgsProject.ReadFlag.FlagDontResolveLayers):
        return None
    original = ledger_project.layoutManager().layoutByName(LAYOUT_NAME)
    if original is None:
        return None
    document = QDomDocument()
    document.appendChild(original.writeXml(document, QgsReadWriteContext()))
    ledger_project.clear()
    return document, tr("the layout {name} of {path}").format(name=LAYOUT_NAME, path=path)


def layout_from_template(project: QgsProject, document: QDomDocument) -> Optional[QgsPrintLayout]:
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    _, ok = layout.loadFromTemplate(document, QgsReadWriteContext())
    if not ok:
        return None
    layout.setName(LAYOUT_NAME)
    return layout
