"""The check of cases being edited in QGIS, against the ledger's own reference tables.

The same core functions as lianwei:checkviolations (core/checks.py): a case drawn, picked or split on the map
gets the same village, areas, permit and parcel as the batch check would give it.
"""

from __future__ import annotations

import datetime
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsGeometry,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
    QgsVectorLayerUtils,
)
from qgis.PyQt.QtCore import QDate

from ..core import schema
from ..core.cases import next_case_ids, with_type
from ..core.checks import Feature, check_violations
from ..core.gauss_kruger import Zone
from . import ledgers
from .convert import area_method, detect_zone, source_extent, to_shape, transform_to, zone_crs
from .coordinate_check import require_fit
from .ledger import to_variant
from .reference import read_reference, violation_boxes, whole_table

REFERENCES = (
    ("permits", "permit_no", ("permit_type", "approved_m2", "expires_on")),
    ("cadastre", "parcel_id", ("owner", "land_class")),
    ("villages", "village_code", ("village_name",)),
    ("farmland", "patch_id", ()),
)


def check_geometries(
    ledger_path: str,
    geometries: List[Tuple[str, QgsGeometry]],
    crs,
    report_date: Optional[str] = None,
    context: Optional[QgsCoordinateTransformContext] = None,
) -> Dict[str, Dict[str, object]]:
    """key → the check's values (with the area method) for each (key, geometry in ``crs``)."""
    context = context or QgsProject.instance().transformContext()
    extent = QgsRectangle(geometries[0][1].boundingBox())
    for _key, geometry in geometries[1:]:
        extent.combineExtentWith(geometry.boundingBox())
    zone = detect_zone(crs, extent, "violations", context)
    transform = transform_to(crs, zone_crs(zone), context)
    shapes = [(key, to_shape(geometry, transform)) for key, geometry in geometries]
    return check_shapes(ledger_path, shapes, zone, report_date, context)


def check_shapes(
    ledger_path: str,
    shapes: List[Tuple[str, object]],
    zone: Zone,
    report_date: Optional[str] = None,
    context: Optional[QgsCoordinateTransformContext] = None,
) -> Dict[str, Dict[str, object]]:
    """key → the check's values (with the area method) for each (key, shapely geometry in ``zone``'s CRS)."""
    cases = [Feature(key, shape) for key, shape in shapes]
    references = load_references(ledger_path, zone, violation_boxes(cases), context)
    return check_loaded(references, shapes, zone, report_date)


def load_references(
    ledger_path: str, zone: Zone, boxes, context: Optional[QgsCoordinateTransformContext] = None
) -> Dict[str, Sequence[Feature]]:
    """The ledger's reference features near ``boxes`` (minx, miny, maxx, maxy rows in ``zone``'s CRS)."""
    context = context or QgsProject.instance().transformContext()
    target = zone_crs(zone)
    layers = reference_layers(ledger_path, context)
    references = {}
    for table, key_field, attributes in REFERENCES:
        layer = layers[table]
        references[table] = read_reference(layer, whole_table(layer), key_field, attributes, target, context, boxes)
    return references


def check_loaded(
    references: Dict[str, Sequence[Feature]],
    shapes: List[Tuple[str, object]],
    zone: Zone,
    report_date: Optional[str] = None,
) -> Dict[str, Dict[str, object]]:
    """check_shapes with the references read already (an import checks batch after batch against the same)."""
    report_date = report_date or datetime.date.today().isoformat()
    report = check_violations(
        [Feature(key, shape) for key, shape in shapes],
        references["permits"],
        references["cadastre"],
        references["villages"],
        references["farmland"],
        zone,
        report_date,
    )
    method = area_method(zone)
    return {r.case_id: dict(r.values, area_method=method) for r in report.results}


def reference_layers(ledger_path, context: QgsCoordinateTransformContext) -> Dict[str, QgsVectorLayer]:
    """The ledger's reference tables (a GeoPackage's path or a PostGIS ledger), each checked to fit its CRS (the
    villages first, the others near them): a table whose coordinates do not fit is refused (DataError), never read
    into a wrong village, parcel or area. The map shows such a table in the wrong place too, so a fix is not
    applied here: the table must be put right."""
    layers = {table: ledgers.open_layer(ledger_path, table) for table, _, _ in REFERENCES}
    for table, layer in layers.items():
        layer.setName(table)
    villages = layers["villages"]
    township = require_fit(villages.crs(), source_extent(villages), ledger_table_name("villages"), context).lonlat
    for table, layer in layers.items():
        if table != "villages" and layer.featureCount():
            require_fit(layer.crs(), source_extent(layer), ledger_table_name(table), context, township)
    return layers


def ledger_table_name(table: str) -> str:
    return f"{schema.layer(table).alias} ({table})"


def existing_case_ids(layer: QgsVectorLayer) -> List[str]:
    """Every case number of the layer, including cases added in the edit session and not saved yet."""
    index = layer.fields().indexOf("case_id")
    return [str(v) for v in layer.uniqueValues(index)] if index >= 0 else []


def new_case_feature(layer: QgsVectorLayer, geometry: QgsGeometry, taken: Iterable[str] = ()) -> QgsFeature:
    """A new case for ``geometry`` (in the layer's CRS): checked, numbered, discovered today, with the layer's
    defaults for everything else. ``taken`` adds numbers given out but not yet in the layer (a split's parts)."""
    ledger = ledger_of(layer)
    key = "new"
    values = with_type(check_geometries(ledger, [(key, geometry)], layer.crs())[key])
    today = QDate.currentDate()
    (case_id,) = next_case_ids(values.get("village_code"), today.year(), list(existing_case_ids(layer)) + list(taken))
    values.update(case_id=case_id, found_on=today.toString("yyyy-MM-dd"), status="DISCOVERED")
    geometry = QgsGeometry(geometry)
    if not geometry.isMultipart():
        geometry.convertToMultiType()
    spec = schema.layer("violations")
    attributes = {
        layer.fields().indexOf(name): to_variant(spec.field(name), value)
        for name, value in values.items()
        if layer.fields().indexOf(name) >= 0
    }
    return QgsVectorLayerUtils.createFeature(layer, geometry, attributes, layer.createExpressionContext())


def ledger_of(layer: QgsVectorLayer) -> ledgers.Address:
    """The ledger whose violations table ``layer`` shows: a GeoPackage's path or a PostGIS ledger."""
    table = ledgers.table_of_layer(layer)
    if table is None or table[1] != "violations":
        raise ValueError(layer.name())
    return table[0]
