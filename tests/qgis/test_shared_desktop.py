"""The desktop on a shared (PostGIS) ledger (issue 16): the menu's algorithms open on the project's database and
schema, a case drawn with QGIS's tools is checked and numbered when saved, evidence is attached to a photo folder
the office shares, the progress dock and the campaign settings read and write the database."""

import datetime
import os

from qgis.core import QgsGeometry, QgsProject, QgsRectangle, QgsVectorLayerUtils
from shared_ledger import SCHEMA, query

from lianwei.core import schema
from lianwei.layers import ledgers
from lianwei.layers.postgis import postgis_ledger


def village_centre(cluster, database):
    """(village_code, x, y) of a point inside the first village, in the ledger's CRS."""
    return query(
        cluster,
        database,
        "SELECT village_code, ST_X(p), ST_Y(p) FROM (SELECT village_code, ST_PointOnSurface(geom) AS p "
        "FROM town.villages ORDER BY village_code LIMIT 1) v",
    )[0]


def test_the_patch_menu_opens_the_algorithms_on_the_database_and_schema(shared_ledger, hooked_layer):
    from lianwei.ui.patch_actions import _ledger_parameters

    cluster, database = shared_ledger
    parameters = _ledger_parameters()
    assert set(parameters) == {"DATABASE", "SCHEMA"} and parameters["SCHEMA"] == SCHEMA
    given = ledgers.address(database=parameters["DATABASE"], schema_name=parameters["SCHEMA"])
    assert ledgers.same(given, postgis_ledger(cluster.conninfo(database), SCHEMA))
    assert ledgers.campaign_rows(given)  # the algorithm reaches the ledger with them


def test_a_case_drawn_on_the_shared_ledger_is_checked_and_numbered_when_saved(shared_ledger, hooked_layer):
    cluster, database = shared_ledger
    layer, _hook = hooked_layer
    code, x, y = village_centre(cluster, database)
    before = query(cluster, database, "SELECT max(fid) FROM town.violations")[0][0]
    layer.startEditing()
    for dx in (0, 40):  # drawn with QGIS's own tool, in this order
        square = QgsGeometry.fromRect(QgsRectangle(x + dx, y, x + dx + 10, y + 10))
        square.convertToMultiType()
        feature = QgsVectorLayerUtils.createFeature(layer, square, {}, layer.createExpressionContext())
        assert str(feature["case_id"]).startswith(schema.PROVISIONAL_PREFIX)
        assert layer.addFeature(feature)
    assert layer.commitChanges(), layer.commitErrors()
    stored = query(
        cluster,
        database,
        "SELECT case_id, village_code, footprint_m2, area_method, version FROM town.violations WHERE fid > %s "
        "ORDER BY fid",
        (before,),
    )
    year = datetime.date.today().year
    assert [s[0].rsplit("-", 1)[0] for s in stored] == [f"{code}-{year}"] * 2
    numbers = [int(s[0].rsplit("-", 1)[1]) for s in stored]
    assert numbers[1] == numbers[0] + 1
    assert [s[1:3] for s in stored] == [(code, 100.0), (code, 100.0)] and all(s[3] for s in stored)
    # a reshape saved later is checked again and saved under the version rule
    fid = query(cluster, database, "SELECT fid FROM town.violations WHERE case_id = %s", (stored[0][0],))[0][0]
    layer.startEditing()
    bigger = QgsGeometry.fromRect(QgsRectangle(x, y, x + 20, y + 10))
    bigger.convertToMultiType()
    assert layer.changeGeometry(fid, bigger)
    assert layer.commitChanges(), layer.commitErrors()
    assert query(cluster, database, "SELECT footprint_m2, version FROM town.violations WHERE fid = %s", (fid,)) == [
        (200.0, stored[0][4] + 1)
    ]


