"""A shared (PostGIS) sample ledger for the save tests, and its violations layer in the project with the plugin's
save hook watching it."""

import os

from provider_helper import ensure_provider
from qgis.core import QgsProject

from lianwei.layers import ledgers
from lianwei.layers.postgis import postgis_ledger

SAMPLE = {"SEED": 11, "VIOLATIONS": 60, "PARCELS": 300, "PERMITS": 20}
SCHEMA = "town"


def make_shared_ledger(pg_cluster, name):
    """(cluster, database) of a new sample ledger in PostgreSQL (the tests of a module take cases of their own)."""
    import processing

    ensure_provider()
    database = pg_cluster.new_database(f"{name}_{os.getpid()}")
    processing.run("lianwei:sampletownship", dict(SAMPLE, DATABASE=pg_cluster.conninfo(database), SCHEMA=SCHEMA))
    return pg_cluster, database


def query(cluster, database, statement, parameters=None):
    return cluster.rows(database, statement, parameters)


def cases(cluster, database, count, offset, status=None):
    """(fid, case_id, version) of ``count`` cases from ``offset``, in fid order."""
    where = "WHERE status = %s" if status else ""
    return query(
        cluster,
        database,
        f"SELECT fid, case_id, version FROM town.violations {where} ORDER BY fid LIMIT %s OFFSET %s",
        ([status] if status else []) + [count, offset],
    )


def log_mark(cluster, database):
    return query(cluster, database, "SELECT coalesce(max(fid), 0) FROM town.case_log")[0][0]


def watched_layer(shared_ledger, qgis_iface):
    """The violations layer of the shared ledger in the project, the plugin's save hook watching it."""
    from lianwei.ui.case_save_hook import CaseSaveHook

    cluster, database = shared_ledger
    ledger = postgis_ledger(cluster.conninfo(database), SCHEMA)
    layer = ledgers.open_layer(ledger, "violations")
    hook = CaseSaveHook(qgis_iface)
    QgsProject.instance().addMapLayer(layer)
    yield layer, hook
    for dialog in list(hook.dialogs.values()):
        dialog.reject()
    if layer.isEditable():
        layer.rollBack()
    hook.unload()
    QgsProject.instance().removeMapLayer(layer.id())
