"""An office's layer, opened for reading only: a file (shapefile, GeoPackage, ...) or a table of a database
connection saved in QGIS (PostGIS, GeoPackage), with the text encoding the user chose.

Nothing here writes to the source: the encoding is given to QGIS's provider (never as a .cpg), files are opened
read-only, and the diagnosis of text and CRS reads bytes and the .prj.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from osgeo import gdal
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsDataSourceUri,
    QgsFeatureRequest,
    QgsProject,
    QgsProviderRegistry,
    QgsVectorLayer,
)

from ..core import dbf_encoding
from ..core.dbf_encoding import CrsDiagnosis
from ..translation import tr, tr_both, tr_later
from . import coordinate_check
from .convert import DataError, source_extent
from .source_problems import explain_unreadable, refuse_unreadable

REPLACEMENT = "\ufffd"
# The notes of core.dbf_encoding, for translation (tr() finds them by their English text); the coordinate notes
# are core.coordinate_fit's, listed in layers/coordinate_check.py.
CRS_NOTES = (
    tr_later(
        "The CRS is on the {datum} datum: convert the data to CGCS2000 with the transformation parameters of your "
        "province before use; without them positions can be off by tens of metres"
    ),
) + coordinate_check.FIT_NOTES
DATABASE_PROVIDERS = ("postgres", "ogr")  # "ogr" connections are the GeoPackage ones


@dataclass(frozen=True)
class OfficeSource:
    """``uri``: a file path (``path|layername=t`` for one table of a GeoPackage) or a provider's data source URI.
    ``connection``: the name of the QGIS connection it came from ("" for a file). ``encoding``: "" = QGIS's choice."""

    uri: str
    provider: str = "ogr"
    connection: str = ""
    encoding: str = ""

    @property
    def path(self) -> str:
        """The file behind the source ("" for a database table)."""
        if self.provider != "ogr":
            return ""
        return QgsProviderRegistry.instance().decodeUri("ogr", self.uri).get("path", "") or self.uri

    @property
    def is_shapefile(self) -> bool:
        return self.path.lower().endswith((".shp", ".dbf"))

    @property
    def name(self) -> str:
        parts = QgsProviderRegistry.instance().decodeUri(self.provider, self.uri)
        table = parts.get("layerName") or parts.get("table") or ""
        if self.provider == "ogr":
            base = os.path.splitext(os.path.basename(self.path))[0]
            return f"{base} ({table})" if table and table != base else base
        return f"{self.connection}: {parts.get('schema', '')}.{table}".replace(": .", ": ")

    def with_encoding(self, encoding: str) -> "OfficeSource":
        return OfficeSource(self.uri, self.provider, self.connection, encoding)

    def processing_input(self) -> str:
        """The source as a Processing INPUT string (the provider named for anything but OGR)."""
        return self.uri if self.provider == "ogr" else f"{self.provider}://{self.uri}"

    def settings_key(self) -> str:
        """A key for remembering things about this source; a database password never goes into it."""
        if self.provider == "ogr":
            identity = "file:" + os.path.normcase(os.path.abspath(self.path))
            table = QgsProviderRegistry.instance().decodeUri("ogr", self.uri).get("layerName", "")
            identity += f"|{table}" if table else ""
        else:
            uri = QgsDataSourceUri(self.uri)
            identity = f"{self.provider}:{self.connection or uri.host() + '/' + uri.database()}:{uri.quotedTablename()}"
        # A settings key, not a secret: SHA-1 keeps the keys earlier versions stored (Python 3.9+ has the keyword).
        return hashlib.sha1(identity.encode("utf-8"), usedforsecurity=False).hexdigest()[:20]


def open_source(source: OfficeSource) -> QgsVectorLayer:
    """The source as a read-only QGIS layer, its text read in ``source.encoding`` when one is given.

    A file that cannot be read whole is refused first, with the reason (a truncated .dbf would open as fewer
    rows, a shapefile without .dbf as shapes without attributes); a source QGIS cannot open is explained."""
    if source.provider == "ogr":
        refuse_unreadable(source.uri)
    options = QgsVectorLayer.LayerOptions(False)  # no default style from the source's folder
    layer = QgsVectorLayer(source.uri, source.name, source.provider, options)
    if not layer.isValid():
        raise DataError(explain_unreadable(source.uri, source.provider))
    if source.encoding:
        layer.setProviderEncoding(source.encoding)
    layer.setReadOnly(True)
    return layer