def test_evidence_goes_to_the_shared_folder_under_the_village_rights(
    shared_ledger, qgis_iface, monkeypatch, tmp_path, lianwei_provider
):
    from exif_jpeg import patrol_photo
    from qgis.core import Qgis

    import processing
    from lianwei.ui import evidence_action

    cluster, database = shared_ledger
    (own, other) = [
        r[0] for r in query(cluster, database, "SELECT DISTINCT village_code FROM town.violations ORDER BY 1 LIMIT 2")
    ]
    processing.run(
        "lianwei:grantvillages",
        {"DATABASE": cluster.conninfo(database), "SCHEMA": SCHEMA, "ROLE": "editor_a", "VILLAGE_CODES": own},
    )
    ledger = postgis_ledger(cluster.conninfo(database, "editor_a"), SCHEMA)
    layer = ledgers.open_layer(ledger, "violations")
    QgsProject.instance().addMapLayer(layer)
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(patrol_photo())
    monkeypatch.setattr(evidence_action.QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(photo)], ""))
    case = {code: next(layer.getFeatures(f"\"village_code\" = '{code}'")) for code in (own, other)}
    bar = qgis_iface.messageBar()
    try:
        assert evidence_action.is_violations_layer(layer)
        bar.clear_messages()
        assert evidence_action.attach_to_case(qgis_iface, layer, case[own]) == []
        (said,) = bar.get_messages(Qgis.MessageLevel.Critical)
        assert "has no evidence folder" in said and "取证" in said and SCHEMA in said

        folder = tmp_path / "share"
        folder.mkdir()
        query(cluster, database, "DELETE FROM town.campaign WHERE key = 'evidence_folder'")
        query(
            cluster, database, "INSERT INTO town.campaign (key, value) VALUES ('evidence_folder', %s)", (str(folder),)
        )
        (row,) = evidence_action.attach_to_case(qgis_iface, layer, case[own])
        stored = query(cluster, database, "SELECT case_id, file_path FROM town.evidence WHERE fid = %s", (row.fid,))
        assert stored == [(case[own]["case_id"], row.path)]
        assert os.path.isabs(row.path) and os.path.isfile(row.path) and row.path.startswith(str(folder))
        logged = query(
            cluster,
            database,
            "SELECT changed_by FROM town.case_log WHERE table_name = 'evidence' AND case_id = %s",
            (case[own]["case_id"],),
        )
        assert ("editor_a",) in logged

        bar.clear_messages()
        files_before = sorted(str(p) for p in folder.rglob("*"))
        count = query(cluster, database, "SELECT count(*) FROM town.evidence")
        assert evidence_action.attach_to_case(qgis_iface, layer, case[other]) == []
        (refused,) = bar.get_messages(Qgis.MessageLevel.Critical)
        assert other in refused and case[other]["case_id"] in refused
        assert sorted(str(p) for p in folder.rglob("*")) == files_before  # the copy was removed again
        assert query(cluster, database, "SELECT count(*) FROM town.evidence") == count
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_the_progress_dock_follows_the_shared_ledger(shared_ledger, hooked_layer, qgis_iface, qtbot, lianwei_provider):
    from qgis.PyQt.QtCore import QDate

    import processing
    from lianwei.ui.progress_dock import ProgressDock

    cluster, database = shared_ledger
    layer, _hook = hooked_layer
    villages = ledgers.open_layer(postgis_ledger(cluster.conninfo(database), SCHEMA), "villages")
    QgsProject.instance().addMapLayer(villages)
    dock = ProgressDock(qgis_iface)
    qtbot.addWidget(dock)
    try:
        dock.report_date.setDate(QDate(2024, 7, 1))
        assert dock.violations is layer and dock.villages_layer is villages

        def summary():
            output = processing.run(
                "lianwei:progresssummary",
                {"INPUT": layer, "VILLAGES": villages, "REPORT_DATE": "2024-07-01", "OUTPUT": "TEMPORARY_OUTPUT"},
            )["OUTPUT"]
            return {f["village_code"]: (f["cases"], f["found_m2"], f["demolished_m2"]) for f in output.getFeatures()}

        def shown():
            t = dock.summary.township
            return t.cases, round(t.found_m2, 2), round(t.demolished_m2, 2)

        expected = summary()["*"]
        assert shown() == (expected[0], round(expected[1], 2), round(expected[2], 2)) and expected[0] > 0
        fid, demolished = query(
            cluster,
            database,
            "SELECT fid, demolished_m2 FROM town.violations WHERE status = 'DEMOLISHED' AND demolished_m2 > 1 "
            "ORDER BY fid LIMIT 1",
        )[0]
        layer.startEditing()
        layer.changeAttributeValue(fid, layer.fields().indexOf("demolished_m2"), demolished - 1)
        assert layer.commitChanges(), layer.commitErrors()
        after = summary()["*"]
        assert round(after[2], 2) == round(expected[2] - 1, 2)
        assert shown() == (after[0], round(after[1], 2), round(after[2], 2))
    finally:
        dock.unload()
        QgsProject.instance().removeMapLayer(villages.id())


