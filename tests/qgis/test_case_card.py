"""lianwei:casecard on the small sample township with photos and history written into the ledger: one A4 page,
its text, fonts, photos and pixels; an unknown case; a case with nothing attached; the menu action."""

import os
import re
import shutil
import subprocess

import pytest
from gpkg_copy import copy_gpkg
from osgeo import ogr
from PIL import Image
from qgis.core import QgsProcessingException, QgsProject
from qgis.PyQt.QtGui import QColor, QImage

from lianwei.core.areas import to_mu
from lianwei.core.schema import code_label
from lianwei.layers.ledger import layer_uri

PHOTO_COLOURS = ((200, 30, 30), (30, 90, 200))  # two photos of plain colours, found again in the rendered page
CRS_NOTE = "2000国家大地坐标系高斯-克吕格投影3度带中央经线108°"


def need(tool):
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is needed (poppler-utils): `make test` installs it")
    return tool


def flat_text(path):
    """The page's text without white space (a table cell may be spaced differently by each QGIS version)."""
    text = subprocess.run([need("pdftotext"), "-layout", path, "-"], capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", text)


def pdf_info(path):
    return subprocess.run([need("pdfinfo"), path], capture_output=True, text=True).stdout


def photo_images(path):
    """(width, height) of the RGB images in the PDF that are the photos (the north arrow is a small picture)."""
    listing = subprocess.run([need("pdfimages"), "-list", path], capture_output=True, text=True).stdout
    sizes = []
    for line in listing.splitlines()[2:]:
        parts = line.split()
        if len(parts) > 5 and parts[2] == "image" and parts[5] == "rgb":
            sizes.append((int(parts[3]), int(parts[4])))
    return [s for s in sizes if max(s) >= 300]


def write_rows(ledger, table, rows):
    """Rows into a ledger table through OGR, in one transaction (as the plugin's own writers do)."""
    dataset = ogr.Open(ledger, 1)
    assert dataset.StartTransaction() == 0
    layer = dataset.GetLayerByName(table)
    for row in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        for key, value in row.items():
            feature.SetField(key, value)
        assert layer.CreateFeature(feature) == 0
    assert dataset.CommitTransaction() == 0
    dataset = None


def cases(ledger):
    dataset = ogr.Open(ledger)
    layer = dataset.GetLayerByName("violations")
    found = [{k: f.GetField(k) for k in ("case_id", "village_name", "status", "footprint_m2")} for f in layer]
    dataset = None
    return found


@pytest.fixture(scope="module")
def cards(small_sample, tmp_path_factory):
    from provider_helper import ensure_provider

    import processing
    from lianwei.translation import install_translator

    ensure_provider()  # module-scoped: an earlier test may have unloaded the plugin's provider
    install_translator("zh_CN")  # the card is printed for a Chinese meeting
    folder = tmp_path_factory.mktemp("card")
    ledger = str(folder / "ledger.gpkg")
    copy_gpkg(small_sample["OUTPUT"], ledger)
    all_cases = cases(ledger)
    case = next(c for c in all_cases if c["status"] == "DEMOLISHED")
    bare = next(c for c in all_cases if c["status"] == "FILED")
    busy = next(c for c in all_cases if c["case_id"] not in (case["case_id"], bare["case_id"]))
    photos = folder / "evidence" / case["case_id"]
    photos.mkdir(parents=True)
    for number, (colour, size) in enumerate(zip(PHOTO_COLOURS, ((1600, 1200), (1200, 1600)))):
        Image.new("RGB", size, colour).save(photos / f"现场{number}.jpg", quality=90)
    cid = case["case_id"]
    write_rows(
        ledger,
        "evidence",
        [
            {
                "case_id": cid,
                "file_path": f"evidence/{cid}/现场0.jpg",
                "taken_at": "2024-05-03T10:12:00",
                "note": "全景",
                "direction": 45.0,
            },
            {
                "case_id": cid,
                "file_path": f"evidence/{cid}/现场1.jpg",
                "taken_at": "2024-08-02T09:30:00",
                "note": "拆除后",
                "direction": 180.0,
            },
            {"case_id": cid, "file_path": f"evidence/{cid}/责令整改通知书.pdf", "note": "送达回证"},
        ],
    )
    history = [
        ("2024-05-04T08:00:00", "王五", "status", "DISCOVERED", "VERIFIED"),
        ("2024-05-10T09:00:00", "王五", "status", "VERIFIED", "FILED"),
        ("2024-05-12T09:00:00", "赵六", "disposal", None, "SELF"),
        ("2024-08-02T16:00:00", "赵六", "status", "FILED", "DEMOLISHED"),
    ]
    write_rows(
        ledger,
        "case_log",
        [
            dict(
                {"case_id": cid, "changed_at": t, "changed_by": who, "field": f, "new_value": new},
                **({"old_value": old} if old else {}),
            )
            for t, who, f, old, new in history
        ],
    )
    write_rows(
        ledger,
        "case_log",
        [
            {
                "case_id": busy["case_id"],
                "changed_at": f"2024-06-{1 + k // 2:02d}T{8 + k % 2}:00:00",
                "changed_by": f"用户{k:02d}",
                "field": "remarks",
                "old_value": "",
                "new_value": f"第{k}次",
            }
            for k in range(40)
        ],
    )
    out = folder / "案件卡片"

    def run(case_id):
        path = str(out / f"{case_id}.pdf")
        processing.run(
            "lianwei:casecard", {"INPUT": layer_uri(ledger, "violations"), "CASE_ID": case_id, "OUTPUT": path}
        )
        return path

    yield {
        "run": run,
        "case": case,
        "bare": bare,
        "busy": busy,
        "paths": {c["case_id"]: run(c["case_id"]) for c in (case, bare, busy)},
        "ledger": ledger,
        "folder": out,
    }
    install_translator("en")


def test_one_a4_page(cards):
    for path in cards["paths"].values():
        info = pdf_info(path)
        assert re.search(r"Pages:\s+1\n", info), path
        width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
        assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1  # A4 portrait


def test_text_has_case_village_status_areas_history_and_crs(cards):
    case = cards["case"]
    text = flat_text(cards["paths"][case["case_id"]])
    assert case["case_id"] in text
    assert f"清溪镇{case['village_name']}违法图斑案件卡片" in text
    assert code_label("status", "DEMOLISHED") == "已拆除" and "已拆除" in text
    area = f"{case['footprint_m2']:,.2f}m²（{to_mu(case['footprint_m2']):.4f}亩）"
    assert area in text
    for entry in (
        "王五状态已发现→核实违法",
        "王五状态核实违法→已立案",
        "赵六处置方式—→自行拆除",
        "赵六状态已立案→已拆除",
    ):
        assert entry in text
    assert text.index("已发现→核实违法") < text.index("已立案→已拆除")  # newest last
    assert CRS_NOTE in text
    assert "拍摄方向东北45°" in text and "拍摄方向南180°" in text  # photo captions
    assert "责令整改通知书.pdf" in text  # the document, by name
    assert "制图单位：清溪镇自然资源所" in text


def test_fonts_are_embedded_cjk(cards):
    fonts = subprocess.run(
        [need("pdffonts"), cards["paths"][cards["case"]["case_id"]]], capture_output=True, text=True
    ).stdout
    lines = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert lines and all(" yes " in line for line in lines)
    assert any(re.search(r"WenQuanYi|Noto|CJK|YaHei|SimSun", line) for line in lines)


def test_photos_are_in_the_pdf_shrunk_and_upright(cards):
    sizes = photo_images(cards["paths"][cards["case"]["case_id"]])
    assert sorted(sizes) == [(675, 900), (900, 675)]  # two photos, long side 900 px, orientation kept


def test_rendered_page_shows_the_map_and_the_photos(cards, tmp_path):
    path = cards["paths"][cards["case"]["case_id"]]
    subprocess.run([need("pdftoppm"), "-png", "-r", "60", "-singlefile", path, str(tmp_path / "page")], check=True)
    image = QImage(str(tmp_path / "page.png"))
    assert abs(image.width() - 496) <= 1 and abs(image.height() - 702) <= 1
    colours = [QColor(image.pixel(x, y)) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)]
    dark = [c for c in colours if c.lightness() < 200]
    assert len(dark) > 0.02 * len(colours)  # not blank: text, tables and the map
    for red, green, blue in PHOTO_COLOURS:
        assert any(
            abs(c.red() - red) < 25 and abs(c.green() - green) < 25 and abs(c.blue() - blue) < 25 for c in colours
        ), (red, green, blue)
    highlight = [c for c in colours if c.red() > 200 and c.green() < 120 and c.blue() < 120]
    assert highlight  # the case's red outline


