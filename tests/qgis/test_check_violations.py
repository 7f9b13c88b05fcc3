"""lianwei:checkviolations through processing.run: CRSs, bad geometry, bad input, the sample township, a model."""

import os

import pytest
from check_cases import CASES, FARMLAND, PARCELS, PERMITS, VILLAGES
from gpkg_copy import copy_gpkg
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)
from recording_feedback import RecordingFeedback
from shapely.geometry import box

from lianwei.processing.algorithms.check_violations import ledger_parameters

FIELDS = {
    "violations": "case_id:string(30)",
    "permits": "permit_no:string(40)&field=permit_type:string(20)&field=approved_m2:double&field=expires_on:date",
    "cadastre": "parcel_id:string(19)&field=owner:string(100)&field=land_class:string(4)",
    "villages": "village_code:string(12)&field=village_name:string(50)",
    "farmland": "patch_id:string(30)",
}


def memory_layer(kind, features, crs="EPSG:4545"):
    layer = QgsVectorLayer(f"MultiPolygon?crs={crs}&field={FIELDS[kind]}", kind, "memory")
    transform = None
    if crs != "EPSG:4545":
        transform = QgsCoordinateTransform(
            QgsCoordinateReferenceSystem("EPSG:4545"), QgsCoordinateReferenceSystem(crs), QgsProject.instance()
        )
    rows = []
    for f in features:
        row = QgsFeature(layer.fields())
        geometry = QgsGeometry()
        geometry.fromWkb(f.geometry.wkb)
        if transform is not None:
            geometry.transform(transform)
        row.setGeometry(geometry)
        row.setAttribute(0, f.key)
        for name, value in f.attributes.items():
            row.setAttribute(name, value)
        rows.append(row)
    assert layer.dataProvider().addFeatures(rows)[0]
    return layer


def run_check(violations, feedback=None, **overrides):
    import processing

    parameters = {
        "INPUT": violations,
        "PERMITS": memory_layer("permits", PERMITS),
        "CADASTRE": memory_layer("cadastre", PARCELS),
        "VILLAGES": memory_layer("villages", VILLAGES),
        "FARMLAND": memory_layer("farmland", FARMLAND),
        "REPORT_DATE": "2024-08-31",
        "OUTPUT": "memory:",
    }
    parameters.update(overrides)
    return processing.run("lianwei:checkviolations", parameters, feedback=feedback)


def rows(result):
    return {f["case_id"]: f for f in result["OUTPUT"].getFeatures()}


class Log:
    def __init__(self):
        self.lines = []


@pytest.fixture
def hand_cases(lianwei_provider):
    from check_cases import feature

    layer = memory_layer("violations", [feature(k, g) for k, g in CASES.items() if k != "empty"])
    feedback = RecordingFeedback()
    result = run_check(layer, feedback)
    result["log"] = "\n".join(feedback.lines)
    return result


def test_hand_cases_through_processing(hand_cases):
    out = rows(hand_cases)
    assert out["inside"]["footprint_m2"] == 2500.0 and out["inside"]["permit_no"] == "建字第1号"
    assert out["over_approved"]["excess_m2"] == 400.0 and out["over_approved"]["suggested_type"] == "L3"
    assert out["over_approved"]["violation_type"] == "L3" and out["over_approved"]["category"] == "LAND"
    assert out["two_villages"]["village_code"] == "450109101202"
    assert not out["no_village"]["village_code"]  # NULL
    assert out["hole"]["footprint_m2"] == 7500.0
    bow_tie = out["bow_tie"]
    assert bow_tie["footprint_m2"] == 800.0 and bow_tie.geometry().isGeosValid()
    assert "EPSG:4545" in out["inside"]["area_method"] and "CGCS2000" in out["inside"]["area_method"]
    assert "EPSG:4545" in hand_cases["AREA_METHOD"]


def test_the_log_names_repaired_outside_and_split_cases(hand_cases):
    log = hand_cases["log"]
    assert "bow_tie" in log.split("repaired")[1].splitlines()[0]
    assert "no_village" in log.split("Outside every village")[1].splitlines()[0]
    assert "two_villages lies in several villages (450109101202 66.7%; 450109101201 33.3%)" in log
    assert "Area method: Planar area in 2000国家大地坐标系 高斯-克吕格投影 3度带 第36带 中央经线108° (EPSG:4545)" in log


@pytest.mark.parametrize("crs", ["EPSG:4490", "EPSG:4524", "EPSG:3857"])
def test_same_square_same_numbers_in_any_crs(lianwei_provider, crs):
    from check_cases import feature

    square = [feature("SQ", box(120, 120, 170, 170)), feature("BIG", box(150, 300, 450, 500))]
    reference = rows(run_check(memory_layer("violations", square)))
    other = rows(run_check(memory_layer("violations", square, crs)))
    for key in ("SQ", "BIG"):
        for name in ("footprint_m2", "ellipsoid_m2", "permitted_m2", "unpermitted_m2", "excess_m2"):
            assert other[key][name] == pytest.approx(reference[key][name], abs=0.005), (crs, key, name)
        assert other[key]["village_code"] == reference[key]["village_code"]


def test_other_layers_may_have_their_own_crs(lianwei_provider):
    from check_cases import feature

    violations = memory_layer("violations", [feature("SQ", box(120, 120, 170, 170))])
    out = rows(
        run_check(
            violations,
            PERMITS=memory_layer("permits", PERMITS, "EPSG:4490"),
            VILLAGES=memory_layer("villages", VILLAGES, "EPSG:3857"),
        )
    )
    assert out["SQ"]["permitted_m2"] == 2500.0 and out["SQ"]["village_name"] == "石桥村"


