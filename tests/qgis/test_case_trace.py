"""The ledger traces every change of a case and refuses what the workflow forbids, whatever tool edits it:
the attribute form, the attribute table and processing.run."""

import sqlite3
import time
from contextlib import closing

import pytest
from case_ledger import close_case_ledger, open_case_ledger, rows
from form_tools import TOOLS
from gpkg_copy import copy_gpkg
from qgis.core import (
    Qgis,
    QgsExpressionContextUtils,
    QgsVectorLayerCache,
    QgsVectorLayerUtils,
)
from qgis.gui import (
    QgsAttributeDialog,
    QgsAttributeEditorContext,
    QgsAttributeForm,
    QgsAttributeTableFilterModel,
    QgsAttributeTableModel,
    QgsAttributeTableView,
    QgsMapCanvas,
)
from qgis.PyQt import sip
from qgis.PyQt.QtWidgets import QComboBox, QDialogButtonBox, QStyleOptionViewItem

USER = "测试员张三"


@pytest.fixture
def ledger(small_sample, tmp_path, qgis_new_project):
    yield open_case_ledger(small_sample["OUTPUT"], tmp_path, USER)
    close_case_ledger()


def case_in(path, status):
    return rows(path, "SELECT fid, case_id FROM violations WHERE status = ? ORDER BY fid", status)


class AttributeTable:
    """QGIS's attribute table (its model, filter model, view and delegate) edited the way a click does: the
    cell's delegate makes the editor widget, the value goes into it, and the delegate writes it to the layer."""

    def __init__(self, layer, qtbot):
        self.layer = layer
        self.canvas = QgsMapCanvas()
        self.cache = QgsVectorLayerCache(layer, 1000)
        self.model = QgsAttributeTableModel(self.cache)
        self.model.loadLayer()
        # Seen on QGIS 3.40 and once on 3.22 in a loaded CI run (not reproduced alone): the model came back empty
        # and the edit below failed far from the cause. Loaded again a few times, then said here.
        for _attempt in range(3):
            if self.model.rowCount() == layer.featureCount():
                break
            time.sleep(0.5)
            self.model.loadLayer()
        assert self.model.rowCount() == layer.featureCount(), "the attribute table did not load the layer"
        self.filter = QgsAttributeTableFilterModel(self.canvas, self.model)
        self.table = QgsAttributeTableView()
        self.table.setModel(self.filter)

    def edit(self, fid, name, value):
        field = self.layer.fields().indexOf(name)
        index = self.table.model().mapFromMaster(self.model.index(self.model.idToIndex(fid).row(), field))
        delegate = self.table.itemDelegate(index)
        editor = delegate.createEditor(self.table.viewport(), QStyleOptionViewItem(), index)
        if isinstance(editor, QComboBox):  # a coded field: its drop-down holds the codes as item data
            editor.setCurrentIndex(editor.findData(value))
        elif hasattr(editor, "setPlainText"):  # a long text field is edited in several lines
            editor.setPlainText(value)
        else:
            editor.setText(value)
        delegate.setModelData(editor, self.table.model(), index)
        editor.deleteLater()

    def close(self):
        """Views and caches of a layer must go before the layer does (else QGIS crashes on exit)."""
        for item in (self.table, self.filter, self.model, self.cache, self.canvas):
            sip.delete(item)


@pytest.fixture
def attribute_table(ledger, qtbot):
    tables = []

    def make(layer):
        tables.append(AttributeTable(layer, qtbot))
        return tables[-1]

    yield make
    for table in tables:
        table.close()


def form_context():
    context = QgsAttributeEditorContext()
    context.setVectorLayerTools(TOOLS)
    return context


def _with(layer, fid, **values):
    feature = layer.getFeature(fid)
    for name, value in values.items():
        feature[name] = value
    return feature


def log_of(path, case_id):
    return rows(
        path,
        "SELECT field, old_value, new_value, changed_by FROM case_log WHERE case_id = ? AND field <> 'case_id' "
        "ORDER BY fid",
        case_id,
    )


def test_a_new_ledger_traces_the_creation_of_every_case(ledger):
    path, _ = ledger
    (count,) = rows(path, "SELECT count(*) FROM violations")[0]
    assert rows(path, "SELECT count(*) FROM case_log WHERE field = 'case_id' AND old_value IS NULL")[0][0] == count


def test_an_edit_in_the_form_is_traced_one_row_per_field(ledger, qtbot):
    path, layers = ledger
    layer = layers["violations"]
    fid, case_id = case_in(path, "DISCOVERED")[0]
    party = layer.getFeature(fid)["party"]
    layer.startEditing()
    form = QgsAttributeForm(layer, layer.getFeature(fid), form_context())
    qtbot.addWidget(form)
    form.changeAttribute("status", "VERIFIED")
    form.changeAttribute("party", "王五")
    assert form.save()
    assert layer.commitChanges(), layer.commitErrors()
    print(
        "DBG",
        rows(path, "SELECT * FROM case_log WHERE case_id = ?", case_id),
        rows(path, "SELECT updated_at FROM violations WHERE fid = ?", fid),
    )
    assert sorted(log_of(path, case_id)) == [("party", party, "王五", USER), ("status", "DISCOVERED", "VERIFIED", USER)]


