"""lianwei:progresssummary on a ledger built by hand: every number as worked out in tests/progress_cases.py."""

import pytest
from progress_cases import CAMPAIGN_ROWS, EXPECTED, FORECAST, REPORT_DATE, ledger_records
from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingException, QgsVectorLayer

from lianwei.layers.ledger import build_ledger, layer_uri


@pytest.fixture(scope="module")
def hand_ledger(qgis_app, tmp_path_factory):
    path = str(tmp_path_factory.mktemp("progress") / "hand.gpkg")
    build_ledger(path, QgsCoordinateReferenceSystem("EPSG:4545"), CAMPAIGN_ROWS, ledger_records())
    return path


def run_summary(path, **extra):
    import processing

    parameters = {
        "INPUT": layer_uri(path, "violations"),
        "VILLAGES": layer_uri(path, "villages"),
        "REPORT_DATE": REPORT_DATE,
        "OUTPUT": "TEMPORARY_OUTPUT",
    }
    parameters.update(extra)
    return processing.run("lianwei:progresssummary", parameters)["OUTPUT"]


def rows_of(layer: QgsVectorLayer):
    return {f["village_code"]: {n: f[n] for n in layer.fields().names()} for f in layer.getFeatures()}


def test_summary_numbers_from_the_ledger(lianwei_provider, hand_ledger):
    layer = run_summary(hand_ledger)
    rows = rows_of(layer)
    assert set(rows) == set(EXPECTED)
    for code, (cases, found, demolished, quota, remaining, light, new, stock, overdue) in EXPECTED.items():
        row = rows[code]
        assert (row["cases"], row["found_m2"], row["demolished_m2"], row["quota_m2"]) == (
            cases,
            found,
            demolished,
            quota,
        ), code
        assert (row["remaining_m2"], row["light"], row["overdue_cases"]) == (remaining, light, overdue), code
        assert (row["new_cases"], row["new_m2"], row["stock_cases"], row["stock_m2"]) == (*new, *stock), code
        forecast = row["forecast_on"]
        got = forecast.toString("yyyy-MM-dd") if forecast is not None and not forecast.isNull() else None
        assert got == FORECAST.get(code), code
    township = rows["*"]
    assert township["village_name"] == "清溪镇"
    assert township["n_legal"] == 1 and township["n_demolished"] == 3
    assert township["pct_target"] == 42.24  # 422.35 / 1000, half-up to 0.01
    assert township["next_milestone"] == "09-10 100%"
    assert "footprint_m2" in township["area_method"]


def test_loaded_summary_has_labels_and_area_method(lianwei_provider, hand_ledger):
    """What QGIS does with the output it loads: the post-processor labels the columns and notes the area method."""
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingOutputLayerDefinition,
        QgsProject,
        QgsVectorLayer,
    )

    import processing

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    parameters = {
        "INPUT": layer_uri(hand_ledger, "violations"),
        "VILLAGES": layer_uri(hand_ledger, "villages"),
        "REPORT_DATE": REPORT_DATE,
        "OUTPUT": QgsProcessingOutputLayerDefinition("TEMPORARY_OUTPUT", QgsProject.instance()),
    }
    output = processing.run("lianwei:progresssummary", parameters, context=context, feedback=feedback)["OUTPUT"]
    layer = output if isinstance(output, QgsVectorLayer) else context.getMapLayer(output)
    details = context.layerToLoadOnCompletionDetails(layer.id())
    assert details.postProcessor() is not None
    details.postProcessor().postProcessLayer(layer, context, feedback)
    assert layer.fields().field("demolished_m2").alias() == "Demolished (m²)"
    assert layer.fields().field("n_signed_off").alias() == "Cases 已销号"
    assert "footprint_m2" in layer.metadata().abstract()


def test_target_parameter_overrides_the_ledger(lianwei_provider, hand_ledger):
    rows = rows_of(run_summary(hand_ledger, TARGET_M2=2000))
    assert rows["*"]["quota_m2"] == 2000.0
    assert rows["450100000001"]["quota_m2"] == 1550.0  # 2000 − the 450 m² set by hand in B, D, E
    assert rows["*"]["remaining_m2"] == pytest.approx(2000 - 422.35)


def test_a_layer_without_the_progress_fields_is_named(lianwei_provider, hand_ledger):
    import processing

    with pytest.raises(QgsProcessingException) as error:
        processing.run(
            "lianwei:progresssummary",
            {
                "INPUT": layer_uri(hand_ledger, "villages"),
                "VILLAGES": layer_uri(hand_ledger, "villages"),
                "OUTPUT": "TEMPORARY_OUTPUT",
            },
        )
    assert "villages" in str(error.value) and "case_id" in str(error.value)


def test_sample_township_rows_add_up(lianwei_provider, small_sample):
    ledger = small_sample["OUTPUT"]
    layer = run_summary(ledger, REPORT_DATE="2024-08-31")
    rows = rows_of(layer)
    township = rows.pop("*")
    for name in ("cases", "found_m2", "demolished_m2", "remaining_m2", "new_m2", "stock_m2", "overdue_cases"):
        assert round(sum(r[name] for r in rows.values()) * 100) == round(township[name] * 100), name
    assert township["quota_m2"] == 40000.0
    assert township["demolished_m2"] > 0
