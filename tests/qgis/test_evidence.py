"""Evidence of a case: files copied beside the ledger, rows with their EXIF, all or nothing; the violation form's
Photos and History tabs; the 附加取证材料 action."""

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from exif_jpeg import patrol_photo
from form_tools import TOOLS
from gpkg_copy import copy_gpkg
from osgeo import ogr
from qgis.core import Qgis, QgsProject, QgsVectorLayer
from qgis.gui import (
    QgsAttributeEditorContext,
    QgsAttributeForm,
    QgsAttributeTableView,
    QgsDualView,
    QgsExternalResourceWidget,
    QgsGui,
    QgsRelationEditorWidget,
)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QLabel, QTabWidget, QWidget

from lianwei.layers import evidence
from lianwei.layers.form import CASE_LOG_RELATION, EVIDENCE_RELATION
from lianwei.layers.ledger import LedgerError
from lianwei.ui import evidence_action, ledger_actions

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def ledger(small_sample, tmp_path):
    """A fresh copy of the sample township (ledger and project) per test."""
    path = str(tmp_path / "sample.gpkg")
    copy_gpkg(small_sample["OUTPUT"], path)
    shutil.copy(small_sample["PROJECT"], str(tmp_path / "sample.qgz"))
    return path


@pytest.fixture
def files(tmp_path):
    """Two patrol photos (EXIF time, position, direction) and a PDF notice, in a "phone" folder."""
    folder = tmp_path / "phone"
    folder.mkdir()
    (folder / "IMG_0001.jpg").write_bytes(patrol_photo())
    (folder / "IMG_0002.jpg").write_bytes(
        patrol_photo(
            big_endian=True, taken="2024:05:18 09:45:03", latitude=29.5625, longitude=106.4531, direction=(27050, 100)
        )
    )
    (folder / "责令整改通知书.pdf").write_bytes(PDF)
    return [str(folder / n) for n in ("IMG_0001.jpg", "IMG_0002.jpg", "责令整改通知书.pdf")]


def case_ids(path, count=2):
    layer = QgsVectorLayer(f"{path}|layername=violations", "v", "ogr")
    return sorted(f["case_id"] for f in layer.getFeatures())[:count]


def evidence_rows(path):
    layer = QgsVectorLayer(f"{path}|layername=evidence", "e", "ogr")
    return sorted((f.attributes() for f in layer.getFeatures()), key=lambda a: a[0])


def test_two_photos_and_a_pdf_are_copied_and_recorded(ledger, files, tmp_path):
    case_id = case_ids(ledger)[0]
    rows = evidence.attach(ledger, case_id, files, note="现场核查")
    folder = tmp_path / "sample_取证材料" / case_id
    assert sorted(os.listdir(folder)) == ["IMG_0001.jpg", "IMG_0002.jpg", "责令整改通知书.pdf"]
    for source in files:
        assert (folder / os.path.basename(source)).read_bytes() == Path(source).read_bytes()
    assert [r.kind for r in rows] == ["photo", "photo", "document"]

    stored = evidence_rows(ledger)
    assert len(stored) == 3
    fields = QgsVectorLayer(f"{ledger}|layername=evidence", "e", "ogr").fields().names()
    by_name = [dict(zip(fields, values)) for values in stored]
    first, second, pdf = by_name
    assert first["case_id"] == case_id and first["note"] == "现场核查"
    assert first["file_path"] == f"sample_取证材料/{case_id}/IMG_0001.jpg"  # relative to the ledger's folder
    assert first["taken_at"].toPyDateTime() == datetime(2024, 5, 18, 9, 41, 27)
    assert first["latitude"] == pytest.approx(29.5619, abs=1e-7)
    assert first["longitude"] == pytest.approx(106.4520, abs=1e-7)
    assert first["direction"] == pytest.approx(123.45)
    assert second["taken_at"].toPyDateTime() == datetime(2024, 5, 18, 9, 45, 3)
    assert (second["latitude"], second["longitude"]) == (pytest.approx(29.5625), pytest.approx(106.4531))
    assert second["direction"] == pytest.approx(270.5)
    assert pdf["file_path"] == f"sample_取证材料/{case_id}/责令整改通知书.pdf"
    assert pdf["taken_at"] is None or pdf["taken_at"].isNull()
    assert all(pdf[name] is None or str(pdf[name]) == "NULL" for name in ("latitude", "longitude", "direction"))

    listed = evidence.case_evidence(ledger, case_id)
    assert [os.path.basename(r.path) for r in listed] == ["IMG_0001.jpg", "IMG_0002.jpg", "责令整改通知书.pdf"]
    assert all(os.path.isabs(r.path) and r.exists for r in listed)
    assert [r.is_photo for r in listed] == [True, True, False]
    assert len(evidence.case_photos(ledger, case_id)) == 2
    assert evidence.has_photo(ledger, case_id)
    assert not evidence.has_photo(ledger, case_ids(ledger)[1])


