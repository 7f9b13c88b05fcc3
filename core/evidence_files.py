"""Evidence files of a case (取证材料): which are photos, where they live beside the ledger, how they are named.

Plain rules shared by the ledger side (layers/evidence.py) and the case workflow (DEMOLISHED needs a photo).
"""

from __future__ import annotations

import os
import posixpath
import re
from typing import Callable

PHOTO = "photo"
VIDEO = "video"
DOCUMENT = "document"

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif", ".webp", ".heic", ".heif")
VIDEO_SUFFIXES = (".mp4", ".mov", ".avi", ".3gp", ".mkv", ".wmv")
# Notices, orders, permits and lists a township office keeps: PDF, Word/WPS, Excel/ET, OFD (China's PDF), scans.
DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".ods", ".odt", ".rtf", ".txt", ".ofd")

# The folder beside the ledger that holds every case's files: "<ledger stem>_取证材料".
FOLDER_SUFFIX = "_取证材料"

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def kind_of(path: str) -> str:
    """PHOTO, VIDEO or DOCUMENT by the file's extension; "" for a kind the ledger does not keep."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in PHOTO_SUFFIXES:
        return PHOTO
    if suffix in VIDEO_SUFFIXES:
        return VIDEO
    if suffix in DOCUMENT_SUFFIXES:
        return DOCUMENT
    return ""


def is_photo(path: str) -> bool:
    return kind_of(path) == PHOTO


def evidence_root(ledger_path: str) -> str:
    folder, base = os.path.split(os.path.abspath(ledger_path))
    return os.path.join(folder, os.path.splitext(base)[0] + FOLDER_SUFFIX)


def folder_name(case_id: str) -> str:
    """A case_id as a folder name on Windows and Linux alike (a "/" or ":" in a case_id would make a sub-folder)."""
    name = _UNSAFE.sub("_", case_id.strip()).rstrip(". ")
    return name or "_"


def case_folder(ledger_path: str, case_id: str) -> str:
    return os.path.join(evidence_root(ledger_path), folder_name(case_id))


def free_name(folder: str, name: str, taken: Callable[[str], bool]) -> str:
    """``name``, or ``name_2``, ``name_3``... before the extension: the first that ``taken`` says is free."""
    stem, suffix = os.path.splitext(name)
    candidate = name
    number = 1
    while taken(os.path.join(folder, candidate)):
        number += 1
        candidate = f"{stem}_{number}{suffix}"
    return candidate


def stored_path(ledger_path: str, absolute: str) -> str:
    """The file_path stored in the ledger: relative to the ledger's folder, with "/" so that Windows and Linux
    both read it, and the ledger and its evidence folder can be moved together."""
    base = os.path.dirname(os.path.abspath(ledger_path))
    return os.path.relpath(os.path.abspath(absolute), base).replace(os.sep, "/")


def absolute_path(ledger_path: str, file_path: str) -> str:
    """Where a stored file_path is on this machine (absolute paths, from older or hand-made rows, stay as they are)."""
    if not file_path:
        return ""
    if os.path.isabs(file_path) or posixpath.isabs(file_path) or re.match(r"^[A-Za-z]:[\\/]", file_path):
        return os.path.normpath(file_path)
    base = os.path.dirname(os.path.abspath(ledger_path))
    return os.path.normpath(os.path.join(base, *file_path.replace("\\", "/").split("/")))
