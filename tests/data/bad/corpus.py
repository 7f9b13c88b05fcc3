"""The corpus of awkward inputs (issue "nothing lost"): each entry is one input an office really hands over, the
algorithm it is given to, and the words its message must hold, in Chinese and in English. Every refusal must leave
the ledger's every table as it was (tests/qgis/test_bad_corpus.py runs them all).

An entry: (name, algorithm, parameters, words). In ``parameters``, "{bad}" stands for this folder and "{ledger}"
for a fresh copy of the sample ledger; ``words`` are the pieces the message must hold (None: the run must
succeed, its outputs checked by ``expect``).
"""

IMPORT = "lianwei:importreference"
CADASTRE, PERMITS, VILLAGES = 1, 2, 0


def imported(name, table, *words, replace=True, **extra):
    parameters = {"INPUT": "{bad}/import/" + name, "TABLE": table, "LEDGER": "{ledger}", "REPLACE": replace}
    parameters.update(extra)
    return (name, IMPORT, parameters, words)


ENTRIES = [
    imported("empty_cadastre.geojson", CADASTRE, "没有要素", "has no features"),
    imported("points_cadastre.geojson", CADASTRE, "是点图层", "holds points, not polygons"),
    imported("lines_cadastre.geojson", CADASTRE, "是线图层", "holds lines, not polygons"),
    imported("null_geometries_cadastre.geojson", CADASTRE, "没有可用的要素", "no feature that can be used (3 read)"),
    imported("some_null_cadastre.geojson", CADASTRE, "1 个无法写入", "it has no geometry", "ZDDM=G2"),
    # Metres 100–300 under EPSG:4545 fit no zone of China: refused before any row is read (the layer's CRS).
    imported("far_away_cadastre.geojson", CADASTRE, "不在我国任何高斯-克吕格投影带内", "lie in no Gauss-Krüger zone"),
    imported("duplicate_village_codes.geojson", VILLAGES, "必须唯一", "450109101201 appears more than once"),
    imported("text_area_permits.geojson", PERMITS, "不是数字", "not a number", "约200平方米"),
    imported("bad_date_permits.geojson", PERMITS, "不是日期", "not a date", "二〇二三年五月"),
    imported("missing_key_cadastre.geojson", CADASTRE, "必须有值", "a value is required", "parcel_id"),
    imported("degenerate_cadastre.geojson", CADASTRE, "D1", "nothing of it is left once repaired"),
    # degrees_under_projected_cadastre.geojson is no refusal: degrees in China under a projected CRS are read as
    # EPSG:4490 (tests/qgis/test_coordinate_check.py).
]


# lianwei:recordstatus given cases it may not change (the sample ledger's cases, seed 11): every refused case named,
# nothing written, not even the cases that could change (all or nothing).
RECORD = "lianwei:recordstatus"


def recorded(name, cases, status, *words, **extra):
    from lianwei.core import schema

    parameters = {"INPUT": "{ledger}|layername=violations", "CASES": cases}
    parameters["STATUS"] = list(schema.CODE_LISTS["status"]).index(status)
    parameters.update(extra)
    return (name, RECORD, parameters, words)


ENTRIES += [
    recorded("recordstatus: a case not in the ledger", "450000000000-2099-9999", "FILED", "没有案件", "No case"),
    recorded("recordstatus: a signed-off case reopened", "450109101212-2024-0004", "ORDERED", "终结状态", "is final"),
    recorded(
        "recordstatus: deferred without a reason",
        "450109101205-2024-0003",
        "DEFERRED",
        "暂缓须在备注中写明原因",
        "needs its reason in the remarks",
    ),
    recorded(
        "recordstatus: demolished without a photo",
        "450109101205-2024-0003",
        "DEMOLISHED",
        "照片",
        "at least one photo",
        DATE="2024-09-01",
    ),
    recorded(
        "recordstatus: one final case among changeable ones",
        "450109101210-2024-0002, 450109101212-2024-0004",
        "DEFERRED",
        "450109101212-2024-0004",
        "is final",
        REMARKS="当事人申请暂缓",
    ),
]


