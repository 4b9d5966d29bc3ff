"""The main window: every screen, shortcuts, the message bar, task progress, persistence, error routing."""

from __future__ import annotations

import sys
import threading
from typing import Any

from PySide6.QtWidgets import QLabel

from app.errors import ConflictError, ValidationError
from app.progress import Progress
from app.ui import errors
from app.ui.main_window import MainWindow, database_text
from app.ui.screens import SCREENS
from app.ui.widgets.placeholder import PlaceholderPage
from tests.ui.conftest import idle


def test_every_screen_opens(qtbot, window, runner):
    for screen in SCREENS:
        window.show_screen(screen.key)
        idle(qtbot, runner)
        assert window.stack.currentWidget() is window.pages[screen.key]
        assert window.nav.currentRow() == SCREENS.index(screen)
    for key in ("leads", "pipeline", "map", "messages", "automations", "insights", "settings"):
        assert not isinstance(window.pages[key], PlaceholderPage), key
    for key in ("analytics", "feedback"):
        page = window.pages[key]
        assert isinstance(page, PlaceholderPage)
        texts = " ".join(label.text() for label in page.findChildren(QLabel))
        assert "Not available in this version" in texts


def test_screen_shortcuts_and_navigation(qtbot, window, runner):
    assert [a.shortcut().toString() for a in window.screen_actions] == [f"Ctrl+{i}" for i in range(1, 10)]
    window.screen_actions[1].trigger()
    idle(qtbot, runner)
    assert window.current_key() == "pipeline"
    window.nav.setCurrentRow(len(SCREENS) - 1)
    assert window.current_key() == "settings"
    window.actions_["find"].trigger()
    assert window.current_key() == "leads" and window.leads.search.hasFocus()
    shortcuts = {key: action.shortcut().toString() for key, action in window.actions_.items()}
    assert shortcuts["new"] == "Ctrl+N" and shortcuts["import"] == "Ctrl+I" and shortcuts["export"] == "Ctrl+E"
    assert shortcuts["undo"] == "Ctrl+Z" and shortcuts["delete"] == "Del" and shortcuts["refresh"] == "F5"
    assert shortcuts["quit"] == "Ctrl+Q"


def test_pipeline_activation_opens_the_lead(qtbot, window, runner, seeded):
    window.show_screen("pipeline")
    idle(qtbot, runner)
    window.pages["pipeline"].lead_activated.emit(seeded["Maria Souza"])
    qtbot.waitUntil(lambda: window.leads.detail.record is not None, timeout=5000)
    assert window.current_key() == "leads" and window.leads.detail.record.name == "Maria Souza"


def test_new_lead_and_import_actions_open_their_dialogs(qtbot, window, runner):
    from app.ui.leads.dialog import LeadDialog
    from app.ui.transfer.dialogs import ExportDialog, ImportWizard

    window.actions_["new"].trigger()
    dialog = window.findChild(LeadDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.isEnabled, timeout=5000)
    dialog.reject()
    window.actions_["import"].trigger()
    wizard = window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    wizard.reject()
    window.actions_["export"].trigger()
    export = window.findChild(ExportDialog)
    assert export is not None and export.isVisible()
    export.reject()


def test_notify_shows_a_dismissable_message_with_an_action(qtbot, window):
    clicked = []
    errors.notify(window.leads.table, "Saved.", "warning", ("Again", lambda: clicked.append(True)))
    bar = window.message_bar
    assert bar.isVisible() and bar.text.text() == "Saved." and bar.property("level") == "warning"
    bar.action_button.click()
    assert clicked == [True] and not bar.isVisible()
    errors.notify(window, "Bye", "info")
    bar.dismiss()
    assert not bar.isVisible()


def test_notify_without_a_main_window_logs(caplog):
    with caplog.at_level("WARNING"):
        errors.notify(None, "nobody to show this", "warning")
    assert "nobody to show this" in caplog.text


def test_task_progress_shows_in_the_status_bar_and_cancels(qtbot, window, runner):
    started = threading.Event()
    release = threading.Event()

    def slow(progress: Progress) -> int:
        progress.set_total(10, "Crunching")
        started.set()
        release.wait(10)
        progress.advance(1)  # raises Cancelled once the user pressed cancel
        return 1

    failures: list[BaseException] = []
    runner.task(slow).with_progress("Crunching numbers").on_failure(failures.append).start()
    qtbot.waitUntil(window.task_status.isVisible, timeout=5000)
    assert "Crunching" in window.task_status.label.text()
    window.task_status.cancel.click()
    release.set()
    idle(qtbot, runner)
    assert failures and type(failures[0]).__name__ == "Cancelled"
    qtbot.waitUntil(lambda: not window.task_status.isVisible(), timeout=5000)