def test_the_ledger_and_its_folder_move_together(ledger, files, tmp_path):
    case_id = case_ids(ledger)[0]
    evidence.attach(ledger, case_id, files[:1])
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    shutil.move(ledger, str(moved / "sample.gpkg"))
    shutil.move(str(tmp_path / "sample_取证材料"), str(moved / "sample_取证材料"))
    (row,) = evidence.case_evidence(str(moved / "sample.gpkg"), case_id)
    assert row.path == str(moved / "sample_取证材料" / case_id / "IMG_0001.jpg") and row.exists


def test_a_same_named_file_attached_twice_keeps_both(ledger, files, tmp_path):
    case_id = case_ids(ledger)[0]
    evidence.attach(ledger, case_id, files[:1])
    evidence.attach(ledger, case_id, [files[0], files[0]])
    folder = tmp_path / "sample_取证材料" / case_id
    assert sorted(os.listdir(folder)) == ["IMG_0001.jpg", "IMG_0001_2.jpg", "IMG_0001_3.jpg"]
    paths = sorted(r.file_path for r in evidence.case_evidence(ledger, case_id))
    assert paths == [f"sample_取证材料/{case_id}/IMG_0001{s}.jpg" for s in ("", "_2", "_3")]


def test_an_unknown_case_changes_nothing(ledger, files, tmp_path):
    with pytest.raises(LedgerError) as error:
        evidence.attach(ledger, "450000000000-2099-9999", files)
    assert "450000000000-2099-9999" in str(error.value)
    assert "不在" in str(error.value) and "is not in the violations table" in str(error.value)
    assert not (tmp_path / "sample_取证材料").exists()
    assert evidence_rows(ledger) == []


def test_a_file_of_unknown_kind_or_missing_changes_nothing(ledger, files, tmp_path):
    case_id = case_ids(ledger)[0]
    program = tmp_path / "phone" / "setup.exe"
    program.write_bytes(b"MZ")
    for bad in ([files[0], str(program)], [files[0], str(tmp_path / "phone" / "gone.jpg")]):
        with pytest.raises(LedgerError):
            evidence.attach(ledger, case_id, bad)
    assert not (tmp_path / "sample_取证材料").exists()
    assert evidence_rows(ledger) == []


def test_rows_that_cannot_be_written_leave_folder_and_ledger_unchanged(ledger, files, tmp_path, monkeypatch):
    first, second = case_ids(ledger)
    evidence.attach(ledger, first, files[:1])  # an earlier attachment that must survive
    before_rows = evidence_rows(ledger)
    calls = []

    def fail_on_second_row(row, fid):
        calls.append(fid)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return evidence.Evidence(**dict(row.__dict__, fid=fid))

    monkeypatch.setattr(evidence, "_with_fid", fail_on_second_row)
    with pytest.raises(LedgerError) as error:
        evidence.attach(ledger, second, files)
    assert "disk full" in str(error.value)
    assert len(calls) == 2  # the first row was inserted, then rolled back
    assert evidence_rows(ledger) == before_rows
    assert os.listdir(tmp_path / "sample_取证材料") == [first]
    assert os.listdir(tmp_path / "sample_取证材料" / first) == ["IMG_0001.jpg"]


def _add_history(path, case_id):
    dataset = ogr.Open(path, 1)
    layer = dataset.GetLayerByName("case_log")
    dataset.StartTransaction()
    rows = (
        (1, "status", "DISCOVERED", "VERIFIED"),
        (3, "status", "FILED", "ORDERED"),
        (2, "status", "VERIFIED", "FILED"),
    )
    for day, field, old, new in rows:  # not in time order: the form sorts them
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("case_id", case_id)
        feature.SetField("changed_at", 2024, 6, day, 10, 0, 0.0, 0)
        feature.SetField("changed_by", "张三")
        feature.SetField("field", field)
        feature.SetField("old_value", old)
        feature.SetField("new_value", new)
        layer.CreateFeature(feature)
    dataset.CommitTransaction()
    dataset = None


