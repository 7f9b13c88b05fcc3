"""Copies of the sample ledger for tests that change them."""

import sqlite3
from contextlib import closing


def copy_gpkg(source, target) -> None:
    """A consistent copy of a GeoPackage through SQLite's backup: pages still in the source's write-ahead log (QGIS
    opens GeoPackages it edits in WAL mode) are copied too, where copying the .gpkg file alone can give a file
    whose tables are half registered."""
    with closing(sqlite3.connect(str(source))) as src, closing(sqlite3.connect(str(target))) as dst:
        src.backup(dst)
