"""lianwei:readboundarypoints — a surveyor's boundary-point file (the ministry's exchange TXT, or an Excel/CSV
list of coordinates) as a polygon layer, one feature per parcel, in the CRS its header names."""

from __future__ import annotations

import os

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsWkbTypes,
)

from ...layers import boundary_layer
from ...layers.patch_notes import log_note, note_both
from ...translation import both, tr, tr_later
from ..base import LianweiAlgorithm

MAX_LISTED = 20
REFUSED = tr_later("{file} cannot be used as boundary points; nothing was written:")
MORE = tr_later("… and {count} more")
NO_OUTLINE = tr_later("No parcel has a usable outline")
LEFT_OUT = tr_later("{count} parcels of {file} were left out (see the warnings above)")


class ReadBoundaryPointsAlgorithm(LianweiAlgorithm):
    ID = "readboundarypoints"
    TITLE = tr_later("Read boundary-point file")
    GROUP = "ledger"
    HELP = tr_later(
        "Reads a surveyor's boundary-point file into a polygon layer, one feature per parcel: the ministry's "
        "exchange TXT (界址点坐标交换格式: [属性描述] with 坐标系, 几度分带, 带号, then [地块坐标] with one header "
        "line per parcel and lines J1,1,X,Y), or an Excel/CSV list of points (地块编号, 点号, 圈号, X, Y; merged "
        "cells and one sheet per parcel are understood). Rings are told apart by their ring number: a ring inside "
        "another is a hole, one outside the others a further part. The encoding (GBK, GB18030, UTF-8) is detected; "
        "X and Y written in the wrong order and the zone number in the eastings are detected and reported in the "
        "log. The CRS is the one the header names (a spreadsheet's comes from the CRS given here, else from its "
        "title, else from the zone number of its eastings); a header that cannot be placed (an unknown 带号, a "
        "zone number that contradicts it) is refused. Each feature keeps the parcel's number (JCBH), name, the "
        "header's area (TBMJ) and the planar area of its points (JSMJ, m², rounded half-up to 0.01), so the layer "
        "can be the input of the patch import (lianwei:importpatches) in a model. A parcel that cannot be used "
        "refuses the whole file, naming the file and line, unless “leave out parcels that cannot be used” is "
        "ticked."
    )

    INPUT = "INPUT"
    CRS = "CRS"
    SKIP_UNUSABLE = "SKIP_UNUSABLE"
    OUTPUT = "OUTPUT"
    PARCELS = "PARCELS"
    CRS_USED = "CRS_USED"

    def initAlgorithm(self, config=None):
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT,
                tr("Boundary-point file (TXT, Excel or CSV)"),
                fileFilter=tr("Boundary points (*.txt *.TXT *.xlsx *.xls *.ods *.csv);;All files (*.*)"),
            )
        )
        crs = QgsProcessingParameterCrs(
            self.CRS, tr("CRS of a spreadsheet without one (empty: from its title or its eastings)"), optional=True
        )
        skip = QgsProcessingParameterBoolean(
            self.SKIP_UNUSABLE, tr("Leave out parcels that cannot be used (listed in the log)"), False
        )
        self.add_advanced(crs, skip)
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Parcels"), QgsProcessing.SourceType.TypeVectorPolygon)
        )
        self.addOutput(QgsProcessingOutputNumber(self.PARCELS, tr("Parcels read")))
        self.addOutput(QgsProcessingOutputString(self.CRS_USED, tr("CRS of the parcels")))

    def processAlgorithm(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.INPUT, context)
        if not path or not os.path.isfile(path):
            raise self.fail("{path} is not a file", path=path)
        chosen = QgsCoordinateReferenceSystem()
        if parameters.get(self.CRS) not in (None, ""):
            chosen = self.parameterAsCrs(parameters, self.CRS, context)
        epsg = int(chosen.authid().split(":")[1]) if chosen.authid().startswith("EPSG:") else None
        declared = boundary_layer.declared_from_epsg(epsg)
        if chosen.isValid() and declared is None:
            raise self.fail(
                "{file}: {crs} is not a Gauss-Krüger zone of CGCS2000, Xian 1980 or Beijing 1954: choose the zone "
                "the surveyor measured in",
                file=os.path.basename(path),
                crs=chosen.authid(),
            )
        try:
            result = boundary_layer.read(path, declared)
        except OSError as error:
            raise self.fail("{path} cannot be read: {error}", path=path, error=error) from None
        for note in result.notes:
            log_note(feedback, note, path)
        skip = self.parameterAsBool(parameters, self.SKIP_UNUSABLE, context)
        errors = result.errors
        if not result.usable or (errors and not skip):
            listed = errors or [n for n in result.notes if n.level != "info"]
            raise self._refusal(path, listed)
        for line in boundary_layer.order_lines(result):
            feedback.pushInfo(line)
        fields = boundary_layer.output_fields()
        crs = QgsCoordinateReferenceSystem(result.crs)
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.MultiPolygon, crs
        )
        if sink is None:
            raise self.fail("Cannot create the output layer")
        found = boundary_layer.features(result, fields, path)
        if not sink.addFeatures(found, QgsFeatureSink.Flag.FastInsert):
            raise self.fail("Writing the parcels failed: {error}", error=sink.lastError())
        left_out = len(result.parcels) - len(found)
        if left_out:
            feedback.pushWarning(both(LEFT_OUT, count=left_out, file=os.path.basename(path)))
        feedback.pushInfo(
            tr("{count} parcels read from {file}, CRS {crs}").format(
                count=len(found), file=os.path.basename(path), crs=result.crs
            )
        )
        return {self.OUTPUT: dest_id, self.PARCELS: len(found), self.CRS_USED: result.crs}

    def _refusal(self, path, notes):
        lines = [note_both(note, path) for note in notes[:MAX_LISTED]]
        if len(notes) > MAX_LISTED:
            lines.append(both(MORE, count=len(notes) - MAX_LISTED))
        if not lines:
            lines.append(both(NO_OUTLINE))
        head = both(REFUSED, file=os.path.basename(path))
        return self.fail("{text}", text="\n".join([head, *lines]))
