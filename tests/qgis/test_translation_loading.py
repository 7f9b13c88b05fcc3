"""zh_CN is loaded whatever QGIS calls the locale, and then every visible string of the plugin is Chinese."""

import re

import pytest
from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QLocale

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


@pytest.fixture
def locale_settings():
    """QGIS's locale settings, put back after the test."""
    settings = QgsSettings()
    keys = ("locale/overrideFlag", "locale/userLocale")
    old = {key: settings.value(key) for key in keys}
    default = QLocale()
    yield settings
    for key, value in old.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)
    QLocale.setDefault(default)
    translation.remove_translator()


# As QGIS Desktop leaves the settings at start-up (src/app/main.cpp): --lang writes userLocale and leaves the
# override off; the Options override sets both; otherwise QGIS writes the system locale (QLocale().name()).
@pytest.mark.parametrize(
    "override, user_locale, expected",
    [
        (False, "zh-Hans", "zh-Hans"),  # qgis --lang zh-Hans on an English system
        (True, "zh-Hans", "zh-Hans"),  # Options > General > Override system locale: 简体中文
        (False, "zh_CN", "zh_CN"),  # a Chinese system
        (False, "en_US", "en_US"),
        (True, "en_US", "en_US"),  # English chosen on a Chinese system
    ],
)
def test_user_locale_is_the_language_qgis_chose(locale_settings, override, user_locale, expected):
    locale_settings.setValue("locale/overrideFlag", override)
    locale_settings.setValue("locale/userLocale", user_locale)
    QLocale.setDefault(QLocale("en_US" if expected.startswith("zh") else "zh_CN"))  # the system says otherwise
    assert translation.user_locale() == expected
    assert bool(translation.install_translator()) == expected.startswith("zh")


def test_without_the_setting_the_system_locale_decides(locale_settings):
    locale_settings.remove("locale/userLocale")
    locale_settings.setValue("locale/overrideFlag", False)
    QLocale.setDefault(QLocale("zh_CN"))
    assert translation.user_locale() == "zh_CN"
    assert translation.install_translator().endswith("lianwei_zh_CN.qm")
    QLocale.setDefault(QLocale("en_US"))
    assert translation.install_translator() is None


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
