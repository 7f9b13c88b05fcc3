"""Every visible string goes through tr() and has a finished zh_CN translation that keeps its placeholders."""

import re

from lianwei.tools.i18n import extract, read_ts


def placeholders(text):
    return sorted(re.findall(r"\{[^}]*\}", text))


def test_every_string_is_translated_with_the_same_placeholders():
    strings = extract()
    translations = read_ts()
    assert len(strings) > 40
    missing = [s for s in strings if not translations.get(s)]
    assert missing == []
    for source in strings:
        target = translations[source]
        assert placeholders(target) == placeholders(source), source
        assert re.search("[\u4e00-\u9fff]", target), source


def test_the_ts_has_no_strings_the_code_no_longer_uses():
    assert set(read_ts()) <= set(extract())


def test_file_filters_keep_ascii_parentheses():
    """QGIS reads a file filter's extensions between ASCII parentheses: "图斑文件（*.shp）" with full-width ones
    gives no extension, and the Processing dialog refuses every file for the parameter (seen in zh_CN)."""
    translations = read_ts()
    for source in extract():
        if re.search(r"\((\*\.|\{types\})", source):
            target = translations[source]
            assert re.search(r" \((\*\.|\{types\})", target) and "（" not in target, (source, target)
