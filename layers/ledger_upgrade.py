"""A ledger made by an earlier version of the plugin brought to the current schema, in one transaction.

Version 2 added the patch cycle's fields to the violations (core/patch_fields.py). A version-1 ledger stays
usable for everything else as it is (layers/ledger_store.check_ledger accepts it); it is upgraded when it is opened
in QGIS and before patches are imported into it: the new columns (with their aliases and code-list domains), their
check triggers, the case triggers that trace them and the stored schema version. Nothing
already in the ledger is changed; a failure leaves it as it was.
"""

from __future__ import annotations

import traceback

from osgeo import gdal, ogr

from ..core import schema
from ..translation import both, tr_later
from .gpkg import add_domains, check_triggers, ensure_case_triggers, field_definition
from .ledger import LedgerError
from .ledger_store import check_ledger

gdal.UseExceptions()
ogr.UseExceptions()

UPGRADE_FAILED = tr_later(
    "The ledger {path} could not be brought to schema version {version}: {error}. It is unchanged"
)


def upgrade_ledger(path: str) -> int:
    """Bring the ledger at ``path`` to schema.SCHEMA_VERSION; returns the version it had (unchanged if current)."""
    old = check_ledger(path, writable=False).version
    if old >= schema.SCHEMA_VERSION:
        return old
    check_ledger(path)  # now it is written: it must be writable
    dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE, allowed_drivers=["GPKG"])
    try:
        add_domains(dataset)  # outside the transaction: GDAL keeps domains in its own metadata tables
        dataset.StartTransaction()
        try:
            for spec in schema.LAYERS:
                table = dataset.GetLayerByName(spec.name)
                definition = table.GetLayerDefn()
                present = {definition.GetFieldDefn(k).GetName() for k in range(definition.GetFieldCount())}
                for f in spec.fields:
                    if f.since > old and f.name not in present:
                        table.CreateField(field_definition(f))
            for statement in check_triggers(since=old + 1):
                dataset.ExecuteSQL(statement)
            _set_version(dataset)
            dataset.CommitTransaction()
        except RuntimeError as error:
            dataset.RollbackTransaction()
            traceback.clear_frames(error.__traceback__)
            message = both(UPGRADE_FAILED, path=path, version=schema.SCHEMA_VERSION, error=str(error))
            raise LedgerError(message) from None
    finally:
        table = definition = dataset = None  # noqa: F841 - closes the ledger
    ensure_case_triggers(path)  # the trace of the new fields
    # The stored form is not rewritten: QGIS 3.22 hangs saving over an existing default style (seen here); the
    # new fields show under their names until the form is saved again from the layer properties.
    return old


def _set_version(dataset) -> None:
    campaign = dataset.GetLayerByName("campaign")
    campaign.SetAttributeFilter(None)
    for feature in campaign:
        if feature.GetField("key") == schema.SCHEMA_VERSION_KEY:
            feature.SetField("value", str(schema.SCHEMA_VERSION))
            campaign.SetFeature(feature)
            return
    feature = ogr.Feature(campaign.GetLayerDefn())
    feature.SetField("key", schema.SCHEMA_VERSION_KEY)
    feature.SetField("value", str(schema.SCHEMA_VERSION))
    campaign.CreateFeature(feature)
