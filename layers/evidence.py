"""Evidence of a case (取证材料): files copied beside the ledger, one row each in the ledger's `evidence` table.

Files go to ``<ledger folder>/<ledger stem>_取证材料/<case_id>/`` and are stored relative to the ledger's folder, so
a ledger copied together with its evidence folder still finds its photos. Attaching is all or nothing: the rows are
written in one immediate transaction of the ledger (layers/ledger_store.py), and if anything fails the copied files
are removed again.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable, List, Optional, Sequence, Union

from osgeo import gdal, ogr

from ..core import evidence_files, sql
from ..core.evidence_files import DOCUMENT, PHOTO, VIDEO, absolute_path, is_photo, kind_of  # noqa: F401 - re-exported
from ..core.exif import NOTHING, PhotoExif
from ..translation import tr_both
from .gpkg_reader import open_read_only
from .ledger import LedgerError
from .ledger_store import check_ledger, connect, immediate
from .photo_exif import read_photo_exif
from .postgis import PostgisLedger
from .sql_values import datetime_text

gdal.UseExceptions()
ogr.UseExceptions()


@dataclass(frozen=True)
class Evidence:
    """One row of `evidence`, with where its file is on this machine."""

    fid: int
    case_id: str
    file_path: str  # as stored: relative to the ledger's folder
    path: str  # absolute
    kind: str
    taken_at: Optional[datetime] = None
    note: str = ""
    longitude: Optional[float] = None
    latitude: Optional[float] = None
    direction: Optional[float] = None

    @property
    def is_photo(self) -> bool:
        return self.kind == PHOTO

    @property
    def exists(self) -> bool:
        return os.path.isfile(self.path)


def ledger_path_of(layer) -> Optional[str]:
    """The GeoPackage file behind a ledger layer (e.g. the violations layer in the project); None for other sources."""
    if layer is None or layer.providerType() != "ogr":
        return None
    path = os.path.abspath(layer.source().split("|")[0])
    return path if path.lower().endswith(".gpkg") and os.path.isfile(path) else None


def attach(
    ledger_path: Union[str, PostgisLedger], case_id: str, files: Sequence[str], note: str = ""
) -> List[Evidence]:
    """Copy ``files`` into the case's folder and add one `evidence` row each; returns the rows written. A shared
    (PostGIS) ledger keeps its files in the photo folder of its campaign settings (layers/pg_evidence.py).

    Photos get taken_at, longitude, latitude and direction from their EXIF when present. Raises LedgerError (in
    Chinese and English) for a file that is not a writable ledger, an unknown case, a missing file or a kind of
    file the ledger does not keep; then neither the folder nor the ledger is changed. The rows are written in one
    immediate transaction (layers/ledger_store.py), which waits a bounded time for another writer and checks again
    there that the case exists.
    """
    files = [os.path.abspath(f) for f in files]
    if not files:
        raise LedgerError(tr_both("No file was chosen for case {case_id}").format(case_id=case_id))
    for path in files:
        if not os.path.isfile(path):
            raise LedgerError(tr_both("The file {path} does not exist").format(path=path))
        if not kind_of(path):
            raise LedgerError(
                tr_both(
                    "{path}: only photos, videos and documents (PDF, Word, Excel, OFD etc.) can be attached"
                ).format(path=path)
            )
    if isinstance(ledger_path, PostgisLedger):  # a shared ledger: its photo folder, the database's rights
        from .pg_evidence import attach_shared

        return attach_shared(ledger_path, case_id, files, note)
    check_ledger(ledger_path)
    with closing(open_read_only(ledger_path)) as db:  # before copying anything; again when writing
        _require_case(db, ledger_path, case_id)
    return copy_and_write(
        evidence_files.case_folder(ledger_path, case_id),
        case_id,
        files,
        note,
        lambda target: evidence_files.stored_path(ledger_path, target),
        lambda rows: _write_rows(ledger_path, case_id, rows),
    )


def _require_case(db, ledger_path: str, case_id: str) -> None:
    if db.execute('SELECT 1 FROM "violations" WHERE "case_id" = ?', (case_id,)).fetchone() is None:
        raise LedgerError(
            tr_both("Case {case_id} is not in the violations table of {path}").format(case_id=case_id, path=ledger_path)
        )


def copy_and_write(
    folder: str,
    case_id: str,
    files: Sequence[str],
    note: str,
    stored: Callable[[str], str],
    write: Callable[[List[Evidence]], List[Evidence]],
) -> List[Evidence]:
    """Copy into ``folder`` first (a large video must not hold the ledger's write lock), then ``write`` the rows
    (their file_path as ``stored`` gives it); a failure of either removes the copies and the folders made for them."""
    created = _missing_folders(folder)
    copies: List[str] = []
    try:
        os.makedirs(folder, exist_ok=True)
        for source in files:
            name = evidence_files.free_name(folder, os.path.basename(source), os.path.exists)
            target = os.path.join(folder, name)
            # Claim the name before copying, so two same-named files in one batch cannot take the same one.
            with open(target, "xb"):
                copies.append(target)
            shutil.copy2(source, target)
        rows = [_row(stored(target), case_id, target, note, source) for source, target in zip(files, copies)]
        return write(rows)
    except BaseException:
        for target in copies:
            if os.path.exists(target):
                os.remove(target)
        for made in reversed(created):  # innermost first; only the folders this call made, and only if empty
            if os.path.isdir(made) and not os.listdir(made):
                os.rmdir(made)
        raise


def _missing_folders(folder: str) -> List[str]:
    """``folder`` and the parents that do not exist yet, outermost first."""
    missing = []
    while folder and not os.path.exists(folder):
        missing.append(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return list(reversed(missing))


def _row(file_path: str, case_id: str, target: str, note: str, source: str = "") -> Evidence:
    kind = kind_of(target)
    exif: PhotoExif = read_photo_exif(target, source) if kind == PHOTO else NOTHING
    return Evidence(
        fid=-1,
        case_id=case_id,
        file_path=file_path,
        path=target,
        kind=kind,
        taken_at=exif.taken_at,
        note=note,
        longitude=exif.longitude,
        latitude=exif.latitude,
        direction=exif.direction,
    )


def _write_rows(ledger_path: str, case_id: str, rows: Iterable[Evidence]) -> List[Evidence]:
    columns = ("case_id", "file_path", "taken_at", "note", "longitude", "latitude", "direction")
    insert = sql.insert("evidence", columns)
    written = []
    with closing(connect(ledger_path)) as db, immediate(db, ledger_path):
        _require_case(db, ledger_path, case_id)
        try:
            for row in rows:
                taken_at = datetime_text(row.taken_at) if row.taken_at is not None else None
                values = (row.case_id, row.file_path, taken_at, row.note or None, *numbers(row))
                cursor = db.execute(insert, values)
                written.append(_with_fid(row, cursor.lastrowid))
        except (RuntimeError, sqlite3.Error) as error:  # in words a technician can act on; rolled back
            raise LedgerError(
                tr_both("Writing to {name} failed: {errors}").format(name="evidence", errors=str(error))
            ) from None
        db.execute(
            "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE table_name = ?",
            ("evidence",),
        )
    return written


def numbers(row: Evidence) -> tuple:
    values = (row.longitude, row.latitude, row.direction)
    return tuple(None if value is None else float(value) for value in values)


def _with_fid(row: Evidence, fid: int) -> Evidence:
    values = dict(row.__dict__)
    values["fid"] = fid
    return Evidence(**values)


def case_evidence(ledger_path: str, case_id: str) -> List[Evidence]:
    """A case's evidence rows, oldest photo first (rows without a time last, in the order they were added)."""
    dataset = _open(ledger_path, update=False)
    try:
        layer = dataset.GetLayerByName("evidence")
        layer.SetAttributeFilter(_equals("case_id", case_id))
        rows = [_read(ledger_path, feature) for feature in layer]
        layer.SetAttributeFilter(None)
    finally:
        dataset = None  # noqa: F841
    return sorted(rows, key=lambda r: (r.taken_at is None, r.taken_at or datetime.min, r.fid))


def case_photos(ledger_path: str, case_id: str) -> List[Evidence]:
    return [row for row in case_evidence(ledger_path, case_id) if row.is_photo]


def has_photo(ledger_path: str, case_id: str) -> bool:
    """The workflow's test for DEMOLISHED: at least one photo of the case whose file is still there."""
    return any(row.exists for row in case_photos(ledger_path, case_id))


def _read(ledger_path: str, feature) -> Evidence:
    file_path = feature.GetField("file_path") or ""
    taken_at = None
    if feature.IsFieldSetAndNotNull("taken_at"):
        year, month, day, hour, minute, second, _tz = feature.GetFieldAsDateTime("taken_at")
        taken_at = datetime(year, month, day, hour, minute, int(second))
    return Evidence(
        fid=feature.GetFID(),
        case_id=feature.GetField("case_id"),
        file_path=file_path,
        path=absolute_path(ledger_path, file_path),
        kind=kind_of(file_path),
        taken_at=taken_at,
        note=feature.GetField("note") or "",
        longitude=feature.GetField("longitude"),
        latitude=feature.GetField("latitude"),
        direction=feature.GetField("direction"),
    )


def _equals(field: str, value: str) -> str:
    """An OGR attribute filter on a text value, quotes doubled (a case_id is typed by people)."""
    return sql.identifier(field) + " = " + sql.literal(value)


def _open(ledger_path: str, update: bool):
    flags = gdal.OF_VECTOR | (gdal.OF_UPDATE if update else gdal.OF_READONLY)
    try:
        return gdal.OpenEx(ledger_path, flags, allowed_drivers=["GPKG"])
    except RuntimeError as error:
        raise LedgerError(
            tr_both("Cannot open the ledger {path}: {error}").format(path=ledger_path, error=error)
        ) from error
