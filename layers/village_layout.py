"""The village map layout: a print layout whose atlas turns one page per village (the township overview first).

Everything a page prints that changes from village to village comes from the atlas coverage layer (title, notes)
or a statistics table filtered to the page's village, so the series is a plain atlas that QGIS exports, and a
technician can open the same layout in the layout designer (resources/layouts/village_map.qpt) and adjust it.
Item ids name the parts the code fills; an adjusted layout keeps them.
"""

from __future__ import annotations

import base64
import os
from typing import Dict, List

from qgis.core import (
    Qgis,
    QgsBasicNumericFormat,
    QgsFillSymbol,
    QgsLayoutFrame,
    QgsLayoutItemAttributeTable,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutMeasurement,
    QgsLayoutMultiFrame,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendStyle,
    QgsPrintLayout,
    QgsProject,
    QgsRectangle,
    QgsScaleBarSettings,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor, QFont

from .fonts import cjk_font_family

LAYOUT_NAME = "两违村级图"  # the name an adjusted copy has in the ledger's project
NORTH_ARROW = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "icons", "north_arrow.svg")
MM = Qgis.LayoutUnit.Millimeters if hasattr(Qgis, "LayoutUnit") else QgsUnitTypes.LayoutUnit.LayoutMillimeters
# Round scales a surveyor prints (1:2,000 … 1:100,000): the atlas takes the first at which the village fits.
NICE_SCALES = [1000.0 * k for k in (1, 2, 2.5, 5, 7.5, 10, 12.5, 15, 20, 25, 30, 40, 50, 75, 100)]
IDS = ("title", "main_map", "inset_map", "legend", "stats_table", "notes", "scalebar", "numeric_scale", "north_arrow")


def font(size_pt: float, bold: bool = False) -> QFont:
    result = QFont(cjk_font_family() or "Sans Serif")
    result.setPointSizeF(size_pt)
    result.setBold(bold)
    return result


def style_label(item, qfont, colour: str = "#000000") -> None:
    """A layout label's font and colour: as a text format where QGIS has it (3.24+; setFont is deprecated there)."""
    if hasattr(item, "setTextFormat"):
        result = QgsTextFormat.fromQFont(qfont)
        result.setColor(QColor(colour))
        item.setTextFormat(result)
    else:
        item.setFont(qfont)
        item.setFontColor(QColor(colour))


def text_format(size_pt: float, bold: bool = False, colour: str = "#000000") -> QgsTextFormat:
    result = QgsTextFormat()
    result.setFont(font(size_pt, bold))
    result.setSize(size_pt)
    result.setColor(QColor(colour))
    return result


def embedded_svg(path: str) -> str:
    with open(path, "rb") as handle:
        return "base64:" + base64.b64encode(handle.read()).decode("ascii")


class Frame:
    """Positions on the page in mm, scaled from the A4 design to the paper in use."""

    def __init__(self, width: float, height: float):
        self.width, self.height = width, height
        self.scale = min(width, height) / 210.0

    def place(self, item, x: float, y: float, w: float, h: float) -> None:
        item.attemptMove(QgsLayoutPoint(x, y, MM))
        item.attemptResize(QgsLayoutSize(w, h, MM))


