"""lianwei:syncpatches against a monitoring service on 127.0.0.1: the patches imported once, nothing created by a
second sync, the changed-since stamp kept and asked for, and a failing service leaving the ledger unchanged."""

import sqlite3
from contextlib import closing

import pytest
from gpkg_copy import copy_gpkg
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProject,
    QgsVectorLayer,
)
from recording_feedback import RecordingFeedback
from service_server import sample_features, service_fixture  # noqa: F401 - the fixture "service"

from lianwei.core.service_paging import stamp_key
from lianwei.layers.ledger_store import table_dump
from lianwei.processing.algorithms.sync_patches import SyncPatchesAlgorithm

SYNC = "lianwei:syncpatches"


@pytest.fixture
def ledger(small_sample, lianwei_provider, tmp_path, monkeypatch):
    monkeypatch.setattr(SyncPatchesAlgorithm, "BACKOFF_BASE", 0.01)
    path = str(tmp_path / "ledger.gpkg")
    copy_gpkg(small_sample["OUTPUT"], path)
    return path


@pytest.fixture
def township_patches(ledger, service):
    """Five patches in lon/lat inside the sample township's first villages, away from its cases."""
    villages = QgsVectorLayer(f"{ledger}|layername=villages", "villages", "ogr")
    to_degrees = QgsCoordinateTransform(
        villages.crs(), QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance().transformContext()
    )
    features = sample_features()
    for feature, village in zip(features, villages.getFeatures()):
        point = to_degrees.transform(village.geometry().pointOnSurface().asPoint())
        size = 0.0003
        ring = [[point.x(), point.y()], [point.x() + size, point.y()], [point.x() + size, point.y() + size]]
        feature["geometry"] = {"type": "Polygon", "coordinates": [ring + [[point.x(), point.y() + size], ring[0]]]}
    assert len(features) == 5
    service.features = features
    return features


def sync(url, ledger, **extra):
    import processing  # QGIS's

    feedback = RecordingFeedback()
    parameters = dict(URL=url, LEDGER=ledger, TIMEOUT=5, ATTEMPTS=2)
    parameters.update(extra)
    results = processing.run(SYNC, parameters, feedback=feedback, context=QgsProcessingContext())
    return results, feedback


def stored_stamp(ledger, url):
    with closing(sqlite3.connect(ledger)) as db:
        row = db.execute('SELECT "value" FROM "campaign" WHERE "key" = ?', (stamp_key(url),)).fetchone()
    return row[0] if row else None


def patch_cases(ledger):
    with closing(sqlite3.connect(ledger)) as db:
        return db.execute("SELECT patch_no FROM violations WHERE patch_no LIKE '450109-2024-W%'").fetchall()


def test_a_sync_imports_and_a_second_creates_nothing(ledger, service, township_patches):
    results, feedback = sync(service.base + "/ogc", ledger, COLLECTION="patches", REPORT="TEMPORARY_OUTPUT")
    assert (results["FETCHED"], results["PAGES"]) == (5, 3) and results["ELSEWHERE"] == 0
    assert results["REPORT"]  # importpatches' report, passed on
    assert results["NEW"] + results["LINKED"] == 5 and results["REFUSED"] == 0, feedback.log
    assert len(patch_cases(ledger)) == results["NEW"]
    items = service.base + "/ogc/collections/patches/items"
    stamp = stored_stamp(ledger, items)
    assert stamp == results["STAMP"] and stamp.endswith("Z")
    assert "datetime" not in service.queries("/ogc/collections/patches/items")[0]

    before = table_dump(ledger)
    results, feedback = sync(service.base + "/ogc", ledger, COLLECTION="patches")
    assert service.queries("/ogc/collections/patches/items")[-1]["datetime"] == stamp + "/.."
    assert results["FETCHED"] == 0 and results["NEW"] == 0
    assert "No patch changed" in feedback.log
    after = table_dump(ledger)
    assert {k: v for k, v in after.items() if k != "campaign"} == {k: v for k, v in before.items() if k != "campaign"}


def test_a_service_without_a_filter_sends_everything_again_and_nothing_is_created(ledger, service, township_patches):
    first, _ = sync(service.base + "/geojson", ledger)
    cases = patch_cases(ledger)
    second, _ = sync(service.base + "/geojson", ledger)
    assert second["FETCHED"] == 5 and second["NEW"] == 0 and patch_cases(ledger) == cases
    assert first["NEW"] == len(cases)


def test_since_given_overrides_the_stamp(ledger, service, township_patches):
    sync(service.base + "/ogc", ledger, COLLECTION="patches", SINCE="2024-04-01")
    assert service.queries("/ogc/collections/patches/items")[0]["datetime"] == "2024-04-01T00:00:00Z/.."


def refused_unchanged(ledger, url, *words, **extra):
    before = table_dump(ledger)
    with pytest.raises(QgsProcessingException) as caught:
        sync(url, ledger, **extra)
    message = str(caught.value)
    for word in ("台账", "未作任何更改", "is unchanged") + words:
        assert word in message, message
    assert table_dump(ledger) == before
    return message


def test_service_answer_cut_off_mid_page_leaves_the_ledger_unchanged(ledger, service, township_patches):
    """The bad-input corpus entry "service answer cut off mid-page" (it needs a live server, so it lives here)."""
    refused_unchanged(ledger, service.base + "/ogc", "Page 2", "截断", COLLECTION="cutpage")


def test_expired_token_leaves_the_ledger_unchanged(ledger, service):
    refused_unchanged(ledger, service.base + "/expired", "HTTP 401")


def test_malformed_page_leaves_the_ledger_unchanged(ledger, service):
    refused_unchanged(ledger, service.base + "/malformed", "JSON")


def test_slow_service_leaves_the_ledger_unchanged(ledger, service):
    service.slow_seconds = 2.5
    refused_unchanged(ledger, service.base + "/slow", "did not answer", TIMEOUT=1, ATTEMPTS=1)


def test_offline_service_leaves_the_ledger_unchanged(ledger):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    refused_unchanged(ledger, f"http://127.0.0.1:{port}/ogc", "无法连接", COLLECTION="patches")


def test_a_since_that_is_no_date_is_refused(ledger, service):
    with pytest.raises(QgsProcessingException, match="not a date"):
        sync(service.base + "/geojson", ledger, SINCE="去年")
    assert service.requests == []