# Coordinates that do not fit their CRS and cannot be fixed for certain (make_bad_coordinates.py): refused by
# lianwei:importreference and lianwei:checkviolations before anything is read, naming the layer and what to do.
CHECK = "lianwei:checkviolations"
LEDGER_INPUTS = {"INPUT": "violations", "PERMITS": "permits", "CADASTRE": "cadastre", "VILLAGES": "villages"}


def coordinates(name, table, *words):
    parameters = {"INPUT": "{bad}/coordinates/" + name, "TABLE": table, "LEDGER": "{ledger}", "REPLACE": True}
    return ("import " + name, IMPORT, parameters, (name[:-4],) + words)


def checked(name, key, *words):
    parameters = {k: "{ledger}|layername=" + table for k, table in LEDGER_INPUTS.items()}
    parameters.update({key: "{bad}/coordinates/" + name, "OUTPUT": "TEMPORARY_OUTPUT"})
    return (f"check {key} {name}", CHECK, parameters, (name[:-4],) + words)


ENTRIES += [
    coordinates("coords_swapped_no_prj.shp", CADASTRE, "无法确定投影带", "so the zone is unknown"),
    coordinates("coords_zone2.shp", CADASTRE, "百万位为 2，不是", "begin with 2 million, which is no"),
    coordinates("coords_zone99.shp", CADASTRE, "百万位为 99", "begin with 99 million"),
    coordinates("coords_other_zone.shp", CADASTRE, "EPSG:4525", "zone number 37 but the CRS is for central"),
    coordinates("coords_far.shp", CADASTRE, "距台账村界", "km from the ledger's villages"),
    coordinates("coords_outside.shp", VILLAGES, "不在我国任何高斯-克吕格投影带内", "(X 0 – 2,000, Y 0 – 1,000)"),
    checked("coords_far.shp", "INPUT", "距台账村界", "km from the ledger's villages"),
    checked("coords_other_zone.shp", "CADASTRE", "EPSG:4525", "nothing was read"),
    checked("coords_swapped_no_prj.shp", "VILLAGES", "无法确定投影带", "so the zone is unknown"),
    checked("coords_zone2.shp", "PERMITS", "百万位为 2", "begin with 2 million"),
]


# Files that are there but cannot be read whole (make_bad.py), given as the office layer of an import and as the
# violations or a reference layer of the check.
UNREADABLE = {
    "shp_missing_shx/parcels.shp": ("缺少 .shx 文件", "has no .shx file beside it"),
    "shp_missing_dbf/parcels.shp": ("缺少 .dbf 文件", "every attribute would be lost"),
    "shp_truncated_shp/parcels.shp": ("文件不完整", "announces 820 bytes but the file has 520"),
    "dbf_truncated/parcels.shp": ("文件头标明 6 条记录，实际只有 3 条", "announces 6 records"),
    "two_layers.gpkg": ("含有 2 个图层", "cadastre_2023, cadastre_2024"),
    "two_layers.gpkg|layername=cadastre_2025": ("中没有图层 cadastre_2025", "has no layer cadastre_2025"),
    "truncated.gpkg": ("文件不完整", "the copy is incomplete"),
    "not_sqlite.gpkg": ("不是 GeoPackage", "not an SQLite database"),
    "broken.geojson": ("无法读取", "cannot read"),
}
CHECK = "lianwei:checkviolations"
LEDGER_TABLES = {
    key: "{ledger}|layername=" + table
    for key, table in (
        ("INPUT", "violations"),
        ("PERMITS", "permits"),
        ("CADASTRE", "cadastre"),
        ("VILLAGES", "villages"),
        ("FARMLAND", "farmland"),
    )
}
for name, words in UNREADABLE.items():
    parameters = {"INPUT": "{bad}/" + name, "TABLE": CADASTRE, "LEDGER": "{ledger}", "REPLACE": True}
    ENTRIES.append((f"import unreadable {name}", IMPORT, parameters, words))