def test_long_history_keeps_the_newest_and_counts_the_rest(cards):
    text = flat_text(cards["paths"][cards["busy"]["case_id"]])
    left_out = int(re.search(r"及更早的(\d+)条记录", text).group(1))
    shown = [k for k in range(40) if f"用户{k:02d}" in text]
    assert shown == list(range(40 - len(shown), 40))  # the newest ones, in order
    # The ledger also traced the case's creation: one row more than the forty added, shown when it is among the newest.
    created = f"案件编号—→{cards['busy']['case_id']}" in text
    assert len(shown) + created + left_out == 41 and len(shown) >= 10


def test_case_without_photos_and_only_its_creation_traced_is_one_page(cards):
    bare = cards["bare"]
    path = cards["paths"][bare["case_id"]]
    assert re.search(r"Pages:\s+1\n", pdf_info(path))
    text = flat_text(path)
    # The ledger's trace logs every case's creation: the history shows that one row, case_id from nothing.
    assert bare["case_id"] in text and "无照片" in text and f"案件编号—→{bare['case_id']}" in text
    assert code_label("status", "FILED") in text
    assert photo_images(path) == []


def test_unknown_case_is_named_and_nothing_is_written(cards):
    with pytest.raises(QgsProcessingException) as raised:
        cards["run"]("450109101299-2024-9999")
    assert "450109101299-2024-9999" in str(raised.value) and "案件" in str(raised.value)
    assert not os.path.exists(cards["folder"] / "450109101299-2024-9999.pdf")


