"""The Credentials group of the Settings screen: the secrets in the OS keyring and the Twilio sender.

Secrets go through SecretStore on the runner's net lane (a keyring call can block on D-Bus); the inputs
only ever show whether a value is stored, never the value. Without a usable keyring the banner says what
to install and the secret inputs are disabled: nothing falls back to a file. The texts keep the
"SettingsView" translation context they had when this group was part of the screen's class.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QLineEdit, QMessageBox, QPushButton, QWidget

from app.errors import ValidationError
from app.services.workspace.secrets import NAMES, SecretStore, SecretsUnavailable
from app.ui.errors import notify, report_error
from app.ui.settings.fields import SettingField, error_label, set_error
from app.ui.tasks import TaskRunner


@dataclass
class SecretRow:
    name: str
    label: QLabel
    edit: QLineEdit
    status: QLabel
    save: QPushButton
    clear: QPushButton
    error: QLabel


class CredentialsBox(QGroupBox):
    """One row per secret (paste, Save, Clear) and the Twilio sender, a workspace setting saved by `save_sender`.

    `banner` is not inside the group: the screen puts it above all groups, and this box fills and shows it
    when the keyring is unusable."""

    def __init__(self, runner: TaskRunner, secrets: SecretStore, sender: SettingField, save_sender: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.secrets = secrets
        self.sender = sender
        self.secret_status: dict[str, bool] = {}
        self.keyring_problem: str | None = None
        self.backend_name = ""
        self.secret_rows: dict[str, SecretRow] = {}
        self.banner = QLabel()
        self.banner.setObjectName("KeyringBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setStyleSheet("#KeyringBanner { background: #fef3c7; color: #78350f; border: 1px solid #f59e0b;"
                                  " border-radius: 6px; padding: 10px; }")
        self.banner.hide()
        self._build(save_sender)
        self.retranslate()

    def _build(self, save_sender: Callable[[], None]) -> None:
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.credentials_intro = QLabel()
        self.credentials_intro.setWordWrap(True)
        grid.addWidget(self.credentials_intro, 0, 0, 1, 5)
        self.backend_label = QLabel()
        self.backend_label.setStyleSheet("color: #6b7280;")
        grid.addWidget(self.backend_label, 1, 0, 1, 5)
        row = 2
        for name in NAMES:
            secret = SecretRow(name, QLabel(), QLineEdit(), QLabel(), QPushButton(), QPushButton(), error_label())
            secret.edit.setEchoMode(QLineEdit.EchoMode.Password)
            secret.edit.setClearButtonEnabled(True)
            secret.edit.setMinimumWidth(260)
            secret.edit.returnPressed.connect(lambda n=name: self.save_secret(n))
            secret.label.setBuddy(secret.edit)
            secret.status.setMinimumWidth(170)
            secret.save.clicked.connect(lambda _c=False, n=name: self.save_secret(n))
            secret.clear.clicked.connect(lambda _c=False, n=name: self.clear_secret(n))
            for col, widget in enumerate((secret.label, secret.edit, secret.status, secret.save, secret.clear)):
                grid.addWidget(widget, row, col)
            grid.addWidget(secret.error, row + 1, 1, 1, 4)
            self.secret_rows[name] = secret
            row += 2
        self.sender_save = QPushButton()
        self.sender_save.clicked.connect(save_sender)
        self.sender_note = QLabel()
        self.sender_note.setWordWrap(True)
        self.sender_note.setStyleSheet("color: #6b7280;")
        grid.addWidget(self.sender.label, row, 0)
        grid.addWidget(self.sender.edit, row, 1)
        grid.addWidget(self.sender_note, row, 2)
        grid.addWidget(self.sender_save, row, 3)
        grid.addWidget(self.sender.error, row + 1, 1, 1, 4)
        grid.setColumnStretch(1, 1)

    # --- texts ---------------------------------------------------------------------------------

    def secret_label(self, name: str) -> str:
        return {
            "twilio.account_sid": QCoreApplication.translate("SettingsView", "Twilio Account SID"),
            "twilio.auth_token": QCoreApplication.translate("SettingsView", "Twilio auth token"),
            "google.maps_key": QCoreApplication.translate("SettingsView", "Google Maps API key"),
            "central.token": QCoreApplication.translate("SettingsView", "Central endpoint token"),
        }[name]

    def secret_hint(self, name: str) -> str:
        """What a valid value looks like, shown when the store refuses one."""
        return {
            "twilio.account_sid": QCoreApplication.translate(
                "SettingsView", "An Account SID starts with AC and has 34 characters; copy it from the Twilio Console."),
            "twilio.auth_token": QCoreApplication.translate(
                "SettingsView", "An auth token has 32 characters (0–9, a–f); copy it from the Twilio Console."),
            "google.maps_key": QCoreApplication.translate(
                "SettingsView", "A Google Maps API key starts with AIza; copy it from the Google Cloud Console "
                                "(APIs & Services › Credentials)."),
            "central.token": QCoreApplication.translate(
                "SettingsView", "Paste the whole token you received for the central endpoint (at least 8 "
                                "characters, no spaces)."),
        }[name]

    def install_advice(self) -> str:
        """What to install or unlock on this operating system (the same advice as the CLI gives)."""
        if sys.platform.startswith("linux"):
            return QCoreApplication.translate(
                "SettingsView", "To fix it, install and unlock a Secret Service provider such as GNOME Keyring "
                                "(gnome-keyring) or KWallet, then restart AIConnect. Only if you accept an encrypted-file "
                                "keyring: pip install keyrings.alt and set "
                                "PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring.")
        if sys.platform == "darwin":
            return QCoreApplication.translate(
                "SettingsView", "To fix it, unlock the macOS login Keychain (Keychain Access) and restart AIConnect.")
        if sys.platform == "win32":
            return QCoreApplication.translate(
                "SettingsView", "To fix it, make sure Windows Credential Manager is available for your user and restart "
                                "AIConnect.")
        return QCoreApplication.translate(
            "SettingsView", "To fix it, install a keyring backend supported by the Python keyring package and restart "
                            "AIConnect.")

    def retranslate(self) -> None:
        self.setTitle(QCoreApplication.translate("SettingsView", "Credentials"))
        self.credentials_intro.setText(QCoreApplication.translate(
            "SettingsView", "Secrets are kept in your operating system's keyring, never in the database or a file. "
                            "A stored value is never shown again: type a new one to replace it."))
        for name, row in self.secret_rows.items():
            label = self.secret_label(name)
            row.label.setText(label)
            row.edit.setPlaceholderText(QCoreApplication.translate("SettingsView", "Paste a new value"))
            row.save.setText(QCoreApplication.translate("SettingsView", "Save"))
            row.clear.setText(QCoreApplication.translate("SettingsView", "Clear"))
            row.save.setAccessibleName(QCoreApplication.translate("SettingsView", "Save %1").replace("%1", label))
            row.clear.setAccessibleName(QCoreApplication.translate("SettingsView", "Clear %1").replace("%1", label))
        self.sender_save.setText(QCoreApplication.translate("SettingsView", "Save"))
        self.sender_note.setText(QCoreApplication.translate("SettingsView", "not secret; shared by the workspace"))
        self._show_secret_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- keyring status --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Ask the keyring which secrets are stored (net lane)."""
        self.runner.task(self._keyring_status, lane="net").on_success(self._secrets_loaded) \
            .on_failure(self._secrets_failed).start()

    def _keyring_status(self) -> tuple[dict[str, bool], str]:
        return self.secrets.status(), self.secrets.backend_description()

    def _secrets_loaded(self, result: tuple[dict[str, bool], str]) -> None:
        if not shiboken6.isValid(self):
            return
        self.secret_status, self.backend_name = result
        self.keyring_problem = None
        self._show_secret_status()

    def _secrets_failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        if isinstance(exc, SecretsUnavailable):
            self.keyring_problem = exc.reason or str(exc)
            self.secret_status = {}
            self._show_secret_status()
        else:
            report_error(self, exc)

    def _show_secret_status(self) -> None:
        available = self.keyring_problem is None
        self.backend_label.setVisible(bool(self.backend_name) and available)
        self.backend_label.setText(QCoreApplication.translate("SettingsView", "Keyring in use: %1")
                                   .replace("%1", self.backend_name))
        self.banner.setVisible(not available)
        if not available:
            self.banner.setText(
                QCoreApplication.translate(
                    "SettingsView", "<b>Secrets cannot be saved on this computer.</b> No usable keyring was found, and "
                                    "AIConnect never keeps secrets in a plain file.")
                + "<br>" + _html(self.install_advice()) + "<br><small>"
                + _html(QCoreApplication.translate("SettingsView", "Technical detail: %1")
                        .replace("%1", self.keyring_problem or "")) + "</small>")
        for name, row in self.secret_rows.items():
            for widget in (row.edit, row.save, row.clear):
                widget.setEnabled(available)
            stored = self.secret_status.get(name)
            if not available:
                text, colour = QCoreApplication.translate("SettingsView", "keyring unavailable"), "#b45309"
            elif stored is None:
                text, colour = QCoreApplication.translate("SettingsView", "checking…"), "#6b7280"
            elif stored:
                text, colour = QCoreApplication.translate("SettingsView", "stored in the OS keyring"), "#15803d"
            else:
                text, colour = QCoreApplication.translate("SettingsView", "not set"), "#6b7280"
            row.status.setText(f"● {text}")
            row.status.setStyleSheet(f"color: {colour};")
            row.clear.setEnabled(available and bool(stored))

    # --- save and clear --------------------------------------------------------------------------

    def save_secret(self, name: str) -> None:
        row = self.secret_rows[name]
        value = row.edit.text().strip()
        if not value:
            set_error(row.error, QCoreApplication.translate("SettingsView", "Paste a value first."))
            return
        set_error(row.error, None)
        row.save.setEnabled(False)
        self.runner.task(self.secrets.set, name, value, lane="net") \
            .on_success(lambda _r: self._secret_saved(name)) \
            .on_failure(lambda exc: self._secret_failed(name, exc)).start()

    def _secret_saved(self, name: str) -> None:
        if not shiboken6.isValid(self):
            return
        row = self.secret_rows[name]
        row.edit.clear()
        row.save.setEnabled(True)
        self.secret_status[name] = True
        self._show_secret_status()
        notify(self, QCoreApplication.translate("SettingsView", "%1 saved in the OS keyring.")
               .replace("%1", self.secret_label(name)), "info")

    def _secret_failed(self, name: str, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        row = self.secret_rows[name]
        row.save.setEnabled(True)
        if isinstance(exc, ValidationError):
            set_error(row.error, self.secret_hint(name))
        elif isinstance(exc, SecretsUnavailable):
            self._secrets_failed(exc)
        else:
            report_error(self, exc)

    def confirm_clear(self, name: str) -> bool:
        answer = QMessageBox.question(
            self, QCoreApplication.translate("SettingsView", "Clear secret"),
            QCoreApplication.translate(
                "SettingsView", "Remove %1 from the OS keyring? Features that need it stop working until a new value "
                                "is saved.").replace("%1", self.secret_label(name)))
        return answer == QMessageBox.StandardButton.Yes

    def clear_secret(self, name: str) -> None:
        if not self.confirm_clear(name):
            return
        self.runner.task(self.secrets.delete, name, lane="net") \
            .on_success(lambda _deleted: self._secret_cleared(name)) \
            .on_failure(lambda exc: self._secret_failed(name, exc)).start()

    def _secret_cleared(self, name: str) -> None:
        if shiboken6.isValid(self):
            self.secret_status[name] = False
            self._show_secret_status()
            notify(self, QCoreApplication.translate("SettingsView", "%1 removed from the OS keyring.")
                   .replace("%1", self.secret_label(name)), "info")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
