"""Settings: credentials in the OS keyring, workspace settings, language, database in use.

The groups: CredentialsBox (credentials.py: the keyring's secrets and the Twilio sender), WorkspaceBox
(workspace_box.py: sender, quiet hours, rates …, saved through WorkspaceSettings on the db lane), and here
the interface language and the database and data folder in use.

Run alone on a demo workspace: python -m app.ui.settings.view
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import make_url

from app.context import AppContext
from app.services.workspace.secrets import SecretStore
from app.services.workspace.settings import WorkspaceSettings
from app.texts import Text
from app.ui.errors import describe, notify, report_error
from app.ui.i18n import available_languages, install_translator, service_text
from app.ui.settings.credentials import CredentialsBox
from app.ui.settings.fields import set_error
from app.ui.settings.workspace_box import WorkspaceBox
from app.ui.tasks import ABANDON, TaskRunner

logger = logging.getLogger(__name__)


def load_settings(workspace: WorkspaceSettings) -> tuple[dict[str, str], dict[str, Text]]:
    """The settings in force and the stored values that are not used (a worker-thread function)."""
    return workspace.all(), workspace.problems()


def database_description(url: str) -> str:
    """SQLite: the file; PostgreSQL: user@host:port/db with the password masked."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.set(drivername=parsed.get_backend_name()).render_as_string(hide_password=True)


class SettingsView(QWidget):
    """The settings screen; `language_changed` carries the chosen setting ("system", "en" or "pt_BR")."""

    language_changed = Signal(str)

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None, *,
                 secrets: SecretStore | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.secrets = secrets or ctx.secrets
        self._loaded = False
        self._build()
        self.retranslate()

    @property
    def values(self) -> dict[str, str]:
        """The workspace settings as last loaded or saved."""
        return self.workspace_box.values

    # --- layout --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.workspace_box = WorkspaceBox(self.ctx, self.runner)
        self.credentials_box = CredentialsBox(self.runner, self.secrets, self.workspace_box.sender,
                                              self.workspace_box.save_sender)
        # The parts' widgets, reachable from the screen as before the split (the tests use them).
        self.banner, self.secret_rows = self.credentials_box.banner, self.credentials_box.secret_rows
        self.sender, self.fields = self.workspace_box.sender, self.workspace_box.fields
        self.workspace_save, self.price_currency = self.workspace_box.workspace_save, self.workspace_box.price_currency
        self.sms_language = self.workspace_box.sms_language
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 16, 24, 24)
        column.setSpacing(16)
        column.addWidget(self.banner)
        column.addWidget(self.credentials_box)
        column.addWidget(self.workspace_box)
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

    def retranslate(self) -> None:
        """The language and database groups; the credentials and workspace groups retranslate themselves."""
        self.language_box.setTitle(self.tr("Language"))
        self.language_label.setText(self.tr("&Interface language:"))
        self._fill_languages()
        self.database_box.setTitle(self.tr("Database and data folder"))
        self.database_label.setText(self.tr("Database in use:") if self.ctx.settings.is_sqlite else
                                    self.tr("PostgreSQL server:"))
        self.folder_label.setText(self.tr("Data folder:"))
        self.open_folder.setText(self.tr("Open folder"))

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
        self.runner.task(load_settings, self.ctx.workspace).at_quit(ABANDON) \
            .on_success(self._settings_loaded).on_failure(self._failed).start()
        self.credentials_box.refresh()

    def _settings_loaded(self, loaded: tuple[dict[str, str], dict[str, Text]]) -> None:
        if not shiboken6.isValid(self):
            return
        values, problems = loaded
        self.workspace_box.show_values(values)
        self.language.setCurrentIndex(max(0, self.language.findData(values.get("ui.language", "system"))))
        if problems:
            self._show_stored_problems(problems)

    def _show_stored_problems(self, problems: dict[str, Text]) -> None:
        """A stored value an older version let in is not used: say so under its field (the field shows the value
        in force), and in the message bar."""
        for key, problem in problems.items():
            field = self.workspace_box.fields.get("sms.price_per_segment" if key == "sms.price_currency" else key)
            self.workspace_box.values.pop(key, None)  # "Save settings" then writes the value in force over it
            if field is not None:
                set_error(field.error, service_text(problem))
            elif key == "sms.language":
                set_error(self.workspace_box.sms_language_error, service_text(problem))
        notify(self, self.tr("Some stored settings are not valid and are not used: {problems}").format(
            problems="; ".join(f"{key}: {service_text(problem)}" for key, problem in problems.items())), "warning")

    # --- the parts' actions, reachable from the screen ----------------------------------------------

    def save_secret(self, name: str) -> None:
        self.credentials_box.save_secret(name)

    def save_sender(self) -> None:
        self.workspace_box.save_sender()

    def save_workspace_settings(self) -> None:
        self.workspace_box.save_workspace_settings()

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


if __name__ == "__main__":  # pragma: no cover - the screen alone on a demo workspace
    from app.ui.preview import preview

    preview(SettingsView, size=(1100, 800))
