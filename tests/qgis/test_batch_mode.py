"""The check in Processing's batch dialog: a batch file of two runs, loaded and run as a technician would."""

from batch_file import close_at_teardown, open_with_batch_dialog, write_batch_file
from qgis.core import QgsApplication, QgsVectorLayer

from lianwei.processing.algorithms.check_violations import ledger_parameters


def test_batch_dialog_runs_the_check_twice(
    small_sample, lianwei_provider, qgis_iface, qtbot, tmp_path, monkeypatch, request
):
    from processing.gui.BatchAlgorithmDialog import BatchAlgorithmDialog

    ledger = small_sample["OUTPUT"]
    tables = ledger_parameters(ledger)
    outputs = [tmp_path / "checked_1.gpkg", tmp_path / "checked_2.gpkg"]
    farmland_left_out = {k: v for k, v in tables.items() if k != "FARMLAND"}  # the second run without farmland
    batch_file = tmp_path / "batch.json"
    rows = [(tables, {"OUTPUT": str(outputs[0])}), (farmland_left_out, {"OUTPUT": str(outputs[1])})]
    write_batch_file(batch_file, rows)
    open_with_batch_dialog(monkeypatch, batch_file)

    algorithm = QgsApplication.processingRegistry().createAlgorithmById("lianwei:checkviolations")
    dialog = BatchAlgorithmDialog(algorithm)
    close_at_teardown(request, dialog)
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
