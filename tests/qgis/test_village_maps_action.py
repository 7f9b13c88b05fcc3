"""“Print village maps” from QGIS Desktop: the selected villages, in a background task, the folder opened."""

import datetime
import os
import shutil

import pytest
from qgis.core import QgsProject

from lianwei.layers.project import ledger_layers


@pytest.fixture
def sample_in_project(small_sample, tmp_path, qgis_new_project):
    for suffix in (".gpkg", ".qgz"):
        shutil.copy(os.path.splitext(small_sample["OUTPUT"])[0] + suffix, tmp_path / f"ledger{suffix}")
    layers = ledger_layers(str(tmp_path / "ledger.gpkg"))
    QgsProject.instance().addMapLayers(list(layers.values()))
    yield tmp_path, layers
    QgsProject.instance().removeAllMapLayers()


def test_selected_villages_are_printed_in_the_background(
    lianwei_provider, sample_in_project, qgis_iface, qtbot, monkeypatch
):
    from qgis.PyQt.QtGui import QDesktopServices

    from lianwei.ui.village_maps_action import VillageMapsRunner

    folder, layers = sample_in_project
    villages = layers["villages"]
    chosen = [f.id() for f in villages.getFeatures() if f["village_code"] in ("450109101202", "450109101205")]
    villages.selectByIds(chosen)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    runner = VillageMapsRunner(qgis_iface)
    task = runner.run(report_date=datetime.date(2024, 8, 31), folder=str(folder))
    assert task is not None
    progress = []
    runner.feedback.progressChanged.connect(progress.append)
    qtbot.waitUntil(lambda: runner.task is None, timeout=120_000)
    assert runner.last_results is not None and runner.last_results["PAGES"] == 3  # overview + 2 villages
    assert opened == [runner.folder]
    files = os.listdir(runner.folder)
    assert any("李家湾村" in f for f in files) and not any("石桥村" in f for f in files)
    assert progress and max(progress) == 100


def test_no_ledger_in_the_project_says_so(qgis_iface, qgis_new_project, monkeypatch):
    from lianwei.ui.village_maps_action import VillageMapsRunner

    messages = []
    bar = qgis_iface.messageBar()
    monkeypatch.setattr(bar, "pushMessage", lambda title, text, level: messages.append(text))
    assert VillageMapsRunner(qgis_iface).run(folder="/tmp") is None
    assert messages and ("台账" in messages[-1] or "ledger" in messages[-1])
