import pytest

from lianwei.core.locales import locale_candidates


@pytest.mark.parametrize("locale", ["zh_CN", "zh-Hans", "zh", "zh_Hans", "zh-CN"])
def test_every_spelling_of_simplified_chinese_finds_zh_cn(locale):
    assert "zh_CN" in locale_candidates(locale)


def test_most_specific_first_and_two_letters_last():
    assert locale_candidates("zh-Hans")[0] == "zh-Hans"
    assert locale_candidates("de_DE") == ["de_DE", "de-DE", "de"]


def test_empty_locale_has_no_candidates():
    assert locale_candidates("") == []
