"""lianwei:readboundarypoints: the ministry's boundary-point TXT and spreadsheet coordinate lists as a polygon
layer, one feature per parcel; files that cannot be placed are refused naming the file, line and field."""

import os

import pytest
from recording_feedback import RecordingFeedback

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "patches")


def run(path, feedback=None, **extra):
    import processing

    parameters = dict({"INPUT": path, "OUTPUT": "TEMPORARY_OUTPUT"}, **extra)
    results = processing.run("lianwei:readboundarypoints", parameters, feedback=feedback)
    return results, results["OUTPUT"]


def rows(layer):
    return {f["JCBH"]: f for f in layer.getFeatures()}


def test_gbk_file_with_two_parcels_and_a_hole(lianwei_provider):
    feedback = RecordingFeedback()
    results, layer = run(os.path.join(DATA, "two_parcels_gbk.txt"), feedback)
    assert layer.crs().authid() == "EPSG:4524" and results["CRS_USED"] == "EPSG:4524"
    assert layer.featureCount() == 2 and results["PARCELS"] == 2
    found = rows(layer)
    assert [found[k]["DKMC"] for k in ("1", "2")] == ["石桥村养殖场", "石桥村仓库"]
    first = found["1"]
    assert first["JSMJ"] == 4600.0 and first["TBMJ"] == 4600.0 and first["DLBM"] == "1202"
    assert "EPSG:4524" in first["MJFS"]
    polygon = first.geometry().constGet().geometryN(0)
    assert polygon.numInteriorRings() == 1
    assert first.geometry().area() == pytest.approx(4600.0)
    print(feedback.log)
