"""The notes of the patch cycle are English templates the QGIS side translates: each has a Chinese translation
(tests/data/patches/templates_zh_CN.json, in the form tools.i18n --fill takes) with the same placeholders."""

import json
import os
import string

import pytest

from lianwei.core import (
    boundary_points,
    boundary_rings,
    boundary_system,
    boundary_tables,
    evidence_verdict,
    patch_dedup,
    patch_mapping,
    patch_report,
    patches,
    sheet_tables,
)

MODULES = (
    boundary_points,
    boundary_rings,
    boundary_system,
    boundary_tables,
    sheet_tables,
    patch_mapping,
    patches,
    patch_dedup,
    patch_report,
    evidence_verdict,
)
TEMPLATES = [t for m in MODULES for t in m.TEMPLATES]
ZH_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "patches", "templates_zh_CN.json")
# Keyword names of core.notes' helpers: a placeholder so named would never reach the values.
RESERVED = {"field", "where", "level", "template"}


def placeholders(text):
    return {(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name is not None}


@pytest.fixture(scope="module")
def chinese():
    with open(ZH_PATH, encoding="utf-8") as handle:
        return json.load(handle)


def test_templates_are_unique_and_use_no_reserved_name():
    assert len(TEMPLATES) == len(set(TEMPLATES))
    for template in TEMPLATES:
        assert not {name for name, _ in placeholders(template)} & RESERVED, template


def test_every_template_has_a_chinese_translation_with_the_same_placeholders(chinese):
    assert set(chinese) == set(TEMPLATES)
    for template in TEMPLATES:
        assert placeholders(chinese[template]) == placeholders(template), template


def test_each_module_lists_every_template_constant_it_defines():
    for module in MODULES:
        constants = {
            value
            for name, value in vars(module).items()
            if name.isupper() and isinstance(value, str) and "{" in value and ("Row " in value or value[:1].isupper())
        }
        assert constants <= set(TEMPLATES), module.__name__  # its own, or one it imports from another
