"""A CJK font that exists on this machine, so Chinese labels never print as boxes."""

from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtGui import QFontDatabase

# Linux first (Noto/WenQuanYi as Debian packages them), then Windows and macOS.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "微软雅黑",
    "SimSun",
    "宋体",
    "PingFang SC",
)


def cjk_font_family() -> Optional[str]:
    """The first installed family of CJK_FAMILIES, else any family that can write Simplified Chinese, else None."""
    database = QFontDatabase()
    families = set(database.families())
    for family in CJK_FAMILIES:
        if family in families:
            return family
    chinese = database.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return chinese[0] if chinese else None
