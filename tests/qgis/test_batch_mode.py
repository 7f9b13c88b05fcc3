"""The check in Processing's batch dialog: a batch file of two runs, loaded and run as a technician would."""

import json

from qgis.core import QgsApplication, QgsVectorLayer


def test_batch_dialog_runs_the_check_twice(small_sample, lianwei_provider, qgis_iface, qtbot, tmp_path, monkeypatch):
    from processing.gui import BatchPanel
    from processing.gui.BatchAlgorithmDialog import BatchAlgorithmDialog

    ledger = small_sample["OUTPUT"]
    tables = {
        key: f"{ledger}|layername={table}"
        for key, table in (
            ("INPUT", "violations"),
            ("PERMITS", "permits"),
            ("CADASTRE", "cadastre"),
            ("VILLAGES", "villages"),
            ("FARMLAND", "farmland"),
        )
    }
    outputs = [tmp_path / "checked_1.gpkg", tmp_path / "checked_2.gpkg"]
    rows = [
        {"PARAMETERS": {k: repr(v) for k, v in tables.items()}, "OUTPUTS": {"OUTPUT": repr(str(out))}}
        for out in outputs
    ]
    rows[1]["PARAMETERS"].pop("FARMLAND")  # the second run without the optional farmland layer
    batch_file = tmp_path / "batch.json"
    batch_file.write_text(json.dumps(rows), encoding="utf-8")
    monkeypatch.setattr(BatchPanel.QFileDialog, "getOpenFileName", lambda *a, **k: (str(batch_file), ""))

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
