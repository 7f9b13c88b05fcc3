"""Errors turned into messages for the user: the plugin's own errors as they are (Chinese and English already),
anything else as one bilingual sentence naming where it happened, with the traceback in QGIS's message log only.

Used by the Processing algorithms (processing/base.py) and by the menu actions, dialogs and map tools (ui/errors.py),
so that a user never sees a Python traceback and support still finds one in the log.
"""

from __future__ import annotations

import traceback
from typing import Optional

from qgis.core import Qgis, QgsMessageLog

from ..core.campaign import CampaignError
from ..core.errors import Canceled
from ..dependencies import missing_message, missing_package
from ..translation import tr_both, tr_later
from .case_edits import CaseEditError
from .case_shapes import CaseShapeError
from .convert import DataError
from .ledger import LedgerError

LOG_TAG = "Lianwei"
# Errors whose text is a message for the user already (Chinese / English, naming file, layer, feature, field).
USER_ERRORS = (LedgerError, DataError, CaseEditError, CaseShapeError)
CANCELED = tr_later("Canceled: nothing was written")
UNEXPECTED_IN_ALGORITHM = tr_later(
    "Unexpected error in {algorithm}: {error}. The ledger was not changed; please report it with the log"
)
UNEXPECTED_IN_ACTION = tr_later(
    "Unexpected error in {action}: {error}. Please report it with the message log (View → Panels → Log Messages, "
    "tab Lianwei)"
)


def user_message(error: BaseException) -> Optional[str]:
    """The message of an error the plugin raises for users, or None for an unexpected one."""
    if isinstance(error, USER_ERRORS):
        return str(error)
    if isinstance(error, CampaignError):
        from .progress_source import campaign_error_message

        return campaign_error_message(error)
    if isinstance(error, Canceled):
        return tr_both(CANCELED)
    package = missing_package(error)  # pandas or openpyxl, imported where a spreadsheet is read or written
    if package is not None:
        return missing_message(package)
    return None


def describe(error: BaseException) -> str:
    """``error`` in one line for a message: its kind and its text (never a traceback)."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def log_traceback(error: BaseException, where: str) -> str:
    """Write the traceback of ``error`` to QGIS's message log (tab Lianwei); returns it."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    QgsMessageLog.logMessage(f"{where}\n{text}", LOG_TAG, Qgis.MessageLevel.Critical)
    return text


def release_frames(error: BaseException) -> None:
    """Let go of the frames of ``error``'s traceback and of the errors it came from: their local layers and GDAL
    datasets must not outlive QGIS (a layer freed after QGIS's exit crashes the process)."""
    link: Optional[BaseException] = error
    seen = set()
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        traceback.clear_frames(link.__traceback__)
        link = link.__cause__ or link.__context__


def unexpected_in_algorithm(algorithm: str, error: BaseException) -> str:
    return tr_both(UNEXPECTED_IN_ALGORITHM).format(algorithm=algorithm, error=describe(error))


def unexpected_in_action(action: str, error: BaseException) -> str:
    return tr_both(UNEXPECTED_IN_ACTION).format(action=action, error=describe(error))
