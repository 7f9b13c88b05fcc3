"""lianwei:sampletownship through processing.run: what it wrote, deterministically, and nothing when canceled."""

import os
from collections import Counter

import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsProject, QgsVectorLayer

from lianwei.core import schema

SMALL = {"SEED": 11, "VIOLATIONS": 120, "PARCELS": 2000, "PERMITS": 60}


def table(path, name):
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert layer.isValid()
    return layer


def rows(path, name):
    layer = table(path, name)
    return sorted(
        (f.geometry().asWkb().data() if f.hasGeometry() else b"", [str(v) for v in f.attributes()[1:]])
        for f in layer.getFeatures()
    )


def test_counts_and_contents(small_sample):
    path = small_sample["OUTPUT"]
    counts = {name: table(path, name).featureCount() for name in ("villages", "cadastre", "permits", "violations")}
    assert counts == {"villages": 14, "cadastre": 2000, "permits": 60, "violations": 120}
    assert table(path, "farmland").featureCount() > 0
    violations = table(path, "violations")
    statuses = Counter(f["status"] for f in violations.getFeatures())
    assert set(statuses) == set(schema.CODE_LISTS["status"])
    assert all(f.geometry().isGeosValid() for f in violations.getFeatures())
    feature = next(violations.getFeatures())
    assert feature["found_on"].isValid() and feature["found_on"].year() in (2023, 2024)
    assert isinstance(feature["is_new"], bool)
    campaign = {f["key"]: f["value"] for f in table(path, "campaign").getFeatures()}
    assert campaign["town_name"] == "清溪镇" and campaign["target_m2"] == "40000"
    project = QgsProject()
    assert project.read(small_sample["PROJECT"])
    assert project.title() == "清溪镇两违整治台账" or project.title().startswith("清溪镇")
    assert not project.viewSettings().defaultViewExtent().isEmpty()
    project.clear()


def test_same_seed_writes_the_same_ledger(small_sample, lianwei_provider, tmp_path):
    import processing

    again = processing.run("lianwei:sampletownship", dict(SMALL, OUTPUT=str(tmp_path / "again.gpkg")))
    for name in ("villages", "cadastre", "permits", "farmland", "violations"):
        assert rows(again["OUTPUT"], name) == rows(small_sample["OUTPUT"], name), name


def test_cancel_leaves_nothing_behind(lianwei_provider, tmp_path):
    import processing

    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda progress: feedback.cancel() if progress > 50 else None)
    with pytest.raises(QgsProcessingException):
        processing.run("lianwei:sampletownship", dict(SMALL, OUTPUT=str(tmp_path / "canceled.gpkg")), feedback=feedback)
    assert os.listdir(tmp_path) == []
