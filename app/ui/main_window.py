"""The main window: navigation, the message bar, task progress, menus and shortcuts.

Screens are built the first time they are shown (the Leads screen at once), so start-up pays
only for what the user sees. Screens that later work will build show an honest placeholder.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.ui import icons
from app.ui.changes import changes
from app.ui.errors import Action, MessageBar, alive, log_file_path, notify, report_error
from app.ui.i18n import service_text
from app.ui.screens import SCREENS, Screen, ScreenHost
from app.ui.tasks import Task, TaskRunner

logger = logging.getLogger(__name__)


def ui_state(ctx: AppContext) -> QSettings:
    """Window and column layout, kept in the workspace's data folder (tests get a temp one for free)."""
    return QSettings(str(ctx.settings.home / "ui-state.ini"), QSettings.Format.IniFormat)


def database_text(ctx: AppContext) -> str:
    """'SQLite · /path/file' or 'PostgreSQL · host:port/db': never the password."""
    from sqlalchemy.engine import make_url

    if ctx.settings.is_sqlite:
        path = ctx.settings.sqlite_path
        return f"SQLite · {path}" if path else "SQLite · memory"
    url = make_url(ctx.settings.database_url)
    port = f":{url.port}" if url.port else ""
    return f"PostgreSQL · {url.host or 'localhost'}{port}/{url.database or ''}"


