"""The case card (案件卡片): one A4 page for the case file and the village meeting — the case on its map, its
attributes with Chinese names, up to four photos, the documents, the history, producer and print date.

The page is a print layout in a project of its own (the user's project is never touched), built from the same
pieces as the village maps (fonts, north arrow, scale bars, coordinate system note), so it runs in a Processing
worker thread on the layers it is given.
"""

from __future__ import annotations

import datetime
import os
import tempfile
from typing import Dict, List, Optional, Sequence

from qgis.core import (
    QgsCoordinateTransform,
    QgsGeometry,
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutMultiFrame,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTable,
    QgsLayoutTableColumn,
    QgsLayoutUtils,
    QgsPrintLayout,
    QgsProject,
    QgsScaleBarSettings,
    QgsTableCell,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor, QFont

from ..core import case_card as cc
from ..core.campaign import Campaign
from ..core.schema import EVIDENCE, VIOLATIONS
from ..core.village_maps import crs_note
from ..translation import tr, tr_both
from . import case_card_data as data
from .convert import DataError, detect_zone, layer_label, zone_crs
from .fonts import cjk_font_family
from .layout_export import pdf_settings
from .ledgers import Address, case_rows, files_folder
from .village_layout import MM, add_north_arrow, add_scale_bars, fitted, font, style_label, text_format

PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 10.0
CONTENT_W = PAGE_W - 2 * MARGIN
MAP_BOX = (MARGIN, 31.0, 114.0, 80.0)
PHOTO_BOX = (MARGIN + 118.0, 31.0, CONTENT_W - 118.0, 84.0)
ALIAS_W = 27.0
HISTORY_COLUMNS = (27.0, 22.0, 28.0, CONTENT_W - 77.0)
FOOTER_Y = PAGE_H - MARGIN - 4.0
BODY_PT, SMALL_PT = 7.5, 6.5
CELL_MARGIN = 0.7
GRID = 0.15
LINE_SPACING = 1.0
LIGHT = QColor("#eef2f6")


def headings() -> Dict[str, str]:
    return {
        "location": tr("Location"),
        "photos": tr("Photos"),
        "no_photos": tr("No photos"),
        "details": tr("Case details"),
        "history": tr("History"),
        "no_history": tr("No changes recorded"),
        "documents": tr("Documents: {names}"),
        "area_method": tr("Area method: {method}"),
        "no_method": tr("footprint_m2 as recorded in the ledger (not computed by the check)"),
        "earlier": tr("… and {count} earlier entries"),
        "time": tr("Time"),
        "by": tr("By"),
        "field": tr("Field"),
        "change": tr("Old value → new value"),
        "producer": tr("Producer: {producer}"),
        "printed_on": tr("Printed on {date}"),
        "metres": tr("metres"),
    }


class CaseCardExporter:
    """One case of a violations layer (a private copy: this runs in a worker thread) as a one-page PDF."""

    def __init__(self, violations: QgsVectorLayer, ledger: Optional[Address], campaign: Campaign, transform_context):
        self.violations = violations
        self.ledger = ledger
        self.campaign = campaign
        self.transform_context = transform_context
        self.warnings: List[str] = []

    def export(self, case_id: str, path: str, printed_on: Optional[datetime.date] = None) -> str:
        """Write the card of ``case_id`` to ``path``; raises DataError with a Chinese / English message."""
        words = headings()
        name = layer_label(self.violations, "violations")
        feature = data.find_case(self.violations, case_id, name)
        if not feature.hasGeometry():
            raise DataError(
                tr_both("Case {case_id} in layer {layer} has no geometry").format(case_id=case_id, layer=name)
            )
        record = data.record_of(feature)
        zone = detect_zone(self.violations.crs(), feature.geometry().boundingBox(), name, self.transform_context)
        photos, documents = cc.split_evidence(
            case_rows(self.ledger, "evidence", case_id), files_folder(self.ledger), EVIDENCE.field("direction").alias
        )
        card = cc.CaseCard(
            case_id=case_id,
            title=cc.card_title(self.campaign.town_name, record.get("village_name")),
            attributes=cc.attribute_rows(record),
            area_method=str(record.get("area_method") or words["no_method"]),
            photos=photos,
            documents=documents,
            history=cc.history_lines(case_rows(self.ledger, "case_log", case_id)),
        )
        footer = [words["producer"].format(producer=self.campaign.producer)] if self.campaign.producer else []
        footer.append(words["printed_on"].format(date=(printed_on or datetime.date.today()).isoformat()))
        card.footer = "    ".join(footer)
        if cjk_font_family() is None:
            self.warnings.append(tr_both("No Chinese font is installed: Chinese text may print as boxes"))

        project = QgsProject()
        try:
            with tempfile.TemporaryDirectory(prefix="lianwei-card-") as scratch:
                layout = self._layout(project, card, feature, zone, words, scratch)
                self._write(layout, path)
        finally:
            project.clear()  # the layout and layers go with it, before any Python reference could outlive them
        return path

    def _layout(self, project, card, feature, zone, words, scratch) -> QgsPrintLayout:
        crs = zone_crs(zone)
        project.setCrs(crs)
        layout = QgsPrintLayout(project)
        layout.initializeDefaults()
        layout.setName(tr("Case card"))
        layout.pageCollection().page(0).setPageSize(QgsLayoutSize(PAGE_W, PAGE_H, MM))
        project.layoutManager().addLayout(layout)

        label(layout, card.title, MARGIN, 6.0, CONTENT_W, 10.0, font(16, bold=True), centred=True)
        case_alias = VIOLATIONS.field("case_id").alias
        label(layout, f"{case_alias}：{card.case_id}", MARGIN, 16.0, CONTENT_W, 6.0, font(10), centred=True)
        label(layout, words["location"], MARGIN, 25.0, MAP_BOX[2], 5.0, font(9, bold=True))
        label(layout, words["photos"], PHOTO_BOX[0], 25.0, PHOTO_BOX[2], 5.0, font(9, bold=True))

        self._map(layout, project, feature, crs, words)
        label(layout, crs_note(zone), MARGIN, MAP_BOX[1] + MAP_BOX[3] + 0.8, MAP_BOX[2], 4.0, font(SMALL_PT))
        self._photos(layout, card.photos, words, scratch)

        y = PHOTO_BOX[1] + PHOTO_BOX[3] + 2.0
        label(layout, words["details"], MARGIN, y, CONTENT_W, 5.0, font(9, bold=True))
        y = self._attributes(layout, card.attributes, y + 5.5)
        notes = [words["area_method"].format(method=card.area_method)]
        if card.documents:
            notes.append(words["documents"].format(names="；".join(card.documents)))
        text = "\n".join(wrapped(n, font(SMALL_PT), CONTENT_W - 1.0, 2) for n in notes)
        height = QgsLayoutUtils.fontHeightMM(font(SMALL_PT)) * 1.25 * (text.count("\n") + 1) + 1.0
        label(layout, text, MARGIN, y + 1.0, CONTENT_W, height, font(SMALL_PT))
        y += height + 3.0

        label(layout, words["history"], MARGIN, y, CONTENT_W, 5.0, font(9, bold=True))
        self._history(layout, card.history, words, y + 5.5, FOOTER_Y - 2.0)
        label(layout, card.footer, MARGIN, FOOTER_Y, CONTENT_W, 4.5, font(SMALL_PT), align=Qt.AlignmentFlag.AlignRight)
        return layout

    def _map(self, layout, project, feature, crs, words) -> None:
        case = data.highlight_layer(feature, self.violations.crs())
        beneath = data.faint_layers(self.ledger, self.violations)
        project.addMapLayers([case, *beneath], False)
        item = QgsLayoutItemMap(layout)
        item.setId("main_map")
        item.setFrameEnabled(True)
        layout.addLayoutItem(item)
        place(item, *MAP_BOX)
        item.setCrs(crs)
        item.setLayers([case, *reversed(beneath)])  # top first
        item.setKeepLayerSet(True)
        geometry = QgsGeometry(feature.geometry())
        if self.violations.crs() != crs:
            geometry.transform(QgsCoordinateTransform(self.violations.crs(), crs, self.transform_context))
        box = geometry.boundingBox()
        item.setExtent(fitted(box, item))
        scale = cc.card_scale(box.width(), box.height(), MAP_BOX[2], MAP_BOX[3])
        item.setScale(scale)
        x, y, w, h = MAP_BOX
        bar, _ = add_scale_bars(layout, item, x + 2.0, y + h - 12.0, 0.8, words)
        # Two 10 mm segments: the round scale gives round lengths (1:500 → 0, 5, 10 m).
        bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFixed)
        bar.setUnitsPerSegment(scale / 100.0)
        add_north_arrow(layout, x + w - 11.0, y + 2.0, 0.75)

    def _photos(self, layout, photos: Sequence[cc.Photo], words, scratch) -> None:
        x0, y0, w, h = PHOTO_BOX
        if not photos:
            label(layout, words["no_photos"], x0, y0, w, h, font(9), centred=True, colour="#808080")
            return
        cell_w, cell_h, gap = (w - 3.0) / 2, (h - 2.0) / 2, 3.0
        caption_h = 9.5  # three lines: time, direction, note
        for number, photo in enumerate(photos):
            x = x0 + (number % 2) * (cell_w + gap)
            y = y0 + (number // 2) * (cell_h + 2.0)
            path, reason = data.shrunk_photo(photo.path, scratch, number)
            if path is None:
                self.warnings.append(f"{os.path.basename(photo.path)}: {reason}")
                label(
                    layout,
                    os.path.basename(photo.path) + "\n" + reason,
                    x,
                    y,
                    cell_w,
                    cell_h - caption_h,
                    font(SMALL_PT),
                    centred=True,
                    colour="#b00000",
                )
            else:
                picture = QgsLayoutItemPicture(layout)
                picture.setPicturePath(path)
                picture.setResizeMode(QgsLayoutItemPicture.ResizeMode.Zoom)
                picture.setPictureAnchor(QgsLayoutItemPicture.ReferencePoint.LowerMiddle)  # next to its caption
                layout.addLayoutItem(picture)
                place(picture, x, y, cell_w, cell_h - caption_h)
            caption = "\n".join(
                wrapped(part, font(SMALL_PT - 0.5), cell_w, 1) for part in photo.caption.split("\n")[:3]
            )
            label(layout, caption, x, y + cell_h - caption_h + 0.3, cell_w, caption_h, font(SMALL_PT - 0.5))

    def _attributes(self, layout, rows, y: float) -> float:
        """The attributes in two pairs of columns (name, value); returns the y below the table."""
        value_w = CONTENT_W / 2 - ALIAS_W
        value_font = font(BODY_PT)
        cells = []
        for left, right in zip(rows[0::2], rows[1::2] + [("", "")] * (len(rows) % 2)):
            row = []
            for alias, value in (left, right):
                name = QgsTableCell(alias)
                name.setBackgroundColor(LIGHT)
                row += [name, QgsTableCell(wrapped(value, value_font, value_w - 2 * CELL_MARGIN - 0.5, 2))]
            cells.append(row)
        widths = [ALIAS_W - 2 * CELL_MARGIN - GRID, value_w - 2 * CELL_MARGIN - GRID] * 2
        return y + table(layout, "attributes", cells, widths, None, y)

    def _history(self, layout, lines, words, top: float, bottom: float) -> None:
        """The history, newest last, as many entries as fit above ``bottom``."""
        if not lines:
            label(layout, words["no_history"], MARGIN, top, CONTENT_W, 5.0, font(BODY_PT), colour="#808080")
            return
        heads = [words["time"], words["by"], words["field"], words["change"]]
        capacity = int((bottom - top - row_height(1)) // row_height(1))
        body = font(BODY_PT)
        widths = [w - 2 * CELL_MARGIN - GRID for w in HISTORY_COLUMNS]
        cells = [
            [QgsTableCell(wrapped(text, body, width - 0.5, 1)) for text, width in zip(h.cells(), widths)]
            for h in cc.fitting_history(lines, capacity, words["earlier"])
        ]
        table(layout, "history", cells, widths, heads, top)

    def _write(self, layout: QgsPrintLayout, path: str) -> None:
        message = tr_both("Cannot write the case card {path}: {error}")
        try:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        except OSError as error:
            raise DataError(message.format(path=path, error=error)) from None
        result = QgsLayoutExporter(layout).exportToPdf(path, pdf_settings(300))
        if result != QgsLayoutExporter.ExportResult.Success:
            reasons = {
                QgsLayoutExporter.ExportResult.FileError: tr("the file cannot be written"),
                QgsLayoutExporter.ExportResult.MemoryError: tr("not enough memory"),
                QgsLayoutExporter.ExportResult.Canceled: tr("canceled"),
            }
            raise DataError(message.format(path=path, error=reasons.get(result, str(int(result)))))


def place(item, x: float, y: float, w: float, h: float) -> None:
    item.attemptMove(QgsLayoutPoint(x, y, MM))
    item.attemptResize(QgsLayoutSize(w, h, MM))


def label(layout, text, x, y, w, h, qfont: QFont, centred=False, colour="#000000", align=None) -> QgsLayoutItemLabel:
    item = QgsLayoutItemLabel(layout)
    item.setText(text)
    style_label(item, qfont, colour)
    item.setMarginX(0.0)
    item.setMarginY(0.0)
    item.setHAlign(Qt.AlignmentFlag.AlignHCenter if centred else (align or Qt.AlignmentFlag.AlignLeft))
    item.setVAlign(Qt.AlignmentFlag.AlignVCenter if centred else Qt.AlignmentFlag.AlignTop)
    layout.addLayoutItem(item)
    place(item, x, y, w, h)
    return item


def row_height(lines: int) -> float:
    """The height of a table row of ``lines`` lines of body text, margins and grid line included."""
    return lines * QgsLayoutUtils.fontHeightMM(font(BODY_PT)) * LINE_SPACING + 2 * CELL_MARGIN + GRID


def table(layout, item_id, cells, widths, heads, top: float) -> float:
    """A manual table at ``top`` as wide as the content; returns its height. Every row's height is set from its
    number of lines, so the height is known before QGIS lays the table out (a table's own totalHeight() is its
    frame's)."""
    item = QgsLayoutItemManualTable.create(layout)
    item.setTableContents(cells)
    item.setColumnWidths(widths)
    lines = [max(cell.content().count("\n") + 1 for cell in row) for row in cells]
    item.setRowHeights([row_height(n) - 2 * CELL_MARGIN - GRID for n in lines])
    item.setContentTextFormat(text_format(BODY_PT))
    item.setCellMargin(CELL_MARGIN)
    item.setGridStrokeWidth(GRID)
    item.setGridColor(QColor("#9e9e9e"))
    item.setWrapBehavior(QgsLayoutTable.WrapBehavior.TruncateText)
    item.setIncludeTableHeader(heads is not None)
    height = sum(row_height(n) for n in lines) + GRID
    if heads is not None:
        columns = []
        for head in heads:
            column = QgsLayoutTableColumn()
            column.setHeading(head)
            columns.append(column)
        item.setHeaders(columns)
        item.setHeaderTextFormat(text_format(BODY_PT, bold=True))
        item.setHeaderHAlignment(QgsLayoutTable.HeaderHAlignment.HeaderLeft)
        height += row_height(1)
    item.setResizeMode(QgsLayoutMultiFrame.ResizeMode.UseExistingFrames)
    frame = QgsLayoutFrame(layout, item)
    frame.setId(item_id)
    place(frame, MARGIN, top, CONTENT_W, height + 0.5)
    item.addFrame(frame)
    layout.addMultiFrame(item)
    return height


def wrapped(text: str, qfont: QFont, width_mm: float, lines: int) -> str:
    """``text`` broken into at most ``lines`` lines of ``width_mm`` (character by character: Chinese has no
    spaces to break at); the last line ends in … when the text does not fit."""
    result, line = [], ""
    for char in str(text).replace("\n", " "):
        if QgsLayoutUtils.textWidthMM(qfont, line + char) > width_mm and line:
            result.append(line)
            line = ""
            if len(result) == lines:
                break
        line += char
    else:
        result.append(line)
        return "\n".join(result)
    last = result[-1]
    while last and QgsLayoutUtils.textWidthMM(qfont, last + "…") > width_mm:
        last = last[:-1]
    result[-1] = last + "…"
    return "\n".join(result)
