"""Settings: credentials in the OS keyring, workspace settings, language, database in use.

Secrets go through SecretStore on the runner's net lane (a keyring call can block on D-Bus);
the inputs only ever show whether a value is stored, never the value. Without a usable keyring
a banner says what to install and the secret inputs are disabled: nothing falls back to a file.
Workspace settings (sender, quiet hours, rates …) go through WorkspaceSettings on the db lane,
with each validation problem shown under its field.

Run alone on a demo workspace: python -m app.ui.settings.view
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import make_url

from app.context import AppContext
from app.errors import ValidationError
from app.services.messaging.segments import PRICE_CURRENCIES
from app.services.workspace.secrets import NAMES, SecretStore, SecretsUnavailable
from app.services.workspace.settings import WorkspaceSettings
from app.ui.errors import describe, notify, report_error
from app.ui.i18n import available_languages, install_translator, service_text
from app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

# Workspace settings on this screen, in order (twilio.sender sits with the Twilio credentials).
WORKSPACE_KEYS = ("sms.quiet_hours", "sms.rate", "sms.frequency_cap_per_week", "sms.price_per_segment", "geocode.qps",
                  "phone.default_region", "currency")
ERROR_STYLE = "color: #b91c1c;"


def save_workspace(workspace: WorkspaceSettings, values: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Save each value on its own (a worker-thread function): (saved, problems by key)."""
    saved: dict[str, str] = {}
    problems: dict[str, str] = {}
    for key, value in values.items():
        try:
            saved[key] = workspace.set(key, value)
        except ValidationError as exc:
            problems.update(exc.problems)
    return saved, problems