class TaskStatus(QWidget):
    """The status bar's view of long tasks: label, progress bar and Cancel."""

    SHOW_AFTER_MS = 300  # quick tasks never flash in the status bar

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.tasks: list[Task] = []
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setFixedWidth(180)
        self.bar.setTextVisible(False)
        self.cancel = QToolButton()
        self.cancel.setIcon(icons.icon("close"))
        self.cancel.setAutoRaise(True)
        self.cancel.setToolTip(self.tr("Cancel this task"))
        self.cancel.clicked.connect(self._cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        row.addWidget(self.cancel)
        self._show_timer = QTimer(self, singleShot=True, interval=self.SHOW_AFTER_MS, timeout=self._refresh)
        runner.started.connect(self._started)
        runner.finished.connect(self._finished)
        self.hide()

    def _started(self, task: Task) -> None:
        if task.progress is None:
            return  # quick queries carry no label; only labelled work is shown
        self.tasks.append(task)
        task.signals.progressed.connect(alive(self, lambda done, total, text, t=task: self._progressed(t, done, total, text)))
        self._show_timer.start()

    def _finished(self, task: Task) -> None:
        if task in self.tasks:
            self.tasks.remove(task)
            self._refresh()

    def _progressed(self, task: Task, done: int, total: int, text: object) -> None:
        if self.tasks and task is self.tasks[-1]:
            self._show(task, done, total, text)

    def _refresh(self) -> None:
        if not self.tasks:
            self.hide()
            return
        task = self.tasks[-1]
        progress = task.progress
        self._show(task, progress.done if progress else 0, progress.total if progress else 0,
                   (progress.label if progress else "") or task.label)

    def _show(self, task: Task, done: int, total: int, text: object) -> None:
        more = len(self.tasks) - 1
        label = service_text(text or task.label)  # a Text from app/services or app/ml, in the UI's language
        self.label.setText(label + (self.tr(" (+{n} more)").format(n=more) if more else ""))
        self.bar.setRange(0, total if total > 0 else 0)
        if total > 0:
            self.bar.setValue(min(done, total))
        self.show()

    def _cancel(self) -> None:
        for task in self.tasks:
            task.cancel()


class MainWindow(QMainWindow):
    """Sidebar of screens, message bar on top, status bar with tasks and the database."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None,
                 state: QSettings | None = None, *, screens: tuple[Screen, ...] = SCREENS,
                 screen_options: dict[str, dict[str, Any]] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.state = state if state is not None else ui_state(ctx)
        self.screens = screens
        self.screen_options = screen_options or {}  # per screen, keyword arguments for its build (tests, tools)
        self.pages: dict[str, QWidget] = {}
        self._undo: Callable[[], object] | None = None
        self._host = ScreenHost(ctx, runner, self.state, self.page)
        self._listen()
        self.setObjectName("MainWindow")
        self.setWindowIcon(icons.icon("app", icons.ACCENT, None))
        self.resize(1400, 860)
        self._build()
        self._build_actions()
        self._retranslate()
        self._restore_state()
        self.show_screen("leads")

    # --- layout ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.nav = QListWidget()
        self.nav.setObjectName("Sidebar")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(196)
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for entry in self.screens:
            item = QListWidgetItem(icons.icon(entry.glyph), "")
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            item.setSizeHint(QSize(180, 40))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(lambda row: self.show_screen(self.screens[row].key) if row >= 0 else None)
        self.brand = QLabel()
        self.brand.setObjectName("Brand")
        self.user_label = QLabel()
        self.user_label.setObjectName("SidebarUser")
        self.user_label.setWordWrap(True)
        side = QFrame()
        side.setObjectName("SidebarFrame")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 14, 8, 12)
        side_layout.setSpacing(10)
        side_layout.addWidget(self.brand)
        side_layout.addWidget(self.nav, 1)
        side_layout.addWidget(self.user_label)

        self.message_bar = MessageBar()
        self.stack = QStackedWidget()
        content = QWidget()
        content.setObjectName("Content")
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(0)
        content_layout.addWidget(self.message_bar)
        content_layout.addWidget(self.stack, 1)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(side)
        row.addWidget(content, 1)
        self.setCentralWidget(central)

        self.task_status = TaskStatus(self.runner)
        self.db_label = QLabel(database_text(self.ctx))
        self.db_label.setObjectName("Muted")
        self.statusBar().addWidget(self.task_status)
        self.statusBar().addPermanentWidget(self.db_label)
        self.statusBar().setSizeGripEnabled(False)
        self.runner.unhandled.connect(lambda exc: report_error(self, exc))

    def _build_actions(self) -> None:
        def action(slot: Callable[[], object], shortcut: QKeySequence | str | None = None, glyph: str | None = None) -> QAction:
            act = QAction(self)
            if glyph:
                act.setIcon(icons.icon(glyph))
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(lambda _checked=False: slot())
            self.addAction(act)
            return act

        self.actions_: dict[str, QAction] = {
            "new": action(self.new_lead, QKeySequence.StandardKey.New, "add"),
            "import": action(self.import_file, "Ctrl+I", "import"),
            "export": action(self.export_leads, "Ctrl+E", "export"),
            "quit": action(self.close, QKeySequence.StandardKey.Quit),
            "undo": action(self.undo, QKeySequence.StandardKey.Undo, "undo"),
            "delete": action(self.delete_selected, QKeySequence.StandardKey.Delete, "delete"),
            "find": action(self.focus_search, QKeySequence.StandardKey.Find, "search"),
            "refresh": action(self.refresh, QKeySequence.StandardKey.Refresh, "refresh"),
            "shortcuts": action(self.show_shortcuts),
            "logs": action(self.open_log_folder),
            "about": action(self.about),
        }
        self.actions_["quit"].setShortcut(QKeySequence("Ctrl+Q"))
        self.actions_["refresh"].setShortcut(QKeySequence("F5"))
        self.actions_["undo"].setEnabled(False)
        self.screen_actions = [action(lambda k=s.key: self.show_screen(k), f"Ctrl+{i + 1}", s.glyph)
                               for i, s in enumerate(self.screens)]
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addActions([self.actions_["new"], self.actions_["import"], self.actions_["export"]])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.actions_["quit"])
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addActions([self.actions_["undo"], self.actions_["delete"], self.actions_["find"]])
        self.view_menu = bar.addMenu("")
        self.view_menu.addActions(self.screen_actions)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.actions_["refresh"])
        self.help_menu = bar.addMenu("")
        self.help_menu.addActions([self.actions_["shortcuts"], self.actions_["logs"], self.actions_["about"]])

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("AIConnect"))
        self.brand.setText(self.tr("AIConnect"))
        self.user_label.setText(self.tr("Signed in as {user}").format(user=self.ctx.user.display_name))
        for i, entry in enumerate(self.screens):
            self.nav.item(i).setText(entry.title())
            self.nav.item(i).setToolTip(self.tr("{screen} (Ctrl+{n})").format(screen=entry.title(), n=i + 1))
            self.screen_actions[i].setText(entry.title())
        texts = {
            "new": self.tr("&New lead…"), "import": self.tr("&Import…"), "export": self.tr("&Export…"),
            "quit": self.tr("&Quit"), "undo": self.tr("&Undo delete"), "delete": self.tr("&Delete selected"),
            "find": self.tr("&Find"), "refresh": self.tr("&Refresh"), "shortcuts": self.tr("&Keyboard shortcuts"),
            "logs": self.tr("Open &log folder"), "about": self.tr("&About AIConnect"),
        }
        for key, text in texts.items():
            self.actions_[key].setText(text)
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))

    # --- screens -----------------------------------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The screen's widget, built on first use."""
        if key not in self.pages:
            widget = self._make_page(key)
            self.pages[key] = widget
            self.stack.addWidget(widget)
        return self.pages[key]

    def _make_page(self, key: str) -> QWidget:
        entry = next(s for s in self.screens if s.key == key)
        return entry.build(self._host, **self.screen_options.get(key, {}))

    def _listen(self) -> None:
        """What the screens ask of the shell, through the change hub."""
        hub = changes()
        hub.lead_requested.connect(self.open_lead)
        hub.screen_requested.connect(self.show_screen)
        hub.segment_requested.connect(self.show_segment)
        hub.language_changed.connect(self._language_switched)  # bound methods: the connections end with the window
        hub.messages.connect(self._messages_changed)
        hub.automations.connect(self._automations_changed)
        hub.notice.connect(self.show_message)
        hub.undo_offered.connect(self.set_undo)

    def show_screen(self, key: str) -> None:
        index = next(i for i, s in enumerate(self.screens) if s.key == key)
        widget = self.page(key)
        self.stack.setCurrentWidget(widget)
        if self.nav.currentRow() != index:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(index)
            self.nav.blockSignals(False)

    def current_key(self) -> str:
        widget = self.stack.currentWidget()
        return next((k for k, w in self.pages.items() if w is widget), "leads")

    @property
    def leads(self) -> Any:
        return self.page("leads")

    def open_lead(self, lead_id: int) -> None:
        self.show_screen("leads")
        self.leads.open_lead(lead_id)

    def show_segment(self, segment: str) -> None:
        """Insights' "Show in list": the Leads list filtered to one segment."""
        self.show_screen("leads")
        self.leads.show_segment(segment)

    # --- actions -------------------------------------------------------------------------------------

    def new_lead(self) -> None:
        self.show_screen("leads")
        self.leads.new_lead()

    def focus_search(self) -> None:
        self.show_screen("leads")
        self.leads.focus_search()

    def delete_selected(self) -> None:
        if self.current_key() == "leads":
            self.leads.delete_selected()

    def refresh(self) -> None:
        refresh = getattr(self.stack.currentWidget(), "refresh", None)
        if refresh is not None:
            refresh()

    def import_file(self) -> None:
        from app.ui.transfer.dialogs import ImportWizard

        wizard = ImportWizard(self.ctx, self.runner, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.imported.connect(lambda _result: self.data_changed())
        wizard.open()

    def export_leads(self) -> None:
        from app.ui.transfer.dialogs import ExportDialog

        leads = self.leads
        dialog = ExportDialog(self.ctx, self.runner, leads.current_query(), leads.model.rowCount(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def data_changed(self) -> None:
        """After an import (or anything that touches many leads): every screen showing leads refreshes."""
        changes().leads.emit(None)

    # --- messages and undo ---------------------------------------------------------------------------

    def show_message(self, text: str, level: str = "info", action: Action | None = None) -> None:
        self.message_bar.show_message(text, level, action)

    def set_undo(self, undo: Callable[[], object]) -> None:
        self._undo = undo
        self.actions_["undo"].setEnabled(True)

    def undo(self) -> None:
        undo, self._undo = self._undo, None
        self.actions_["undo"].setEnabled(False)
        if undo is not None:
            self.message_bar.dismiss()
            undo()

    # --- help ----------------------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        lines = [
            ("Ctrl+N", self.tr("New lead")), ("Ctrl+F", self.tr("Search leads")),
            ("↓ / Enter", self.tr("From the search box to the list")),
            ("Enter", self.tr("Open the selected lead")), ("F2", self.tr("Edit the selected lead")),
            ("Ctrl+L", self.tr("Log an interaction (lead open)")), ("Del", self.tr("Delete the selection")),
            ("Ctrl+Shift+E", self.tr("Why this score? (selected lead)")),
            ("Ctrl+Z", self.tr("Undo the last delete")), ("Esc", self.tr("Close the lead / clear the search")),
            ("Ctrl+I / Ctrl+E", self.tr("Import / export")), ("Ctrl+1 … Ctrl+9", self.tr("Go to a screen")),
            ("F5", self.tr("Refresh")), ("Ctrl+Q", self.tr("Quit")),
        ]
        rows = "".join(f"<tr><td><b>{key}</b></td><td style='padding-left:16px'>{text}</td></tr>" for key, text in lines)
        box = QMessageBox(QMessageBox.Icon.NoIcon, self.tr("Keyboard shortcuts"), f"<table>{rows}</table>",
                          QMessageBox.StandardButton.Close, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def open_log_folder(self) -> None:
        path = log_file_path()
        if path is None:
            notify(self, self.tr("Logging to a file is not set up in this session."), "warning")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    def about(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About AIConnect"), self.tr(
            "AIConnect: the desktop CRM for sales teams.\nDatabase: {db}").format(db=database_text(self.ctx)),
            QMessageBox.StandardButton.Close, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- language ------------------------------------------------------------------------------------

    def language_changed(self) -> None:
        """Settings switched the language: retitle the window and rebuild the screens that are ours."""
        self._retranslate()
        current = self.current_key()
        for key in [s.key for s in self.screens if s.key in self.pages and not s.keeps_language]:
            old = self.pages.pop(key)
            if key == "leads":
                old.save_state(self.state)  # type: ignore[attr-defined]
            self.stack.removeWidget(old)
            old.deleteLater()
        self.show_screen(current)

    # --- state -----------------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self.state.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        window_state = self.state.value("window/state")
        if window_state is not None:
            self.restoreState(window_state)

    def save_state(self) -> None:
        self.state.setValue("window/geometry", self.saveGeometry())
        self.state.setValue("window/state", self.saveState())
        if "leads" in self.pages:
            self.pages["leads"].save_state(self.state)  # type: ignore[attr-defined]
        self.state.sync()

    def start_scheduler(self, **options: Any) -> None:
        """The background SMS worker and its status-bar line, and the local workspace's daily backup
        (app/ui/daily_backup.py; its first check a minute after the window opens): the real app only."""
        from app.ui import daily_backup
        from app.ui.messaging.scheduler import install

        if getattr(self, "scheduler", None) is None:
            self.scheduler = install(self, self.ctx, self.runner, lambda: changes().messages.emit(self.scheduler),
                                     lambda: self.show_screen("settings"), **options)
        if getattr(self, "daily_backup", None) is None:
            self.daily_backup = daily_backup.install(self.ctx, self.runner, self)
        if getattr(self, "wait_notice", None) is None:
            from app.ui.db_wait import WaitNotice

            self.wait_notice = WaitNotice(self.ctx, self)

    def _language_switched(self, _language: str) -> None:
        QTimer.singleShot(0, self.language_changed)  # after Settings has finished its own handling

    def _automations_changed(self, _origin: object) -> None:
        self.wake_scheduler()  # a new or edited automation runs now, not at the next pass

    def _messages_changed(self, origin: object) -> None:
        if origin is None or origin is not getattr(self, "scheduler", None):
            self.wake_scheduler()  # queued or retried on a screen: sent now, not at the next pass

    def wake_scheduler(self) -> None:
        """Something was queued or an automation changed: the background worker passes now, not in 30 s."""
        if getattr(self, "scheduler", None) is not None:
            self.scheduler.wake()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.prepare_to_quit()
        super().closeEvent(event)

    def prepare_to_quit(self) -> None:
        """Closing the window is quitting: the layout is saved, the SMS worker stops between two messages,
        and reads and background jobs (a list being read, a training) are cancelled at once; saves go on
        (app/ui/app.py then waits for them with TaskRunner.shutdown). Safe to call twice."""
        self.save_state()
        if getattr(self, "scheduler", None) is not None:
            self.scheduler.stop()
        if getattr(self, "wait_notice", None) is not None:
            self.wait_notice.close()
        self.runner.cancel_abandonable()
