"""lianwei:checkviolations refuses what it cannot measure, by name, instead of writing nothing without a word."""

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProcessingException, QgsVectorLayer

from lianwei.processing.algorithms.check_violations import ledger_parameters

SQUARE = "POLYGON((536000 2533000, 536100 2533000, 536100 2533100, 536000 2533100, 536000 2533000))"


def test_nan_and_infinite_coordinates_are_named_and_nothing_is_written(lianwei_provider, small_sample):
    import processing

    layer = QgsVectorLayer("Polygon?crs=EPSG:4545&field=case_id:string", "手绘图斑", "memory")
    features = []
    for case_id, geometry in (
        ("OK1", QgsGeometry.fromWkt(SQUARE)),
        (
            "NAN1",
            QgsGeometry.fromPolygonXY(
                [[QgsPointXY(536000, 2533000), QgsPointXY(536100, 2533000), QgsPointXY(float("nan"), 2533100)]]
            ),
        ),
        (
            "INF1",
            QgsGeometry.fromPolygonXY(
                [[QgsPointXY(536000, 2533000), QgsPointXY(float("inf"), 2533000), QgsPointXY(536100, 2533100)]]
            ),
        ),
    ):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([case_id])
        feature.setGeometry(geometry)
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    parameters = dict(ledger_parameters(small_sample["OUTPUT"]), INPUT=layer, OUTPUT="memory:")
    with pytest.raises(QgsProcessingException) as error:
        processing.run("lianwei:checkviolations", parameters)
    message = str(error.value)
    assert "NAN1, INF1" in message and "OK1" not in message
    assert "不是数字" in message and "not numbers (NaN or infinite)" in message and "手绘图斑" in message
