"""The two sides of a reconciliation (对账) as core/reconcile takes them: the ledger's cases, read read-only, and
the upper level's patches from any QGIS source (a file, a layer, a service), their columns mapped as the 卫片
import maps them and their outlines in the ledger's CRS."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import Dict, List, Optional, Sequence, Tuple

from qgis.core import QgsCoordinateReferenceSystem, QgsFeatureRequest, QgsVectorLayer

from ..core.field_mapping import normalize
from ..core.notes import Note
from ..core.patches import patch_record
from ..core.reconcile import LedgerCase, UpperPatch
from ..translation import both, tr_later
from .convert import DataError, plain, to_shape, transform_to
from .gpkg_reader import geopackage_wkb, open_read_only, shapes_from_wkb
from .ledger import layer_uri
from .pg_reads import reconcile_rows
from .pg_rows import table_crs
from .postgis import PostgisLedger

# Columns an upper-level file keeps a patch's state in (整改状态, 是否销号 …), best first.
STATUS_COLUMNS = (
    "整改状态",
    "是否销号",
    "销号状态",
    "销号情况",
    "处理状态",
    "处理情况",
    "办理状态",
    "核查状态",
    "图斑状态",
    "状态",
    "ZGZT",
    "SFXH",
    "XHZT",
    "CLZT",
    "CLQK",
    "BLZT",
    "TBZT",
    "status",
)
CASE_COLUMNS = ("case_id", "patch_no", "footprint_m2", "upper_m2", "status", "source")
NO_VIOLATIONS = tr_later("{path} has no readable violations table: {error}")


def status_column(columns: Sequence[str], chosen: str = "") -> Optional[str]:
    """The column holding the upper level's state: the one chosen, else the first of STATUS_COLUMNS found."""
    if chosen:
        return chosen
    by_name = {normalize(c): c for c in columns}
    for name in STATUS_COLUMNS:
        if normalize(name) in by_name:
            return by_name[normalize(name)]
    return None


def ledger_crs(path) -> QgsCoordinateReferenceSystem:
    """The CRS of the ledger's violations (a GeoPackage's path or a PostGIS ledger)."""
    if isinstance(path, PostgisLedger):
        return table_crs(path, "violations")
    layer = QgsVectorLayer(layer_uri(path, "violations"), "violations", "ogr")
    return layer.crs() if layer.isValid() else QgsCoordinateReferenceSystem()


def ledger_cases(path, patches_only: bool = False) -> List[LedgerCase]:
    """Every case of the ledger (its file, or a PostGIS ledger; read-only): its patch number, outline, area and
    status. The area is the township's footprint, else the upper level's area as recorded. ``patches_only``: only
    cases with a patch number or from the satellite source."""
    if isinstance(path, PostgisLedger):
        rows = reconcile_rows(path, CASE_COLUMNS)
        outlines = [r[6] for r in rows]
    else:
        query = (
            'SELECT "case_id", "patch_no", "footprint_m2", "upper_m2", "status", "source", "geom" '
            'FROM "violations" ORDER BY "case_id"'
        )
        try:
            with closing(open_read_only(path)) as db:
                rows = db.execute(query).fetchall()
        except sqlite3.Error as error:
            raise DataError(both(NO_VIOLATIONS, path=path, error=str(error))) from None
        outlines = [geopackage_wkb(r[6]) if r[6] else None for r in rows]
    kept = [k for k, r in enumerate(rows) if not patches_only or (r[1] or "").strip() or r[5] == "SATELLITE"]
    rows = [rows[k] for k in kept]
    shapes = shapes_from_wkb([outlines[k] for k in kept])
    cases = []
    for row, shape in zip(rows, shapes):
        area = row[2] if row[2] is not None else row[3]
        cases.append(LedgerCase(row[0], (row[1] or "").strip() or None, shape, area, row[4]))
    return cases


def upper_patches(
    source,
    mapping: Dict[str, Optional[str]],
    status: Optional[str],
    target: QgsCoordinateReferenceSystem,
    context,
) -> Tuple[List[UpperPatch], List[Note]]:
    """The upper level's patches: number and area through the 卫片 mapping (units converted as on import), the
    state from ``status``, the outline in ``target``. A row's problems are returned as notes."""
    transform = transform_to(source.sourceCrs(), target, context.transformContext())
    names = source.fields().names()
    patches: List[UpperPatch] = []
    notes: List[Note] = []
    for k, feature in enumerate(source.getFeatures(QgsFeatureRequest()), start=1):
        row = {name: plain(value) for name, value in zip(names, feature.attributes())}
        record = patch_record(row, mapping, k)
        notes += record.notes
        geometry = feature.geometry()
        shape = to_shape(geometry, transform) if geometry is not None else None
        number = record.patch_no or f"#{k}"
        state = row.get(status) if status else None
        patches.append(UpperPatch(str(number), shape, record.values.get("upper_m2"), state, k))
    return patches, notes
