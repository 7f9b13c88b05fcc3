"""Shapefile text written by GDAL inside QGIS in the encoding wanted."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from osgeo import gdal


@contextmanager
def shape_encoding(encoding: str) -> Iterator[None]:
    """GDAL's shapefile driver told, in this thread only, to read and write text in ``encoding``: QGIS sets
    SHAPE_ENCODING to "" for the whole process, under which GDAL names the encoding in the .cpg but writes the
    text unconverted (UTF-8 bytes under a .cpg saying GBK)."""
    if not encoding:
        yield
        return
    before = gdal.GetThreadLocalConfigOption("SHAPE_ENCODING", None)
    gdal.SetThreadLocalConfigOption("SHAPE_ENCODING", encoding)
    try:
        yield
    finally:
        gdal.SetThreadLocalConfigOption("SHAPE_ENCODING", before)