def file_tables(path: str) -> List[str]:
    """The vector tables of a file (one for a shapefile, several for a GeoPackage), opened read-only."""
    try:
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
    except RuntimeError:
        return []
    if dataset is None:
        return []
    names = [dataset.GetLayer(k).GetName() for k in range(dataset.GetLayerCount())]
    dataset = None  # noqa: F841 - closes the file
    return names


def file_source(path: str, table: str = "") -> OfficeSource:
    many = len(file_tables(path)) > 1
    return OfficeSource(f"{path}|layername={table}" if table and many else path)


def connections() -> List[Tuple[str, str]]:
    """(provider, name) of every PostGIS and GeoPackage connection saved in QGIS."""
    found = []
    for provider in DATABASE_PROVIDERS:
        metadata = QgsProviderRegistry.instance().providerMetadata(provider)
        try:
            names = sorted(metadata.connections().keys())
        except Exception:  # noqa: BLE001 - a provider without connections support lists none
            names = []
        found += [(provider, name) for name in names]
    return found


def connection_tables(provider: str, name: str) -> List[OfficeSource]:
    """The tables with a geometry of a saved connection, as sources."""
    metadata = QgsProviderRegistry.instance().providerMetadata(provider)
    connection = metadata.connections().get(name)
    if connection is None:
        return []
    sources = []
    for table in connection.tables():
        column = table.geometryColumn()
        if not column:
            continue
        if provider == "postgres":
            uri = QgsDataSourceUri(connection.uri())
            keys = table.primaryKeyColumns()
            uri.setDataSource(table.schema(), table.tableName(), column, "", keys[0] if keys else "")
            sources.append(OfficeSource(uri.uri(False), provider, name))
        else:
            path = QgsProviderRegistry.instance().decodeUri("ogr", connection.uri()).get("path") or connection.uri()
            sources.append(OfficeSource(f"{path}|layername={table.tableName()}", "ogr", name))
    return sources


# --- what the source's text and coordinates say ------------------------------------------------------------
def garbled(layer: QgsVectorLayer, limit: int = 200) -> bool:
    """True when field names or the text of the first ``limit`` features hold U+FFFD: read in the wrong encoding."""
    if any(REPLACEMENT in name for name in layer.fields().names()):
        return True
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setLimit(limit)
    for feature in layer.getFeatures(request):
        if any(isinstance(v, str) and REPLACEMENT in v for v in feature.attributes()):
            return True
    return False


def suggested_encoding(source: OfficeSource) -> Optional[dbf_encoding.EncodingGuess]:
    """What a shapefile's text is really in, from its .cpg or its bytes; None for other sources."""
    if not source.is_shapefile:
        return None
    try:
        return dbf_encoding.detect_encoding(source.path)
    except (OSError, ValueError):
        return None


def encoding_fix(source: OfficeSource, layer: QgsVectorLayer) -> Optional[str]:
    """The encoding to offer when the text shows U+FFFD as QGIS reads it now (GBK when the bytes say nothing)."""
    if not source.is_shapefile or not garbled(layer):
        return None
    guess = suggested_encoding(source)
    suggestion = guess.encoding if guess is not None else ""
    if not suggestion or suggestion.upper().replace("-", "") == "UTF8":
        suggestion = dbf_encoding.GBK
    return suggestion if suggestion.upper() != (source.encoding or "").upper() else None


