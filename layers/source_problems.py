"""Why a layer cannot be read, said in Chinese and English: the one place that explains a source QGIS refuses (or,
worse, opens partly) instead of "not found" or "could not be read".

``source_problem(uri)`` is asked before a file is opened: a shapefile without its .shx or .dbf, a truncated .shp,
.shx, .dbf or GeoPackage, a layer name the file does not have, a file of several layers named without one (QGIS
would open the first and say nothing). ``explain_unreadable(uri)`` is asked when QGIS could not open a source: it
gives the same reasons, else GDAL's own message beside the Chinese explanation.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import List, Optional, Tuple

from osgeo import gdal
from qgis.core import QgsProviderRegistry

from ..core import source_files
from ..core.source_files import Problem
from ..translation import tr_both, tr_later
from .convert import DataError

# The problems of core.source_files, for translation (tr_both finds them by their English text).
PROBLEMS = (
    tr_later("{path} does not exist: check the folder and the file name"),
    tr_later(
        "The shapefile {path} has no .shx file beside it (the index of its shapes), so it cannot be read. Copy all "
        "the files of the shapefile together ({parts})"
    ),
    tr_later(
        "The shapefile {path} has no .dbf file beside it (its attribute table): every attribute would be lost. "
        "Copy all the files of the shapefile together ({parts})"
    ),
    tr_later("{path} is not a shapefile part (its header is not one): the file is damaged or misnamed"),
    tr_later(
        "{path} is truncated: its header announces {expected} bytes but the file has {size}. The copy is "
        "incomplete: copy it again from the original"
    ),
    tr_later(
        "{path} is truncated: its header announces {expected} records but the file holds only {found}. The copy is "
        "incomplete: copy it again from the original"
    ),
    tr_later(
        "The shapefile {path} has {shapes} shapes but {records} rows in its .dbf: its files do not belong together. "
        "Copy all the files of the shapefile together from the original"
    ),
    tr_later(
        "{path} is not a GeoPackage (not an SQLite database): perhaps an error page saved under this name or "
        "another format renamed. Get the file again"
    ),
    tr_later(
        "{path} is truncated ({size} of {expected} bytes): the copy is incomplete. Copy it again, with its -wal "
        "file if there is one"
    ),
    tr_later("{path} is a damaged database: {error}. Copy it again from the original"),
    tr_later("{path} has no layer {layer}; its layers are: {layers}. Choose one: {path}|layername=NAME"),
    tr_later("{path} has no layer number {layer} (it has {count}: {layers}). Choose one: {path}|layername=NAME"),
    tr_later(
        "{path} holds {count} layers ({layers}) and none was named: QGIS would take one of them without a word. "
        "Choose one: {path}|layername=NAME, e.g. {path}|layername={first}"
    ),
    tr_later("{path} holds no layer"),
)
GDAL_CANNOT_READ = tr_later(
    "GDAL (the library QGIS reads files with) cannot read {path}: the file is damaged or not a format QGIS reads. "
    "GDAL says: {error}"
)
QGIS_CANNOT_OPEN = tr_later("QGIS cannot open the layer {source}: {error}")
NOTHING_SAID = tr_later("no reason given")
SQLITE_SUFFIXES = (".gpkg", ".sqlite", ".db")


@dataclass(frozen=True)
class FileSource:
    """An OGR source split into its file and the layer asked for (by name, or by number)."""

    path: str
    layer: str = ""
    layer_id: Optional[int] = None

    @property
    def names_a_layer(self) -> bool:
        return bool(self.layer) or self.layer_id is not None


def file_source(uri: str) -> FileSource:
    """``path``, ``path|layername=t`` or ``path|layerid=1`` split as QGIS splits it."""
    parts = QgsProviderRegistry.instance().decodeUri("ogr", uri)
    layer_id = parts.get("layerId")
    try:
        layer_id = int(layer_id) if layer_id not in (None, "") else None
    except (TypeError, ValueError):
        layer_id = None
    return FileSource(str(parts.get("path") or uri), str(parts.get("layerName") or ""), layer_id)


def translated(problem: Problem) -> str:
    template, values = problem
    return tr_both(template).format(**values)


def source_problem(uri: str, whole_file_choice: bool = True) -> Optional[str]:
    """What keeps the file source ``uri`` from being read whole and as asked for, bilingual, or None.

    ``whole_file_choice``: a file of several layers named without one is a problem (a source given as text; a layer
    of the project was chosen by the user already)."""
    source = file_source(uri)
    path = source.path
    if path.startswith("/vsi") or "://" in path:
        return None  # GDAL's virtual file systems and services: QGIS's to open and to explain
    if not os.path.exists(path):
        return translated((source_files.MISSING_FILE, {"path": path}))
    if os.path.isfile(path) and source_files.is_shapefile(path):
        problem = source_files.shapefile_problem(path)
        return translated(problem) if problem else None
    if os.path.isfile(path) and (source_files.is_sqlite(path) or path.lower().endswith(SQLITE_SUFFIXES)):
        layer_id = source.layer_id
        if not whole_file_choice and not source.names_a_layer:
            layer_id = 0  # a layer of the project: the one QGIS took is the one the user chose
        problem = source_files.geopackage_problem(path, source.layer, layer_id)
        return translated(problem) if problem else None
    if source.names_a_layer or whole_file_choice:  # another format: GDAL lists its layers
        names, error = gdal_layers(path)
        if names is None:
            return tr_both(GDAL_CANNOT_READ).format(path=path, error=error or tr_both(NOTHING_SAID))
        problem = source_files.layer_choice_problem(path, names, source.layer, source.layer_id)
        return translated(problem) if problem else None
    return None


def explain_unreadable(uri: str, provider: str = "ogr") -> str:
    """Why QGIS could not open ``uri``, bilingual: the file's own problem when there is one, else GDAL's message
    with a Chinese explanation beside it."""
    if provider != "ogr":
        return tr_both(QGIS_CANNOT_OPEN).format(source=uri, error=tr_both(NOTHING_SAID))
    problem = source_problem(uri)
    if problem is not None:
        return problem
    path = file_source(uri).path
    names, error = gdal_layers(path)
    if names is None:
        return tr_both(GDAL_CANNOT_READ).format(path=path, error=error or tr_both(NOTHING_SAID))
    return tr_both(QGIS_CANNOT_OPEN).format(source=uri, error=error or tr_both(NOTHING_SAID))


def refuse_unreadable(uri: str, whole_file_choice: bool = True) -> None:
    """Raise DataError with the reason when the file source ``uri`` cannot be read whole (see source_problem)."""
    problem = source_problem(uri, whole_file_choice)
    if problem is not None:
        raise DataError(problem)


def gdal_layers(path: str) -> Tuple[Optional[List[str]], str]:
    """(the vector layers GDAL finds in ``path``, or None when it cannot open it; GDAL's last message)."""
    gdal.PushErrorHandler("CPLQuietErrorHandler")  # its message is returned, not printed on the console
    gdal.ErrorReset()
    try:
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
    except RuntimeError as error:  # GDAL raises instead when the bindings' exceptions are on
        return None, str(error).strip()
    finally:
        gdal.PopErrorHandler()
    message = (gdal.GetLastErrorMsg() or "").strip()
    if dataset is None:
        return None, message
    names = [dataset.GetLayer(k).GetName() for k in range(dataset.GetLayerCount())]
    dataset = None  # noqa: F841 - closes the file
    return names, message
