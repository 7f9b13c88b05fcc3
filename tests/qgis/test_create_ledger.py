"""lianwei:createledger writes the contract's tables with Chinese forms, constraints, styles and a project."""

import hashlib
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from osgeo import ogr
from provider_helper import ensure_provider
from qgis.core import (
    QgsFieldConstraints,
    QgsProcessingException,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)

from lianwei.core import schema
from lianwei.layers.fonts import cjk_font_family


@pytest.fixture(scope="module")
def ledger(qgis_app, qgis_processing, tmp_path_factory):
    import processing

    ensure_provider()
    path = str(tmp_path_factory.mktemp("ledger") / "台账.gpkg")
    results = processing.run(
        "lianwei:createledger", {"OUTPUT": path, "TOWN_NAME": "清溪镇", "YEAR": 2025, "TARGET_M2": 45000}
    )
    return results


def table(path, name):
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert layer.isValid(), name
    return layer


def test_outputs(ledger):
    assert os.path.exists(ledger["OUTPUT"]) and os.path.exists(ledger["PROJECT"])
    assert ledger["PROJECT"].endswith("台账.qgz")
    assert ledger["VIOLATIONS"] == ledger["OUTPUT"] + "|layername=violations"
    assert not [f for f in os.listdir(os.path.dirname(ledger["OUTPUT"])) if ".part." in f]


def test_every_table_with_the_contract_fields_and_aliases(ledger):
    for spec in schema.LAYERS:
        layer = table(ledger["OUTPUT"], spec.name)
        names = [f.name() for f in layer.fields() if f.name() != "fid"]
        assert names == list(spec.field_names), spec.name
        for f in spec.fields:
            assert layer.attributeAlias(layer.fields().indexOf(f.name)) == f.alias
        assert layer.featureCount() == (8 if spec.name == "campaign" else 0)  # 7 settings and the schema version
        expected = {"Polygon": QgsWkbTypes.Type.Polygon, "MultiPolygon": QgsWkbTypes.Type.MultiPolygon}.get(
            spec.geometry, QgsWkbTypes.Type.NoGeometry
        )
        assert QgsWkbTypes.flatType(layer.wkbType()) == expected, spec.name
        if spec.geometry:
            assert layer.crs().authid() == "EPSG:4545"


def test_value_maps_for_every_coded_field(ledger):
    for spec in schema.LAYERS:
        layer = table(ledger["OUTPUT"], spec.name)
        for f in spec.fields:
            setup = layer.editorWidgetSetup(layer.fields().indexOf(f.name))
            if f.codes:
                assert setup.type() == "ValueMap", (spec.name, f.name)
                pairs = [next(iter(entry.items())) for entry in setup.config()["map"]]
                assert pairs == [(label, code) for code, label in f.code_list.items()]
            elif f.type == schema.DATE:
                assert setup.type() == "DateTime"


def test_constraints_and_defaults(ledger):
    layer = table(ledger["OUTPUT"], "violations")
    fields = layer.fields()
    case_id = fields.field("case_id").constraints()
    assert case_id.constraints() & QgsFieldConstraints.Constraint.ConstraintUnique
    assert case_id.constraints() & QgsFieldConstraints.Constraint.ConstraintNotNull
    assert case_id.constraintOrigin(QgsFieldConstraints.Constraint.ConstraintUnique) == (
        QgsFieldConstraints.ConstraintOrigin.ConstraintOriginProvider
    )
    status = fields.field("status").constraints()
    assert "'SIGNED_OFF'" in status.constraintExpression()
    assert status.constraintStrength(QgsFieldConstraints.Constraint.ConstraintExpression) == (
        QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard
    )
    assert fields.field("demolished_m2").constraints().constraintExpression().endswith(">= 0")
    assert layer.defaultValueDefinition(fields.indexOf("updated_at")).expression() == "now()"
    assert layer.defaultValueDefinition(fields.indexOf("updated_at")).applyOnUpdate()
    assert layer.defaultValueDefinition(fields.indexOf("status")).expression() == "'DISCOVERED'"
    assert layer.defaultValueDefinition(fields.indexOf("found_on")).expression() == "to_date(now())"
    assert layer.editFormConfig().readOnly(fields.indexOf("version"))
    assert len(layer.editFormConfig().tabs()) == 6  # case, areas, disposal, satellite patch, field verification, record


