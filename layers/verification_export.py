"""lianwei:exportverification's writing: the upper level's patch file (shapefile, GeoPackage, GeoJSON) copied with
GDAL/OGR, every field as it came (names, types, widths, the shapefile's encoding and .prj byte for byte, the CRS,
geometries and row order), the township's columns after them. Workbooks and CSV go through
layers/verification_sheets.py. The file is written beside its destination first and moved into place, so a failed
export never leaves half a file."""

from __future__ import annotations

import datetime
import os
import shutil
import sqlite3
import uuid
from contextlib import closing
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence

from osgeo import gdal, ogr

from ..core import dbf_encoding, verification_return
from ..core.errors import Canceled
from ..core.evidence_verdict import Verdict
from ..core.patch_mapping import effective_mapping
from ..core.patches import to_date
from ..core.verification_return import INTEGER, REAL, clip
from ..translation import both, tr_later
from .convert import DataError
from .note_text import note_pair
from .shapefile_text import shape_encoding
from .verification_ledger import LedgerCases, township_row

gdal.UseExceptions()
ogr.UseExceptions()

SHAPEFILE_EXTENSIONS = (".shp", ".dbf")
VECTOR_EXTENSIONS = SHAPEFILE_EXTENSIONS + (".gpkg", ".geojson", ".json")
SHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
SIDECARS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".shp.xml")
UNREADABLE = tr_later("{path} cannot be read as a patch file: {error}")
SEVERAL_LAYERS = tr_later("{path} holds {count} layers ({names}): give a file holding only the patches")
MAPPING_REFUSED = tr_later("{path}: the field mapping cannot be used: {reason}")


@dataclass
class PatchReturn:
    """One row of the upper level's file as returned."""

    row: int  # 1-based feature or row number in the upper file
    patch_no: str
    upper_id: str
    values: Dict[str, object]
    verdict: Optional[Verdict] = None
    reasons: List[str] = field(default_factory=list)

    @property
    def matched(self) -> bool:
        return self.values.get("case_id") is not None


@dataclass
class ExportResult:
    path: str
    rows: List[PatchReturn]
    names: Dict[str, str]  # township key -> column name written
    encoding: str = ""  # a shapefile's text encoding, written to its .cpg
    patch_column: str = ""

    @property
    def unmatched(self) -> List[PatchReturn]:
        return [r for r in self.rows if not r.matched]

    @property
    def incomplete(self) -> List[PatchReturn]:
        return [r for r in self.rows if r.verdict is not None and not r.verdict.complete]

    @property
    def complete(self) -> List[PatchReturn]:
        return [r for r in self.rows if r.verdict is not None and r.verdict.complete]


@dataclass
class Settings:
    mapping_text: str = ""
    min_photos: int = 4
    max_distance: float = 100.0
    today: datetime.date = field(default_factory=datetime.date.today)
    canceled: Callable[[], bool] = lambda: False


def is_shapefile(path: str) -> bool:
    return path.lower().endswith(SHAPEFILE_EXTENSIONS)


def format_of(path: str) -> str:
    """ "shp", "gpkg", "geojson", "sheet" or "" for a kind of file the return is not written in."""
    lower = path.lower()
    if lower.endswith(SHAPEFILE_EXTENSIONS):
        return "shp"
    if lower.endswith(".gpkg"):
        return "gpkg"
    if lower.endswith((".geojson", ".json")):
        return "geojson"
    if lower.endswith(SHEET_EXTENSIONS):
        return "sheet"
    return ""


def shapefile_encoding(path: str) -> dbf_encoding.EncodingGuess:
    """The encoding of a shapefile's text as the import reads it; plain ASCII is taken as GBK, the encoding of
    county files without .cpg, so that the township's Chinese columns are written in it."""
    guess = dbf_encoding.detect_encoding(path)
    if guess.origin == "ascii":
        return dbf_encoding.EncodingGuess("GBK", "ascii", guess.cpg)
    return guess


