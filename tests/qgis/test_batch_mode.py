"""The check in Processing's batch dialog: a batch file of two runs, loaded and run as a technician would."""

import json

import pytest
from qgis.core import Qgis, QgsApplication, QgsVectorLayer

from lianwei.processing.algorithms.check_violations import ledger_parameters


@pytest.mark.skipif(
    Qgis.QGIS_VERSION_INT >= 34000,
    reason="QGIS 3.40's batch dialog runs rows through its C++ base; offscreen it hung here (3.40.6, not solved)",
)
def test_batch_dialog_runs_the_check_twice(small_sample, lianwei_provider, qgis_iface, qtbot, tmp_path, monkeypatch):
    from processing.gui import BatchPanel
    from processing.gui.BatchAlgorithmDialog import BatchAlgorithmDialog

    ledger = small_sample["OUTPUT"]
    tables = ledger_parameters(ledger)
    outputs = [tmp_path / "checked_1.gpkg", tmp_path / "checked_2.gpkg"]
    rows = [
        {"PARAMETERS": {k: repr(v) for k, v in tables.items()}, "OUTPUTS": {"OUTPUT": repr(str(out))}}
        for out in outputs
    ]
    rows[1]["PARAMETERS"].pop("FARMLAND")  # the second run without the optional farmland layer
    batch_file = tmp_path / "batch.json"
    batch_file.write_text(json.dumps(rows), encoding="utf-8")
    monkeypatch.setattr(BatchPanel.QFileDialog, "getOpenFileName", lambda *a, **k: (str(batch_file), ""))

    def no_modal_box(*args, **kwargs):  # a modal message box would wait for a click that never comes
        raise AssertionError(f"message box: {args[1:3]}")

    for name in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(BatchPanel.QMessageBox, name, no_modal_box)

    algorithm = QgsApplication.processingRegistry().createAlgorithmById("lianwei:checkviolations")
    dialog = BatchAlgorithmDialog(algorithm)
    qtbot.addWidget(dialog)
    panel = dialog.mainWidget()
    panel.load()
    assert panel.batchRowCount() == 2
    panel.checkLoadLayersOnCompletion.setChecked(False)
    dialog.runAlgorithm()

    def finished():
        return all(out.exists() and QgsVectorLayer(str(out), "c", "ogr").featureCount() == 120 for out in outputs)

    qtbot.waitUntil(finished, timeout=120000)
    first = QgsVectorLayer(str(outputs[0]), "c", "ogr")
    second = QgsVectorLayer(str(outputs[1]), "c", "ogr")
    assert sum(f["farmland_m2"] for f in first.getFeatures()) > 0
    assert sum(f["farmland_m2"] or 0 for f in second.getFeatures()) == 0
