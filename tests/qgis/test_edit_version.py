"""Saves from QGIS's edit buffer and the ledger's version rule (core/edit_version.py): QGIS moves the version on once
per change before saving, so a single user's saves pass however often they changed a case; a save that began before
someone else saved the case is refused with a message naming the case, and the ledger is unchanged."""

from contextlib import closing

import pytest
from case_ledger import close_case_ledger, open_case_ledger, rows
from form_tools import TOOLS
from qgis.core import Qgis, QgsExpressionContextUtils, QgsGeometry, QgsProject
from qgis.gui import QgsAttributeEditorContext, QgsAttributeForm
from test_case_trace import AttributeTable

from lianwei.core import schema
from lianwei.layers.case_edits import update_cases
from lianwei.layers.ledger_store import connect, immediate, table_dump
from lianwei.layers.project import ledger_layers

USER = "测试员张三"
STALE = "已被他人修改并保存"


@pytest.fixture
def ledger(small_sample, tmp_path, qgis_new_project):
    yield open_case_ledger(small_sample["OUTPUT"], tmp_path, USER)
    close_case_ledger()


@pytest.fixture
def table(ledger, qtbot):
    made = []
    yield lambda layer: made.append(AttributeTable(layer, qtbot)) or made[-1]
    for item in made:
        item.close()


@pytest.fixture
def hook(qgis_iface):
    from lianwei.ui.case_save_hook import CaseSaveHook

    qgis_iface.messageBar().clear_messages()
    watching = CaseSaveHook(qgis_iface)
    yield watching
    watching.unload()


def first_case(path, status="FILED"):
    return rows(path, "SELECT fid, case_id, version FROM violations WHERE status = ? ORDER BY fid", status)[0]


def remarks_log(path, case_id):
    return rows(
        path, "SELECT old_value, new_value, changed_by FROM case_log WHERE case_id = ? AND field = 'remarks'", case_id
    )


def test_qgis_moves_the_version_on_once_per_change_and_the_save_passes(ledger, table):
    """The premise of the rule: a trigger demanding stored version + 1 would refuse this single user's save."""
    path, layers = ledger
    layer = layers["violations"]
    fid, case_id, version = first_case(path)
    layer.startEditing()
    cells = table(layer)
    cells.edit(fid, "party", "王五")
    assert layer.getFeature(fid)["version"] == version + 1
    cells.edit(fid, "address", "村口东侧")
    assert layer.getFeature(fid)["version"] == version + 2
    assert layer.commitChanges(), layer.commitErrors()
    assert rows(path, "SELECT version FROM violations WHERE fid = ?", fid) == [(version + 2,)]
    fields = rows(path, "SELECT field FROM case_log WHERE case_id = ? AND field <> 'case_id' ORDER BY fid", case_id)
    assert sorted(fields) == [("address",), ("party",)]  # one row per changed field


def test_a_save_begun_before_someone_else_saved_is_refused_and_named(ledger, table, hook, qgis_iface):
    path, layers = ledger
    layer = layers["violations"]
    fid, case_id, version = first_case(path)
    layer.startEditing()
    table(layer).edit(fid, "remarks", "我的备注")
    update_cases(path, {case_id: {"remarks": "李四的备注"}}, user="李四")  # another QGIS, qgis_process, the dock
    before = table_dump(path)
    assert not layer.commitChanges()
    assert any(STALE in error and "someone else" in error for error in layer.commitErrors()), layer.commitErrors()
    (explained,) = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)
    assert case_id in explained and "李四" in explained and f"{version + 1}" in explained
    assert table_dump(path) == before  # the other person's remark is kept
    assert remarks_log(path, case_id) == [(None, "李四的备注", "李四")]
    layer.rollBack()
    layer.startEditing()  # edited again from the stored case, it is saved
    table(layer).edit(fid, "remarks", "我的备注")
    assert layer.commitChanges(), layer.commitErrors()
    assert remarks_log(path, case_id)[-1] == ("李四的备注", "我的备注", USER)
    assert rows(path, "SELECT version FROM violations WHERE fid = ?", fid) == [(version + 2,)]


def test_two_sessions_saving_one_case_from_the_form_the_later_save_is_refused(ledger, qtbot, hook):
    path, layers = ledger
    mine = layers["violations"]
    theirs = ledger_layers(path)["violations"]  # a second QGIS with the same ledger open
    QgsProject.instance().addMapLayer(theirs)
    fid, case_id, version = first_case(path)
    context = QgsAttributeEditorContext()
    context.setVectorLayerTools(TOOLS)
    mine.startEditing()
    form = QgsAttributeForm(mine, mine.getFeature(fid), context)
    qtbot.addWidget(form)
    form.changeAttribute("remarks", "我的备注")
    assert form.save()
    QgsExpressionContextUtils.setGlobalVariable(schema.USER_VARIABLE, "李四")
    theirs.startEditing()
    other = QgsAttributeForm(theirs, theirs.getFeature(fid), context)
    qtbot.addWidget(other)
    other.changeAttribute("remarks", "李四的备注")
    assert other.save()
    assert theirs.commitChanges(), theirs.commitErrors()
    assert not mine.commitChanges()
    assert any(STALE in error for error in mine.commitErrors())
    mine.rollBack()
    assert rows(path, "SELECT remarks, version FROM violations WHERE fid = ?", fid) == [("李四的备注", version + 1)]
    assert remarks_log(path, case_id) == [(None, "李四的备注", "李四")]


def test_saving_a_reshaped_case_is_not_refused(ledger):
    """QGIS saves a geometry through GDAL, which rewrites the row as it read it: not a stale save, even when the
    stored time is in another program's form."""
    path, layers = ledger
    layer = layers["violations"]
    fid, case_id, version = first_case(path)
    with closing(connect(path)) as db, immediate(db, path):
        db.execute("UPDATE violations SET updated_at = '2024-06-01 08:00:00' WHERE fid = ?", (fid,))
    layer.reload()
    layer.startEditing()
    moved = QgsGeometry(layer.getFeature(fid).geometry())
    moved.translate(0.5, 0)
    assert layer.changeGeometry(fid, moved)
    assert layer.commitChanges(), layer.commitErrors()
    assert rows(path, "SELECT version FROM violations WHERE fid = ?", fid)[0][0] > version
