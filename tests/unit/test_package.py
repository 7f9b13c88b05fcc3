"""The plugin zip: one top folder lianwei/, compiled translations, nothing of the developer's."""

import os
import sys
import zipfile

import pytest
from plugin_paths import REPO

sys.path.insert(0, os.path.join(REPO, "tools"))
import package  # noqa: E402


@pytest.fixture(scope="module")
def names(tmp_path_factory):
    if not os.path.exists(os.path.join(REPO, "i18n", "lianwei_zh_CN.qm")):
        pytest.fail("build the translations first (make translations)")
    target = str(tmp_path_factory.mktemp("zip") / "lianwei.zip")
    package.build(target)
    assert os.path.getsize(target) < 20 * 1024 * 1024
    with zipfile.ZipFile(target) as archive:
        return archive.namelist()


def test_one_top_folder_named_lianwei(names):
    assert {name.split("/")[0] for name in names} == {"lianwei"}


def test_plugin_files_and_compiled_translation_inside(names):
    for required in (
        "metadata.txt",
        "LICENSE",
        "__init__.py",
        "plugin.py",
        "i18n/lianwei_zh_CN.qm",
        "processing/provider.py",
        "resources/styles/violations.qml",
        "resources/icons/icon.png",
    ):
        assert f"lianwei/{required}" in names, required


def test_no_tests_tools_caches_or_binaries(names):
    for name in names:
        parts = name.split("/")
        assert parts[1] not in ("tests", "tools", "bench", ".ci", ".git", "docs", "Makefile", "pyproject.toml")
        assert "__pycache__" not in parts and not name.endswith((".pyc", ".so", ".exe", ".dll"))
