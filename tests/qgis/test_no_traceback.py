"""No Python traceback reaches a user: an unexpected error inside an algorithm, a menu action, a dialog button or a
map tool becomes one message in Chinese and English naming where it happened; the traceback goes to the log."""

from pathlib import Path

import pytest
from case_ledger import close_case_ledger, open_case_ledger
from gpkg_copy import copy_gpkg
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsProcessingException,
    QgsProcessingFeedback,
)
from qgis.PyQt.QtCore import QEvent, QPoint, Qt

from lianwei.layers.ledger import LedgerError, layer_uri
from lianwei.layers.ledger_store import table_dump
from lianwei.processing.algorithms import ALGORITHMS
from lianwei.processing.algorithms.check_violations import ledger_parameters

UNEXPECTED = ("出现意外错误", "台账未被改动", "Unexpected error in", "The ledger was not changed")


class Logged:
    """What QGIS's message log receives under the tab Lianwei."""

    def __init__(self):
        self.messages = []
        QgsApplication.messageLog().messageReceived.connect(self.received)

    def received(self, message, tag, level):
        if tag == "Lianwei":
            self.messages.append(message)

    def close(self):
        QgsApplication.messageLog().messageReceived.disconnect(self.received)


@pytest.fixture
def logged():
    log = Logged()
    yield log
    log.close()


@pytest.fixture
def ledger(small_sample, tmp_path):
    path = tmp_path / "台账.gpkg"
    copy_gpkg(small_sample["OUTPUT"], path)
    return str(path)


def test_every_algorithm_is_guarded():
    for algorithm in ALGORITHMS:
        for name in ("prepareAlgorithm", "processAlgorithm"):
            assert getattr(getattr(algorithm, name), "lianwei_guarded", False), (algorithm.__name__, name)


def test_an_unexpected_error_in_the_check_is_one_bilingual_sentence(ledger, lianwei_provider, logged, monkeypatch):
    import processing
    from lianwei.processing.algorithms import check_violations

    def broken(*args, **kwargs):
        return 1 / 0

    monkeypatch.setattr(check_violations, "check_violations", broken)
    feedback = QgsProcessingFeedback()
    before = table_dump(ledger)
    with pytest.raises(QgsProcessingException) as caught:
        processing.run("lianwei:checkviolations", dict(ledger_parameters(ledger), OUTPUT="memory:"), feedback=feedback)
    message = str(caught.value)
    for word in UNEXPECTED + ("ZeroDivisionError", "division by zero", "Check violations"):
        assert word in message, message
    assert "Traceback" not in message and "File " not in message
    assert any("Traceback" in m and "broken" in m for m in logged.messages)
    assert table_dump(ledger) == before


def test_an_unexpected_error_while_preparing_is_caught_too(ledger, lianwei_provider, monkeypatch):
    import processing
    from lianwei.processing.algorithms import check_violations

    def broken(layer):
        raise KeyError("provider")

    monkeypatch.setattr(check_violations, "whole_table", broken)
    feedback = QgsProcessingFeedback()
    with pytest.raises(QgsProcessingException):  # processing.run says "There were errors…"; the log says which
        processing.run("lianwei:checkviolations", dict(ledger_parameters(ledger), OUTPUT="memory:"), feedback=feedback)
    log = feedback.textLog()
    assert "KeyError: 'provider'" in log and "出现意外错误" in log and "Unexpected error in Check violations" in log


def test_a_ledger_error_is_shown_as_it_is(ledger, lianwei_provider, monkeypatch):
    import processing
    from lianwei.processing.algorithms import import_reference

    def locked(*args, **kwargs):
        raise LedgerError("台账 x.gpkg 正被其他程序使用 / The ledger x.gpkg is in use by another program")

    monkeypatch.setattr(import_reference, "import_reference", locked)
    with pytest.raises(QgsProcessingException) as caught:
        processing.run(
            "lianwei:importreference",
            {"INPUT": layer_uri(ledger, "villages"), "TABLE": 0, "LEDGER": ledger},
        )
    assert str(caught.value) == "台账 x.gpkg 正被其他程序使用 / The ledger x.gpkg is in use by another program"


# --- menu actions, dialogs, map tools ------------------------------------------------------------------------------
def critical(qgis_iface):
    return qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)


def test_a_menu_action_shows_a_message_instead_of_a_traceback(qgis_iface, logged, monkeypatch):
    from lianwei.ui import ledger_actions

    qgis_iface.messageBar().clear_messages()

    def broken(*args, **kwargs):
        raise OSError(13, "Permission denied", "/data/台账.gpkg")

    monkeypatch.setattr(ledger_actions.QFileDialog, "getOpenFileName", broken)
    assert ledger_actions.open_ledger(qgis_iface) is None  # nothing escapes
    (message,) = critical(qgis_iface)
    assert "打开台账" in message or "Open ledger" in message
    for word in ("出现意外错误", "Unexpected error in", "PermissionError", "/data/台账.gpkg", "Log Messages"):
        assert word in message, message
    assert any("Traceback" in m for m in logged.messages)


