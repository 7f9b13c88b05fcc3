"""The campaign dashboard dock and the campaign settings dialog, driven through their real widgets."""

import shutil

import pytest
from progress_cases import CAMPAIGN_ROWS, EXPECTED, VILLAGES, ledger_records
from qgis.core import QgsCoordinateReferenceSystem, QgsProject
from qgis.PyQt.QtCore import QDate

from lianwei.layers.ledger import build_ledger
from lianwei.layers.progress_source import read_campaign, read_campaign_rows
from lianwei.layers.project import ledger_layers


@pytest.fixture(scope="module")
def hand_ledger_file(qgis_app, tmp_path_factory):
    path = str(tmp_path_factory.mktemp("dock") / "hand.gpkg")
    build_ledger(path, QgsCoordinateReferenceSystem("EPSG:4545"), CAMPAIGN_ROWS, ledger_records())
    return path


@pytest.fixture
def ledger_in_project(hand_ledger_file, tmp_path, qgis_new_project):
    path = str(tmp_path / "ledger.gpkg")
    shutil.copy(hand_ledger_file, path)
    layers = ledger_layers(path)
    project = QgsProject.instance()
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:4545"))
    project.addMapLayers(list(layers.values()))
    yield path, layers
    project.removeAllMapLayers()


@pytest.fixture
def dock(ledger_in_project, qgis_iface, qtbot):
    from lianwei.ui.progress_dock import ProgressDock

    widget = ProgressDock(qgis_iface)
    qtbot.addWidget(widget)
    widget.report_date.setDate(QDate(2024, 7, 1))
    yield widget
    widget.unload()


def test_dock_shows_the_summary(dock):
    t = dock.summary.township
    assert t.demolished_m2 == EXPECTED["*"][2]
    assert dock.bar.value() == 422  # 42.2 % in tenths of a percent
    assert "422.35" in dock.bar.text() and "1,000" in dock.bar.text()
    assert "09-10 100%" in dock.status.text()
    assert dock.table.rowCount() == len(VILLAGES) + 2  # the villages, the cases in no village, the township
    assert dock.overdue_model.rowCount() == 2
    assert dock.overdue_model.items[0].case_id == "B-1"  # the longest overdue first
    assert dock.chart.renderer().isValid()


def test_saving_an_edit_updates_the_dock(dock, ledger_in_project):
    _, layers = ledger_in_project
    violations = layers["violations"]
    feature = next(f for f in violations.getFeatures() if f["case_id"] == "A-2")
    assert violations.startEditing()
    violations.changeAttributeValue(feature.id(), violations.fields().indexOf("demolished_m2"), 150.50)
    assert violations.commitChanges(), violations.commitErrors()
    assert dock.summary.township.demolished_m2 == pytest.approx(422.35 - 60.25 + 150.50)
    assert dock.summary.villages[0].demolished_m2 == pytest.approx(350.50)
    assert 0 < dock.last_refresh_ms < 1000


def test_sorting_and_zooming_to_a_village(dock, qgis_iface):
    column = 4  # demolished m²
    dock.table.sortItems(column)
    values = [dock.table.item(r, column).value for r in range(dock.table.rowCount())]
    assert values == sorted(values)
    row = next(r for r in range(dock.table.rowCount()) if dock.table.item(r, 0).text() == "乙村")
    dock._village_clicked(row, 0)
    extent = qgis_iface.mapCanvas().extent()
    assert extent.contains(extent.center())
    assert 901_000 <= extent.center().x() <= 902_000  # 乙村 is the second 1 km square from x = 900,000


def test_campaign_dialog_saves_settings_and_quotas(ledger_in_project, qtbot, monkeypatch):
    from qgis.PyQt.QtWidgets import QMessageBox

    from lianwei.ui.campaign_dialog import CampaignDialog

    monkeypatch.setattr(QMessageBox, "warning", lambda *args: pytest.fail(args[2]))  # offscreen it would block

    path, _ = ledger_in_project
    dialog = CampaignDialog(path, VILLAGES)
    qtbot.addWidget(dialog)
    assert dialog.target.value() == 1000
    assert dialog.milestones.rowCount() == 2
    dialog.target.setValue(1200)
    dialog.quotas.cellWidget(0, 2).setValue(500)
    dialog.producer.setText("清溪镇自然资源所（测试）")
    assert dialog.save()
    campaign = read_campaign(path)
    assert campaign.target_m2 == 1200 and campaign.producer == "清溪镇自然资源所（测试）"
    assert [m.label for m in campaign.milestones] == ["06-20 60%", "09-10 100%"]
    layer = ledger_in_project[1]["villages"]
    layer.reload()
    quotas = {f["village_code"]: f["quota_m2"] for f in layer.getFeatures()}
    assert quotas[VILLAGES[0][0]] == 500 and quotas[VILLAGES[1][0]] == 300


def test_campaign_dialog_refuses_nonsense_and_changes_nothing(ledger_in_project, qtbot, monkeypatch):
    from qgis.PyQt.QtWidgets import QMessageBox

    from lianwei.ui.campaign_dialog import CampaignDialog

    path, _ = ledger_in_project
    before = read_campaign_rows(path)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    dialog = CampaignDialog(path, VILLAGES)
    qtbot.addWidget(dialog)
    dialog.milestones.cellWidget(1, 1).setValue(40)  # 09-10 asks for less than 06-20
    assert not dialog.save()
    assert "milestones" in warnings[-1] and "后一时间节点" in warnings[-1] and " / " in warnings[-1]
    dialog.milestones.cellWidget(1, 1).setValue(100)
    dialog.quotas.cellWidget(1, 2).setValue(5000)  # more than the whole target
    assert not dialog.save()
    assert read_campaign_rows(path) == before
