"""The zip, unzipped into a fresh profile, loads in the real QGIS Desktop (Xvfb) without a Python error."""

import os
import shutil
import sys

import pytest
from plugin_paths import REPO
from qgis.PyQt.QtGui import QColor, QImage

sys.path.insert(0, os.path.join(REPO, "tools"))
import desktop  # noqa: E402
import package  # noqa: E402


@pytest.fixture(scope="module")
def report(small_sample, tmp_path_factory):
    if not shutil.which("xvfb-run") or not shutil.which("qgis"):
        pytest.fail("xvfb-run and qgis are needed: `make test` installs them")
    folder = tmp_path_factory.mktemp("desktop")
    plugin_zip = str(folder / "lianwei.zip")
    package.build(plugin_zip)
    return desktop.run(plugin_zip, small_sample["PROJECT"], str(folder / "out"))


def test_plugin_loads_without_python_errors(report):
    assert "lianwei" in report["loaded_plugins"] and "lianwei" in report["active_plugins"]
    errors = [m for m in report["messages"] if m["tag"] == "Python error" or "Traceback" in m["message"]]
    assert errors == []
    assert not [m for m in report["messages"] if "lianwei" in m["message"].lower()]


def test_menu_is_chinese_under_the_chinese_qgis(report):
    assert report["lianwei_menu"][:4] == ["两违整治", "新建台账…", "打开台账…", "示例乡镇…"]


def test_project_layers_open_valid(report):
    assert report["valid_layers"]
    assert {"违法图斑", "村界", "宗地", "许可", "永久基本农田"} <= set(report["layers"])


def test_screenshot_shows_the_styled_map(report):
    image = QImage(report["shots"][0])
    assert (image.width(), image.height()) == (1600, 1000)
    outline = QColor("#6a3d9a")
    hits = 0
    for x in range(300, 1300, 3):
        for y in range(150, 950, 3):
            pixel = QColor(image.pixel(x, y))
            if (
                abs(pixel.red() - outline.red())
                + abs(pixel.green() - outline.green())
                + abs(pixel.blue() - outline.blue())
                < 40
            ):
                hits += 1
    assert hits > 50, "the village boundaries are not on the screen"


def test_progress_dock_follows_a_saved_edit(report):
    before, after = report["dock_before"], report["dock_after"]
    assert before["visible"] and before["villages"] >= 2
    assert before["bar"].startswith("已拆除") and "目标" in before["bar"]
    assert report["commit"] is True
    _, footprint = report["edited_case"]
    assert after["demolished_m2"] == pytest.approx(before["demolished_m2"] + footprint, abs=0.005)
    assert after["bar"] != before["bar"]
    assert 0 < after["update_ms"] < 1000


def test_dock_and_campaign_dialog_screenshots_are_not_blank(report):
    names = {os.path.basename(p) for p in report["shots"]}
    assert {"dock.png", "dock_after_edit.png", "campaign.png"} <= names
    for path in report["shots"]:
        image = QImage(path)
        colours = {image.pixel(x, y) for x in range(0, 1600, 37) for y in range(0, 1000, 37)}
        assert len(colours) > 20, path