def test_the_file_itself_refuses_bad_codes_and_negative_areas(ledger):
    path = ledger["OUTPUT"]
    dataset = ogr.Open(path, 1)
    layer = dataset.GetLayerByName("violations")
    for field, value in (("status", "BULLDOZED"), ("demolished_m2", -5.0)):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("case_id", "X-1")
        feature.SetField("status", "DISCOVERED")
        feature.SetField(field, value)
        with pytest.raises(RuntimeError, match="lianwei: violations." + field):
            layer.CreateFeature(feature)
    assert layer.GetFeatureCount() == 0
    dataset = None
    assert table(path, "violations").featureCount() == 0


def test_styles_saved_as_default_in_the_geopackage(ledger):
    with closing(sqlite3.connect(ledger["OUTPUT"])) as db:
        rows = db.execute("SELECT f_table_name, useAsDefault FROM layer_styles").fetchall()
    assert {name for name, default in rows if default} == {spec.name for spec in schema.LAYERS}
    violations = table(ledger["OUTPUT"], "violations")
    renderer = violations.renderer()
    assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "status"
    assert [c.value() for c in renderer.categories()] == list(schema.CODE_LISTS["status"])
    assert [c.label() for c in renderer.categories()] == list(schema.CODE_LISTS["status"].values())
    villages = table(ledger["OUTPUT"], "villages")
    assert villages.labelsEnabled()
    settings = villages.labeling().settings()
    assert settings.fieldName == "village_name"
    assert settings.format().font().family() == cjk_font_family()


def test_campaign_settings(ledger):
    rows = {f["key"]: f["value"] for f in table(ledger["OUTPUT"], "campaign").getFeatures()}
    assert rows["town_name"] == "清溪镇" and rows["year"] == "2025" and rows["target_m2"] == "45000"
    assert rows["milestones"] == "06-20:0.6;09-10:1.0" and rows["zero_growth_on"] == "2024-01-01"


def test_project_opens_styled_in_cgcs2000(ledger):
    project = QgsProject()
    assert project.read(ledger["PROJECT"])
    assert project.crs().authid() == "EPSG:4545"
    assert project.ellipsoid() == "EPSG:1024"
    layers = list(project.mapLayers().values())
    assert len(layers) == 8 and all(layer.isValid() for layer in layers)
    names = [node.name() for node in project.layerTreeRoot().children()]
    assert names[:5] == ["违法图斑", "许可", "永久基本农田", "宗地", "村界"]
    violations = project.mapLayersByName("违法图斑")[0]
    assert violations.renderer().type() == "categorizedSymbol"
    assert violations.attributeAlias(violations.fields().indexOf("status")) == "状态"
    assert len(project.relationManager().relations()) == 2
    project.clear()


def test_an_existing_file_is_never_overwritten(ledger, lianwei_provider):
    import processing

    path = ledger["OUTPUT"]
    before = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    with pytest.raises(QgsProcessingException, match="never overwritten"):
        processing.run("lianwei:createledger", {"OUTPUT": path})
    assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == before


def test_wrong_extension_is_refused_with_a_chinese_message(lianwei_provider, tmp_path):
    import processing

    with pytest.raises(QgsProcessingException) as caught:
        processing.run("lianwei:createledger", {"OUTPUT": str(tmp_path / "ledger.shp")})
    assert "台账为 GeoPackage 文件" in str(caught.value) and ".gpkg" in str(caught.value)
    assert os.listdir(tmp_path) == []
