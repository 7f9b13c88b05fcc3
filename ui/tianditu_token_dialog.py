"""The Tianditu token dialog: the token goes to QGIS's authentication database, only its config id to the settings."""

from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QMessageBox, QVBoxLayout

from ..layers.basemap import save_authcfg, saved_authcfg, store_token, token_from
from ..layers.convert import DataError
from ..translation import tr, tr_later
from .errors import reports_errors


class TiandituTokenDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Tianditu token"))
        self.authcfg: Optional[str] = None
        note = QLabel(
            tr(
                "The Tianditu key (tk) for the basemap of the village maps. It is kept in the QGIS authentication "
                "database, protected by the master password; settings and projects keep only the id of its "
                "configuration. Use a server key allowed for this computer's IP address."
            )
        )
        note.setWordWrap(True)
        self.token = QLineEdit()
        # Shown as dots, and never filled in from the database: the dialog only ever writes a token.
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(
            tr("A token is stored; enter a new one to replace it")
            if saved_authcfg()
            else tr("Paste the key from console.tianditu.gov.cn")
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.token)
        layout.addWidget(buttons)

    @reports_errors(tr_later("Tianditu token…"))
    def save(self) -> None:
        """Store the token (QGIS asks for the master password if needed), remember the config id, close."""
        try:
            self.authcfg = store_token(self.token.text())
        except DataError as error:
            QMessageBox.warning(self, tr("Tianditu token"), str(error))
            return  # the text stays, to try again once the master password is entered
        self.token.clear()
        save_authcfg(self.authcfg)
        self.accept()


def edit_token(parent=None) -> Optional[str]:
    """Show the dialog; the authcfg id saved, or None when canceled."""
    dialog = TiandituTokenDialog(parent)
    return dialog.authcfg if dialog.exec() == QDialog.DialogCode.Accepted else None


def has_token() -> bool:
    """Whether the saved authcfg still holds a token (may ask for the master password)."""
    return bool(token_from(saved_authcfg()))
