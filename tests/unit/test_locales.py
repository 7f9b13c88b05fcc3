import pytest

from lianwei.core.locales import locale_candidates


@pytest.mark.parametrize(
    "locale",
    ["zh_CN", "zh-Hans", "zh", "zh_Hans", "zh-CN", "zh_SG", "ZH_cn", "zh_CN.UTF-8", "zh_Hans_CN", "zh-Hans-CN"],
)
def test_every_spelling_of_simplified_chinese_finds_zh_cn_before_anything_else(locale):
    names = locale_candidates(locale)
    assert "zh_CN" in names
    two_letters = locale[:2]
    assert names.index("zh_CN") < names.index(two_letters) or locale == two_letters


@pytest.mark.parametrize("locale", ["zh-Hant", "zh_Hant", "zh_TW", "zh-HK", "zh_MO", "zh_Hant_TW"])
def test_traditional_chinese_tries_its_own_file_then_falls_back_to_simplified(locale):
    names = locale_candidates(locale)
    assert names[0] == locale
    assert names[-2:] == ["zh_CN", "zh-Hans"]  # after the full name and the two letters


def test_most_specific_first_and_two_letters_last():
    assert locale_candidates("zh-Hans")[0] == "zh-Hans"
    assert locale_candidates("de_DE") == ["de_DE", "de-DE", "de"]


@pytest.mark.parametrize("locale", ["en_US", "en", "C", "en_US.UTF-8", "fr-FR"])
def test_other_languages_never_reach_the_chinese_file(locale):
    assert not {"zh_CN", "zh-Hans", "zh"} & set(locale_candidates(locale))


def test_empty_locale_has_no_candidates():
    assert locale_candidates("") == []
    assert locale_candidates("  ") == []
