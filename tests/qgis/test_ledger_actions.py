"""The desktop's 打开台账 action: a ledger's tables join the project styled; anything else is refused clearly."""

from qgis.core import Qgis, QgsProject

from lianwei.ui import ledger_actions


def choose(monkeypatch, path):
    monkeypatch.setattr(ledger_actions.QFileDialog, "getOpenFileName", lambda *args, **kwargs: (path, ""))


def test_open_ledger_adds_every_table_styled_in_a_group(small_sample, qgis_iface, monkeypatch):
    project = QgsProject.instance()
    project.clear()
    choose(monkeypatch, small_sample["OUTPUT"])
    ledger_actions.open_ledger(qgis_iface)
    try:
        group = project.layerTreeRoot().findGroup("sample")
        assert group is not None
        names = [node.name() for node in group.findLayers()]
        assert names[:5] == ["违法图斑", "许可", "永久基本农田", "宗地", "村界"]
        assert len(names) == 8
        violations = project.mapLayersByName("违法图斑")[0]
        assert violations.featureCount() == 120 and violations.renderer().type() == "categorizedSymbol"
    finally:
        project.clear()


def test_a_geopackage_that_is_not_a_ledger_is_refused(qgis_iface, monkeypatch, tmp_path):
    from osgeo import gdal

    other = str(tmp_path / "other.gpkg")
    dataset = gdal.GetDriverByName("GPKG").Create(other, 0, 0, 0, gdal.GDT_Unknown)
    dataset.CreateLayer("roads")
    dataset = None
    qgis_iface.messageBar().clear_messages()
    choose(monkeypatch, other)
    before = len(QgsProject.instance().mapLayers())
    ledger_actions.open_ledger(qgis_iface)
    assert len(QgsProject.instance().mapLayers()) == before
    warnings = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Warning)
    assert warnings and "不是两违整治台账" in warnings[-1] and "is not a Lianwei ledger" in warnings[-1]
