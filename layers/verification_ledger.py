"""What the ledger says about each patch for the return to the upper level: its case (joined by patch_no), the
case's photos and the verdict on them (core/evidence_verdict.py). The ledger is only read (SQLite read-only)."""

from __future__ import annotations

import datetime
from contextlib import closing
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from osgeo import ogr, osr

from ..core import evidence_verdict, sql, verification_return
from ..core.evidence_verdict import Photo, Verdict
from ..core.gauss_kruger import Zone, any_zone_for_epsg, zone_for_longitude
from ..core.spatial import from_wkb
from .gpkg_reader import geopackage_wkb, open_read_only
from .ledger_store import check_ledger
from .note_text import note_pair
from .pg_ledger import check_postgis_ledger
from .pg_reads import verification_rows
from .postgis import PostgisLedger

ogr.UseExceptions()
osr.UseExceptions()

CASE_FIELDS = (
    "case_id",
    "patch_no",
    "upper_patch_id",
    "verify_result",
    "verify_reason",
    "violation_type",
    "permit_no",
    "status",
    "demolished_m2",
    "after_on",
)
WITH_PATCH = "coalesce(trim(\"patch_no\"), '') <> '' OR coalesce(trim(\"upper_patch_id\"), '') <> ''"
PHOTO_FIELDS = ("case_id", "file_path", "taken_at", "note", "longitude", "latitude", "direction")


@dataclass
class LedgerCases:
    by_patch_no: Dict[str, dict]
    by_upper_id: Dict[str, dict]
    twice: List[str]  # patch numbers held by several cases (the first case is returned)
    photos: Dict[str, List[Photo]]  # case_id -> its evidence rows
    zone: Optional[Zone]  # the ledger's Gauss-Krüger zone (None: another CRS, outlines are reprojected)
    srs: Optional[osr.SpatialReference]
    blobs: bool = True  # outlines as GeoPackage blobs (False: plain WKB, from a PostGIS ledger)

    def case_for(self, patch_no: str, upper_id: str = "") -> Optional[dict]:
        """The case of a patch: by the ledger's patch_no, else by the upper level's TBBH kept beside it."""
        for key in (patch_no, upper_id):
            key = verification_return.patch_key(key)
            if key and key in self.by_patch_no:
                return self.by_patch_no[key]
        key = verification_return.patch_key(upper_id or patch_no)
        return self.by_upper_id.get(key) if key else None

    def verdict(
        self, case: dict, after_on: object, min_photos: int, max_distance: float, today: datetime.date
    ) -> Verdict:
        geometry, zone = self._outline(case)
        return evidence_verdict.evidence_verdict(
            self.photos.get(case["case_id"], []),
            geometry,
            case.get("after_on") or after_on,
            zone,
            min_photos=min_photos,
            max_distance_m=max_distance,
            today=today,
        )

    def _outline(self, case: dict) -> Tuple[object, Zone]:
        """The case's outline in a Gauss-Krüger zone's coordinates, and that zone."""
        blob = case.get("geom")
        if not blob:
            return None, self.zone or Zone(36)
        wkb = geopackage_wkb(blob) if self.blobs else bytes(blob)
        if self.zone is not None:
            return from_wkb([wkb])[0], self.zone
        geometry = ogr.CreateGeometryFromWkb(wkb)
        degrees = osr.SpatialReference()
        degrees.ImportFromEPSG(4490)
        degrees.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        if self.srs is not None:
            geometry.Transform(osr.CoordinateTransformation(self.srs, degrees))
        zone = zone_for_longitude(geometry.Centroid().GetX())
        planar = osr.SpatialReference()
        planar.ImportFromEPSG(zone.epsg)
        planar.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        geometry.Transform(osr.CoordinateTransformation(degrees, planar))
        return from_wkb([bytes(geometry.ExportToWkb())])[0], zone


def read_ledger_cases(path) -> LedgerCases:
    """The ledger's cases that carry a patch number, with their photos; raises LedgerError for a file (or a
    PostGIS ledger) that is not a ledger this plugin can read."""
    if isinstance(path, PostgisLedger):
        return _postgis_cases(path)
    check_ledger(path, writable=False)
    with closing(open_read_only(path)) as db:
        query = sql.select("violations", (*CASE_FIELDS, "geom"), WITH_PATCH, order_by=["case_id"])
        rows = db.execute(query).fetchall()
        cases = [dict(zip((*CASE_FIELDS, "geom"), row)) for row in rows]
        photos: Dict[str, List[Photo]] = {}
        wanted = {case["case_id"] for case in cases}
        for row in db.execute(sql.select("evidence", PHOTO_FIELDS, order_by=["fid"])):
            values = dict(zip(PHOTO_FIELDS, row))
            if values["case_id"] in wanted:
                photos.setdefault(values["case_id"], []).append(Photo.from_evidence(values))
        srs_row = db.execute(
            "SELECT s.organization, s.organization_coordsys_id, s.definition FROM gpkg_geometry_columns g "
            "JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id WHERE g.table_name = 'violations'"
        ).fetchone()
    zone, srs = _zone(srs_row)
    return _cases(cases, photos, zone, srs)


def _cases(cases: List[dict], photos: Dict[str, List[Photo]], zone, srs, blobs: bool = True) -> LedgerCases:
    by_patch_no, twice = verification_return.first_by_key(cases, "patch_no")
    by_upper_id, _ = verification_return.first_by_key(cases, "upper_patch_id")
    return LedgerCases(by_patch_no, by_upper_id, twice, photos, zone, srs, blobs)


def _postgis_cases(ledger: PostgisLedger) -> LedgerCases:
    """The same from a PostGIS ledger (layers/pg_reads.py): outlines as plain WKB, the zone from the EPSG code."""
    check_postgis_ledger(ledger)
    cases, evidence, srid = verification_rows(ledger, CASE_FIELDS, PHOTO_FIELDS, WITH_PATCH)
    wanted = {case["case_id"] for case in cases}
    photos: Dict[str, List[Photo]] = {}
    for values in evidence:
        if values["case_id"] in wanted:
            photos.setdefault(values["case_id"], []).append(Photo.from_evidence(values))
    zone = any_zone_for_epsg(srid) if srid else None
    srs = None
    if zone is None and srid:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(srid)
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return _cases(cases, photos, zone, srs, blobs=False)


def _zone(row) -> Tuple[Optional[Zone], Optional[osr.SpatialReference]]:
    if row is None:
        return None, None
    organization, code, definition = row
    if str(organization or "").upper() == "EPSG" and code:
        zone = any_zone_for_epsg(int(code))
        if zone is not None:
            return zone, None
    srs = osr.SpatialReference()
    try:
        srs.ImportFromWkt(definition)
    except RuntimeError:
        return None, None
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return None, srs


def reasons_in_chinese(verdict: Verdict) -> List[str]:
    """Every reason the evidence is incomplete, in Chinese (the return is read by the county in Chinese)."""
    return [note_pair(note)[0] for note in verdict.reasons]


def township_row(
    cases: LedgerCases,
    case: Optional[dict],
    after_on: object,
    min_photos: int,
    max_distance: float,
    today: datetime.date,
) -> Tuple[Dict[str, object], Optional[Verdict], List[str]]:
    """(the township's values, the verdict, its reasons in Chinese) of one patch; all empty for no case."""
    if case is None:
        return verification_return.empty_values(), None, []
    verdict = cases.verdict(case, after_on, min_photos, max_distance, today)
    reasons = reasons_in_chinese(verdict) if not verdict.complete else []
    return verification_return.township_values(case, verdict.photos, verdict.complete, reasons), verdict, reasons
