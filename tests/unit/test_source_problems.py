"""core.source_files reads the headers of shapefiles and GeoPackages and says what keeps them from being read
whole: the corpus of tests/data/bad/ (make_bad.py), no QGIS."""

import os
import shutil

import pytest

from lianwei.core import source_files as sf

BAD = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "bad")


def bad(*parts):
    return os.path.join(BAD, *parts)


def test_a_missing_shx_is_named():
    template, values = sf.shapefile_problem(bad("shp_missing_shx", "parcels.shp"))
    assert template == sf.MISSING_SHX and values["path"].endswith("parcels.shp")
    assert ".shx" in values["parts"] and ".dbf" in values["parts"]


def test_a_missing_dbf_is_named():
    assert sf.shapefile_problem(bad("shp_missing_dbf", "parcels.shp"))[0] == sf.MISSING_DBF


def test_a_truncated_shp_compares_its_header_with_its_size():
    template, values = sf.shapefile_problem(bad("shp_truncated_shp", "parcels.shp"))
    assert template == sf.TRUNCATED_BYTES
    assert values["expected"] == 820 and values["size"] == 520


def test_a_truncated_dbf_says_how_many_records_are_there():
    template, values = sf.shapefile_problem(bad("dbf_truncated", "parcels.shp"))
    assert template == sf.TRUNCATED_RECORDS
    assert values["path"].endswith("parcels.dbf") and (values["expected"], values["found"]) == (6, 3)
    # asked about the .dbf itself, the same answer
    assert sf.shapefile_problem(bad("dbf_truncated", "parcels.dbf"))[1]["found"] == 3


def test_a_whole_shapefile_has_no_problem(tmp_path):
    for name in os.listdir(bad("dbf_truncated")):
        shutil.copy(bad("shp_missing_shx", name) if name != "parcels.shx" else bad("dbf_truncated", name), tmp_path)
    assert sf.shapefile_problem(str(tmp_path / "parcels.shp")) is None


def test_parts_that_do_not_belong_together(tmp_path):
    """A whole .dbf of 6 rows beside the .shp and .shx of another copy with 6 shapes is fine; one of 3 is not."""
    source = bad("shp_missing_shx")
    for name in ("parcels.shp", "parcels.dbf"):
        shutil.copy(os.path.join(source, name), tmp_path / name)
    shutil.copy(bad("dbf_truncated", "parcels.shx"), tmp_path / "parcels.shx")
    dbf = tmp_path / "parcels.dbf"
    data = bytearray(dbf.read_bytes())
    data[4:8] = (3).to_bytes(4, "little")  # a header that announces 3 rows, and holds them
    dbf.write_bytes(bytes(data))
    template, values = sf.shapefile_problem(str(tmp_path / "parcels.shp"))
    assert template == sf.RECORDS_DIFFER and (values["shapes"], values["records"]) == (6, 3)


def test_a_dbf_alone_is_a_table_not_a_shapefile(tmp_path):
    shutil.copy(bad("shp_missing_shx", "parcels.dbf"), tmp_path / "table.dbf")
    assert not sf.is_shapefile(str(tmp_path / "table.dbf"))
    assert sf.is_shapefile(bad("shp_missing_shx", "parcels.dbf"))


def test_geopackages_not_sqlite_and_truncated():
    assert sf.sqlite_problem(bad("not_sqlite.gpkg"))[0] == sf.NOT_SQLITE
    template, values = sf.sqlite_problem(bad("truncated.gpkg"))
    assert template == sf.TRUNCATED_SQLITE and values["size"] < values["expected"]
    assert sf.geopackage_problem(bad("truncated.gpkg"))[0] == sf.TRUNCATED_SQLITE


def test_several_layers_and_none_chosen():
    path = bad("two_layers.gpkg")
    assert sf.geopackage_tables(path) == ["cadastre_2023", "cadastre_2024"]
    template, values = sf.geopackage_problem(path)
    assert template == sf.CHOOSE_LAYER
    assert values["layers"] == "cadastre_2023, cadastre_2024" and values["first"] == "cadastre_2023"
    assert sf.geopackage_problem(path, "cadastre_2024") is None
    assert sf.geopackage_problem(path, "CADASTRE_2024") is None  # GDAL finds layers whatever their case
    assert sf.geopackage_problem(path, layer_id=1) is None


def test_a_layer_the_file_does_not_have():
    template, values = sf.geopackage_problem(bad("two_layers.gpkg"), "cadastre_2025")
    assert template == sf.NO_SUCH_LAYER and values["layers"] == "cadastre_2023, cadastre_2024"
    assert sf.geopackage_problem(bad("two_layers.gpkg"), layer_id=5)[0] == sf.NO_SUCH_LAYER_ID


@pytest.mark.parametrize("template", sf.MESSAGES)
def test_every_message_says_what_to_do_or_what_is_wrong(template):
    assert "{path}" in template
