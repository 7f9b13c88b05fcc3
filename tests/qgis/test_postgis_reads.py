"""Every algorithm that reads a ledger reads a PostGIS ledger as it reads a GeoPackage: the same sample township
(same seed and sizes) built once in each, and the outputs compared — the check (areas to 0.01 m², every field,
the outlines), the progress summary's rows, the HTML report, the workbook's cells, the case card and the village
maps (pages, text, pixels)."""

import os
import re
import shutil
import subprocess

import pytest
from qgis.core import QgsProcessingFeatureSourceDefinition, QgsVectorLayer

from lianwei.layers import ledgers, pg_reader
from lianwei.layers.ledger import LedgerError, layer_uri
from lianwei.layers.postgis import PostgisLedger

SMALL = {"SEED": 11, "VIOLATIONS": 120, "PARCELS": 2000, "PERMITS": 60}  # conftest's small_sample
TABLES = ("violations", "villages", "cadastre", "permits", "farmland")
REPORT_DATE = "2024-08-31"


def need(tool):
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is needed (poppler-utils): `make test` installs it")
    return tool


def pdf_text(path):
    return subprocess.run([need("pdftotext"), "-layout", path, "-"], capture_output=True, text=True).stdout


def pdf_pages(path):
    info = subprocess.run([need("pdfinfo"), path], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@pytest.fixture(scope="module")
def both(small_sample, pg_cluster):
    """The small sample township as a GeoPackage (conftest) and in PostGIS: {"gpkg"|"pg": {table: source}}."""
    from provider_helper import ensure_provider

    import processing

    ensure_provider()  # module-scoped: an earlier test may have unloaded the plugin's provider
    database = pg_cluster.new_database(f"reads_{os.getpid()}")
    results = processing.run(
        "lianwei:sampletownship", dict(SMALL, DATABASE=pg_cluster.conninfo(database), SCHEMA="town")
    )
    path = small_sample["OUTPUT"]
    return {
        "gpkg": {name: layer_uri(path, name) for name in TABLES},
        "pg": {name: results[name.upper()] for name in TABLES},
        "cluster": pg_cluster,
        "database": database,
        "ledger": PostgisLedger(pg_cluster.conninfo(database), "town"),
        "path": path,
    }


def sql(both, statement, parameters=None):
    return both["cluster"].rows(both["database"], statement, parameters)


def postgres_layer(source):
    return QgsVectorLayer(source.replace("postgres://", "", 1), "layer", "postgres")


def check(tables, **overrides):
    import processing

    parameters = {
        "INPUT": tables["violations"],
        "PERMITS": tables["permits"],
        "CADASTRE": tables["cadastre"],
        "VILLAGES": tables["villages"],
        "FARMLAND": tables["farmland"],
        "REPORT_DATE": REPORT_DATE,
        "OUTPUT": "memory:",
    }
    parameters.update(overrides)
    layer = processing.run("lianwei:checkviolations", parameters)["OUTPUT"]
    return {f["case_id"]: f for f in layer.getFeatures()}


def assert_same_features(got, want):
    assert got.keys() == want.keys() and len(want) == SMALL["VIOLATIONS"]
    names = want[next(iter(want))].fields().names()
    assert got[next(iter(got))].fields().names() == names
    for case, feature in want.items():
        other = got[case]
        for name in names:
            if name == "fid":
                continue
            value, other_value = feature[name], other[name]
            if isinstance(value, float):
                assert other_value == pytest.approx(value, abs=0.005), (case, name)
            else:
                assert other_value == value, (case, name)
        assert other.geometry().asWkb() == feature.geometry().asWkb(), case


@pytest.fixture(scope="module")
def gpkg_check(both):
    return check(both["gpkg"])


def test_check_of_a_postgis_ledger_equals_the_geopackage(both, gpkg_check, monkeypatch):
    reads = []
    original = pg_reader.read_near

    def counted(table, *args):
        reads.append(table.table)
        return original(table, *args)

    monkeypatch.setattr(pg_reader, "read_near", counted)
    result = check(both["pg"])
    assert_same_features(result, gpkg_check)
    assert sorted(reads) == ["cadastre", "farmland", "permits", "villages"]  # straight from the database
    assert sum(1 for f in gpkg_check.values() if f["parcel_id"]) > 50  # the comparison compares something


def test_check_through_qgis_of_postgis_layers_equals_the_geopackage(both, gpkg_check, monkeypatch):
    """A feature limit makes a reference layer no whole table: it is read through QGIS (the attributes it needs,
    the rectangle around the violations) and gives the same result."""
    monkeypatch.setattr(pg_reader, "read_near", None)  # never used here
    limited = {
        key: QgsProcessingFeatureSourceDefinition(both["pg"][key], False, 10**9)
        for key in ("cadastre", "permits", "villages", "farmland")
    }
    result = check(dict(both["pg"], **limited))
    assert_same_features(result, gpkg_check)


def test_a_near_read_asks_the_index_or_reads_every_box_and_both_give_the_same_rows(both, monkeypatch):
    import numpy as np

    from lianwei.core.spatial import BoxFilter

    table = pg_reader.plain_postgis_table(postgres_layer(both["pg"]["cadastre"]))
    assert table is not None and (table.table, table.geometry, table.key) == ("cadastre", "geom", "fid")
    boxes = np.array(
        sql(both, "SELECT ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom) FROM town.violations"), float
    )
    fids = dict(sql(both, "SELECT parcel_id, fid FROM town.cadastre"))
    read_every_box = []
    original = pg_reader.all_boxes
    monkeypatch.setattr(pg_reader, "all_boxes", lambda *a: read_every_box.append(1) or original(*a))
    for count in (3, 15):
        near = BoxFilter(boxes[:count])
        by_index = pg_reader.read_near(table, "parcel_id", ["owner", "land_class"], near)
        assert not read_every_box  # 2,000 parcels: at most 20 boxes ask the index
        monkeypatch.setattr(pg_reader, "INDEX_ENTRIES_PER_BOX", 10**9)
        by_boxes = pg_reader.read_near(table, "parcel_id", ["owner", "land_class"], near)
        monkeypatch.setattr(pg_reader, "INDEX_ENTRIES_PER_BOX", 100)
        assert read_every_box and by_boxes.keys == by_index.keys and by_boxes.columns == by_index.columns
        read_every_box.clear()
        assert 0 < len(by_index) < 2000
        assert [fids[k] for k in by_index.keys] == sorted(fids[k] for k in by_index.keys)  # key order
        expected = sql(
            both,
            "SELECT parcel_id FROM town.cadastre WHERE geom && ST_MakeEnvelope(%s, %s, %s, %s)",
            tuple(boxes[0]),
        )
        assert {k for (k,) in expected} <= set(by_index.keys)
        assert np.allclose(by_index.boxes, [g.bounds for g in by_index.geometries])  # the features' own boxes


def test_a_table_that_cannot_be_read_is_named_in_both_languages(both):
    from lianwei.core.spatial import BoxFilter

    table = pg_reader.PostgisTable(both["ledger"], "no_such_table", "geom", "fid")
    with pytest.raises(LedgerError) as refused:
        pg_reader.read_near(table, "parcel_id", [], BoxFilter([[0, 0, 1, 1]]))
    message = str(refused.value)
    assert "town.no_such_table" in message and "Cannot read the table" in message and "无法读取" in message


def test_the_ledger_of_a_postgis_layer(both):
    ledger = ledgers.ledger_of(postgres_layer(both["pg"]["violations"]))
    assert isinstance(ledger, PostgisLedger) and ledger.schema == "town"
    assert ledgers.campaign_rows(ledger) == ledgers.campaign_rows(both["path"])
    assert ledgers.campaign_rows(ledger)["town_name"] == "清溪镇"
    sql(both, "CREATE TABLE public.plain_table (fid serial PRIMARY KEY, geom geometry(Polygon, 4545))")
    other = both["pg"]["villages"].replace('"town"."villages"', '"public"."plain_table"')
    assert postgres_layer(other).isValid()
    assert ledgers.ledger_of(postgres_layer(other)) is None  # no campaign table: not a ledger


def summary_rows(tables, **extra):
    import processing

    parameters = {"INPUT": tables["violations"], "VILLAGES": tables["villages"], "REPORT_DATE": REPORT_DATE}
    layer = processing.run("lianwei:progresssummary", dict(parameters, OUTPUT="memory:", **extra))["OUTPUT"]
    return [{name: f[name] for name in layer.fields().names()} for f in layer.getFeatures()]


def test_progress_summary_rows_equal(both):
    want, got = summary_rows(both["gpkg"]), summary_rows(both["pg"])
    assert got == want and len(want) == 15
    township = [row for row in want if row["village_code"] == "*"]
    assert township and township[0]["village_name"] == "清溪镇"  # the campaign's town name, read from the ledger


def test_a_campaign_setting_changed_in_the_database_is_read(both):
    sql(both, "UPDATE town.campaign SET value = 'PG镇' WHERE key = 'town_name'")
    try:
        rows = summary_rows(both["pg"])
        assert [row["village_name"] for row in rows if row["village_code"] == "*"] == ["PG镇"]
    finally:
        sql(both, "UPDATE town.campaign SET value = '清溪镇' WHERE key = 'town_name'")


def test_progress_report_is_the_same(both, tmp_path):
    import processing

    pages = {}
    for kind in ("gpkg", "pg"):
        path = str(tmp_path / f"{kind}.html")
        parameters = {"INPUT": both[kind]["violations"], "VILLAGES": both[kind]["villages"], "OUTPUT": path}
        processing.run("lianwei:progressreport", dict(parameters, REPORT_DATE=REPORT_DATE))
        with open(path, encoding="utf-8") as handle:
            pages[kind] = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d", "", handle.read())  # the time it was generated
    assert pages["pg"] == pages["gpkg"] and "清溪镇" in pages["pg"]


def test_exported_workbook_cells_are_the_same(both, tmp_path):
    import openpyxl

    import processing

    books = {}
    for kind in ("gpkg", "pg"):
        path = str(tmp_path / f"{kind}.xlsx")
        parameters = {"INPUT": both[kind]["violations"], "VILLAGES": both[kind]["villages"], "OUTPUT": path}
        processing.run("lianwei:exportledger", dict(parameters, REPORT_DATE=REPORT_DATE))
        books[kind] = openpyxl.load_workbook(path)
    assert books["pg"].sheetnames == books["gpkg"].sheetnames and len(books["gpkg"].sheetnames) == 16
    cells = 0
    for name in books["gpkg"].sheetnames:
        want = list(books["gpkg"][name].iter_rows(values_only=True))
        assert list(books["pg"][name].iter_rows(values_only=True)) == want, name
        cells += sum(1 for row in want for value in row if value is not None)
    assert cells > 1000


def test_case_card_of_a_postgis_case(both, tmp_path):
    """Photos and history from the database's evidence and case_log; the audit's row of a new case printed as
    the GeoPackage's trace prints it (the case number going from nothing to its value), never as JSON."""
    from PIL import Image

    import processing

    case = sql(both, "SELECT case_id, village_name FROM town.violations WHERE status = 'DEMOLISHED' ORDER BY fid")[0]
    case_id = case[0]
    photo = tmp_path / "现场.jpg"
    Image.new("RGB", (800, 600), (200, 30, 30)).save(photo, quality=90)
    sql(
        both,
        "INSERT INTO town.evidence (case_id, file_path, taken_at, note, direction) VALUES (%s, %s, %s, %s, %s)",
        (case_id, str(photo), "2024-05-03T10:12:00", "全景", 45.0),
    )
    sql(
        both,
        "INSERT INTO town.case_log (case_id, changed_at, changed_by, field, old_value, new_value, table_name, "
        "operation) VALUES (%s, '2024-05-04T08:00:00+08', '王五', 'status', 'DISCOVERED', 'VERIFIED', 'violations', "
        "'UPDATE')",
        (case_id,),
    )
    cards = {}
    for kind in ("gpkg", "pg"):
        path = str(tmp_path / f"{kind}.pdf")
        processing.run("lianwei:casecard", {"INPUT": both[kind]["violations"], "CASE_ID": case_id, "OUTPUT": path})
        assert pdf_pages(path) == 1
        cards[kind] = re.sub(r"\s+", "", pdf_text(path))
    text = cards["pg"]
    assert case_id in text and f"清溪镇{case[1]}" in text
    assert "王五" in text and "DISCOVERED" not in text  # codes by their Chinese names
    assert f"—→{case_id}" in text and f"—→{case_id}" in cards["gpkg"]  # the new case, as the GeoPackage prints it
    assert '{"' not in text and "lianwei_owner" in text  # who inserted it: the database's login
    assert "全景" in text and "现场.jpg" not in text  # the photo is printed, not listed as a document
    listing = subprocess.run([need("pdfimages"), "-list", str(tmp_path / "pg.pdf")], capture_output=True, text=True)
    assert any(line.split()[3:5] == ["800", "600"] for line in listing.stdout.splitlines()[2:] if len(line.split()) > 5)


def test_village_maps_of_a_postgis_ledger(both, tmp_path):
    import numpy as np
    from PIL import Image

    import processing

    results = {}
    for kind in ("gpkg", "pg"):
        tables = both[kind]
        results[kind] = processing.run(
            "lianwei:villagemaps",
            {
                "INPUT": tables["violations"],
                "VILLAGES": tables["villages"],
                "CADASTRE": tables["cadastre"],
                "PERMITS": tables["permits"],
                "REPORT_DATE": REPORT_DATE,
                "VILLAGE_CODES": "450109101201,450109101202",
                "DPI": 72,
                "OUTPUT_FOLDER": str(tmp_path / kind),
            },
        )
    assert results["pg"]["PAGES"] == results["gpkg"]["PAGES"] == 3  # the overview and two villages
    assert pdf_pages(results["pg"]["MERGED_PDF"]) == 3
    assert pdf_text(results["pg"]["MERGED_PDF"]) == pdf_text(results["gpkg"]["MERGED_PDF"])
    names = sorted(f for f in os.listdir(results["gpkg"]["OUTPUT_FOLDER"]) if f.endswith(".png"))
    assert names == sorted(f for f in os.listdir(results["pg"]["OUTPUT_FOLDER"]) if f.endswith(".png"))
    for name in names:
        pixels = [
            np.asarray(Image.open(os.path.join(results[k]["OUTPUT_FOLDER"], name)).convert("RGB"), dtype=int)
            for k in ("gpkg", "pg")
        ]
        difference = np.abs(pixels[0] - pixels[1]).sum(axis=2)
        # the same map; edges drawn in another order may blend a few pixels a shade apart
        assert difference.max() < 60 and (difference > 0).mean() < 0.002, name