@pytest.fixture
def project_cleanup(qgis_app):
    yield QgsProject.instance()
    QgsProject.instance().clear()


def _open_form(qtbot, layer, case_id):
    feature = next(f for f in layer.getFeatures() if f["case_id"] == case_id)
    context = QgsAttributeEditorContext()
    context.setVectorLayerTools(TOOLS)
    form = QgsAttributeForm(layer, feature, context)
    qtbot.addWidget(form)
    form.show()
    tabs = form.findChild(QTabWidget)
    names = [tabs.tabText(k) for k in range(tabs.count())]
    for k in range(tabs.count()):  # relation editors load when first shown
        tabs.setCurrentIndex(k)
        qtbot.wait(10)
    return form, names


def _children(parent, kind):
    """Widgets of a QGIS class made in C++ (findChildren by Python type misses those sip wraps as their Qt base)."""
    name = kind.__name__
    return [sip.cast(w, kind) for w in parent.findChildren(QWidget) if w.metaObject().className() == name]


def _child(parent, kind):
    (widget,) = _children(parent, kind)
    return widget


def _editor(form, relation_id):
    editors = [e for e in _children(form, QgsRelationEditorWidget) if e.relation().id() == relation_id]
    assert len(editors) == 1, [e.relation().id() for e in _children(form, QgsRelationEditorWidget)]
    return editors[0]


def test_the_violation_form_shows_photos_and_history(ledger, files, tmp_path, qtbot, project_cleanup):
    case_id = case_ids(ledger)[0]
    evidence.attach(ledger, case_id, files)
    _add_history(ledger, case_id)
    project = project_cleanup
    assert project.read(str(tmp_path / "sample.qgz"))
    relations = project.relationManager().relations()
    assert relations[EVIDENCE_RELATION].isValid() and relations[CASE_LOG_RELATION].isValid()
    violations = project.mapLayersByName("违法图斑")[0]
    form, names = _open_form(qtbot, violations, case_id)
    assert names[-2:] == ["Photos", "History"]

    photos = _editor(form, EVIDENCE_RELATION)
    view = _child(photos, QgsDualView)
    assert view.filteredFeatureCount() == 3
    listed = {view.masterModel().rowToId(k) for k in range(view.masterModel().rowCount())}
    assert len(listed) == 3
    # The Photos tab opens on the earliest photo, its thumbnail drawn from the file beside the ledger: the file
    # widget resolves the relative path against the ledger's folder.
    shown = _child(photos, QgsExternalResourceWidget)
    assert shown.documentViewerContent() == QgsExternalResourceWidget.DocumentViewerContent.Image
    assert os.path.normpath(shown.defaultRoot()) == str(tmp_path)
    assert shown.documentPath() == f"sample_取证材料/{case_id}/IMG_0001.jpg"
    pictures = [label for label in shown.findChildren(QLabel) if label.pixmap() is not None]
    pictures = [label.pixmap() for label in pictures if not label.pixmap().isNull()]
    picture = max(pictures, key=lambda p: p.width() * p.height())  # the viewer's, not a button icon
    assert picture.width() / picture.height() == pytest.approx(64 / 48, rel=0.05)
    image = picture.toImage()
    colour = image.pixelColor(image.width() // 2, image.height() // 2)
    assert abs(colour.red() - 120) < 12 and abs(colour.green() - 160) < 12 and abs(colour.blue() - 90) < 12

    history = _editor(form, CASE_LOG_RELATION)
    assert int(history.visibleButtons()) == 0  # read-only: no add, delete or save buttons
    view = _child(history, QgsDualView)
    assert view.filteredFeatureCount() == 4  # the three added, and the ledger's own trace of the case's creation
    assert history.relation().referencingLayer().attributeTableConfig().sortExpression() == '"changed_at"'
    # In the order things happened (inserted 1, 3, 2), as the table of the dual view shows them.
    table = _child(view, QgsAttributeTableView).model()
    headers = [table.headerData(c, Qt.Orientation.Horizontal) for c in range(table.columnCount())]
    column = headers.index("时间")  # changed_at's alias
    shown = [table.data(table.index(k, column)) for k in range(table.rowCount())]
    created = rows_of(ledger, "SELECT changed_at FROM case_log WHERE case_id = ? AND field = 'case_id'", case_id)
    assert [str(value)[:10] for value in shown] == ["2024-06-01", "2024-06-02", "2024-06-03", created[0][0][:10]], shown
    form.close()


def rows_of(path, sql, *args):
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(path)) as db:
        return db.execute(sql, args).fetchall()


