"""Rows into a ledger table, all checked before one is written, then written in one transaction or not at all.

The order is the rule of issue "nothing lost": check the ledger (a Lianwei ledger, a known schema, writable), check
every incoming row (geometry, coordinates, keys, values — done by the caller with core.incoming), refuse a layer
with nothing usable, and only then open the transaction in which REPLACE deletes the old rows and the new ones
are written. A busy ledger is waited for a bounded time; a refusal of the file (locked, read-only, a trigger)
leaves it exactly as it was and says so in Chinese and English.
"""

from __future__ import annotations

import traceback
from contextlib import closing
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Union

from osgeo import gdal, ogr

from ..core import schema, sql
from ..core.incoming import RowProblem
from ..translation import both, tr_chinese, tr_later
from . import ledger_store, pg_rows
from .convert import DataError
from .gpkg_reader import geopackage_wkb, open_read_only
from .ledger import LedgerError
from .ledger_store import MESSAGES, check_ledger
from .postgis import PostgisLedger

gdal.UseExceptions()
ogr.UseExceptions()

SHOWN_PROBLEMS = 10
Progress = Callable[[float], None]

TEMPLATES = (
    tr_later("Layer {layer} has no features: nothing was imported and the ledger table {table} was not changed"),
    tr_later(
        "Layer {layer} has no feature that can be used ({count} read): nothing was imported and the ledger table "
        "{table} was not changed. {problems}"
    ),
    tr_later(
        "Layer {layer}: {count} of {total} features cannot be stored, so nothing was imported (the ledger is "
        "unchanged). Correct them in the source, or tick “leave out features that cannot be used”: {problems}"
    ),
    tr_later("feature {row}: {reason}"),
    tr_later("… and {more} more"),
)


@dataclass
class IncomingRow:
    """One row for the ledger: ``record`` (field → value as stored), ``parts`` (shapely polygons, one row each, or
    one MultiPolygon), ``label`` (how the source names it, for messages)."""

    label: str
    record: Dict[str, object]
    parts: List = field(default_factory=list)


def _problem(problem: RowProblem, chinese: bool) -> str:
    values = dict(problem.values)
    if chinese and isinstance(values.get("reason"), str):  # an English reason of core
        values["reason"] = tr_chinese(values["reason"])
    reason = (tr_chinese(problem.reason) if chinese else problem.reason).format(**values)
    return (tr_chinese(TEMPLATES[3]) if chinese else TEMPLATES[3]).format(row=problem.row, reason=reason)


def problem_line(problem: RowProblem) -> str:
    """One problem in Chinese and English, for the log."""
    chinese, english = _problem(problem, True), _problem(problem, False)
    return english if chinese == english else f"{chinese} / {english}"


def problem_text(problems: Sequence[RowProblem]) -> tuple:
    """The first problems as one (Chinese, English) pair of lines."""
    shown = problems[:SHOWN_PROBLEMS]
    lines = []
    for chinese in (True, False):
        texts = [_problem(problem, chinese) for problem in shown]
        if len(problems) > len(shown):
            more = tr_chinese(TEMPLATES[4]) if chinese else TEMPLATES[4]
            texts.append(more.format(more=len(problems) - len(shown)))
        lines.append("; ".join(texts))
    return tuple(lines)


def refuse_unusable(layer: str, table: str, read: int, rows: Sequence[IncomingRow], problems, skip: bool) -> None:
    """Raise DataError unless the rows may be written: something usable, and no problem unless ``skip``."""
    if read == 0:
        raise DataError(both(TEMPLATES[0], layer=layer, table=table))
    if not rows:
        raise DataError(both(TEMPLATES[1], layer=layer, table=table, count=read, problems=problem_text(problems)))
    if problems and not skip:
        raise DataError(
            both(TEMPLATES[2], layer=layer, count=len(problems), total=read, problems=problem_text(problems))
        )


