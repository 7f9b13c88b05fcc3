"""Which translation file names to try for a QGIS locale string.

QGIS names its own Simplified Chinese files ``zh-Hans`` (and takes ``qgis --lang zh-Hans``), its settings and Qt
say ``zh_CN`` for a Chinese system, and the Options dialog stores whichever it lists; all mean our ``zh_CN`` file.

Traditional Chinese (``zh-Hant``, ``zh_TW``, ``zh_HK``, ``zh_MO``) falls back to the Simplified file too, after any
file of its own: the plugin is written for mainland township offices and its terms (两违, 台账, 图斑) are theirs; a
reader of Traditional Chinese reads Simplified with some effort but far better than English, and QGIS itself shows
the Simplified menus to a user who picks it. A Traditional file, if one ever ships, is found first.
"""

from __future__ import annotations

from typing import List

SIMPLIFIED = ["zh_CN", "zh-Hans"]


def locale_candidates(locale: str) -> List[str]:
    """Names to look for, most specific first: the full name, '-'/'_' swapped, zh_CN <-> zh-Hans for Simplified
    Chinese, the two letters, and zh_CN last for any Chinese.

    >>> locale_candidates("zh-Hans")
    ['zh-Hans', 'zh_Hans', 'zh_CN', 'zh']
    >>> locale_candidates("zh-Hant")
    ['zh-Hant', 'zh_Hant', 'zh', 'zh_CN', 'zh-Hans']
    """
    locale = (locale or "").strip().split(".")[0].split("@")[0]  # zh_CN.UTF-8, as in LANG, is zh_CN
    if not locale:
        return []
    parts = locale.replace("-", "_").split("_")
    language = parts[0].lower()
    names: List[str] = [locale, locale.replace("-", "_"), locale.replace("_", "-")]
    if language == "zh" and not _traditional(parts[1:]):
        names += SIMPLIFIED
    names.append(parts[0])
    if language == "zh":
        names += SIMPLIFIED
    seen: List[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return seen


def _traditional(subtags: List[str]) -> bool:
    tags = {t.lower() for t in subtags}
    return bool(tags & {"hant", "tw", "hk", "mo"}) and "hans" not in tags