def build_layout(project: QgsProject, width: float, height: float, headings: Dict[str, str]) -> QgsPrintLayout:
    """A layout of ``width`` × ``height`` mm, landscape (map left, panel right) or portrait (panel below), without
    data: ``wire`` gives it its layers. This is also what resources/layouts/village_map.qpt holds."""
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(LAYOUT_NAME)
    layout.pageCollection().page(0).setPageSize(QgsLayoutSize(width, height, MM))
    f = Frame(width, height)
    s, m = f.scale, 8 * f.scale
    landscape = width >= height

    title = QgsLayoutItemLabel(layout)
    title.setId("title")
    title.setText("[% attribute(@atlas_feature, 'title') %]")
    style_label(title, font(18 * s, bold=True))
    title.setHAlign(Qt.AlignmentFlag.AlignHCenter)
    title.setVAlign(Qt.AlignmentFlag.AlignVCenter)
    layout.addLayoutItem(title)
    f.place(title, m, 3 * s, width - 2 * m, 13 * s)

    top = 18 * s
    if landscape:
        panel_x, panel_w = width - m - 88 * s, 88 * s
        map_box = (m, top, panel_x - 4 * s - m, height - top - m)
        inset_box = (panel_x, top, panel_w, 46 * s)
        legend_box = (panel_x, top + 48 * s, panel_w, 40 * s)
        table_box = (panel_x, top + 90 * s, panel_w, height - top - 90 * s - m - 22 * s)
        notes_box = (panel_x, height - m - 20 * s, panel_w, 20 * s)
    else:
        map_h = height * 0.56
        col = (width - 2 * m - 8 * s) / 3
        below = top + map_h + 4 * s
        map_box = (m, top, width - 2 * m, map_h)
        inset_box = (m, below, col, 60 * s)
        legend_box = (m + col + 4 * s, below, col, 60 * s)
        table_box = (m + 2 * (col + 4 * s), below, col, height - below - m - 24 * s)
        notes_box = (m, height - m - 22 * s, width - 2 * m, 22 * s)

    main = QgsLayoutItemMap(layout)
    main.setId("main_map")
    main.setFrameEnabled(True)
    main.setFrameStrokeWidth(QgsLayoutMeasurement(0.4 * s, MM))
    layout.addLayoutItem(main)
    f.place(main, *map_box)
    main.setAtlasDriven(True)
    main.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Predefined)
    main.setAtlasMargin(0.06)
    layout.renderContext().setPredefinedScales(NICE_SCALES)

    inset = QgsLayoutItemMap(layout)
    inset.setId("inset_map")
    inset.setFrameEnabled(True)
    layout.addLayoutItem(inset)
    f.place(inset, *inset_box)
    overview = inset.overview()
    overview.setLinkedMap(main)
    overview.setFrameSymbol(
        QgsFillSymbol.createSimple({"color": "215,48,39,60", "outline_color": "#d7301f", "outline_width": str(0.5 * s)})
    )

    legend = QgsLayoutItemLegend(layout)
    legend.setId("legend")
    legend.setTitle(headings["legend"])
    legend.setLinkedMap(main)
    legend.setAutoUpdateModel(False)
    legend.setLegendFilterByMapEnabled(True)
    for style, size, bold in (
        (QgsLegendStyle.Style.Title, 10, True),
        (QgsLegendStyle.Style.Group, 8, True),
        (QgsLegendStyle.Style.Subgroup, 7.5, True),
        (QgsLegendStyle.Style.SymbolLabel, 7, False),
    ):
        legend_style = legend.rstyle(style)
        if hasattr(legend_style, "setTextFormat"):  # QGIS 3.30+; setStyleFont is deprecated there
            legend_style.setTextFormat(text_format(size * s, bold))
        else:
            legend.setStyleFont(style, font(size * s, bold))
    legend.setSymbolWidth(5 * s)
    legend.setSymbolHeight(3 * s)
    legend.setColumnCount(2)
    legend.setSplitLayer(True)
    legend.setEqualColumnWidth(True)
    legend.setResizeToContents(False)
    layout.addLayoutItem(legend)
    f.place(legend, *legend_box)

    table = QgsLayoutItemAttributeTable.create(layout)
    table.setFilterFeatures(True)
    table.setFeatureFilter("\"code\" = attribute(@atlas_feature, 'code')")
    table.setMaximumNumberOfFeatures(40)
    table.setHeaderTextFormat(text_format(7.5 * s, bold=True))
    table.setContentTextFormat(text_format(7 * s))
    table.setCellMargin(0.8 * s)
    table.setResizeMode(QgsLayoutMultiFrame.ResizeMode.UseExistingFrames)
    frame = QgsLayoutFrame(layout, table)
    frame.setId("stats_table")
    f.place(frame, *table_box)
    table.addFrame(frame)
    layout.addMultiFrame(table)

    notes = QgsLayoutItemLabel(layout)
    notes.setId("notes")
    notes.setText("[% attribute(@atlas_feature, 'notes') %]")
    style_label(notes, font(7.5 * s))
    notes.setVAlign(Qt.AlignmentFlag.AlignBottom)
    layout.addLayoutItem(notes)
    f.place(notes, *notes_box)

    x, y, w, h = map_box
    add_scale_bars(layout, main, x + 3 * s, y + h - 14 * s, s, headings)
    add_north_arrow(layout, x + w - 15 * s, y + 3 * s, s)

    atlas = layout.atlas()
    atlas.setEnabled(True)
    atlas.setSortFeatures(True)
    atlas.setSortExpression('"page_order"')
    atlas.setFilenameExpression('"file_name"')
    return layout


