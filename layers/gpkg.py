"""GeoPackage tables generated from core's schema, with the rules kept by the file itself.

Not-null, unique and default values go into the table definitions; coded values become GeoPackage field domains
(read by QGIS, ArcGIS and GDAL alike); code lists and minimum areas are also enforced by SQLite triggers, so a value
written by any tool (field calculator, qgis_process, ogr2ogr) that breaks them is refused and nothing is written.
"""

from __future__ import annotations

from contextlib import closing
from typing import List

from osgeo import gdal, ogr, osr

from ..core import schema, trace, workflow
from ..core.sql import identifier, literal
from .gpkg_reader import open_read_only

gdal.UseExceptions()
ogr.UseExceptions()

_OGR_TYPES = {
    schema.TEXT: (ogr.OFTString, ogr.OFSTNone),
    schema.INTEGER: (ogr.OFTInteger, ogr.OFSTNone),
    schema.REAL: (ogr.OFTReal, ogr.OFSTNone),
    schema.DATE: (ogr.OFTDate, ogr.OFSTNone),
    schema.DATETIME: (ogr.OFTDateTime, ogr.OFSTNone),
    schema.BOOLEAN: (ogr.OFTInteger, ogr.OFSTBoolean),
}
_OGR_GEOMETRY = {schema.POLYGON: ogr.wkbPolygon, schema.MULTIPOLYGON: ogr.wkbMultiPolygon}


def domain_name(codes: str) -> str:
    return f"lianwei_{codes}"


def create_geopackage(path: str, crs_wkt: str) -> None:
    """Create a new GeoPackage at ``path`` holding every ledger table, empty. ``path`` must not exist."""
    srs = osr.SpatialReference()
    srs.ImportFromWkt(crs_wkt)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dataset = gdal.GetDriverByName("GPKG").Create(path, 0, 0, 0, gdal.GDT_Unknown)
    try:
        add_domains(dataset)
        for spec in schema.LAYERS:
            _create_table(dataset, spec, srs)
        for statement in check_triggers():
            dataset.ExecuteSQL(statement)
        for _name, statement in case_triggers():
            dataset.ExecuteSQL(statement)
    finally:
        dataset = None  # noqa: F841 - closing the dataset flushes it


def add_domains(dataset) -> None:
    if not hasattr(dataset, "AddFieldDomain"):  # GDAL < 3.3: the triggers and the form still hold the rules
        return
    existing = set(dataset.GetFieldDomainNames() or []) if hasattr(dataset, "GetFieldDomainNames") else set()
    for codes, values in schema.CODE_LISTS.items():
        if domain_name(codes) in existing:
            continue
        domain = ogr.CreateCodedFieldDomain(domain_name(codes), codes, ogr.OFTString, ogr.OFSTNone, dict(values))
        dataset.AddFieldDomain(domain)


def _create_table(dataset, spec: schema.Layer, srs) -> None:
    options = ["FID=fid", f"IDENTIFIER={spec.alias}", f"DESCRIPTION=lianwei {spec.name}"]
    if spec.geometry:
        options += ["GEOMETRY_NAME=geom", "SPATIAL_INDEX=YES"]
        layer = dataset.CreateLayer(spec.name, srs, _OGR_GEOMETRY[spec.geometry], options=options)
    else:
        layer = dataset.CreateLayer(spec.name, None, ogr.wkbNone, options=options)
    for f in spec.fields:
        layer.CreateField(field_definition(f))


def field_definition(f: schema.Field):
    """The OGR definition of a schema field: type, width, nullability, default, alias and code-list domain."""
    ogr_type, subtype = _OGR_TYPES[f.type]
    definition = ogr.FieldDefn(f.name, ogr_type)
    definition.SetSubType(subtype)
    if f.length:
        definition.SetWidth(f.length)
    definition.SetNullable(not f.required)
    if f.unique:
        definition.SetUnique(True)
    if f.default is not None:
        definition.SetDefault(f.default)
    if hasattr(definition, "SetAlternativeName"):
        definition.SetAlternativeName(f.alias)
    if f.codes and hasattr(definition, "SetDomainName"):
        definition.SetDomainName(domain_name(f.codes))
    return definition


def check_triggers(since: int = 1) -> List[str]:
    """SQLite triggers that refuse a row whose coded value or area breaks the schema's check expression (of the
    fields of schema version ``since`` and later)."""
    statements = []
    for spec in schema.LAYERS:
        for f in spec.fields:
            if f.since < since:
                continue
            expression = schema.check_expression(f)
            if not expression:
                continue
            message = f"lianwei: {spec.name}.{f.name} " + ("not in its code list" if f.codes else "must be >= 0")
            for event in ("INSERT", "UPDATE"):
                trigger = f"lianwei_{spec.name}_{f.name}_{event.lower()}"
                new = expression.replace(identifier(f.name), "NEW." + identifier(f.name))
                on = "UPDATE OF " + identifier(f.name) if event == "UPDATE" else "INSERT"
                statements.append(
                    f"CREATE TRIGGER {identifier(trigger)} BEFORE {on} ON {identifier(spec.name)} "
                    f"WHEN NOT ({new}) BEGIN SELECT RAISE(ABORT, {literal(message)}); END"
                )
    return statements


def case_triggers():
    """The ledger's own rules for cases: the workflow (refuses a change) and the trace (logs every change)."""
    return workflow.trigger_statements() + trace.trigger_statements()


def ensure_case_triggers(path: str) -> int:
    """Give a ledger made by an earlier version the current case triggers; returns how many changed.

    Triggers are compared by their SQL, so a ledger already up to date is not written at all (a read-only one is
    fine then). Otherwise the file is checked (a writable ledger) and the triggers are replaced in one immediate
    transaction (layers/ledger_store.py); raises LedgerError with the reason when it cannot be.
    """
    # Here, not at the top: ledger_store needs ledger's LedgerError, and ledger imports this module.
    from .ledger_store import check_ledger, connect, immediate

    with closing(open_read_only(path)) as db:
        stored = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    changed = [(name, sql) for name, sql in case_triggers() if stored.get(name) != sql]
    if not changed:
        return 0
    check_ledger(path)
    with closing(connect(path)) as db, immediate(db, path):
        for name, statement in changed:
            db.execute("DROP TRIGGER IF EXISTS " + identifier(name))
            db.execute(statement)
    return len(changed)
