"""What the progress needs from QGIS layers and the ledger: case records, villages, campaign settings.

Attributes only (no geometry), so that the dock can recompute the whole township's progress on every save.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from typing import Callable, Dict, List, Mapping, Optional, Tuple
from urllib.parse import quote

from qgis.core import QgsFeatureRequest, QgsFeatureSource, QgsVectorLayer

from ..core.campaign import Campaign, CampaignError
from ..translation import tr_both
from .convert import DataError, plain, require_fields
from .gpkg_reader import plain_geopackage_table

REQUIRED = ("case_id", "village_code", "status", "footprint_m2", "demolished_m2", "demolished_on")
OPTIONAL = ("found_on", "built_on", "is_new", "deadline", "village_name", "area_method")


def read_case_records(
    source: QgsFeatureSource, layer_name: str, canceled: Callable[[], bool] = lambda: False
) -> List[Dict[str, object]]:
    """The progress fields of every case of ``source`` as plain values (dates as ISO text, NULL as None)."""
    require_fields(source, layer_name, REQUIRED)
    fields = source.fields()
    names = [n for n in REQUIRED + OPTIONAL if fields.indexOf(n) >= 0]
    indexes = [fields.indexOf(n) for n in names]
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes(indexes)
    records = []
    for feature in source.getFeatures(request):
        if canceled():
            break
        attributes = feature.attributes()
        records.append({n: plain(attributes[i]) for n, i in zip(names, indexes)})
    return records


def read_villages(source: QgsFeatureSource, layer_name: str) -> List[Tuple[str, str, Optional[float]]]:
    """(village_code, village_name, quota_m2 or None) of every village, ordered by code."""
    require_fields(source, layer_name, ("village_code", "village_name"))
    fields = source.fields()
    quota_index = fields.indexOf("quota_m2")
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    villages = {}
    for feature in source.getFeatures(request):
        code = plain(feature["village_code"])
        if code is None:
            continue
        quota = plain(feature.attributes()[quota_index]) if quota_index >= 0 else None
        villages[str(code)] = (str(code), str(plain(feature["village_name"]) or code), _float_or_none(quota))
    return [villages[code] for code in sorted(villages)]


def area_method_note(records, unknown: str) -> str:
    """The check's area method(s) recorded on the cases; ``unknown`` when none is."""
    methods = sorted({str(r["area_method"]) for r in records if r.get("area_method")})
    return "; ".join(methods) if methods else unknown


def _float_or_none(value) -> Optional[float]:
    if value is None or value == "":
        return None
    return float(value)


def ledger_path_of(layer: Optional[QgsVectorLayer]) -> Optional[str]:
    """The GeoPackage file behind ``layer`` when it has a ``campaign`` table (i.e. it is a ledger's layer)."""
    table = plain_geopackage_table(layer)
    if table is None:
        return None
    try:
        with closing(_connect(table[0], read_only=True)) as db:
            found = db.execute("SELECT 1 FROM gpkg_contents WHERE table_name = 'campaign'").fetchone()
    except sqlite3.Error:
        return None
    return table[0] if found else None


def read_campaign_rows(path: Optional[str]) -> Dict[str, str]:
    if not path:
        return {}
    with closing(_connect(path, read_only=True)) as db:
        return {k: v for k, v in db.execute('SELECT "key", "value" FROM campaign') if k}


def read_campaign(path: Optional[str], layer_name: str = "campaign") -> Campaign:
    """The campaign of the ledger at ``path`` (defaults without a ledger); a bad setting names itself."""
    try:
        return Campaign.from_rows(read_campaign_rows(path))
    except CampaignError as error:
        raise DataError(
            tr_both("Campaign setting {key} in {layer} cannot be read: {value}").format(
                key=error.key, layer=layer_name, value=error.value
            )
        ) from None
    except sqlite3.Error as error:
        raise DataError(
            tr_both("Cannot read the campaign settings of {path}: {error}").format(path=path, error=error)
        ) from None


def write_campaign(path: str, campaign: Campaign, quotas: Mapping[str, Optional[float]]) -> None:
    """Store the settings and the hand-set village quotas (None = shared automatically) in one transaction:
    either all of it is saved or nothing is."""
    rows = campaign.to_rows()
    with closing(_connect(path, read_only=False)) as db:
        try:
            db.execute("BEGIN IMMEDIATE")
            existing = {k for (k,) in db.execute('SELECT "key" FROM campaign')}
            for key, value in rows.items():
                if key in existing:
                    db.execute('UPDATE campaign SET "value" = ? WHERE "key" = ?', (value, key))
                else:
                    db.execute('INSERT INTO campaign ("key", "value") VALUES (?, ?)', (key, value))
            for code, quota in quotas.items():
                db.execute("UPDATE villages SET quota_m2 = ? WHERE village_code = ?", (quota, code))
            db.execute("COMMIT")
        except sqlite3.Error as error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise DataError(
                tr_both("Cannot save the campaign settings in {path}: {error}").format(path=path, error=error)
            ) from None


def _connect(path: str, read_only: bool) -> sqlite3.Connection:
    mode = "ro" if read_only else "rw"
    return sqlite3.connect(f"file:{quote(os.path.abspath(path))}?mode={mode}", uri=True, isolation_level=None)
