"""A county's patch file as core PatchRows with outlines in the ledger's CRS, batch by batch.

Two kinds of input: a vector layer (shapefile, GeoJSON, GeoPackage, KML/KMZ, a layer of the project, the output of
lianwei:readboundarypoints) read feature by feature, so that a file of a million patches never sits in memory; and
a table (Excel, CSV) whose header core finds (merged header cells, title rows, several sheets) and whose outline is
a WKT column. A table without one still updates the cases it names by number; a new patch needs an outline.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsCsException,
    QgsFeatureRequest,
    QgsFeatureSource,
    QgsProcessingFeatureSource,
)
from shapely import wkt
from shapely.errors import ShapelyError

from ..core.field_mapping import normalize
from ..core.gauss_kruger import zone_from_easting
from ..core.incoming import polygon_parts
from ..core.notes import Note, error
from ..core.patch_mapping import effective_mapping
from ..core.patches import (
    BAD_OUTLINE,
    NOT_IN_CRS,
    NOT_WKT,
    PatchRow,
    merge_duplicates,
    patch_record,
    read_patch_table,
    table_patches,
)
from ..core.sheet_tables import cell_text
from . import boundary_layer
from .convert import NO_VALIDITY_CHECK, from_shape, plain, to_shape

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
PARCEL_COLUMNS = ("JCBH", "TBMJ", "DLBM")  # what a boundary-point parcel gives a patch (as readboundarypoints)
WKT_COLUMNS = ("wkt", "geometry", "geom", "shape", "几何", "图形", "空间信息", "图斑范围", "范围")
BATCH = 20_000  # rows per batch: bounded memory, and parts of one patch are merged within a batch
GEOGRAPHIC_CGCS2000 = "EPSG:4490"


def is_table_file(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in TABLE_SUFFIXES


@dataclass
class PatchReading:
    """What a file gave before any row: its name for messages, the mapping used and the file's own notes."""

    name: str
    mapping: Dict[str, Optional[str]]
    notes: List[Note] = field(default_factory=list)
    count: int = 0

    @property
    def usable(self) -> bool:
        return not any(n.is_error for n in self.notes)

    def batches(self, size: int = BATCH) -> Iterator[List[PatchRow]]:
        raise NotImplementedError


class LayerPatches(PatchReading):
    """The features of a layer; geometries transformed from ``source_crs`` (the layer's unless a fix says
    otherwise, X and Y swapped first when ``swap``) to ``target``."""

    def __init__(
        self,
        source: QgsFeatureSource,
        name: str,
        mapping_text: str,
        target: QgsCoordinateReferenceSystem,
        context: QgsCoordinateTransformContext,
        zero_growth_on: Optional[str] = None,
        source_crs: Optional[QgsCoordinateReferenceSystem] = None,
        swap: bool = False,
    ):
        self.source = source
        self.names = source.fields().names()
        mapping, notes = effective_mapping(self.names, mapping_text)
        super().__init__(name, mapping, notes, source.featureCount())
        crs = source_crs if source_crs is not None and source_crs.isValid() else source.sourceCrs()
        self.transform = None if crs == target else QgsCoordinateTransform(crs, target, context)
        self.swap = swap
        self.zero_growth_on = zero_growth_on

    def batches(self, size: int = BATCH) -> Iterator[List[PatchRow]]:
        batch: List[PatchRow] = []
        flags = (NO_VALIDITY_CHECK,) if isinstance(self.source, QgsProcessingFeatureSource) else ()
        for feature in self.source.getFeatures(QgsFeatureRequest(), *flags):  # invalid outlines: repaired later
            values = {name: plain(value) for name, value in zip(self.names, feature.attributes())}
            row = patch_record(values, self.mapping, feature.id(), self.zero_growth_on)
            row.geometry = self._shape(feature.geometry(), row)
            batch.append(row)
            if len(batch) >= size:
                yield merge_duplicates(batch)
                batch = []
        if batch:
            yield merge_duplicates(batch)

    def _shape(self, geometry, row: PatchRow):
        if geometry.isNull() or geometry.isEmpty():
            return None  # linked by its number, or refused as a new patch without an outline
        try:
            shape = to_shape(geometry, self.transform, self.swap)
        except QgsCsException:
            row.notes.append(error(NOT_IN_CRS, row.where, "geometry", row=row.where))
            return None
        return usable_outline(shape, row)


def usable_outline(shape, row: PatchRow):
    """``shape`` when it can be a case's outline (repaired later), else None with the row's error noted."""
    _parts, _repaired, problem = polygon_parts(shape, True)
    if problem is not None:
        reason, values = problem
        row.notes.append(error(BAD_OUTLINE, row.where, "geometry", row=row.where, reason=reason.format(**values)))
        return None
    return shape