def test_a_missing_field_is_named_in_chinese_and_english(lianwei_provider):
    from check_cases import feature

    bare = QgsVectorLayer("MultiPolygon?crs=EPSG:4545&field=permit_no:string", "许可证", "memory")
    violations = memory_layer("violations", [feature("SQ", box(120, 120, 170, 170))])
    with pytest.raises(QgsProcessingException) as caught:
        run_check(violations, PERMITS=bare)
    message = str(caught.value)
    assert "缺少字段" in message and "approved_m2" in message and "许可证" in message and "lacks" in message


def test_sample_township_checked(small_sample, lianwei_provider):
    ledger = small_sample["OUTPUT"]
    result = run_check(
        small_sample["VIOLATIONS"],
        PERMITS=small_sample["PERMITS"],
        CADASTRE=small_sample["CADASTRE"],
        VILLAGES=small_sample["VILLAGES"],
        FARMLAND=small_sample["FARMLAND"],
    )
    features = list(result["OUTPUT"].getFeatures())
    assert len(features) == 120
    original = QgsVectorLayer(f"{ledger}|layername=violations", "v", "ogr")
    by_case = {f["case_id"]: f for f in original.getFeatures()}
    for f in features:
        assert f["footprint_m2"] == pytest.approx(by_case[f["case_id"]]["footprint_m2"], abs=0.011)
        assert round(f["permitted_m2"] + f["unpermitted_m2"], 2) == f["footprint_m2"]
        assert f["parcel_id"] and f["village_code"]
    assert {f["suggested_type"] for f in features} - {None} >= {"L2", "C1", "L3"}


def test_the_shipped_model_runs(small_sample, lianwei_provider, tmp_path):
    from plugin_paths import REPO
    from qgis.core import QgsProcessingModelAlgorithm

    import processing

    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(f"{REPO}/resources/models/lianwei_sample_check.model3")
    # what the Graphical Modeler shows in red: a step missing a required value
    assert [m for child in model.childAlgorithms() for m in model.validateChildAlgorithm(child)[1]] == []
    ledger_key, checked_key = "lianwei:sampletownship_1:台账", "lianwei:checkviolations_1:核查后的违法图斑"
    assert {p.name() for p in model.parameterDefinitions()} >= {"SEED", "VIOLATIONS", "PARCELS", ledger_key}
    checked_path = str(tmp_path / "checked.gpkg")
    maps_key = "lianwei:villagemaps_1:村级图件文件夹"
    parameters = {"SEED": 3, "VIOLATIONS": 40, "PARCELS": 600, ledger_key: str(tmp_path / "model.gpkg")}
    result = processing.run(model, dict(parameters, **{checked_key: checked_path, maps_key: str(tmp_path / "maps")}))
    checked = QgsVectorLayer(result[checked_key], "checked", "ogr")
    assert checked.featureCount() == 40
    assert all(f["footprint_m2"] > 0 and f["area_method"] for f in checked.getFeatures())
    pngs = [name for name in os.listdir(result[maps_key]) if name.endswith(".png")]
    assert len(pngs) == 15  # the overview and the 14 villages of the sample


def test_loaded_output_is_styled_and_says_how_areas_were_computed(lianwei_provider):
    """What QGIS does with the output it loads: the post-processor styles it and notes the area method."""
    from check_cases import feature
    from qgis.core import QgsProcessingContext, QgsProcessingOutputLayerDefinition

    import processing

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    violations = memory_layer("violations", [feature("SQ", box(120, 120, 170, 170))])
    parameters = {
        "INPUT": violations,
        "PERMITS": memory_layer("permits", PERMITS),
        "CADASTRE": memory_layer("cadastre", PARCELS),
        "VILLAGES": memory_layer("villages", VILLAGES),
        "OUTPUT": QgsProcessingOutputLayerDefinition("TEMPORARY_OUTPUT", QgsProject.instance()),
    }
    result = processing.run("lianwei:checkviolations", parameters, context=context, feedback=feedback)
    output = result["OUTPUT"]  # processing.run hands back the layer itself where it can
    layer = output if isinstance(output, QgsVectorLayer) else context.getMapLayer(output)
    assert context.willLoadLayerOnCompletion(layer.id())
    details = context.layerToLoadOnCompletionDetails(layer.id())
    assert details.postProcessor() is not None
    details.postProcessor().postProcessLayer(layer, context, feedback)
    assert layer.renderer().type() == "categorizedSymbol"
    assert layer.attributeAlias(layer.fields().indexOf("footprint_m2")) == "占地面积"
    assert "EPSG:4545" in layer.metadata().abstract()


def test_an_empty_violations_layer_gives_an_empty_result(lianwei_provider):
    empty = QgsVectorLayer(f"MultiPolygon?crs=EPSG:4545&field={FIELDS['violations']}", "空图层", "memory")
    feedback = RecordingFeedback()
    result = run_check(empty, feedback)
    assert result["OUTPUT"].featureCount() == 0
    assert any("nothing to check" in line for line in feedback.lines)


def test_a_ledger_under_a_chinese_path_with_odd_characters(small_sample, lianwei_provider, tmp_path):

    copy = tmp_path / "清溪镇 台账#1%.gpkg"
    copy_gpkg(small_sample["OUTPUT"], copy)
    tables = ledger_parameters(str(copy))
    result = run_check(tables.pop("INPUT"), **tables)
    features = list(result["OUTPUT"].getFeatures())
    assert len(features) == 120 and all(f["parcel_id"] and f["village_code"] for f in features)
