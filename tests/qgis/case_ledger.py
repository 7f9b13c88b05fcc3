"""A copy of the small sample ledger in the project, as a technician has it open, for the case tests."""

import sqlite3
from contextlib import closing

from gpkg_copy import copy_gpkg
from qgis.core import QgsExpressionContextUtils, QgsProject

from lianwei.core import schema
from lianwei.layers.project import ledger_layers, relate_ledger


def open_case_ledger(sample_path, folder, user):
    """(path, layers) of a copy of the sample ledger added to the project with its relations; ``user`` edits."""
    path = str(folder / "ledger.gpkg")
    copy_gpkg(sample_path, path)
    layers = ledger_layers(path)
    project = QgsProject.instance()
    project.addMapLayers(list(layers.values()))
    relate_ledger(project, layers)
    QgsExpressionContextUtils.setGlobalVariable(schema.USER_VARIABLE, user)
    return path, layers


def close_case_ledger():
    QgsExpressionContextUtils.removeGlobalVariable(schema.USER_VARIABLE)
    project = QgsProject.instance()
    project.relationManager().clear()
    project.removeAllMapLayers()


def rows(path, sql, *args):
    with closing(sqlite3.connect(path)) as db:
        return db.execute(sql, args).fetchall()