def test_open_ledger_relates_evidence_and_history(ledger, files, qgis_iface, monkeypatch, qtbot, project_cleanup):
    case_id = case_ids(ledger)[0]
    evidence.attach(ledger, case_id, files[:2])
    project = project_cleanup
    project.clear()
    monkeypatch.setattr(ledger_actions.QFileDialog, "getOpenFileName", lambda *a, **k: (ledger, ""))
    ledger_actions.open_ledger(qgis_iface)
    ledger_actions.open_ledger(qgis_iface)  # the same ledger twice: each copy gets its own relations
    ids = sorted(project.relationManager().relations())
    assert ids == sorted([EVIDENCE_RELATION, CASE_LOG_RELATION, EVIDENCE_RELATION + "_2", CASE_LOG_RELATION + "_2"])
    assert all(r.isValid() for r in project.relationManager().relations().values())
    seen = []
    for layer in project.mapLayersByName("违法图斑"):
        form, names = _open_form(qtbot, layer, case_id)
        assert names[-2:] == ["Photos", "History"]
        (editor,) = [e for e in _children(form, QgsRelationEditorWidget) if e.relation().id().startswith("lianwei_ev")]
        assert editor.relation().referencedLayer() is layer  # each copy's form shows its own ledger's rows
        assert _child(editor, QgsDualView).filteredFeatureCount() == 2
        seen.append(editor.relation().id())
        form.close()
    assert sorted(seen) == [EVIDENCE_RELATION, EVIDENCE_RELATION + "_2"]


def trigger(action, layer, feature):
    """As QGIS's attribute table and identify results do: with a context from QGIS 3.30 on."""
    try:
        from qgis.gui import QgsMapLayerActionContext
    except ImportError:
        action.triggerForFeature(layer, feature)
    else:
        action.triggerForFeature(layer, feature, QgsMapLayerActionContext())


def test_attach_action_on_a_violation(ledger, files, qgis_iface, monkeypatch, project_cleanup):
    from lianwei.translation import install_translator, remove_translator

    project = project_cleanup
    project.read(os.path.join(os.path.dirname(ledger), "sample.qgz"))
    violations = project.mapLayersByName("违法图斑")[0]
    evidence_layer = project.mapLayersByName("取证材料")[0]
    action = evidence_action.register(qgis_iface)
    install_translator("zh_CN")
    try:
        registry = QgsGui.mapLayerActionRegistry()
        assert action in registry.mapLayerActions(violations)
        assert action not in registry.mapLayerActions(evidence_layer)
        monkeypatch.setattr(evidence_action.QFileDialog, "getOpenFileNames", lambda *a, **k: (files, ""))
        feature = next(violations.getFeatures())
        qgis_iface.messageBar().clear_messages()
        trigger(action, violations, feature)
        assert evidence_layer.featureCount() == 3  # the project's layer re-read the ledger
        (message,) = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Success)
        assert feature["case_id"] in message
        assert "3 个文件" in message and "2024-05-18 09:41" in message and "09:45" in message

        # The menu entry acts on the one selected case of the active layer.
        qgis_iface.setActiveLayer(violations)
        violations.removeSelection()
        evidence_action.attach_to_selected(qgis_iface)
        assert "0" in qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Warning)[-1]
        violations.selectByIds([feature.id()])
        monkeypatch.setattr(evidence_action.QFileDialog, "getOpenFileNames", lambda *a, **k: (files[2:], ""))
        evidence_action.attach_to_selected(qgis_iface)
        assert evidence_layer.featureCount() == 4
    finally:
        remove_translator()
        evidence_action.unregister(action)
    assert action not in QgsGui.mapLayerActionRegistry().mapLayerActions(violations)