def test_open_ledger_says_why_a_file_is_not_a_ledger(qgis_iface, monkeypatch, tmp_path):
    from lianwei.ui import ledger_actions

    truncated = tmp_path / "截断.gpkg"
    truncated.write_bytes((Path(__file__).parents[1] / "data" / "bad" / "truncated.gpkg").read_bytes())
    qgis_iface.messageBar().clear_messages()
    monkeypatch.setattr(ledger_actions.QFileDialog, "getOpenFileName", lambda *a, **k: (str(truncated), ""))
    ledger_actions.open_ledger(qgis_iface)
    (message,) = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Warning)
    assert str(truncated) in message and "truncated" in message  # not "is not a ledger", not "not found"


def test_the_plugin_menu_guards_every_entry(qgis_iface, without_lianwei_provider, monkeypatch):
    import lianwei
    from lianwei.ui import ledger_actions

    plugin = lianwei.classFactory(qgis_iface)
    plugin.initGui()
    try:
        qgis_iface.messageBar().clear_messages()
        monkeypatch.setattr(ledger_actions, "_run_dialog", lambda *a: [][1])  # an IndexError inside the action
        action = next(a for a in plugin.actions if a.objectName() == "LianweiNewLedger")
        action.trigger()
        (message,) = critical(qgis_iface)
        assert "IndexError" in message and "出现意外错误" in message
    finally:
        plugin.unload()


def click(canvas, tool, x, y, button=Qt.MouseButton.LeftButton):
    from qgis.core import QgsPointXY
    from qgis.gui import QgsMapMouseEvent

    pixel = canvas.getCoordinateTransform().transform(QgsPointXY(x, y))
    event = QgsMapMouseEvent(canvas, QEvent.Type.MouseButtonRelease, QPoint(round(pixel.x()), round(pixel.y())), button)
    tool.canvasReleaseEvent(event)


def test_a_map_tool_shows_a_message_instead_of_a_traceback(
    small_sample, tmp_path, qgis_new_project, qgis_iface, logged, monkeypatch
):
    from lianwei.ui import case_tools

    path, layers = open_case_ledger(small_sample["OUTPUT"], tmp_path, "巡查员")
    try:
        canvas = qgis_iface.mapCanvas()
        canvas.resize(400, 400)
        canvas.setDestinationCrs(layers["villages"].crs())
        canvas.setExtent(layers["villages"].extent())
        qgis_iface.messageBar().clear_messages()
        tool = case_tools.PickCaseTool(qgis_iface, layers["violations"], open_form=False)

        def broken(*args, **kwargs):
            raise RuntimeError("identify failed")

        monkeypatch.setattr(tool, "identify", broken)
        centre = layers["villages"].extent().center()
        click(canvas, tool, centre.x(), centre.y())  # nothing escapes
        (message,) = critical(qgis_iface)
        assert "RuntimeError: identify failed" in message and "出现意外错误" in message
        assert "Take a parcel or patch as a violation" in message or "违法图斑" in message or "地块" in message
        split = case_tools.SplitCaseTool(qgis_iface, layers["violations"])
        monkeypatch.setattr(case_tools, "split_case", lambda *a: {}["x"])
        geometry = next(layers["violations"].getFeatures()).geometry()
        box = geometry.boundingBox()
        qgis_iface.messageBar().clear_messages()
        click(canvas, split, box.xMinimum() - 5, box.center().y())
        click(canvas, split, box.xMaximum() + 5, box.center().y())
        click(canvas, split, box.xMaximum() + 5, box.center().y(), Qt.MouseButton.RightButton)
        (message,) = critical(qgis_iface)
        assert "KeyError" in message and "Unexpected error in" in message
    finally:
        close_case_ledger()


def test_a_dialog_button_shows_a_message_box(small_sample, tmp_path, qgis_iface, qtbot, monkeypatch):
    from lianwei.ui import campaign_dialog, errors

    path = str(tmp_path / "台账.gpkg")
    copy_gpkg(small_sample["OUTPUT"], path)
    dialog = campaign_dialog.CampaignDialog(path, [])
    qtbot.addWidget(dialog)
    dialog.show()
    shown = []
    monkeypatch.setattr(errors.QMessageBox, "warning", lambda parent, title, text: shown.append((parent, text)))

    def broken(*args):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(campaign_dialog, "write_campaign", broken)
    before = table_dump(path)
    assert dialog.save() is None
    ((parent, text),) = shown
    assert parent is dialog and path in text and "PermissionError" in text and "出现意外错误" in text
    assert table_dump(path) == before


def test_a_page_of_the_load_dialog_shows_a_message_box(qgis_iface, qgis_new_project, qtbot, monkeypatch, tmp_path):
    from lianwei.ui import errors, load_layers_page
    from lianwei.ui.load_layers_dialog import LoadLayersDialog

    dialog = LoadLayersDialog(qgis_iface)
    qtbot.addWidget(dialog)
    dialog.show()
    shown = []
    monkeypatch.setattr(errors.QMessageBox, "warning", lambda parent, title, text: shown.append((parent, text)))

    def broken(path):
        raise MemoryError("out of memory reading the file")

    monkeypatch.setattr(load_layers_page.office_source, "file_tables", broken)
    dialog.page("villages").file.setFilePath(str(tmp_path / "村界.shp"))  # the slot runs; nothing escapes
    ((parent, text),) = shown
    assert parent is dialog and "MemoryError" in text and "Load office layers" in text and "出现意外错误" in text
