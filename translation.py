"""Translations: one Qt context for the whole plugin, the zh_CN file found whatever QGIS calls the locale."""

from __future__ import annotations

import os
from typing import Optional

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

from .core.locales import locale_candidates

CONTEXT = "lianwei"
I18N_DIR = os.path.join(os.path.dirname(__file__), "i18n")

_installed: Optional[QTranslator] = None
_chinese: Optional[QTranslator] = None


def tr(text: str) -> str:
    """Translate ``text`` (English source) into the user's language."""
    return QCoreApplication.translate(CONTEXT, text)


def tr_both(text: str) -> str:
    """Chinese and English together, for error messages: users read the Chinese, support reads the English.

    The Chinese comes from the shipped zh_CN file whatever the user's locale, so a qgis_process run on a server
    with an English locale still names the problem in Chinese.
    """
    chinese = tr_chinese(text)
    return text if chinese == text else f"{chinese} / {text}"


def tr_chinese(text: str) -> str:
    """``text`` in Chinese from the shipped zh_CN file, whatever the user's locale (``text`` if untranslated)."""
    global _chinese
    if _chinese is None:
        _chinese = QTranslator()
        path = qm_path("zh_CN")
        if path:
            _chinese.load(path)
    try:
        return _chinese.translate(CONTEXT, text) or text
    except UnicodeEncodeError:  # PyQt5 takes the source text as an ASCII char*; UTF-8 bytes reach the same entry
        return _chinese.translate(CONTEXT, text.encode("utf-8")) or text


def user_locale() -> str:
    """The language QGIS shows: the setting ``locale/userLocale``, else the system's locale.

    QGIS Desktop writes the language it chose into ``locale/userLocale`` at start-up whatever way it was chosen
    (``qgis --lang zh-Hans``, the Options override, the system locale), "so that third party plugins use the same
    locale" [QGIS src/app/main.cpp]. ``QgsApplication.locale()`` is no substitute: without the override flag it
    gives the system's two letters, so under ``qgis --lang zh-Hans`` on an English system it says ``en`` (checked
    on 3.22). The setting is empty only where Desktop never ran (qgis_process or a script on a fresh account).
    """
    value = QgsSettings().value("locale/userLocale", "", type=str)
    return (value or "").strip() or QLocale().name()


def qm_path(locale: str) -> Optional[str]:
    for name in locale_candidates(locale):
        path = os.path.join(I18N_DIR, f"lianwei_{name}.qm")
        if os.path.exists(path):
            return path
    return None


def install_translator(locale: Optional[str] = None) -> Optional[str]:
    """Install the translation for ``locale`` (default: QGIS's); returns the .qm used, or None for English."""
    global _installed
    remove_translator()
    path = qm_path(locale or user_locale())
    if not path:
        return None
    translator = QTranslator()
    if not translator.load(path):
        return None
    QCoreApplication.installTranslator(translator)
    _installed = translator
    return path


def remove_translator() -> None:
    global _installed
    if _installed is not None:
        QCoreApplication.removeTranslator(_installed)
        _installed = None


def both(template: str, **values) -> str:
    """``template`` (English, marked with tr_later) in Chinese and English, ``values`` put into each.

    A value given as a (Chinese, English) pair goes into each language's text; a ``reason`` (an English reason of
    core) is translated for the Chinese text."""

    def pick(key, value, chinese: bool):
        if isinstance(value, tuple):
            return value[0] if chinese else value[1]
        return tr_chinese(value) if chinese and key == "reason" else value

    chinese = tr_chinese(template).format(**{k: pick(k, v, True) for k, v in values.items()})
    english = template.format(**{k: pick(k, v, False) for k, v in values.items()})
    return english if chinese == english else f"{chinese} / {english}"


def tr_later(text: str) -> str:
    """Mark a string for translation where it is defined; tr() translates it where it is shown."""
    return text