def database_description(url: str) -> str:
    """SQLite: the file; PostgreSQL: user@host:port/db with the password masked."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.set(drivername=parsed.get_backend_name()).render_as_string(hide_password=True)


@dataclass
class SecretRow:
    name: str
    label: QLabel
    edit: QLineEdit
    status: QLabel
    save: QPushButton
    clear: QPushButton
    error: QLabel


@dataclass
class SettingField:
    key: str
    label: QLabel
    edit: QLineEdit
    error: QLabel


class SettingsView(QWidget):
    """The settings screen; `language_changed` carries the chosen setting ("system", "en" or "pt_BR")."""

    language_changed = Signal(str)

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None, *,
                 secrets: SecretStore | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.secrets = secrets or SecretStore()
        self.secret_status: dict[str, bool] = {}
        self.keyring_problem: str | None = None
        self.backend_name = ""
        self.values: dict[str, str] = {}
        self._loaded = False
        self.secret_rows: dict[str, SecretRow] = {}
        self.fields: dict[str, SettingField] = {}
        self._build()
        self.retranslate()

    # --- layout --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = QLabel()
        self.banner.setObjectName("KeyringBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setStyleSheet("#KeyringBanner { background: #fef3c7; color: #78350f; border: 1px solid #f59e0b;"
                                  " border-radius: 6px; padding: 10px; }")
        self.banner.hide()
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 16, 24, 24)
        column.setSpacing(16)
        column.addWidget(self.banner)
        column.addWidget(self._credentials_box())
        column.addWidget(self._workspace_box())
        column.addWidget(self._language_box())
        column.addWidget(self._database_box())
        column.addStretch(1)
        content.setMaximumWidth(980)
        holder = QWidget()
        centre = QHBoxLayout(holder)
        centre.setContentsMargins(0, 0, 0, 0)
        centre.addWidget(content, 1)
        centre.addStretch(0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _error_label(self) -> QLabel:
        label = QLabel()
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        return label

    def _credentials_box(self) -> QGroupBox:
        self.credentials_box = QGroupBox()
        grid = QGridLayout(self.credentials_box)
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
            secret = SecretRow(name, QLabel(), QLineEdit(), QLabel(), QPushButton(), QPushButton(), self._error_label())
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
        self.sender = SettingField("twilio.sender", QLabel(), QLineEdit(), self._error_label())
        self.sender.label.setBuddy(self.sender.edit)
        self.sender.edit.returnPressed.connect(self.save_sender)
        self.sender_save = QPushButton()
        self.sender_save.clicked.connect(self.save_sender)
        self.sender_note = QLabel()
        self.sender_note.setWordWrap(True)
        self.sender_note.setStyleSheet("color: #6b7280;")
        grid.addWidget(self.sender.label, row, 0)
        grid.addWidget(self.sender.edit, row, 1)
        grid.addWidget(self.sender_note, row, 2)
        grid.addWidget(self.sender_save, row, 3)
        grid.addWidget(self.sender.error, row + 1, 1, 1, 4)
        self.fields["twilio.sender"] = self.sender
        grid.setColumnStretch(1, 1)
        return self.credentials_box

    def _workspace_box(self) -> QGroupBox:
        self.workspace_box = QGroupBox()
        self.sms_language_label = QLabel()
        form = QFormLayout(self.workspace_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in WORKSPACE_KEYS:
            field = SettingField(key, QLabel(), QLineEdit(), self._error_label())
            field.label.setBuddy(field.edit)
            field.edit.setMaximumWidth(220)
            field.edit.returnPressed.connect(self.save_workspace_settings)
            if key in ("phone.default_region", "currency"):
                field.edit.setMaxLength(2 if key == "phone.default_region" else 3)
            box = QWidget()
            stack = QVBoxLayout(box)
            stack.setContentsMargins(0, 0, 0, 0)
            stack.setSpacing(2)
            if key == "sms.price_per_segment":
                stack.addLayout(self._price_row(field.edit))
            else:
                stack.addWidget(field.edit)
            stack.addWidget(field.error)
            form.addRow(field.label, box)
            self.fields[key] = field
            if key == "sms.price_per_segment":  # the last SMS setting: the SMS language follows it
                form.addRow(self.sms_language_label, self._sms_language_box())
        self.workspace_save = QPushButton()
        self.workspace_save.clicked.connect(self.save_workspace_settings)
        self.workspace_note = QLabel()
        self.workspace_note.setWordWrap(True)
        self.workspace_note.setStyleSheet("color: #6b7280;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.workspace_save)
        buttons.addWidget(self.workspace_note, 1)
        form.addRow(buttons)
        return self.workspace_box

    def _price_row(self, edit: QLineEdit) -> QHBoxLayout:
        """The price per segment and, next to it, the currency it is in (sms.price_currency)."""
        self.price_currency = QComboBox()
        for code in PRICE_CURRENCIES:
            self.price_currency.addItem(code, code)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit)
        row.addWidget(self.price_currency)
        row.addStretch(1)
        return row

    def _sms_language_box(self) -> QWidget:
        """sms.language: the language of the words AIConnect puts into messages (segment names, reasons)."""
        self.sms_language = QComboBox()
        for code, name in (("pt_BR", "Português (Brasil)"), ("en", "English")):  # each in its own language
            self.sms_language.addItem(name, code)
        self.sms_language_label.setBuddy(self.sms_language)
        self.sms_language_hint = QLabel()
        self.sms_language_hint.setWordWrap(True)
        self.sms_language_hint.setStyleSheet("color: #6b7280;")
        self.sms_language_error = self._error_label()
        box = QWidget()
        stack = QVBoxLayout(box)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(2)
        row = QHBoxLayout()
        row.addWidget(self.sms_language)
        row.addStretch(1)
        stack.addLayout(row)
        stack.addWidget(self.sms_language_hint)
        stack.addWidget(self.sms_language_error)
        return box

    def _language_box(self) -> QGroupBox:
        self.language_box = QGroupBox()
        row = QHBoxLayout(self.language_box)
        self.language_label = QLabel()
        self.language = QComboBox()
        self.language_label.setBuddy(self.language)
        self.language.activated.connect(self._language_picked)
        row.addWidget(self.language_label)
        row.addWidget(self.language)
        row.addStretch(1)
        return self.language_box

    def _database_box(self) -> QGroupBox:
        self.database_box = QGroupBox()
        form = QFormLayout(self.database_box)
        self.database_label, self.folder_label = QLabel(), QLabel()
        self.database_value = QLabel(database_description(self.ctx.settings.database_url))
        self.database_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.database_value.setWordWrap(True)
        self.folder_value = QLabel(str(self.ctx.settings.home))
        self.folder_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_value.setWordWrap(True)
        self.open_folder = QPushButton()
        self.open_folder.clicked.connect(self.open_data_folder)
        folder = QHBoxLayout()
        folder.addWidget(self.folder_value, 1)
        folder.addWidget(self.open_folder)
        form.addRow(self.database_label, self.database_value)
        form.addRow(self.folder_label, folder)
        return self.database_box

    # --- texts ---------------------------------------------------------------------------------

    def secret_label(self, name: str) -> str:
        return {
            "twilio.account_sid": self.tr("Twilio Account SID"),
            "twilio.auth_token": self.tr("Twilio auth token"),
            "google.maps_key": self.tr("Google Maps API key"),
            "central.token": self.tr("Central endpoint token"),
        }[name]

    def secret_hint(self, name: str) -> str:
        """What a valid value looks like, shown when the store refuses one."""
        return {
            "twilio.account_sid": self.tr("An Account SID starts with AC and has 34 characters; copy it from the "
                                          "Twilio Console."),
            "twilio.auth_token": self.tr("An auth token has 32 characters (0–9, a–f); copy it from the Twilio Console."),
            "google.maps_key": self.tr("A Google Maps API key starts with AIza; copy it from the Google Cloud Console "
                                       "(APIs & Services › Credentials)."),
            "central.token": self.tr("Paste the whole token you received for the central endpoint (at least 8 "
                                     "characters, no spaces)."),
        }[name]

    def field_label(self, key: str) -> str:
        return {
            "twilio.sender": self.tr("Twilio sender"),
            "sms.quiet_hours": self.tr("SMS sending hours"),
            "sms.rate": self.tr("SMS per second"),
            "sms.frequency_cap_per_week": self.tr("Max. SMS per lead per week"),
            "sms.price_per_segment": self.tr("SMS price per segment"),
            "geocode.qps": self.tr("Geocoding requests per second"),
            "phone.default_region": self.tr("Default phone country"),
            "currency": self.tr("Currency"),
        }[key]

    def field_hint(self, key: str) -> str:
        return {
            "twilio.sender": self.tr("Use a phone number in international format (+5511…) or a Messaging Service "
                                     "SID (MG…)."),
            "sms.quiet_hours": self.tr("Use the form 08:00-20:00: messages are only sent inside this window, in the "
                                       "lead's time zone."),
            "sms.rate": self.tr("Use a number above 0, e.g. 1 or 0.5."),
            "sms.frequency_cap_per_week": self.tr("Use a whole number above 0."),
            "sms.price_per_segment": self.tr("What one SMS segment costs your team, e.g. 0.05, in the currency chosen "
                                             "next to it; every cost estimate is shown in that currency (nothing is "
                                             "converted)."),
            "geocode.qps": self.tr("Use a number above 0, e.g. 10."),
            "phone.default_region": self.tr("Use a two-letter country code, e.g. BR."),
            "currency": self.tr("Use a three-letter currency code, e.g. BRL."),
        }[key]

    def sms_language_tip(self) -> str:
        return self.tr("Segment names and recommendation reasons that templates put into a message (lead.segment, "
                       "top_product.reason) are written in this language for every lead. The words of your templates "
                       "are sent exactly as you wrote them.")

    def currency_name(self, code: str) -> str:
        names = {"USD": self.tr("US$ (US dollars)"), "BRL": self.tr("R$ (Brazilian reais)"), "EUR": self.tr("€ (euros)")}
        return names.get(code, code)

    def field_placeholder(self, key: str) -> str:
        return {"twilio.sender": "+5511999990000", "sms.quiet_hours": "08:00-20:00", "sms.rate": "1",
                "sms.frequency_cap_per_week": "3", "sms.price_per_segment": "0.05", "geocode.qps": "10",
                "phone.default_region": "BR", "currency": "BRL"}[key]

    def retranslate(self) -> None:
        self.credentials_box.setTitle(self.tr("Credentials"))
        self.credentials_intro.setText(self.tr(
            "Secrets are kept in your operating system's keyring, never in the database or a file. "
            "A stored value is never shown again: type a new one to replace it."))
        for name, row in self.secret_rows.items():
            row.label.setText(self.secret_label(name))
            row.edit.setPlaceholderText(self.tr("Paste a new value"))
            row.save.setText(self.tr("Save"))
            row.clear.setText(self.tr("Clear"))
            row.save.setAccessibleName(self.tr("Save %1").replace("%1", self.secret_label(name)))
            row.clear.setAccessibleName(self.tr("Clear %1").replace("%1", self.secret_label(name)))
        self.sender_save.setText(self.tr("Save"))
        self.sender_note.setText(self.tr("not secret; shared by the workspace"))
        self.workspace_box.setTitle(self.tr("Messaging and region"))
        self.workspace_save.setText(self.tr("Save settings"))
        self.workspace_note.setText(self.tr("These settings are shared by everyone using this database."))
        for key, field in self.fields.items():
            field.label.setText(self.field_label(key))
            field.edit.setPlaceholderText(self.field_placeholder(key))
            field.edit.setToolTip(self.field_hint(key))
        self.price_currency.setToolTip(self.tr("The currency of the price per segment and of every SMS cost estimate"))
        self.price_currency.setAccessibleName(self.tr("Currency of the SMS price"))
        self.sms_language_label.setText(self.tr("Language of AIConnect's words in SMS"))
        self.sms_language_hint.setText(self.sms_language_tip())
        self.sms_language.setToolTip(self.sms_language_tip())
        for i in range(self.price_currency.count()):
            self.price_currency.setItemText(i, self.currency_name(str(self.price_currency.itemData(i))))
        self.language_box.setTitle(self.tr("Language"))
        self.language_label.setText(self.tr("&Interface language:"))
        self._fill_languages()
        self.database_box.setTitle(self.tr("Database and data folder"))
        self.database_label.setText(self.tr("Database in use:") if self.ctx.settings.is_sqlite else
                                    self.tr("PostgreSQL server:"))
        self.folder_label.setText(self.tr("Data folder:"))
        self.open_folder.setText(self.tr("Open folder"))
        self._show_secret_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _fill_languages(self) -> None:
        current = self.language.currentData() or self.values.get("ui.language", "system")
        self.language.blockSignals(True)
        self.language.clear()
        for code, label in available_languages():
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.language.blockSignals(False)

    # --- loading -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    def refresh(self) -> None:
        """Reload the workspace settings (db lane) and which secrets are stored (net lane)."""
        self._loaded = True
        self.runner.task(self.ctx.workspace.all).on_success(self._settings_loaded).on_failure(self._failed).start()
        self.refresh_secrets()

    def refresh_secrets(self) -> None:
        self.runner.task(self._keyring_status, lane="net").on_success(self._secrets_loaded) \
            .on_failure(self._secrets_failed).start()

    def _keyring_status(self) -> tuple[dict[str, bool], str]:
        return self.secrets.status(), self.secrets.backend_description()

    def _settings_loaded(self, values: dict[str, str]) -> None:
        if not shiboken6.isValid(self):
            return
        self.values = dict(values)
        for key, field in self.fields.items():
            field.edit.setText(values.get(key, ""))
            self._set_error(field.error, None)
        self.price_currency.setCurrentIndex(max(0, self.price_currency.findData(values.get("sms.price_currency"))))
        self.sms_language.setCurrentIndex(max(0, self.sms_language.findData(values.get("sms.language"))))
        self._set_error(self.sms_language_error, None)
        self.language.setCurrentIndex(max(0, self.language.findData(values.get("ui.language", "system"))))

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
        self.backend_label.setText(self.tr("Keyring in use: %1").replace("%1", self.backend_name))
        self.banner.setVisible(not available)
        if not available:
            self.banner.setText(
                self.tr("<b>Secrets cannot be saved on this computer.</b> No usable keyring was found, and AIConnect "
                        "never keeps secrets in a plain file.") + "<br>" + _html(self.install_advice()) + "<br><small>"
                + _html(self.tr("Technical detail: %1").replace("%1", self.keyring_problem or "")) + "</small>")
        for name, row in self.secret_rows.items():
            for widget in (row.edit, row.save, row.clear):
                widget.setEnabled(available)
            stored = self.secret_status.get(name)
            if not available:
                text, colour = self.tr("keyring unavailable"), "#b45309"
            elif stored is None:
                text, colour = self.tr("checking…"), "#6b7280"
            elif stored:
                text, colour = self.tr("stored in the OS keyring"), "#15803d"
            else:
                text, colour = self.tr("not set"), "#6b7280"
            row.status.setText(f"● {text}")
            row.status.setStyleSheet(f"color: {colour};")
            row.clear.setEnabled(available and bool(stored))

    def install_advice(self) -> str:
        """What to install or unlock on this operating system (the same advice as the CLI gives)."""
        if sys.platform.startswith("linux"):
            return self.tr("To fix it, install and unlock a Secret Service provider such as GNOME Keyring "
                           "(gnome-keyring) or KWallet, then restart AIConnect. Only if you accept an encrypted-file "
                           "keyring: pip install keyrings.alt and set "
                           "PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring.")
        if sys.platform == "darwin":
            return self.tr("To fix it, unlock the macOS login Keychain (Keychain Access) and restart AIConnect.")
        if sys.platform == "win32":
            return self.tr("To fix it, make sure Windows Credential Manager is available for your user and restart "
                           "AIConnect.")
        return self.tr("To fix it, install a keyring backend supported by the Python keyring package and restart "
                       "AIConnect.")

    # --- secrets ---------------------------------------------------------------------------------

    def save_secret(self, name: str) -> None:
        row = self.secret_rows[name]
        value = row.edit.text().strip()
        if not value:
            self._set_error(row.error, self.tr("Paste a value first."))
            return
        self._set_error(row.error, None)
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
        notify(self, self.tr("%1 saved in the OS keyring.").replace("%1", self.secret_label(name)), "info")

    def _secret_failed(self, name: str, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        row = self.secret_rows[name]
        row.save.setEnabled(True)
        if isinstance(exc, ValidationError):
            self._set_error(row.error, self.secret_hint(name))
        elif isinstance(exc, SecretsUnavailable):
            self._secrets_failed(exc)
        else:
            report_error(self, exc)

    def confirm_clear(self, name: str) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Clear secret"),
            self.tr("Remove %1 from the OS keyring? Features that need it stop working until a new value is "
                    "saved.").replace("%1", self.secret_label(name)))
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
            notify(self, self.tr("%1 removed from the OS keyring.").replace("%1", self.secret_label(name)), "info")

    # --- workspace settings ----------------------------------------------------------------------

    def save_sender(self) -> None:
        self._save_fields(["twilio.sender"])

    def save_workspace_settings(self) -> None:
        self._set_error(self.sms_language_error, None)
        self._save_fields(list(WORKSPACE_KEYS), {"sms.language": str(self.sms_language.currentData())})

    def _save_fields(self, keys: list[str], chosen: dict[str, str] | None = None) -> None:
        values = {key: self.fields[key].edit.text().strip() for key in keys}
        values.update(chosen or {})
        if "sms.price_per_segment" in values:
            values["sms.price_currency"] = str(self.price_currency.currentData())
        for key in ("phone.default_region", "currency"):
            if key in values:
                values[key] = values[key].upper()
        for key in ("sms.rate", "geocode.qps", "sms.price_per_segment"):
            if key in values:
                values[key] = values[key].replace(",", ".")  # "0,5" is how a Brazilian writes it
        changed = {k: v for k, v in values.items() if v != self.values.get(k)}
        for key in keys:
            self._set_error(self.fields[key].error, None)
        if not changed:
            notify(self, self.tr("Nothing to save: no setting was changed."), "info")
            return
        self.runner.task(save_workspace, self.ctx.workspace, changed) \
            .on_success(self._workspace_saved).on_failure(self._failed).start()

    def _workspace_saved(self, result: tuple[dict[str, str], dict[str, str]]) -> None:
        if not shiboken6.isValid(self):
            return
        saved, problems = result
        self.values.update(saved)
        for key, value in saved.items():
            if key in self.fields:
                self.fields[key].edit.setText(value)
        for name, reason in problems.items():
            key = "sms.price_per_segment" if name == "sms.price_currency" else name  # the combo sits in that row
            if key in self.fields:
                self._set_error(self.fields[key].error, self.field_hint(key), service_text(reason))
            elif key == "sms.language":
                self._set_error(self.sms_language_error, service_text(reason))
        if problems:
            notify(self, self.tr("Some settings were not saved; see the fields marked in red."), "warning")
        elif saved:
            notify(self, self.tr("Settings saved."), "info")

    def _set_error(self, label: QLabel, text: str | None, detail: str | None = None) -> None:
        label.setVisible(bool(text))
        label.setText(text or "")
        label.setToolTip(detail or "")

    # --- language ---------------------------------------------------------------------------------

    def _language_picked(self, index: int) -> None:
        code = self.language.itemData(index)
        if code == self.values.get("ui.language"):
            return
        self.runner.task(self.ctx.workspace.set, "ui.language", code) \
            .on_success(self._language_saved) \
            .on_failure(self._language_failed).start()

    def _language_saved(self, code: str) -> None:
        if not shiboken6.isValid(self):
            return
        self.values["ui.language"] = code
        app = QApplication.instance()
        if app is not None:
            install_translator(app, code)  # Qt sends LanguageChange: open widgets retranslate
        self.language_changed.emit(code)

    def _language_failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.language.setCurrentIndex(max(0, self.language.findData(self.values.get("ui.language", "system"))))
            notify(self, describe(exc), "error")

    # --- data folder ------------------------------------------------------------------------------

    def open_data_folder(self) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.settings.home))):
            notify(self, self.tr("The data folder could not be opened: %1").replace("%1", str(self.ctx.settings.home)),
                   "warning")

    def _failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            report_error(self, exc)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


if __name__ == "__main__":  # pragma: no cover - the screen alone on a demo workspace
    from app.ui.preview import preview

    preview(SettingsView, size=(1100, 800))
