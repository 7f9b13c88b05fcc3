"""metadata.txt has what the plugins.qgis.org upload check requires."""

import configparser
import os

from plugin_paths import REPO

REQUIRED = ("name", "description", "about", "version", "qgisMinimumVersion", "author", "email", "repository", "tracker")


def metadata():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(os.path.join(REPO, "metadata.txt"), encoding="utf-8")
    return parser["general"]


def test_required_and_chinese_keys():
    general = metadata()
    for key in REQUIRED + ("name[zh_CN]", "description[zh_CN]", "about[zh_CN]", "tags", "category", "icon"):
        assert general.get(key, "").strip(), key
    assert general["qgisMinimumVersion"] == "3.22"
    assert general["qgisMaximumVersion"] == "4.99"
    assert general["hasProcessingProvider"] == "yes"
    assert general["name[zh_CN]"] == "两违整治"
    for key in ("repository", "tracker", "homepage"):
        assert general[key].startswith("https://"), key


def test_icon_and_licence_exist():
    assert os.path.exists(os.path.join(REPO, metadata()["icon"]))
    assert "GNU GENERAL PUBLIC LICENSE" in open(os.path.join(REPO, "LICENSE"), encoding="utf-8").read()
