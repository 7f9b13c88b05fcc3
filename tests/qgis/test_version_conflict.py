"""The dialog of a refused save on a shared (PostGIS) ledger: the two versions side by side, "Keep mine" writes the
edited fields onto the stored case, "Reload" drops the edits of that case, "Decide later" leaves everything as it
is; on a real server, through the plugin's save hook."""

from qgis.PyQt.QtCore import Qt
from shared_ledger import cases, log_mark, query

OTHERS = "UPDATE town.violations SET remarks = %s, address = %s, version = version + 1 WHERE fid = %s"


def refused_save(cluster, database, layer, hook, qtbot, offset):
    """Two cases edited in QGIS, both saved by someone else meanwhile, the save refused: the hook's dialog."""
    (fid, case_id, version), (fid2, case_id2, version2) = cases(cluster, database, 2, offset)
    address = query(cluster, database, "SELECT address FROM town.violations WHERE fid = %s", (fid,))[0][0]
    layer.startEditing()
    layer.changeAttributeValue(fid, layer.fields().indexOf("remarks"), "我的备注")
    layer.changeAttributeValue(fid, layer.fields().indexOf("party"), "赵六")
    layer.changeAttributeValue(fid2, layer.fields().indexOf("remarks"), "我的另一备注")
    query(cluster, database, OTHERS, ("他人备注", "新地址", fid))
    query(cluster, database, OTHERS, ("他人另一备注", "另一新地址", fid2))
    assert not layer.commitChanges()
    qtbot.waitUntil(lambda: layer.id() in hook.dialogs, timeout=5000)
    dialog = hook.dialogs[layer.id()]
    qtbot.addWidget(dialog)
    return dialog, (fid, case_id, version, address), (fid2, case_id2, version2)


def row(dialog, alias):
    (found,) = [r for r in dialog.rows() if r[1] == alias]
    return found


def test_the_two_versions_side_by_side_then_keep_mine_and_reload(shared_ledger, hooked_layer, qtbot):
    cluster, database = shared_ledger
    layer, hook = hooked_layer
    dialog, first, second = refused_save(cluster, database, layer, hook, qtbot, 0)
    fid, case_id, version, address = first
    fid2, case_id2, version2 = second
    assert dialog.isVisible()
    text = dialog.heading.text()
    assert case_id in text and "lianwei_owner" in text and f"{version}" in text and f"{version + 1}" in text
    assert [c.case_id for c in dialog.conflicts] == [case_id, case_id2] and dialog.index == 0
    # field alias | your value | stored value, differing rows marked
    assert row(dialog, "备注") == ["≠", "备注", "我的备注", "他人备注"]
    assert row(dialog, "当事人")[0] == "≠" and row(dialog, "当事人")[2] == "赵六"
    assert row(dialog, "地址") == ["≠", "地址", address or "", "新地址"]  # their change: you read the old address
    status = row(dialog, "状态")  # unchanged: shown with its Chinese name, not marked
    assert status[0] == "" and status[2] == status[3] and "(" in status[2]
    assert not any(r[1] in ("版本", "更新时间", "更新人") for r in dialog.rows())
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert case_id2 in dialog.heading.text() and dialog.isVisible()
    assert row(dialog, "备注") == ["≠", "备注", "我的另一备注", "他人另一备注"]
    mark = log_mark(cluster, database)
    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.saved is True
    assert (dialog.kept, dialog.reloaded) == ([case_id], [case_id2])
    stored = dict(
        (f, rest)
        for f, *rest in query(
            cluster,
            database,
            "SELECT fid, remarks, party, address, version FROM town.violations WHERE fid IN %s",
            ((fid, fid2),),
        )
    )
    # keep mine: my fields onto the stored case (their address stays), one version after theirs
    assert stored[fid] == ["我的备注", "赵六", "新地址", version + 2]
    # reload: their case untouched, my edit of it gone from QGIS too
    assert stored[fid2][0] == "他人另一备注" and stored[fid2][2:] == ["另一新地址", version2 + 1]
    assert not layer.isModified()
    assert layer.getFeature(fid2)["remarks"] == "他人另一备注"
    logged = query(cluster, database, "SELECT case_id, field FROM town.case_log WHERE fid > %s ORDER BY field", (mark,))
    assert logged == [(case_id, "party"), (case_id, "remarks")]


def test_decide_later_leaves_the_edits_and_the_ledger_as_they_are(shared_ledger, hooked_layer, qtbot):
    cluster, database = shared_ledger
    layer, hook = hooked_layer
    dialog, first, second = refused_save(cluster, database, layer, hook, qtbot, 4)
    before = query(
        cluster, database, "SELECT * FROM town.violations WHERE fid IN %s ORDER BY fid", ((first[0], second[0]),)
    )
    qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.saved is None
    assert layer.id() not in hook.dialogs
    assert layer.isModified() and layer.getFeature(first[0])["remarks"] == "我的备注"
    after = query(
        cluster, database, "SELECT * FROM town.violations WHERE fid IN %s ORDER BY fid", ((first[0], second[0]),)
    )
    assert after == before


def test_a_stale_shape_is_shown_by_its_area(shared_ledger, hooked_layer, qtbot):
    cluster, database = shared_ledger
    layer, hook = hooked_layer
    ((fid, case_id, version),) = cases(cluster, database, 1, 8)
    feature = layer.getFeature(fid)
    bigger = feature.geometry().buffer(1.0, 4)
    bigger.convertToMultiType()
    layer.startEditing()
    layer.changeGeometry(fid, bigger)
    query(cluster, database, OTHERS, ("他人备注", "新地址", fid))
    assert not layer.commitChanges()
    qtbot.waitUntil(lambda: layer.id() in hook.dialogs, timeout=5000)
    dialog = hook.dialogs[layer.id()]
    qtbot.addWidget(dialog)
    shape = dialog.rows()[0]
    assert (
        shape[0] == "≠" and shape[2] == f"{bigger.area():.2f} m²" and shape[3] == f"{feature.geometry().area():.2f} m²"
    )
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert dialog.saved is True
    (area, remarks, stored_version) = query(
        cluster, database, "SELECT ST_Area(geom), remarks, version FROM town.violations WHERE fid = %s", (fid,)
    )[0]
    assert round(area, 2) == round(bigger.area(), 2) and remarks == "他人备注" and stored_version == version + 2
