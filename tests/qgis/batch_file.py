"""A Processing batch file as the QGIS under test writes it from the batch dialog's Save button.

QGIS 3.40 saves {"format": "batch_3.40", "rows": [...]} with plain JSON values; it still opens the older list of
rows with Python-literal values (what 3.22 saves), but only after a modal "Security warning" that waits for a click.
"""

import json

from qgis.core import Qgis


def write_batch_file(path, rows):
    """rows: (parameters, outputs) pairs, each a dict of plain values."""
    if Qgis.QGIS_VERSION_INT >= 34000:
        content = {"format": "batch_3.40", "rows": [{"PARAMETERS": p, "OUTPUTS": o} for p, o in rows]}
    else:
        content = [
            {"PARAMETERS": {k: repr(v) for k, v in p.items()}, "OUTPUTS": {k: repr(v) for k, v in o.items()}}
            for p, o in rows
        ]
    path.write_text(json.dumps(content), encoding="utf-8")


def open_with_batch_dialog(monkeypatch, path):
    """The batch panel's Open button picks `path`; any message box fails the test instead of waiting for a click."""
    from processing.gui import BatchPanel, Postprocessing

    # pytest-qgis's iface has no layer tree view (a MagicMock), which QGIS 3.44 hands to C++ after each row; the
    # results are not loaded (the tests untick "load layers"), so Processing's post-processing runs as without a GUI.
    monkeypatch.setattr(Postprocessing, "iface", None, raising=False)
    monkeypatch.setattr(BatchPanel.QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))

    def no_modal_box(*args, **kwargs):
        raise AssertionError(f"message box: {args[1:3]}")

    for name in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(BatchPanel.QMessageBox, name, no_modal_box)
    monkeypatch.setattr(BatchPanel.QMessageBox, "exec", lambda box: no_modal_box(box, box.windowTitle(), box.text()))


def close_at_teardown(request, dialog):
    """Close the dialog after the test unless QGIS already deleted it (3.40's batch dialog deletes itself once its
    runs are done; pytest-qt's addWidget would then fail the teardown on the deleted object)."""
    from qgis.PyQt import sip

    request.addfinalizer(lambda: sip.isdeleted(dialog) or dialog.close())
