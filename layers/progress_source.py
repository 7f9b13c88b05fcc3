"""What the progress needs from QGIS layers and the ledger: case records, villages, campaign settings.

Attributes only (no geometry), so that the dock can recompute the whole township's progress on every save.
"""

from __future__ import annotations

from contextlib import closing
from typing import Callable, Dict, List, Mapping, Optional, Tuple

from qgis.core import QgsFeatureRequest, QgsFeatureSource, QgsVectorLayer

from ..core.campaign import Campaign, CampaignError
from ..translation import tr_chinese, tr_later
from . import ledgers, pg_reads
from .convert import DataError, plain, require_fields
from .gpkg_reader import is_ledger, plain_geopackage_table
from .ledger import LedgerError
from .ledger_store import check_ledger, connect, immediate

# The reasons core.campaign gives, for translation: tr(error.reason) finds them.
CAMPAIGN_REASONS = (
    tr_later("must be positive"),
    tr_later("must not be negative"),
    tr_later("not in the form MM-DD:share"),
    tr_later("a share is not between 0 and 1"),
    tr_later("a later milestone asks for less than an earlier one"),
    tr_later("not a number"),
    tr_later("not a date (YYYY-MM-DD)"),
    tr_later("missing"),
    tr_later("Quotas set by hand exceed the target"),
)
REQUIRED = ("case_id", "village_code", "status", "footprint_m2", "demolished_m2", "demolished_on")
OPTIONAL = ("found_on", "built_on", "is_new", "deadline", "village_name", "area_method")
# What the ledger workbook lists besides; optional so that any layer with the progress fields can be exported.
LEDGER_OPTIONAL = (
    "patch_no",
    "party",
    "address",
    "category",
    "violation_type",
    "source",
    "disposal",
    "signed_off_on",
    "remarks",
)


def read_case_records(
    source: QgsFeatureSource, layer_name: str, canceled: Callable[[], bool] = lambda: False
) -> List[Dict[str, object]]:
    """The progress fields of every case of ``source`` as plain values (dates as ISO text, NULL as None)."""
    require_fields(source, layer_name, REQUIRED)
    fields = source.fields()
    names = [n for n in REQUIRED + OPTIONAL + LEDGER_OPTIONAL if fields.indexOf(n) >= 0]
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
    """The GeoPackage file behind ``layer`` when it has a ``campaign`` table (i.e. it is a ledger's layer). What
    reads a ledger of either kind asks ``ledgers.ledger_of``."""
    table = plain_geopackage_table(layer)
    return table[0] if table is not None and is_ledger(table[0]) else None


def read_campaign_rows(ledger: Optional[ledgers.Address]) -> Dict[str, str]:
    """The campaign settings of a ledger, a GeoPackage's or a PostGIS ledger's ({} without a ledger)."""
    return ledgers.campaign_rows(ledger)


def read_campaign(ledger: Optional[ledgers.Address], layer_name: str = "campaign") -> Campaign:
    """The campaign of ``ledger`` (defaults without a ledger); a bad setting names itself."""
    try:
        return Campaign.from_rows(read_campaign_rows(ledger))
    except CampaignError as error:
        raise DataError(campaign_error_message(error, layer_name)) from None
    except LedgerError as error:  # named in Chinese and English already
        raise DataError(str(error)) from None


def campaign_error_message(error: CampaignError, layer_name: str = "campaign") -> str:
    """The error in Chinese and English, naming the setting, what was found and why it was refused."""
    template = tr_later("Campaign setting {key} in {layer} is not accepted ({value}): {reason}")
    values = dict(key=error.key, layer=layer_name, value=error.value)
    chinese = tr_chinese(template).format(reason=tr_chinese(error.reason), **values)
    return f"{chinese} / {template.format(reason=error.reason, **values)}"


def write_campaign(
    path: ledgers.Address,
    campaign: Campaign,
    quotas: Mapping[str, Optional[float]],
    extra: Optional[Mapping[str, str]] = None,
) -> None:
    """Store the settings (and ``extra`` rows, e.g. a shared ledger's evidence_folder) and the hand-set village
    quotas (None = shared automatically) in one transaction: either all of it is saved or nothing is. A GeoPackage:
    an immediate transaction (layers/ledger_store.py), another writer waited for a bounded time, a file that is
    not a writable ledger refused before anything is written. A PostGIS ledger: one database transaction as the
    login role (pg_reads.write_campaign), whose refusal is given in the database's words."""
    rows = dict(campaign.to_rows(), **(extra or {}))
    if ledgers.is_shared(path):
        try:
            pg_reads.write_campaign(path, rows, dict(quotas))
        except LedgerError as error:
            raise DataError(str(error)) from None
        return
    try:
        check_ledger(path)
        with closing(connect(path)) as db, immediate(db, path):
            for key, value in rows.items():
                if db.execute('UPDATE "campaign" SET "value" = ? WHERE "key" = ?', (value, key)).rowcount == 0:
                    db.execute('INSERT INTO "campaign" ("key", "value") VALUES (?, ?)', (key, value))
            for code, quota in quotas.items():
                value = None if quota is None else float(quota)
                db.execute('UPDATE "villages" SET "quota_m2" = ? WHERE "village_code" = ?', (value, code))
            db.execute(
                "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                "WHERE table_name IN ('campaign', 'villages')"
            )
    except LedgerError as error:  # the file, a lock or a trigger's refusal: named in Chinese and English already
        raise DataError(str(error)) from None