def stored_keys(ledger: Union[str, PostgisLedger], table: str, key_field: str) -> List[tuple]:
    """(key, geometry WKB) of every row the ledger table holds now, for the duplicate check of an append."""
    if isinstance(ledger, PostgisLedger):
        return pg_rows.stored_keys(ledger, table, key_field)
    spec = schema.layer(table)
    with closing(open_read_only(ledger)) as db:
        query = sql.select(table, [key_field, "geom"] if spec.geometry else [key_field])
        return [(row[0], geopackage_wkb(row[1]) if row[1:] and row[1] else None) for row in db.execute(query)]


def write_rows(
    ledger: Union[str, PostgisLedger],
    table: str,
    rows: Sequence[IncomingRow],
    replace: bool,
    progress: Optional[Progress] = None,
) -> int:
    """Write ``rows`` (already checked) into ``table`` of the ledger in one transaction; returns the rows deleted
    by ``replace``. Any failure rolls everything back and raises LedgerError or DataError. A PostGIS ledger is
    written by layers/pg_rows.py."""
    if isinstance(ledger, PostgisLedger):
        return pg_rows.write_rows(ledger, table, rows, replace, progress)
    check_ledger(ledger)
    spec = schema.layer(table)
    try:
        dataset = gdal.OpenEx(ledger, gdal.OF_VECTOR | gdal.OF_UPDATE, allowed_drivers=["GPKG"])
    except RuntimeError as error:
        raise _explained(error, ledger) from None
    replaced = 0
    try:
        dataset.ExecuteSQL(f"PRAGMA busy_timeout = {int(ledger_store.BUSY_TIMEOUT_S * ledger_store.ATTEMPTS * 1000)}")
        out = dataset.GetLayerByName(table)
        definition = out.GetLayerDefn()
        dataset.StartTransaction()
        try:
            if replace:
                replaced = out.GetFeatureCount()
                dataset.ExecuteSQL(sql.delete(spec.name))
            total = max(len(rows), 1)
            for number, row in enumerate(rows, start=1):
                for part in row.parts or [None]:
                    _create(out, definition, row, part)
                if progress and number % 500 == 0:
                    progress(min(99.0, 100.0 * number / total))
            if progress:
                progress(100.0)  # a cancel up to here still rolls back
            dataset.CommitTransaction()
        except BaseException as error:
            _rollback(dataset)
            traceback.clear_frames(error.__traceback__)  # no QGIS object outlives QGIS in it
            if isinstance(error, RuntimeError):
                raise _explained(error, ledger) from None
            raise
    finally:
        # An OGR layer keeps its dataset open; GDAL must not free it after QGIS has shut down.
        out = definition = dataset = None  # noqa: F841 - closes the ledger
    return replaced


def _rollback(dataset) -> None:
    try:
        dataset.RollbackTransaction()
    except RuntimeError as error:  # the transaction never began (a lock refused at its start): nothing to undo
        gdal.Debug("lianwei", f"rollback: {error}")


def _create(out, definition, row: IncomingRow, shape) -> None:
    feature = ogr.Feature(definition)
    for name, value in row.record.items():
        if value is None:
            feature.SetFieldNull(name)
        elif isinstance(value, bool):
            feature.SetField(name, int(value))
        else:
            feature.SetField(name, value)
    if shape is not None:
        feature.SetGeometry(ogr.CreateGeometryFromWkb(shape.wkb))
    try:
        out.CreateFeature(feature)
    except RuntimeError as error:
        message = tr_later("Feature {row}: the ledger refused it: {error}")
        raise DataError(both(message, row=row.label, error=str(error))) from None


def _explained(error: RuntimeError, ledger: str) -> LedgerError:
    """GDAL's message about the ledger, with what it means in Chinese and English beside it."""
    text = str(error)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return LedgerError(
            both(MESSAGES[10], path=ledger, seconds=max(ledger_store.BUSY_TIMEOUT_S * ledger_store.ATTEMPTS, 1))
        )
    if "readonly" in lowered or "read-only" in lowered or "permission" in lowered:
        return LedgerError(both(MESSAGES[9], path=ledger))
    return LedgerError(both(MESSAGES[11], path=ledger, error=text))