def test_the_form_refuses_a_forbidden_status_and_the_ledger_is_unchanged(ledger, qtbot):
    path, layers = ledger
    layer = layers["violations"]
    fid, case_id = case_in(path, "DISCOVERED")[0]
    before = rows(path, "SELECT * FROM violations WHERE fid = ?", fid)
    layer.startEditing()
    dialog = QgsAttributeDialog(layer, layer.getFeature(fid), False, None, True, form_context())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.attributeForm().changeAttribute("status", "DEMOLISHED")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # the hard constraint: the technician cannot save this
    valid, reasons = QgsVectorLayerUtils.validateAttribute(
        layer, _with(layer, fid, status="DEMOLISHED"), layer.fields().indexOf("status")
    )
    assert not valid and "状态须按流程改变" in reasons[0]
    dialog.reject()
    layer.rollBack()
    assert rows(path, "SELECT * FROM violations WHERE fid = ?", fid) == before
    assert log_of(path, case_id) == []


def test_the_ledger_refuses_a_forbidden_status_from_the_attribute_table(ledger, attribute_table, qgis_iface):
    from lianwei.ui.case_save_hook import CaseSaveHook

    path, layers = ledger
    layer = layers["violations"]
    fid, case_id = case_in(path, "ORDERED")[0]
    hook = CaseSaveHook(qgis_iface)
    qgis_iface.messageBar().clear_messages()
    layer.startEditing()
    table = attribute_table(layer)
    table.edit(fid, "status", "SIGNED_OFF")
    assert layer.getFeature(fid)["status"] == "SIGNED_OFF"  # the table took it; the ledger will not
    assert not layer.commitChanges()
    assert any("只能改为" in error for error in layer.commitErrors()), layer.commitErrors()
    (explained,) = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)
    assert case_id in explained and "只能改为" in explained  # the case is named, which the database cannot do
    hook.unload()
    layer.rollBack()
    assert rows(path, "SELECT status FROM violations WHERE fid = ?", fid) == [("ORDERED",)]
    assert log_of(path, case_id) == []


def test_an_edit_in_the_attribute_table_is_traced(ledger, attribute_table):
    path, layers = ledger
    layer = layers["violations"]
    fid, case_id = case_in(path, "FILED")[0]
    layer.startEditing()
    table = attribute_table(layer)
    table.edit(fid, "status", "ORDERED")
    table.edit(fid, "remarks", "限期十五日内自行拆除")
    assert layer.commitChanges(), layer.commitErrors()
    assert sorted(log_of(path, case_id)) == [
        ("remarks", None, "限期十五日内自行拆除", USER),
        ("status", "FILED", "ORDERED", USER),
    ]


def test_processing_run_is_traced_and_refuses_all_or_nothing(ledger, lianwei_provider):
    from qgis.core import QgsProcessingException

    import processing
    from lianwei.processing.algorithms.record_status import STATUSES

    path, layers = ledger
    verified = [case_id for _fid, case_id in case_in(path, "VERIFIED")[:2]]
    discovered = case_in(path, "DISCOVERED")[0][1]
    with pytest.raises(QgsProcessingException, match=discovered):
        processing.run(
            "lianwei:recordstatus",
            {
                "INPUT": layers["violations"],
                "CASES": ", ".join(verified + [discovered]),
                "STATUS": STATUSES.index("FILED"),
            },
        )
    assert all(log_of(path, c) == [] for c in verified)
    result = processing.run(
        "lianwei:recordstatus",
        {"INPUT": layers["violations"], "CASES": " ".join(verified), "STATUS": STATUSES.index("FILED")},
    )
    assert result["UPDATED"] == 2
    for case_id in verified:
        assert log_of(path, case_id) == [("status", "VERIFIED", "FILED", USER)]
    assert {f["status"] for f in layers["violations"].getFeatures(f"\"case_id\" = '{verified[0]}'")} == {"FILED"}


def test_a_ledger_of_an_earlier_version_gets_the_rules_once(small_sample, tmp_path):
    from lianwei.layers.gpkg import ensure_case_triggers

    path = str(tmp_path / "old.gpkg")
    copy_gpkg(small_sample["OUTPUT"], path)
    with closing(sqlite3.connect(path)) as db:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE name LIKE 'lianwei_trace_%'")]
        for name in names[:3] + ["lianwei_workflow_from_ordered"]:
            db.execute(f'DROP TRIGGER "{name}"')
        db.commit()
    assert ensure_case_triggers(path) == 4
    assert ensure_case_triggers(path) == 0


def test_the_history_reads_in_chinese(ledger):
    from qgis.core import QgsExpression, QgsExpressionContext

    from lianwei.layers.form import history_display_expression

    path, layers = ledger
    log = layers["case_log"]
    row = next(f for f in log.getFeatures() if f["field"] == "case_id")
    context = QgsExpressionContext()
    context.appendScope(QgsExpressionContextUtils.layerScope(log))
    context.setFeature(row)
    row["field"], row["old_value"], row["new_value"] = "status", "ORDERED", "DEMOLISHED"
    context.setFeature(row)
    text = QgsExpression(history_display_expression()).evaluate(context)
    assert text.endswith("状态：责令整改 → 已拆除"), text
