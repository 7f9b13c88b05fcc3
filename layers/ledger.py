"""Ledgers on disk: create one from core's schema, fill it, open its layers.

A ledger is built in a temporary file beside the target and moved into place only when complete, so a failed or
canceled run leaves no half-written ledger, and an existing ledger is never overwritten.
"""

from __future__ import annotations

import os
import traceback
import uuid
from typing import Callable, Dict, Iterable, List, Optional

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsGeometry,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, Qt

from ..core import schema
from ..translation import tr, tr_both
from . import form, gpkg, styles

BATCH = 20000
Progress = Callable[[float], None]


class LedgerError(Exception):
    """A problem with a ledger file, in words a technician can act on (Chinese / English)."""


def layer_uri(path: str, name: str) -> str:
    return f"{path}|layername={name}"


def open_layer(path: str, name: str) -> QgsVectorLayer:
    """A ledger table as a QGIS layer, named with its Chinese alias and styled by the ledger's default style."""
    spec = schema.layer(name)
    layer = QgsVectorLayer(layer_uri(path, name), spec.alias, "ogr")
    if not layer.isValid():
        from .source_problems import explain_unreadable  # what is wrong with the file, not only that it failed

        reason = explain_unreadable(layer_uri(path, name))
        raise LedgerError(
            tr_both("Cannot open the ledger table {name} in {path}").format(name=name, path=path) + ": " + reason
        )
    return layer


def temporary_path(path: str) -> str:
    folder, base = os.path.split(os.path.abspath(path))
    stem = os.path.splitext(base)[0]
    return os.path.join(folder, f".{stem}.{uuid.uuid4().hex[:8]}.part.gpkg")


def check_target(path: str) -> None:
    if not path.lower().endswith(".gpkg"):
        raise LedgerError(
            tr_both("A ledger is a GeoPackage: the file name must end in .gpkg ({path})").format(path=path)
        )
    if os.path.exists(path):
        raise LedgerError(
            tr_both("{path} already exists; a ledger is never overwritten. Choose a new file name.").format(path=path)
        )
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise LedgerError(tr_both("The folder {folder} does not exist").format(folder=folder))


def build_ledger(
    path: str,
    crs: QgsCoordinateReferenceSystem,
    campaign: Dict[str, str],
    records: Optional[Dict[str, List]] = None,
    progress: Optional[Progress] = None,
) -> None:
    """Create the ledger at ``path`` with ``campaign`` settings and, optionally, features per table."""
    check_target(path)
    if not crs.isValid():
        raise LedgerError(tr_both("The coordinate reference system is not valid"))
    partial = temporary_path(path)
    try:
        gpkg.create_geopackage(partial, crs.toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED))
        configure_tables(partial)
        rows = {"campaign": [(None, {"key": k, "value": v}) for k, v in campaign.items()]}
        rows.update(records or {})
        _fill(partial, rows, progress)
        os.replace(partial, path)
    except BaseException as error:
        # The frames of a failed write hold open QGIS layers: release them now, so that the partial file can be
        # removed (Windows refuses to delete an open file) and no layer outlives QGIS through the traceback.
        traceback.clear_frames(error.__traceback__)
        raise
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(partial + suffix):
                os.remove(partial + suffix)


def _fill(path: str, rows: Dict[str, List], progress: Optional[Progress]) -> None:
    total = sum(len(v) for v in rows.values()) or 1
    done = 0
    for spec in schema.LAYERS:
        items = rows.get(spec.name, [])
        if not items:
            continue

        def step(count: int, base=done) -> None:
            if progress:
                progress(100.0 * (base + count) / total)

        write_records(open_layer(path, spec.name), spec, items, step)
        done += len(items)


def configure_tables(path: str, names: Optional[Iterable[str]] = None) -> None:
    """Give every table (or those ``names``) its style, Chinese form and constraints, stored as the GeoPackage's
    default style."""
    for spec in schema.LAYERS if names is None else [schema.layer(n) for n in names]:
        layer = open_layer(path, spec.name)
        if spec.geometry:
            styles.apply_style(layer, spec.name)
        form.apply_schema(layer, spec)
        styles.save_default_style(layer, tr("Lianwei ledger style"))


def to_variant(f: schema.Field, value):
    if value is None:
        return None
    if f.type == schema.DATE and isinstance(value, str):
        return QDate.fromString(value, Qt.DateFormat.ISODate)
    if f.type == schema.DATETIME and isinstance(value, str):
        return QDateTime.fromString(value, Qt.DateFormat.ISODate)
    return value


def write_records(layer: QgsVectorLayer, spec: schema.Layer, records: Iterable, progress=None) -> int:
    """Add (shapely geometry, attributes) records to ``layer`` through its data provider, in batches."""
    provider = layer.dataProvider()
    fields = layer.fields()
    index = {f.name: (fields.indexOf(f.name), f) for f in spec.fields}
    batch: List[QgsFeature] = []
    written = 0

    def flush() -> None:
        nonlocal written
        ok, _ = provider.addFeatures(batch)
        if not ok:
            errors = "; ".join(provider.errors()[-3:])
            raise LedgerError(tr_both("Writing to {name} failed: {errors}").format(name=spec.name, errors=errors))
        written += len(batch)
        batch.clear()
        if progress:
            progress(written)

    for geometry, attrs in records:
        feature = QgsFeature(fields)
        if geometry is not None:
            qgs_geometry = QgsGeometry()
            qgs_geometry.fromWkb(geometry.wkb)
            feature.setGeometry(qgs_geometry)
        for name, value in attrs.items():
            position, f = index[name]
            feature.setAttribute(position, to_variant(f, value))
        batch.append(feature)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return written
