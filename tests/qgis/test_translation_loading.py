"""zh_CN is loaded whatever QGIS calls the locale, and then every visible string of the plugin is Chinese."""

import re

import pytest
from qgis.core import QgsApplication, QgsSettings

import lianwei
from lianwei import translation
from lianwei.processing.provider import LianweiProvider

HAN = re.compile("[\u4e00-\u9fff]")


@pytest.fixture
def chinese():
    yield translation.install_translator("zh_CN")
    translation.remove_translator()


@pytest.mark.parametrize("locale", ["zh_CN", "zh-Hans", "zh"])
def test_each_spelling_of_the_locale_loads_the_chinese_file(locale):
    try:
        path = translation.install_translator(locale)
        assert path and path.endswith("lianwei_zh_CN.qm")
        assert translation.tr("Ledger") == "台账"
    finally:
        translation.remove_translator()
    assert translation.tr("Ledger") == "Ledger"


def test_english_has_no_file():
    assert translation.install_translator("en_US") is None


def test_the_locale_from_qgis_settings_is_used(without_lianwei_provider):
    settings = QgsSettings()
    old = settings.value("locale/overrideFlag"), settings.value("locale/userLocale")
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", "zh-Hans")
    try:
        plugin = lianwei.classFactory(None)
        assert translation.tr("Ledger") == "台账"
        plugin.unload()
    finally:
        settings.setValue("locale/overrideFlag", old[0] or False)
        settings.setValue("locale/userLocale", old[1] or "")
        translation.remove_translator()


def test_every_algorithm_string_is_chinese_under_zh_cn(chinese, without_lianwei_provider):
    provider = LianweiProvider()
    assert QgsApplication.processingRegistry().addProvider(provider)
    try:
        assert HAN.search(provider.name())
        for algorithm in provider.algorithms():
            texts = [algorithm.displayName(), algorithm.group(), algorithm.shortHelpString()]
            texts += [p.description() for p in algorithm.parameterDefinitions()]
            texts += [o.description() for o in algorithm.outputDefinitions()]
            untranslated = [t for t in texts if not HAN.search(t)]
            assert untranslated == [], algorithm.id()
    finally:
        QgsApplication.processingRegistry().removeProvider(provider)


def test_menu_is_chinese_under_zh_cn(chinese, qgis_iface, without_lianwei_provider):
    plugin = lianwei.classFactory(qgis_iface)
    translation.install_translator("zh_CN")  # classFactory installed the user's locale; the test wants Chinese
    plugin.initGui()
    try:
        assert plugin.menu.title() == "两违整治"
        assert [a.text() for a in plugin.menu.actions()][:3] == ["新建台账…", "打开台账…", "示例乡镇…"]
    finally:
        plugin.unload()


def test_error_messages_carry_chinese_and_english_whatever_the_locale():
    message = translation.tr_both("The folder {folder} does not exist")
    assert message == "文件夹 {folder} 不存在 / The folder {folder} does not exist"
