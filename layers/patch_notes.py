"""Core notes (core/notes.py) of a file in Chinese and English, prefixed with the file's name: the boundary-point
and patch readers' notes name the line, row or field, the prefix names the file."""

from __future__ import annotations

import os

from ..core.notes import ERROR, INFO, Note
from ..translation import tr, tr_chinese, tr_later
from .note_text import note_pair, note_text

IN_FILE = tr_later("{file}: {note}")


def note_both(note: Note, path: str) -> str:
    """The note in Chinese and English, naming the file (the template names the line, row or field)."""
    name = os.path.basename(path)
    chinese, english = note_pair(note)
    chinese, english = tr_chinese(IN_FILE).format(file=name, note=chinese), IN_FILE.format(file=name, note=english)
    return english if chinese == english else f"{chinese} / {english}"


def note_local(note: Note, path: str) -> str:
    """The note in the user's language, naming the file: for the log."""
    return tr(IN_FILE).format(file=os.path.basename(path), note=note_text(note))


def log_note(feedback, note: Note, path: str) -> None:
    """An information note to the log in the user's language; a warning or an error in both languages."""
    if note.level == INFO:
        feedback.pushInfo(note_local(note, path))
    elif note.level == ERROR:
        feedback.reportError(note_both(note, path), False)
    else:
        feedback.pushWarning(note_both(note, path))