def test_empty_case_id_is_refused(cards):
    with pytest.raises(QgsProcessingException):
        cards["run"]("")


@pytest.fixture
def ledger_in_project(cards, qgis_new_project):
    from lianwei.layers.project import ledger_layers

    layers = ledger_layers(cards["ledger"])
    QgsProject.instance().addMapLayers(list(layers.values()))
    yield layers
    QgsProject.instance().removeAllMapLayers()


def test_menu_action_prints_the_selected_case_beside_the_ledger(
    lianwei_provider, cards, ledger_in_project, qgis_iface, qtbot, monkeypatch
):
    from qgis.PyQt.QtGui import QDesktopServices

    from lianwei.ui.case_card_action import CaseCardRunner

    violations = ledger_in_project["violations"]
    case_id = cards["case"]["case_id"]
    violations.selectByIds([f.id() for f in violations.getFeatures() if f["case_id"] == case_id])
    qgis_iface.setActiveLayer(violations)
    opened, messages = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    monkeypatch.setattr(qgis_iface.messageBar(), "pushMessage", lambda title, text, level: messages.append(text))
    expected = os.path.join(os.path.dirname(cards["ledger"]), "案件卡片", f"{case_id}.pdf")
    os.remove(expected)
    runner = CaseCardRunner(qgis_iface)
    assert runner.run() is not None
    qtbot.waitUntil(lambda: runner.task is None, timeout=120_000)
    assert runner.last_results == {"OUTPUT": expected}
    assert os.path.exists(expected) and re.search(r"Pages:\s+1\n", pdf_info(expected))
    assert opened == [expected]
    assert expected in messages[-1]


def test_menu_action_without_a_selection_says_so(lianwei_provider, ledger_in_project, qgis_iface, monkeypatch):
    from lianwei.ui.case_card_action import CaseCardRunner

    ledger_in_project["violations"].removeSelection()
    qgis_iface.setActiveLayer(ledger_in_project["violations"])
    messages = []
    monkeypatch.setattr(qgis_iface.messageBar(), "pushMessage", lambda title, text, level: messages.append(text))
    assert CaseCardRunner(qgis_iface).run() is None
    assert messages and ("选择" in messages[-1] or "Select" in messages[-1])


def test_a_pdf_that_cannot_be_written_says_so(cards):
    import processing

    blocked = cards["folder"] / "blocked.pdf"
    blocked.mkdir(parents=True, exist_ok=True)  # a folder where the PDF should go: the export fails
    with pytest.raises(QgsProcessingException) as raised:
        processing.run(
            "lianwei:casecard",
            {
                "INPUT": layer_uri(cards["ledger"], "violations"),
                "CASE_ID": cards["bare"]["case_id"],
                "OUTPUT": str(blocked),
            },
        )
    assert "无法写出案件卡片" in str(raised.value) and "Cannot write the case card" in str(raised.value)