def resolve_columns(path: str, columns: Sequence[str], mapping_text: str) -> Dict[str, Optional[str]]:
    """The mapping of the patch file's columns; a blocking problem is refused (DataError) naming the file."""
    mapping, notes = effective_mapping(list(columns), mapping_text)
    problems = [n for n in notes if n.is_error]
    if problems:
        pairs = [note_pair(n) for n in problems]
        reason = "; ".join(english for _, english in pairs)
        chinese = "；".join(chinese for chinese, _ in pairs)
        raise DataError(both(MAPPING_REFUSED, path=path, reason=(chinese, reason)))
    return mapping


def patch_return(
    cases: LedgerCases, row: int, attributes: Dict[str, object], mapping: Dict[str, Optional[str]], settings: Settings
) -> PatchReturn:
    """The township's values of one row of the upper file, from the ledger's case with its patch number."""

    def value(ledger_field: str) -> object:
        column = mapping.get(ledger_field)
        return attributes.get(column) if column else None

    patch_no = verification_return.patch_key(value("patch_no"))
    upper_id = verification_return.patch_key(value("upper_patch_id"))
    case = cases.case_for(patch_no, upper_id)
    after_on, _ = to_date(value("after_on")) if value("after_on") not in (None, "") else (None, True)
    values, verdict, reasons = township_row(
        cases, case, after_on, settings.min_photos, settings.max_distance, settings.today
    )
    return PatchReturn(row, patch_no or upper_id, upper_id, values, verdict, reasons)


def export_vector(upper: str, output: str, cases: LedgerCases, settings: Settings) -> ExportResult:
    """Write ``upper`` with the township's columns to ``output`` (same driver); raises DataError for a file that
    cannot be read and Canceled when ``settings.canceled()`` says so (nothing is left at ``output`` then)."""
    guess = shapefile_encoding(upper) if is_shapefile(upper) else None
    encoding = (dbf_encoding.python_codec(guess.encoding) or guess.encoding).upper() if guess is not None else ""
    with shape_encoding(encoding):
        return _export(upper, output, cases, settings, guess, encoding)


def _export(upper, output, cases, settings, guess, encoding) -> ExportResult:
    open_options = [f"ENCODING={encoding}"] if encoding else []
    try:
        source = gdal.OpenEx(upper, gdal.OF_VECTOR | gdal.OF_READONLY, open_options=open_options)
    except RuntimeError as error:
        raise DataError(both(UNREADABLE, path=upper, error=str(error))) from None
    if source is None or source.GetLayerCount() == 0:
        raise DataError(both(UNREADABLE, path=upper, error="no layer"))
    if source.GetLayerCount() > 1:
        names = ", ".join(source.GetLayer(k).GetName() for k in range(source.GetLayerCount()))
        raise DataError(both(SEVERAL_LAYERS, path=upper, count=source.GetLayerCount(), names=names))
    layer = source.GetLayer(0)
    layer_name = layer.GetName()
    definition = layer.GetLayerDefn()
    columns = [definition.GetFieldDefn(k).GetName() for k in range(definition.GetFieldCount())]
    mapping = resolve_columns(upper, columns, settings.mapping_text)
    names = verification_return.column_names(columns)
    folder = os.path.join(os.path.dirname(os.path.abspath(output)), f".~{uuid.uuid4().hex}")
    os.makedirs(folder)
    try:
        temporary = os.path.join(folder, os.path.basename(output))
        rows = _copy(source, layer, temporary, cases, mapping, names, settings, encoding)
        source = None
        if guess is not None:
            _keep_sidecars(upper, temporary)
        if temporary.lower().endswith(".gpkg"):
            _gpkg_aliases(temporary, layer_name, names)
        _move_into_place(folder, output)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return ExportResult(output, rows, names, encoding, mapping.get("patch_no") or mapping.get("upper_patch_id") or "")


