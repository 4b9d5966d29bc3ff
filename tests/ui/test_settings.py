"""The settings screen: secrets through the keyring, workspace settings, language, database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from app.context import AppContext
from app.services.workspace.secrets import SecretStore
from app.ui.i18n import current_language, install_translator
from app.ui.settings import credentials, workspace_box
from app.ui.settings import view as settings_view
from app.ui.settings.view import SettingsView, database_description
from app.ui.tasks import TaskRunner

pytestmark = pytest.mark.usefixtures("memory_keyring")

TOKEN = "0123456789abcdef" * 2


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    for module in (settings_view, credentials, workspace_box):
        monkeypatch.setattr(module, "notify", lambda _w, text, level="info", action=None: seen.append((level, text)))
    return seen


def idle(qtbot: Any, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)


def shown(qtbot: Any, ctx: AppContext, runner: TaskRunner) -> SettingsView:
    view = SettingsView(ctx, runner)
    qtbot.addWidget(view)
    view.resize(1300, 800)
    view.show()  # the first show loads settings and secret status
    idle(qtbot, runner)
    return view


def test_saving_a_secret_stores_it_in_the_keyring(qtbot: Any, ctx: AppContext, runner: TaskRunner,
                                                  messages: list[tuple[str, str]]) -> None:
    view = shown(qtbot, ctx, runner)
    row = view.secret_rows["twilio.auth_token"]
    assert row.edit.echoMode() == QLineEdit.EchoMode.Password
    assert "not set" in row.status.text()
    assert not row.clear.isEnabled()
    qtbot.keyClicks(row.edit, TOKEN)
    qtbot.mouseClick(row.save, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    assert SecretStore().get("twilio.auth_token") == TOKEN
    assert "stored in the OS keyring" in row.status.text()
    assert row.edit.text() == ""  # the value does not linger in the form
    assert row.clear.isEnabled()
    assert messages and messages[-1][0] == "info"
    assert all(TOKEN not in text for _, text in messages)


def test_an_invalid_secret_shows_what_a_valid_one_looks_like(qtbot: Any, ctx: AppContext, runner: TaskRunner) -> None:
    view = shown(qtbot, ctx, runner)
    row = view.secret_rows["twilio.account_sid"]
    row.edit.setText("SK123")
    view.save_secret("twilio.account_sid")
    idle(qtbot, runner)
    assert row.error.isVisibleTo(view)
    assert "AC" in row.error.text()
    assert "SK123" not in row.error.text()
    assert SecretStore().get("twilio.account_sid") is None
    view.save_secret("central.token")  # empty input: asks for a value, no task started
    assert not runner.busy
    assert view.secret_rows["central.token"].error.isVisibleTo(view)


def test_clearing_a_secret(qtbot: Any, ctx: AppContext, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch,
                           messages: list[tuple[str, str]]) -> None:
    SecretStore().set("google.maps_key", "AIzaFAKE-test-key-0123456789")
    view = shown(qtbot, ctx, runner)
    row = view.secret_rows["google.maps_key"]
    assert "stored" in row.status.text()
    monkeypatch.setattr(view.credentials_box, "confirm_clear", lambda name: True)
    qtbot.mouseClick(row.clear, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    assert SecretStore().get("google.maps_key") is None
    assert "not set" in row.status.text()


def test_without_a_keyring_the_banner_explains_and_inputs_are_disabled(qtbot: Any, ctx: AppContext,
                                                                       runner: TaskRunner) -> None:
    keyring.set_keyring(fail.Keyring())  # restored by the memory_keyring fixture
    view = shown(qtbot, ctx, runner)
    assert view.banner.isVisibleTo(view)
    assert "keyring" in view.banner.text().lower()
    assert "GNOME Keyring" in view.banner.text() or "Keychain" in view.banner.text() or "Credential" in view.banner.text()
    for row in view.secret_rows.values():
        assert not row.edit.isEnabled() and not row.save.isEnabled() and not row.clear.isEnabled()
        assert "unavailable" in row.status.text()
    assert view.sender.edit.isEnabled()  # non-secret settings still work


def test_invalid_quiet_hours_show_the_field_error(qtbot: Any, ctx: AppContext, runner: TaskRunner,
                                                  messages: list[tuple[str, str]]) -> None:
    view = shown(qtbot, ctx, runner)
    assert view.fields["sms.quiet_hours"].edit.text() == "08:00-20:00"
    view.fields["sms.quiet_hours"].edit.setText("8h-20h")
    view.fields["sms.rate"].edit.setText("2.5")
    view.fields["currency"].edit.setText("usd")
    qtbot.mouseClick(view.workspace_save, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    error = view.fields["sms.quiet_hours"].error
    assert error.isVisibleTo(view)
    assert "08:00-20:00" in error.text()
    assert not view.fields["sms.rate"].error.isVisibleTo(view)
    assert ctx.workspace.get("sms.quiet_hours") == "08:00-20:00"
    assert ctx.workspace.get("sms.rate") == "2.5"
    assert ctx.workspace.get("currency") == "USD"
    assert messages[-1][0] == "warning"
    view.fields["sms.quiet_hours"].edit.setText("07:30-21:00")
    view.save_workspace_settings()
    idle(qtbot, runner)
    assert not error.isVisibleTo(view)
    assert ctx.workspace.get("sms.quiet_hours") == "07:30-21:00"


def test_sender_is_saved_as_a_workspace_setting(qtbot: Any, ctx: AppContext, runner: TaskRunner,
                                                messages: list[tuple[str, str]]) -> None:
    view = shown(qtbot, ctx, runner)
    view.sender.edit.setText("not a phone")
    view.save_sender()
    idle(qtbot, runner)
    assert view.sender.error.isVisibleTo(view)
    view.sender.edit.setText("+55 11 99999-0000")
    view.save_sender()
    idle(qtbot, runner)
    assert not view.sender.error.isVisibleTo(view)
    assert ctx.workspace.get("twilio.sender") == "+5511999990000"


@pytest.fixture
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    install_translator(qapp, "en")


def test_switching_language_saves_installs_and_emits(qtbot: Any, ctx: AppContext, runner: TaskRunner,
                                                     english_afterwards: None) -> None:
    view = shown(qtbot, ctx, runner)
    index = view.language.findData("pt_BR")
    with qtbot.waitSignal(view.language_changed, timeout=10000) as signal:
        view.language.setCurrentIndex(index)
        view.language.activated.emit(index)
    assert signal.args == ["pt_BR"]
    idle(qtbot, runner)
    assert ctx.workspace.get("ui.language") == "pt_BR"
    assert current_language() == "pt_BR"
    QApplication.processEvents()  # LanguageChange reaches the open widgets
    assert view.workspace_save.text() == "Salvar configurações"
    assert view.language.findData("pt_BR") >= 0


def test_database_description_masks_the_password() -> None:
    text = database_description("postgresql+psycopg://rep:s3cr3t-pw@db.example.com:5432/crm")
    assert "s3cr3t-pw" not in text
    assert text == "postgresql://rep:***@db.example.com:5432/crm"
    assert database_description("sqlite:////home/ana/aiconnect.sqlite3") == "/home/ana/aiconnect.sqlite3"


def test_the_screen_shows_the_database_and_data_folder(qtbot: Any, ctx: AppContext, runner: TaskRunner) -> None:
    view = shown(qtbot, ctx, runner)
    assert str(ctx.settings.home) in view.folder_value.text()
    assert view.database_value.text() == database_description(ctx.settings.database_url)
    if ctx.settings.is_sqlite:
        assert view.database_value.text() == str(ctx.settings.sqlite_path)
    else:
        assert view.database_value.text().startswith("postgresql://")
