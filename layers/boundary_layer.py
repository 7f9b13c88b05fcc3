"""Boundary-point files (the ministry's exchange TXT, spreadsheets of coordinates) as QGIS features.

The reading is core's (core/boundary_points, core/boundary_tables); this module chooses the reader, turns a CRS the
user picked for a spreadsheet into what a file header would say, and writes each parcel as one feature whose
columns the 卫片 import maps by default (JCBH → patch_no, TBMJ → upper_m2, DLBM → upper_land_class).
"""

from __future__ import annotations

import os
from typing import List, Optional

from qgis.core import QgsFeature, QgsFields

from ..core import survey_crs
from ..core.areas import round_half_up
from ..core.boundary_points import NOT_BOUNDARY_FILE, BoundaryPoints, Parcel, read_boundary_points
from ..core.boundary_system import Declared
from ..core.boundary_tables import read_boundary_table
from ..translation import tr, tr_later
from .convert import from_shape, qgs_field

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
OWN_CODE = 8  # characters from which a 地块编号 is taken as a code of its own (a 宗地代码 has 19)

# (name, kind, length, alias): names the 卫片 mapping (core/patch_mapping) takes by default.
FIELDS = (
    ("JCBH", "text", 80, tr_later("Patch number for the ledger (the file's name and the parcel number)")),
    ("DKBH", "text", 40, tr_later("Parcel number (地块编号)")),
    ("DKMC", "text", 100, tr_later("Parcel name (地块名称)")),
    ("TBMJ", "real", 0, tr_later("Area of the file header, m² (地块面积)")),
    ("JSMJ", "real", 0, tr_later("Planar area of the points, m²")),
    ("MJFS", "text", 300, tr_later("How the areas were computed")),
    ("DKYT", "text", 50, tr_later("Use (地块用途)")),
    ("DLBM", "text", 10, tr_later("Land class code (地类编码)")),
    ("TFH", "text", 50, tr_later("Map sheet (图幅号)")),
    ("LINE_NO", "integer", 0, tr_later("Line or row of the file")),
)
AREA_METHOD = tr_later(
    "JSMJ: planar area of the points in {crs} (Gauss-Krüger coordinates as the file gives them), m², rounded "
    "half-up to 0.01; TBMJ: 地块面积 of the file converted to m²"
)


def read(path: str, declared: Optional[Declared] = None) -> BoundaryPoints:
    """The parcels of ``path``: a spreadsheet or CSV by its suffix, else the exchange TXT (a TXT without
    [地块坐标] is read as a coordinate list). ``declared``: the system the user chose for a spreadsheet."""
    if os.path.splitext(path)[1].lower() in TABLE_SUFFIXES:
        return read_boundary_table(path, declared)
    result = read_boundary_points(path)
    if any(n.template == NOT_BOUNDARY_FILE for n in result.notes):
        table = read_boundary_table(path, declared)
        if table.parcels:
            return table
    return result


def declared_from_epsg(epsg: Optional[int]) -> Optional[Declared]:
    """What a file header would say for a Gauss-Krüger EPSG code (CGCS2000, Xian 1980, Beijing 1954); None for
    any other code."""
    if not epsg:
        return None
    for datum in (survey_crs.CGCS2000, survey_crs.XIAN80, survey_crs.BEIJING54):
        for width, (low, high) in survey_crs.ZONE_RANGES.items():
            for zone in range(low, high + 1):
                for prefixed in (True, False):
                    if survey_crs.epsg_for(datum, width, zone, prefixed) == epsg:
                        return Declared(datum=datum, width=str(width), zone=str(zone))
    return None


def output_fields() -> QgsFields:
    fields = QgsFields()
    for name, kind, length, alias in FIELDS:
        field = qgs_field(name, kind, length)
        field.setAlias(tr(alias))
        fields.append(field)
    return fields


def area_method(result: BoundaryPoints) -> str:
    return tr(AREA_METHOD).format(crs=result.crs)


def patch_number(parcel_number: str, path: str) -> str:
    """The number a parcel goes into the ledger with: 地块编号 as it is when it is a code of its own, else the
    file's name before it — "1" and "2" number parcels within one file only, and two surveyors' "1" are not one
    patch (an import matches cases by this number)."""
    number = str(parcel_number or "").strip()
    if len(number) >= OWN_CODE:
        return number
    stem = os.path.splitext(os.path.basename(path))[0]
    return f"{stem}-{number}" if number else stem


def parcel_values(parcel: Parcel, path: str) -> list:
    """JCBH, TBMJ, DLBM of a parcel: what the patch import takes from it."""
    area = None if parcel.area_m2 is None else round_half_up(parcel.area_m2)
    return [patch_number(parcel.number, path), area, parcel.land_class or None]


def features(result: BoundaryPoints, fields: QgsFields, path: str = "") -> List[QgsFeature]:
    """One feature per parcel with a geometry, in file order."""
    method = area_method(result)
    found = []
    for parcel in result.parcels:
        if parcel.geometry is None:
            continue
        feature = QgsFeature(fields)
        feature.setGeometry(from_shape(parcel.geometry))
        feature.setAttributes([patch_number(parcel.number, path), *_values(parcel, method)])
        found.append(feature)
    return found


def _values(parcel: Parcel, method: str) -> list:
    def area(value):
        return None if value is None else round_half_up(value)

    line = parcel.line if isinstance(parcel.line, int) else None
    return [
        parcel.number,
        parcel.name or None,
        area(parcel.area_m2),
        area(parcel.computed_m2),
        method,
        parcel.use or None,
        parcel.land_class or None,
        parcel.sheet or None,
        line,
    ]


def order_lines(result: BoundaryPoints) -> List[str]:
    """What was detected about the X/Y order and the zone number in the eastings, for the log."""
    system = result.system
    swapped = len(system.swapped_lines)
    if not swapped:
        order = tr("X/Y order: X is the northing and Y the easting, as the format says")
    else:
        order = tr("X/Y order: X held the easting on {swapped} lines; they were swapped back").format(swapped=swapped)
    if system.prefixed:
        prefix = tr("Zone number in the eastings: {zone}, kept (the CRS {crs} includes it)")
    elif system.strip_prefix:
        prefix = tr("Zone number in the eastings: {zone} on some points only, removed (CRS {crs})")
    else:
        prefix = tr("Zone number in the eastings: none (CRS {crs})")
    return [order, prefix.format(zone=system.zone, crs=result.crs)]