def test_campaign_settings_of_the_shared_ledger(
    shared_ledger, hooked_layer, qgis_iface, monkeypatch, tmp_path, lianwei_provider
):
    import processing
    from lianwei.ui import campaign_dialog

    cluster, database = shared_ledger
    (code,) = query(cluster, database, "SELECT village_code FROM town.villages ORDER BY 1 LIMIT 1")[0]
    processing.run(
        "lianwei:grantvillages",
        {"DATABASE": cluster.conninfo(database), "SCHEMA": SCHEMA, "ROLE": "editor_b", "VILLAGE_CODES": code},
    )
    warnings = []
    monkeypatch.setattr(campaign_dialog.QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    dialog = campaign_dialog.open_campaign_dialog(qgis_iface)
    try:
        assert dialog.shared and ledgers.is_shared(dialog.ledger_path)
        target = dialog.campaign.target_m2
        dialog.target.setValue(target + 100)
        dialog.evidence_folder.setText(str(tmp_path))
        assert dialog.save(), warnings
    finally:
        dialog.close()
    stored = dict(query(cluster, database, "SELECT key, value FROM town.campaign"))
    assert float(stored["target_m2"]) == target + 100 and stored["evidence_folder"] == str(tmp_path)

    # a village editor may not change the campaign: the database's refusal, shown, nothing written
    editor = campaign_dialog.CampaignDialog(postgis_ledger(cluster.conninfo(database, "editor_b"), SCHEMA), [])
    try:
        assert editor.evidence_folder.text() == str(tmp_path)
        editor.target.setValue(target + 500)
        assert not editor.save()
    finally:
        editor.close()
    (said,) = warnings
    assert "permission denied" in said and "campaign" in said
    assert float(dict(query(cluster, database, "SELECT key, value FROM town.campaign"))["target_m2"]) == target + 100


def test_the_draw_tool_numbers_and_checks_a_case_of_the_shared_ledger(shared_ledger, hooked_layer, qgis_iface):
    from lianwei.ui.case_tools import NewCase, ledger_violations

    cluster, database = shared_ledger
    layer, _hook = hooked_layer
    assert ledger_violations(qgis_iface) is layer
    code, x, y = village_centre(cluster, database)
    square = QgsGeometry.fromRect(QgsRectangle(x - 60, y - 60, x - 45, y - 50))
    feature = NewCase(qgis_iface, layer, open_form=False).add(square)
    assert feature is not None and feature["village_code"] == code and feature["footprint_m2"] == 150.0
    case_id = feature["case_id"]
    assert case_id.startswith(f"{code}-{datetime.date.today().year}-")
    assert layer.commitChanges(), layer.commitErrors()
    assert query(
        cluster,
        database,
        "SELECT village_code, footprint_m2, status FROM town.violations WHERE case_id = %s",
        (case_id,),
    ) == [(code, 150.0, "DISCOVERED")]


def test_office_layers_are_loaded_into_the_shared_ledger(
    shared_ledger, hooked_layer, qgis_iface, qtbot, small_sample, tmp_path
):
    from provider_helper import ensure_provider

    from lianwei.tools.sample_sources import write_sample_sources
    from lianwei.ui.case_card_action import card_path
    from lianwei.ui.load_layers_dialog import LoadLayersDialog

    cluster, database = shared_ledger
    ensure_provider()
    sources = write_sample_sources(small_sample["OUTPUT"], str(tmp_path))
    dialog = LoadLayersDialog(qgis_iface)
    qtbot.addWidget(dialog)
    assert ledgers.same(dialog.ledger_address(), postgis_ledger(cluster.conninfo(database), SCHEMA))
    page = dialog.page("permits")
    page.file.setFilePath(sources["permits"])
    page.replace.setChecked(True)
    assert "4490" in page.crs_line.text() and not page.diagnosis.blocking
    assert dialog.start_import(), dialog.status.text()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=120_000)
    assert dialog.errors == {}, dialog.errors
    written = dialog.results["permits"]["WRITTEN"]
    assert written == query(cluster, database, "SELECT count(*) FROM town.permits")[0][0] == 60
    # a shared ledger has no folder: its case cards go to this computer's documents
    assert not card_path(dialog.ledger_address(), "A-1").startswith(str(tmp_path))