def add_scale_bars(layout: QgsPrintLayout, main: QgsLayoutItemMap, x: float, y: float, s: float, headings):
    """A graphic scale bar at (x, y) mm and the numeric scale (1:10,000) 9 mm below it, both linked to ``main``."""
    bar = QgsLayoutItemScaleBar(layout)
    bar.setId("scalebar")
    bar.setStyle("Single Box")
    bar.setLinkedMap(main)
    bar.setUnits(QgsUnitTypes.DistanceUnit.DistanceMeters)
    bar.setUnitLabel(headings.get("metres", "m"))
    bar.setNumberOfSegments(2)
    bar.setNumberOfSegmentsLeft(0)
    bar.setUnitsPerSegment(100)
    bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFitWidth)
    bar.setMinimumBarWidth(25 * s)
    bar.setMaximumBarWidth(45 * s)
    bar.setHeight(2 * s)
    bar.setTextFormat(text_format(7.5 * s))
    bar.setBackgroundEnabled(True)
    layout.addLayoutItem(bar)
    bar.attemptMove(QgsLayoutPoint(x, y, MM))

    scale = QgsLayoutItemScaleBar(layout)
    scale.setId("numeric_scale")
    scale.setStyle("Numeric")
    scale.setLinkedMap(main)
    scale.setTextFormat(text_format(8 * s))
    whole = QgsBasicNumericFormat()
    whole.setNumberDecimalPlaces(0)
    whole.setShowThousandsSeparator(True)
    scale.setNumericFormat(whole)
    scale.setBackgroundEnabled(True)
    layout.addLayoutItem(scale)
    scale.attemptMove(QgsLayoutPoint(x, y + 9 * s, MM))
    return bar, scale


def add_north_arrow(layout: QgsPrintLayout, x: float, y: float, s: float) -> QgsLayoutItemPicture:
    arrow = QgsLayoutItemPicture(layout)
    arrow.setId("north_arrow")
    arrow.setPicturePath(embedded_svg(NORTH_ARROW))  # inside the layout, so a copied template keeps its arrow
    layout.addLayoutItem(arrow)
    arrow.attemptMove(QgsLayoutPoint(x, y, MM))
    arrow.attemptResize(QgsLayoutSize(11 * s, 15 * s, MM))
    return arrow


def wire(
    layout: QgsPrintLayout,
    map_layers: List[QgsVectorLayer],
    inset_layers: List[QgsVectorLayer],
    legend_layers: List[QgsVectorLayer],
    coverage: QgsVectorLayer,
    stats: QgsVectorLayer,
    headings: Dict[str, str],
) -> List[str]:
    """Give the layout's items their layers; returns the ids of items it lacks (an adjusted layout may drop some)."""
    items = find_items(layout)
    main, inset, legend = items["main_map"], items["inset_map"], items["legend"]
    crs = coverage.crs()
    layout.project().setCrs(crs)
    if main is not None:
        main.setCrs(crs)
        main.setLayers(map_layers)
        main.setKeepLayerSet(True)
        main.setExtent(fitted(coverage.extent(), main))
        main.setAtlasDriven(True)
    if inset is not None:
        inset.setCrs(crs)
        inset.setLayers(inset_layers)
        inset.setKeepLayerSet(True)
        extent = coverage.extent()
        extent.scale(1.05)
        inset.setExtent(fitted(extent, inset))
        if main is not None:
            inset.overview().setLinkedMap(main)
    if legend is not None:
        root = legend.model().rootGroup()
        root.removeAllChildren()
        for layer in legend_layers:
            root.addLayer(layer)
        if main is not None:
            legend.setLinkedMap(main)
    table = items["stats_table"].multiFrame() if items["stats_table"] is not None else None
    if table is not None:
        table.setVectorLayer(stats)
        table.setDisplayedFields(["item", "cases", "area"])
        columns = table.columns()
        for column, heading in zip(columns, (headings["item"], headings["cases"], headings["area"])):
            column.setHeading(heading)
        table.setColumns(columns)
        table.setFeatureFilter("\"code\" = attribute(@atlas_feature, 'code')")
        table.setFilterFeatures(True)
    atlas = layout.atlas()
    atlas.setCoverageLayer(coverage)
    atlas.setEnabled(True)
    return [key for key, item in items.items() if item is None]


def fitted(extent: QgsRectangle, item: QgsLayoutItemMap) -> QgsRectangle:
    """``extent`` widened to the item's own shape: setExtent() reshapes a map item to the extent it is given, and
    an atlas then keeps the distorted frame (QGIS layouts)."""
    size = item.sizeWithUnits()
    aspect = size.width() / size.height() if size.height() else 1.0
    width, height = extent.width(), extent.height()
    if width / max(height, 1e-9) < aspect:
        width = height * aspect
    else:
        height = width / aspect
    centre = extent.center()
    return QgsRectangle(
        centre.x() - width / 2, centre.y() - height / 2, centre.x() + width / 2, centre.y() + height / 2
    )


def find_items(layout: QgsPrintLayout) -> Dict[str, object]:
    """The items the code fills, by id (an adjusted layout must keep them)."""
    found = {item.id(): item for item in layout.items() if hasattr(item, "id")}
    return {key: found.get(key) for key in IDS}
