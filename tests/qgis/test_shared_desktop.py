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