class TablePatches(PatchReading):
    """The rows of a workbook or CSV; outlines from a WKT column in ``crs``, or detected: degrees are CGCS2000
    longitude/latitude, eastings with a zone number are that zone, other metres the ledger's own CRS."""

    def __init__(
        self,
        path: str,
        mapping_text: str,
        target: QgsCoordinateReferenceSystem,
        context: QgsCoordinateTransformContext,
        zero_growth_on: Optional[str] = None,
        crs: Optional[QgsCoordinateReferenceSystem] = None,
    ):
        table, notes = read_patch_table(path)
        rows: List[PatchRow] = []
        mapping: Dict[str, Optional[str]] = {}
        parcels = boundary_parcels(path) if table is None else None
        if parcels is not None:  # a list of boundary points (parcel, point, X, Y): one patch per parcel
            notes, mapping = list(parcels.notes), effective_mapping(list(PARCEL_COLUMNS), mapping_text)[0]
            rows = self._parcels(path, parcels, mapping, target, context, zero_growth_on)
        elif table is not None:
            rows, mapping, more = table_patches(table, mapping_text, zero_growth_on)
            notes += more
            column = wkt_column([str(c) for c in table.frame.columns])
            if column is not None:
                cells = dict(zip(table.row_numbers, table.frame[column].tolist()))
                self._outlines(rows, cells, target, context, crs)
        super().__init__(os.path.basename(path), mapping, notes, len(rows))
        self.rows = rows

    def batches(self, size: int = BATCH) -> Iterator[List[PatchRow]]:
        for start in range(0, len(self.rows), size):
            yield self.rows[start : start + size]

    @staticmethod
    def _parcels(path, parcels, mapping, target, context, zero_growth_on) -> List[PatchRow]:
        crs = QgsCoordinateReferenceSystem(parcels.crs)
        transform = None if crs == target else QgsCoordinateTransform(crs, target, context)
        rows = []
        for parcel in parcels.parcels:
            values = dict(zip(PARCEL_COLUMNS, boundary_layer.parcel_values(parcel, path)))
            row = patch_record(values, mapping, parcel.line, zero_growth_on)
            if parcel.geometry is not None:
                row.geometry = usable_outline(to_shape(from_shape(parcel.geometry), transform), row)
            rows.append(row)
        return rows

    def _outlines(self, rows: Sequence[PatchRow], cells, target, context, crs) -> None:
        shapes: List[Tuple[PatchRow, object]] = []
        for row in rows:
            text = cell_text(cells.get(row.where))
            if not text:
                continue
            try:
                shapes.append((row, wkt.loads(text)))
            except (ShapelyError, ValueError):
                row.notes.append(error(BAD_OUTLINE, row.where, "geometry", row=row.where, reason=NOT_WKT))
        if not shapes:
            return
        crs = crs if crs is not None and crs.isValid() else QgsCoordinateReferenceSystem(detected_crs(shapes, target))
        transform = None if crs == target else QgsCoordinateTransform(crs, target, context)
        for row, shape in shapes:
            try:
                row.geometry = usable_outline(to_shape(from_shape(shape), transform), row)
            except QgsCsException:
                row.notes.append(error(NOT_IN_CRS, row.where, "geometry", row=row.where))


def boundary_parcels(path: str):
    """The parcels of a boundary-point list, or None when the file is not one (or has no usable parcel)."""
    parcels = boundary_layer.read(path)
    if not parcels.parcels or any(n.is_error for n in parcels.notes) or not parcels.crs:
        return None
    return parcels


def wkt_column(columns: Sequence[str]) -> Optional[str]:
    wanted = {normalize(name) for name in WKT_COLUMNS}
    return next((c for c in columns if normalize(c) in wanted), None)


def detected_crs(shapes: Sequence[Tuple[PatchRow, object]], target: QgsCoordinateReferenceSystem) -> str:
    xs = [v for _, s in shapes for v in (s.bounds[0], s.bounds[2])]
    ys = [v for _, s in shapes for v in (s.bounds[1], s.bounds[3])]
    if all(73.0 <= x <= 136.0 for x in xs) and all(3.0 <= y <= 54.0 for y in ys):
        return GEOGRAPHIC_CGCS2000
    zone = zone_from_easting(xs[0])
    if zone is not None and all(zone_from_easting(x) == zone for x in xs):
        return f"EPSG:{zone.with_prefix(True).epsg}"
    return target.authid()
