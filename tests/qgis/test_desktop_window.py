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
