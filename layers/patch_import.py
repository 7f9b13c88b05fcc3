"""A county's patch file into the ledger: read, de-duplicated, checked and written in one transaction.

The walk: rows read in batches (layers/patch_reading.py) → each batch matched against the ledger's cases by
number and by place (core/patch_dedup.py) → new patches checked by the same core functions as
lianwei:checkviolations and numbered village-year-sequence → written on one write transaction (layers/patch_cases.py:
sqlite3's on a GeoPackage; layers/pg_patch_cases.py: the database's on a PostGIS ledger). A refused row refuses
the whole import unless refused rows are to be left out; then the transaction is rolled back and the ledger is
exactly as it was.
"""

from __future__ import annotations

import datetime
from contextlib import closing, contextmanager
from dataclasses import dataclass
from typing import Callable, Dict, Iterator, List, Optional

from qgis.core import QgsCoordinateTransformContext

from ..core.cases import with_type
from ..core.gauss_kruger import Zone, inverse, zone_for_epsg
from ..core.notes import Note
from ..core.patch_dedup import NEW, REFUSED, UNCHANGED, ExistingCase, ZoneReport, deduplicate, zone_report
from ..core.patch_report import ELSEWHERE, MARGIN_M, ImportReport, NumbersSeen, ReportLine, meets
from ..core.patches import PatchRow
from ..translation import both, tr_later
from . import ledgers
from .case_check import check_loaded, check_shapes, load_references
from .convert import DataError
from .gpkg_reader import open_read_only
from .ledger_store import connect, immediate
from .ledgers import Address
from .note_text import note_both, note_pair
from .patch_cases import CasesTable, LedgerCases
from .patch_reading import PatchReading
from .pg_patch_cases import ledger_township, postgis_cases
from .pg_rows import table_srid
from .postgis import PostgisLedger

REFUSED_IMPORT = tr_later(
    "{file}: {count} of {total} patches cannot be imported, so nothing was imported (the ledger is unchanged): "
    "{problems}"
)
FILE_REFUSED = tr_later("{file} cannot be imported (the ledger is unchanged): {problems}")
NOTHING = tr_later("{file} holds no patch: nothing was imported (the ledger is unchanged)")
NOT_A_ZONE = tr_later("The ledger {path} is not in a CGCS2000 3° Gauss-Krüger zone (EPSG:{epsg})")
SHOWN = 8


@dataclass
class ImportSettings:
    source: str = "SATELLITE"  # the case source of new cases
    threshold: float = 0.8
    skip_refused: bool = False
    today: Optional[str] = None
    author: str = ""


def ledger_zone(ledger: Address) -> Zone:
    """The 3° zone of the ledger's CRS: the planar figures of every patch, whatever zone it lies in."""
    if isinstance(ledger, PostgisLedger):
        row = (table_srid(ledger, "violations"),)
    else:
        with closing(open_read_only(ledger)) as db:
            row = db.execute("SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'violations'").fetchone()
    zone = zone_for_epsg(int(row[0])) if row else None
    if zone is None:
        raise DataError(both(NOT_A_ZONE, path=ledger, epsg=row[0] if row else "-"))
    return zone


def import_patches(
    reading: PatchReading,
    ledger: Address,
    settings: ImportSettings,
    context: QgsCoordinateTransformContext,
    progress: Callable[[float], None] = lambda percent: None,
) -> ImportReport:
    """Import ``reading`` into ``ledger``; returns the report. Raises DataError (file refused, rows refused) or
    LedgerError (not a writable ledger, locked), and Canceled (from ``progress``); then nothing was written."""
    if not reading.usable:
        problems = _pair([n for n in reading.notes if n.is_error])
        raise DataError(both(FILE_REFUSED, file=reading.name, problems=problems))
    ledgers.check(ledger)
    zone = ledger_zone(ledger)
    today = settings.today or datetime.date.today().isoformat()
    report = ImportReport(notes=list(reading.notes))
    township = _township(ledger, settings.author)
    references = load_references(ledger, zone, [township] if township else [], context) if township else None
    zones = ZoneReport(zone.number, 0, {}, [])
    with _cases(ledger, settings.author) as cases, closing(NumbersSeen()) as seen:
        done = 0
        for batch in reading.batches():
            _count_zones(zones, zone_report(_centres(batch, zone), zone))
            rows = _here(batch, township, report)
            seen.check(rows)
            existing = _existing(cases, rows)
            outcomes = deduplicate(rows, existing, settings.threshold)
            refusing = any(o.kind == REFUSED for o in outcomes) and not settings.skip_refused
            if not (refusing or (report.refused and not settings.skip_refused)):
                # once a row is refused nothing more is written; reading goes on to list every bad row
                usable = [o for o in outcomes if o.kind != REFUSED]
                _write(cases, usable, existing, references, zone, today, settings, context)
            for outcome in outcomes:
                report.add(outcome)
            done += len(batch)
            progress(min(99.0, 100.0 * done / max(reading.count, 1)))
        if not report.total:
            raise DataError(both(NOTHING, file=reading.name))
        if report.refused and (not settings.skip_refused or len(report.refused) == report.total):
            _refuse(reading, report.refused, report.total)
        cases.touch()
    report.notes += [n for n in (zones.note(), report.elsewhere_note(), report.summary()) if n is not None]
    return report