def test_database_label_never_shows_a_password(ctx):
    assert database_text(ctx).startswith(("SQLite", "PostgreSQL"))
    assert "@" not in database_text(ctx)


def test_window_geometry_and_columns_persist(qtbot, ctx, runner, seeded):
    first = MainWindow(ctx, runner)
    qtbot.addWidget(first)
    with qtbot.waitSignal(first.leads.model.loaded):
        first.show()
    first.resize(720, 540)  # the offscreen screen is 800x600; restoreGeometry keeps windows on it
    first.leads.table.horizontalHeader().setSectionHidden(3, True)
    first.close()
    idle(qtbot, runner)
    second = MainWindow(ctx, runner)
    qtbot.addWidget(second)
    with qtbot.waitSignal(second.leads.model.loaded):
        second.show()
    assert second.size().width() == 720
    assert second.leads.table.horizontalHeader().isSectionHidden(3)


def test_language_switch_rebuilds_our_screens(qtbot, window, runner):
    old = window.pages["leads"]
    window.language_changed()
    idle(qtbot, runner)
    assert window.pages["leads"] is not old and window.current_key() == "leads"
    qtbot.waitUntil(lambda: window.leads.model.rowCount() > 0, timeout=5000)


# --- the error split -----------------------------------------------------------------------------------

def test_describe_known_errors_and_bugs():
    assert "name: is required" in errors.describe(ValidationError({"name": "is required"}))
    assert "changed" in errors.describe(ConflictError("lead 1 was changed"))
    bug = errors.describe(ZeroDivisionError("x"))
    assert "ZeroDivisionError" not in bug and "log" in bug


def test_crash_report_masks_secrets():
    try:
        raise RuntimeError("connect postgresql://rep:hunter2@db.local/crm with token=abc123def "
                           "sid AC0123456789abcdef0123456789abcdef")
    except RuntimeError as exc:
        report = errors.crash_report(type(exc), exc, exc.__traceback__)
    assert "hunter2" not in report and "abc123def" not in report and "0123456789abcdef0123456789abcdef" not in report
    assert "RuntimeError" in report and "PySide6" in report and "Python" in report


def test_uncaught_known_errors_go_to_the_message_bar_and_bugs_to_the_crash_handler(qtbot, window):
    reports: list[str] = []
    previous = errors.set_crash_handler(reports.append)
    try:
        errors.handle_exception(ConflictError, ConflictError("lead 3 changed"), None)
        assert window.message_bar.isVisible() and "lead 3 changed" in window.message_bar.text.text()
        assert reports == []
        try:
            raise KeyError("boom")
        except KeyError:
            errors.handle_exception(*sys.exc_info())  # type: ignore[arg-type]
        assert len(reports) == 1 and "KeyError" in reports[0]
    finally:
        errors.set_crash_handler(previous)


def test_thread_exceptions_reach_the_ui_thread(qtbot, window):
    reports: list[str] = []
    previous = errors.set_crash_handler(reports.append)
    uninstall = errors.install_hooks()
    try:
        def explode() -> None:
            raise ValueError("from a worker thread")

        thread = threading.Thread(target=explode)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: bool(reports), timeout=5000)
        assert "from a worker thread" in reports[0]
    finally:
        uninstall()
        errors.set_crash_handler(previous)


def test_crash_dialog_copies_its_report(qtbot):
    dialog = errors.CrashDialog("report text")
    qtbot.addWidget(dialog)
    dialog.copy_report()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == "report text"


def test_runner_failures_without_a_handler_reach_the_crash_handler(qtbot, window, runner):
    reports: list[str] = []
    previous = errors.set_crash_handler(reports.append)
    try:
        def broken() -> Any:
            return 1 / 0

        runner.task(broken).start()
        qtbot.waitUntil(lambda: bool(reports), timeout=5000)
        assert "ZeroDivisionError" in reports[0]
        runner.task(lambda: (_ for _ in ()).throw(ValidationError({"x": "bad"}))).start()
        qtbot.waitUntil(lambda: "x: bad" in window.message_bar.text.text(), timeout=5000)
        assert len(reports) == 1
    finally:
        errors.set_crash_handler(previous)


def test_the_log_gets_the_traceback_with_secrets_masked(caplog):
    reports: list[str] = []
    previous = errors.set_crash_handler(reports.append)
    try:
        try:
            raise RuntimeError("postgresql://rep:hunter2@db.local/crm refused")
        except RuntimeError as exc:
            with caplog.at_level("ERROR"):
                errors.show_crash(type(exc), exc, exc.__traceback__)
    finally:
        errors.set_crash_handler(previous)
    assert "RuntimeError" in caplog.text and "hunter2" not in caplog.text
