"""No traceback from a menu action, dialog button or map tool: ``reports_errors`` catches what a slot raises and
shows it in Chinese and English (QGIS's message bar, or a message box for a dialog without one), with the
traceback in QGIS's message log (tab Lianwei) for support.

Qt calls slots with the signal's arguments (``clicked`` gives ``checked``); a wrapped slot is called with as many
of them as the function takes, as PyQt does for a plain one.
"""

from __future__ import annotations

import functools
import inspect
from typing import Callable, Optional

from qgis.core import Qgis
from qgis.PyQt.QtWidgets import QDialog, QMessageBox, QWidget

from ..layers import error_messages
from ..translation import tr

MESSAGE_SECONDS = 0  # errors stay until closed: they say what to do


def reports_errors(action: str) -> Callable:
    """Decorate a slot or handler; ``action`` (English, marked with tr_later) names it in the message."""

    def decorate(function: Callable) -> Callable:
        takes = _positional_count(function)

        @functools.wraps(function)
        def run(*args, **kwargs):
            if takes is not None:
                args = args[:takes]
            try:
                return function(*args, **kwargs)
            except Exception as error:  # noqa: BLE001 - shown to the user, traceback logged
                report_error(error, tr(action), args[0] if args else None)
                return None

        run.lianwei_reports_errors = True
        return run

    return decorate


def _positional_count(function: Callable) -> Optional[int]:
    """How many positional arguments ``function`` takes (None: any number)."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind == p.VAR_POSITIONAL for p in parameters):
        return None
    return sum(1 for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))


def report_error(error: BaseException, action: str, owner=None) -> str:
    """Show ``error`` for the user (the plugin's own message, else "unexpected error in …" with the traceback
    logged); ``owner`` (an iface, or an object or dialog with one) decides where. Returns the message shown."""
    message = error_messages.user_message(error)
    if message is None:
        error_messages.log_traceback(error, action)
        message = error_messages.unexpected_in_action(action, error)
    error_messages.release_frames(error)
    window = owner.window() if isinstance(owner, QWidget) else None
    iface = _iface_of(owner)
    if isinstance(window, QDialog) and window.isVisible():  # a dialog in front: the message in front of it
        QMessageBox.warning(window, tr("Lianwei"), message)
    elif iface is not None:
        iface.messageBar().pushMessage(tr("Lianwei"), message, Qgis.MessageLevel.Critical, MESSAGE_SECONDS)
    else:
        QMessageBox.warning(window, tr("Lianwei"), message)
    return message


def _iface_of(owner):
    for candidate in (owner, getattr(owner, "iface", None)):
        if candidate is not None and hasattr(candidate, "messageBar"):
            return candidate
    from qgis.utils import iface

    return iface