def _township(ledger: Address, author: str):
    if isinstance(ledger, PostgisLedger):
        return ledger_township(ledger, MARGIN_M)
    with closing(open_read_only(ledger)) as db:
        return LedgerCases(db, author, ledger).township_box(MARGIN_M)


@contextmanager
def _cases(ledger: Address, author: str) -> Iterator[CasesTable]:
    """The ledger's cases on the import's one write transaction (sqlite3's, or the PostGIS ledger's database's)."""
    if isinstance(ledger, PostgisLedger):
        with postgis_cases(ledger, author) as cases:
            yield cases
        return
    with closing(connect(ledger)) as db, immediate(db, ledger):
        yield LedgerCases(db, author, ledger)


def refuse_bad_rows(reading: PatchReading) -> None:
    """Raise DataError, as import_patches would, when a row of ``reading`` cannot be read (without the ledger)."""
    bad: List[ReportLine] = []
    total = 0
    with closing(NumbersSeen()) as seen:
        for batch in reading.batches():
            seen.check(batch)
            total += len(batch)
            bad += [
                ReportLine(r.where, r.patch_no, REFUSED, notes=[n for n in r.notes if n.is_error])
                for r in batch
                if not r.ok
            ]
    if bad:
        _refuse(reading, bad, total)


def _refuse(reading: PatchReading, refused: List[ReportLine], total: int) -> None:
    problems = _pair([n for line in refused[:SHOWN] for n in line.notes if n.is_error][:SHOWN])
    raise DataError(both(REFUSED_IMPORT, file=reading.name, count=len(refused), total=total, problems=problems))


def _here(batch: List[PatchRow], township, report: ImportReport) -> List[PatchRow]:
    """The rows of the township; the others are reported as elsewhere."""
    rows = []
    for row in batch:
        if row.geometry is not None and row.ok and not meets(row.geometry.bounds, township):
            report.append(ReportLine(row.where, row.patch_no, ELSEWHERE))
        else:
            rows.append(row)
    return rows


def _centres(rows: List[PatchRow], zone: Zone) -> List[tuple]:
    placed = [(r.where, r.geometry.centroid) for r in rows if r.geometry is not None]
    if not placed:
        return []
    lons, lats = inverse([p.x for _, p in placed], [p.y for _, p in placed], zone)
    return [(where, float(lon), float(lat)) for (where, _), lon, lat in zip(placed, lons, lats)]


def _count_zones(total: ZoneReport, batch: ZoneReport) -> None:
    """Add a batch's zones to the file's (a county file in longitude/latitude may span several)."""
    total.total += batch.total
    total.outside += batch.outside
    for number, count in batch.by_zone.items():
        total.by_zone[number] = total.by_zone.get(number, 0) + count


def _existing(cases: CasesTable, rows: List[PatchRow]) -> List[ExistingCase]:
    found: Dict[str, ExistingCase] = {}
    for case in cases.by_numbers(r.patch_no for r in rows if r.patch_no):
        found[case.case_id] = case
    boxes = [r.geometry.bounds for r in rows if r.geometry is not None and not r.geometry.is_empty]
    for case in cases.near(boxes):
        found.setdefault(case.case_id, case)
    return list(found.values())


def _write(cases: CasesTable, outcomes, existing, references, zone: Zone, today: str, settings, context) -> None:
    """New cases checked and numbered, linked cases updated (their outline and check too when redrawn)."""
    by_id = {case.case_id: case for case in existing}
    outlined = [(str(k), o.geometry) for k, o in enumerate(outcomes) if o.geometry is not None]
    if not outlined:
        checked = {}
    elif references is not None:
        checked = check_loaded(references, outlined, zone, today)
    else:  # a ledger without villages: the references near these patches
        checked = check_shapes(cases.path, outlined, zone, today, context)
    for k, outcome in enumerate(outcomes):
        values = checked.get(str(k), {})
        if outcome.kind == NEW:
            record = with_type(values)
            record.update(outcome.updates)
            village = record.get("village_code")
            year = _case_year(record.get("after_on"), today)
            case_id = cases.next_case_id(village, year)
            record.update(case_id=case_id, source=settings.source, status="DISCOVERED", found_on=today)
            cases.insert(record, outcome.geometry)
            outcome.case_ids = [case_id]
            continue
        for case_id in outcome.case_ids:
            record = dict(outcome.updates)
            if outcome.geometry is not None:  # redrawn: the check follows the new outline; the type stays
                record.update(values)
            if record:
                cases.update(by_id[case_id], record, outcome.geometry)


def _case_year(after_on, today: str) -> int:
    """The year a patch's case is numbered in: its after-image's (the year the change was seen), else today's."""
    text = str(after_on or "")
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else int(today[:4])


def _pair(notes: List[Note]) -> tuple:
    pairs = [note_pair(n) for n in notes]
    return "; ".join(p[0] for p in pairs), "; ".join(p[1] for p in pairs)


def report_lines(report: ImportReport) -> List[str]:
    """What the log says of the rows, in Chinese and English: every warning and error, and how the linked and
    changed ones were matched (a new or unchanged patch is only counted)."""
    lines = []
    for line in report.lines():
        for note in line.notes:
            if note.level != "info" or line.kind not in (NEW, UNCHANGED):
                lines.append(note_both(note))
    return lines
