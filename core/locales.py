"""Which translation file names to try for a QGIS locale string."""

from __future__ import annotations

from typing import List

# QGIS stores the locale as zh_CN (settings) or zh-Hans (its own translation files); both mean Simplified Chinese.
_ALIASES = {
    "zh_cn": ["zh_CN", "zh-Hans"],
    "zh-hans": ["zh_CN", "zh-Hans"],
    "zh_hans": ["zh_CN", "zh-Hans"],
    "zh_sg": ["zh_CN", "zh-Hans"],
    "zh": ["zh_CN", "zh-Hans"],
}


def locale_candidates(locale: str) -> List[str]:
    """Names to look for, most specific first: the full name, '-'/'_' swapped, zh_CN <-> zh-Hans, two letters.

    >>> locale_candidates("zh-Hans")
    ['zh-Hans', 'zh_Hans', 'zh_CN', 'zh']
    """
    locale = (locale or "").strip()
    if not locale:
        return []
    names: List[str] = [locale, locale.replace("-", "_"), locale.replace("_", "-")]
    names += _ALIASES.get(locale.lower(), [])
    names.append(locale.replace("-", "_").split("_")[0])
    seen: List[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return seen
