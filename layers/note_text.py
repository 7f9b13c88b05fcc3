"""A core note (core/notes.py) in the user's words: its template translated, then its values put in.

Core lists its templates (``TEMPLATES``) and tools/i18n.py puts them into the translation, so a note is
translated here by its template, never by its filled-in text."""

from __future__ import annotations

from typing import Iterable, List, Tuple

from ..core.notes import Note
from ..translation import tr, tr_chinese


def note_pair(note: Note) -> Tuple[str, str]:
    """(Chinese, English); a ``reason`` value (an English reason of core) is translated too."""
    values = dict(note.values)
    if isinstance(values.get("reason"), str):
        values["reason"] = tr_chinese(values["reason"])
    return tr_chinese(note.template).format(**values), note.template.format(**note.values)


def note_both(note: Note) -> str:
    """Chinese and English, for a message that must be read whatever language QGIS shows."""
    chinese, english = note_pair(note)
    return english if chinese == english else f"{chinese} / {english}"


def note_text(note: Note) -> str:
    """In the language QGIS shows."""
    values = dict(note.values)
    if isinstance(values.get("reason"), str):
        values["reason"] = tr(values["reason"])
    return tr(note.template).format(**values)


def note_lines(notes: Iterable[Note]) -> List[str]:
    return [note_both(n) for n in notes]