@dataclass(frozen=True)
class TextReading:
    """How a layer's text is read: ``layer`` (None: as QGIS opened it) in ``encoding``; ``cpg``: what the .cpg
    said when its text does not decode in it."""

    layer: Optional[QgsVectorLayer] = None
    encoding: str = ""
    cpg: Optional[str] = None

    def log_line(self, name: str) -> str:
        """What the log says about it ("" when the text is read as QGIS reads it)."""
        if not self.encoding:
            return ""
        if self.cpg:
            return tr_both("The .cpg of {layer} says {cpg} but its text is not: read as {encoding}").format(
                layer=name, cpg=self.cpg, encoding=self.encoding
            )
        return tr_both("Text of {layer} read as {encoding}").format(layer=name, encoding=self.encoding)


def text_reading(layer: Optional[QgsVectorLayer], encoding: str = "") -> TextReading:
    """The one check of a shapefile's text for every reader (the load dialog, importreference, checkviolations,
    the progress and map algorithms): ``encoding`` given, the shapefile is read in it; empty, it is read as QGIS
    reads it unless its text shows U+FFFD, then in the encoding its bytes say (GBK or GB18030 for a Chinese
    shapefile without .cpg, or with a .cpg that says UTF-8 over GBK bytes). Call it in the main thread: the
    layer returned is a new read-only layer of the same file (the file itself is never changed)."""
    if layer is None or layer.providerType() != "ogr":
        return TextReading()
    source = source_of(layer)
    if not source.is_shapefile:
        return TextReading()
    chosen = encoding or encoding_fix(source, layer) or ""
    if not chosen:
        return TextReading()
    guess = None if encoding else suggested_encoding(source)
    cpg = guess.cpg if guess is not None and guess.cpg_wrong else None
    return TextReading(open_source(source.with_encoding(chosen)), chosen, cpg)


def declared_wkt(source: OfficeSource, layer: QgsVectorLayer) -> str:
    """The CRS as the source declares it: a shapefile's .prj text (its datum names intact), else the layer's."""
    if source.is_shapefile:
        prj = dbf_encoding.sidecar(source.path, ".prj")
        if prj is None:
            return ""
        with open(prj, "rb") as handle:
            return handle.read().decode("utf-8", "replace")
    crs = layer.crs()
    return crs.toWkt() if crs.isValid() else ""


def diagnose(source: OfficeSource, layer: QgsVectorLayer, township=None, context=None) -> CrsDiagnosis:
    """Whether the source's coordinates fit the CRS it declares (a shapefile's .prj as written) and, with
    ``township`` (the ledger's villages in degrees), whether they lie near the ledger's township."""
    context = context or QgsProject.instance().transformContext()
    wkt = declared_wkt(source, layer)
    extent = source_extent(layer)  # QGIS raises for NaN coordinates: the finite features' extent, rows checked later
    return coordinate_check.diagnose_layer(layer.crs(), extent, context, wkt=wkt, township=township)


def describe(diagnosis: CrsDiagnosis, layer: QgsVectorLayer) -> str:
    """One line for the user: the CRS used and the notes about it, translated."""
    notes = [coordinate_check.note_text(note) for note in diagnosis.notes]
    crs = reading_crs(layer, diagnosis)
    head = tr("CRS: {crs}").format(crs=f"{crs.authid()} {crs.description()}".strip()) if crs.isValid() else ""
    return "; ".join(part for part in [head, *notes] if part)


def reading_crs(layer: QgsVectorLayer, diagnosis: CrsDiagnosis) -> QgsCoordinateReferenceSystem:
    """The CRS to read the layer's coordinates in: the diagnosis's when it has one, else the layer's own."""
    return coordinate_check.reading_of(diagnosis, layer.crs()).crs


def field_aliases(layer: QgsVectorLayer) -> Dict[str, str]:
    fields = layer.fields()
    return {f.name(): f.alias() for f in fields if f.alias()}


def source_of(layer: QgsVectorLayer) -> OfficeSource:
    return OfficeSource(layer.source(), layer.providerType())


def input_for_import(layer: Optional[QgsVectorLayer], encoding: str = "") -> Tuple[Optional[QgsVectorLayer], str]:
    """(the layer to read instead of ``layer`` or None, the encoding used): ``text_reading`` as a pair."""
    reading = text_reading(layer, encoding)
    return reading.layer, reading.encoding