for name in ("dbf_truncated/parcels.shp", "two_layers.gpkg", "shp_missing_shx/parcels.shp"):
    for key in ("INPUT", "CADASTRE"):
        parameters = dict(LEDGER_TABLES, **{key: "{bad}/" + name}, OUTPUT="TEMPORARY_OUTPUT")
        ENTRIES.append((f"check with unreadable {key} {name}", CHECK, parameters, UNREADABLE[name]))

# The ledger itself given as the check's output, in each way QGIS names a GeoPackage destination: before, the
# check replaced the whole ledger with its output.
LEDGER_WORDS = ("两违整治台账", "另选一个新文件名", "is a Lianwei ledger", "Choose a new file name")
for label, output in (
    ("plain path", "{ledger}"),
    ("with a table", "ogr:dbname='{ledger}' table=\"checked\" (geom)"),
    ("with a layer name", "{ledger}|layername=checked"),
):
    ENTRIES.append((f"check output is the ledger ({label})", CHECK, dict(LEDGER_TABLES, OUTPUT=output), LEDGER_WORDS))

# Files given as the ledger of an import that are no ledger a write may touch.
for name, words in (
    ("truncated.gpkg", ("文件不完整", "the copy is incomplete")),
    ("not_sqlite.gpkg", ("不是 GeoPackage", "not an SQLite database")),
    ("not_a_ledger.gpkg", ("不是两违整治台账", "is not a Lianwei ledger")),
):
    parameters = {"INPUT": "{bad}/import/some_null_cadastre.geojson", "TABLE": CADASTRE, "LEDGER": "{bad}/" + name}
    ENTRIES.append((f"import into {name}", IMPORT, parameters, words))

# Boundary-point files (issue 15, point 7) given to lianwei:readboundarypoints: refused naming the file and line, or
# read correctly (words None: a ring left open is closed and reported, X/Y written the GIS way are swapped back).
BOUNDARY = "lianwei:readboundarypoints"
for name, words in (
    ("../patches/unknown_zone_gbk.txt", ("带号=52不是我国范围内的投影带", "带号=52 is not a zone over China")),
    ("../patches/prefix_disagrees_utf8.txt", ("横坐标带号为36（第14行）", "carry zone 36 (line 14) but 带号 says 35")),
    ("boundary/xy_no_order_gbk.txt", ("第15行", "Line 15: (253301, 53601) is not a northing and an easting")),
    ("boundary/ring_two_points_gbk.txt", ("不足3个不同的点", "(lines 13–15) has fewer than 3 different points")),
    ("../patches/missing_closure_utf8.txt", None),
    ("../patches/swapped_xy_gbk.txt", None),
):
    file = name.rsplit("/", 1)[-1]
    parameters = {"INPUT": "{bad}/" + name, "OUTPUT": "TEMPORARY_OUTPUT"}
    ENTRIES.append((f"boundary points {file}", BOUNDARY, parameters, words and (file, *words)))

# Patch files (issue 15, point 7) given to lianwei:importpatches (make_bad_patches.py): each refused naming the file,
# row and field; the ledger unchanged. Excel with merged headers and several sheets, KML without a CRS and patches of
# another township are read correctly (tests/qgis/test_import_patches.py); a service answer cut off mid-page is
# tests/qgis/test_sync_patches.py's.
PATCHES = "lianwei:importpatches"
for name, words in (
    ("duplicate_numbers.geojson", ("BAD-1", "必须唯一", "must be unique")),
    ("no_number.geojson", ("第1行", "没有图斑编号", "no patch number")),
    ("negative_area.geojson", ("TBMJ", "为负", "is negative")),
    ("point_patch.geojson", ("第0行", "Point", "not a polygon")),
    ("dates_as_text_gbk.csv", ("第4行", "后时相", "去年秋天", "is not a date")),
    ("broken_wkt_gbk.csv", ("第2行", "WKT", "is not WKT")),
):
    parameters = {"INPUT": "{bad}/patches/" + name, "LEDGER": "{ledger}", "REPORT": "TEMPORARY_OUTPUT"}
    ENTRIES.append((f"patches {name}", PATCHES, parameters, (name, *words)))