def _copy(source, layer, temporary, cases, mapping, names, settings, encoding) -> List[PatchReturn]:
    driver = source.GetDriver()
    target = driver.Create(temporary, 0, 0, 0, gdal.GDT_Unknown)
    options = [f"ENCODING={encoding}"] if encoding else []
    out = target.CreateLayer(layer.GetName(), layer.GetSpatialRef(), layer.GetGeomType(), options)
    definition = layer.GetLayerDefn()
    for k in range(definition.GetFieldCount()):
        out.CreateField(definition.GetFieldDefn(k))
    for column in verification_return.COLUMNS:
        out.CreateField(_field_definition(column, names[column.key]))
    out_definition = out.GetLayerDefn()
    count = definition.GetFieldCount()
    rows: List[PatchReturn] = []
    out.StartTransaction()
    layer.ResetReading()
    for number, feature in enumerate(layer, start=1):
        if settings.canceled():
            raise Canceled()
        attributes = {definition.GetFieldDefn(k).GetName(): feature.GetField(k) for k in range(count)}
        result = patch_return(cases, number, attributes, mapping, settings)
        copy = ogr.Feature(out_definition)
        copy.SetFrom(feature)
        for column in verification_return.COLUMNS:
            value = result.values.get(column.key)
            if value is None:
                continue
            if column.kind not in (REAL, INTEGER):
                value = clip(str(value), column.width, encoding or None)
            copy.SetField(names[column.key], value)
        out.CreateFeature(copy)
        rows.append(result)
    out.CommitTransaction()
    target = None  # noqa: F841 - closes and flushes the file
    return rows


def _field_definition(column: verification_return.Column, name: str) -> ogr.FieldDefn:
    kinds = {REAL: ogr.OFTReal, INTEGER: ogr.OFTInteger}
    definition = ogr.FieldDefn(name, kinds.get(column.kind, ogr.OFTString))
    definition.SetWidth(column.width)
    definition.SetPrecision(column.precision)
    if hasattr(definition, "SetAlternativeName"):  # GDAL 3.2+: the alias, kept by GeoPackage (gpkg_data_columns)
        definition.SetAlternativeName(column.alias)
    return definition


def _gpkg_aliases(path: str, table: str, names: Dict[str, str]) -> None:
    """The township columns' Chinese aliases in gpkg_data_columns (the GeoPackage schema extension), where QGIS
    and GDAL 3.7+ read them; GDAL before 3.7 does not write a field's alternative name there itself."""
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "CREATE TABLE IF NOT EXISTS gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, "
            "name TEXT, title TEXT, description TEXT, mime_type TEXT, constraint_name TEXT, "
            "CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), "
            "CONSTRAINT gdc_tn UNIQUE (table_name, name))"
        )
        db.execute(
            "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT "
            "NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, "
            "column_name, extension_name))"
        )
        for table_name in ("gpkg_data_columns",):
            db.execute(
                "INSERT OR IGNORE INTO gpkg_extensions VALUES (?, NULL, 'gpkg_schema', "
                "'http://www.geopackage.org/spec/#extension_schema', 'read-write')",
                (table_name,),
            )
        for column in verification_return.COLUMNS:
            db.execute(
                "INSERT OR REPLACE INTO gpkg_data_columns (table_name, column_name, name, title) VALUES (?, ?, ?, ?)",
                (table, names[column.key], column.alias, column.alias),
            )


def _keep_sidecars(upper: str, temporary: str) -> None:
    """The county's .prj as it came, byte for byte (GDAL would rewrite it in its own words), and its .cpg when it
    had one; without one, GDAL has written the .cpg naming the encoding the text was read and written in."""
    stem = os.path.splitext(temporary)[0]
    for extension in (".prj", ".cpg"):
        original = dbf_encoding.sidecar(upper, extension)
        if original is not None:
            shutil.copyfile(original, stem + extension)


def _move_into_place(folder: str, output: str) -> None:
    """Every file written in ``folder`` moved beside ``output``, replacing an older export of the same name (a
    shapefile's old sidecars included, so no stale .cpg or index stays with the new file)."""
    stem = os.path.splitext(os.path.abspath(output))[0]
    written = os.listdir(folder)
    if is_shapefile(output):
        for extension in SIDECARS:
            for candidate in (stem + extension, stem + extension.upper()):
                if os.path.exists(candidate) and os.path.basename(candidate) not in written:
                    os.remove(candidate)
    for name in written:
        os.replace(os.path.join(folder, name), os.path.join(os.path.dirname(stem), name))
