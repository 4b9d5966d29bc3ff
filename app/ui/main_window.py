"""The main window: navigation, the message bar, task progress, menus and shortcuts.

Screens are built the first time they are shown (the Leads screen at once), so start-up pays
only for what the user sees. Screens that later work will build show an honest placeholder.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
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
from app.ui.errors import Action, MessageBar, log_file_path, notify, report_error
from app.ui.i18n import service_text
from app.ui.tasks import Task, TaskRunner

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Screen:
    key: str
    glyph: str

    def title(self) -> str:
        return {
            "leads": QCoreApplication.translate("MainWindow", "Leads"),
            "pipeline": QCoreApplication.translate("MainWindow", "Pipeline"),
            "map": QCoreApplication.translate("MainWindow", "Map"),
            "messages": QCoreApplication.translate("MainWindow", "Messages"),
            "automations": QCoreApplication.translate("MainWindow", "Automations"),
            "insights": QCoreApplication.translate("MainWindow", "Insights"),
            "analytics": QCoreApplication.translate("MainWindow", "Analytics"),
            "feedback": QCoreApplication.translate("MainWindow", "Feedback"),
            "settings": QCoreApplication.translate("MainWindow", "Settings"),
        }[self.key]


SCREENS = (
    Screen("leads", "leads"), Screen("pipeline", "pipeline"), Screen("map", "map"), Screen("messages", "messages"),
    Screen("automations", "automations"), Screen("insights", "insights"), Screen("analytics", "analytics"),
    Screen("feedback", "feedback"), Screen("settings", "settings"),
)
PLANNED = {"analytics", "feedback"}


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
        task.signals.progressed.connect(lambda done, total, text, t=task: self._progressed(t, done, total, text))
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
                 state: QSettings | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.state = state if state is not None else ui_state(ctx)
        self.pages: dict[str, QWidget] = {}
        self._undo: Callable[[], object] | None = None
        self._stale: set[str] = set()
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
        for screen in SCREENS:
            item = QListWidgetItem(icons.icon(screen.glyph), "")
            item.setData(Qt.ItemDataRole.UserRole, screen.key)
            item.setSizeHint(QSize(180, 40))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(lambda row: self.show_screen(SCREENS[row].key) if row >= 0 else None)
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
                               for i, s in enumerate(SCREENS)]
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
        for i, screen in enumerate(SCREENS):
            self.nav.item(i).setText(screen.title())
            self.nav.item(i).setToolTip(self.tr("{screen} (Ctrl+{n})").format(screen=screen.title(), n=i + 1))
            self.screen_actions[i].setText(screen.title())
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
        if key == "leads":
            from app.ui.leads.view import LeadsView

            leads = LeadsView(self.ctx, self.runner)
            leads.restore_state(self.state)
            leads.refresh()  # the query runs while the rest of the window is built
            leads.leads_changed.connect(lambda: self._mark_stale("pipeline", "map"))
            return leads
        if key == "pipeline":
            from app.ui.pipeline.view import PipelineView

            pipeline = PipelineView(self.ctx, self.runner)
            pipeline.lead_activated.connect(self.open_lead)
            return pipeline
        if key == "automations":
            from app.ui.automations.view import AutomationsView

            automations = AutomationsView(self.ctx, self.runner)
            automations.lead_activated.connect(self.open_lead)
            automations.changed.connect(lambda: (self._mark_stale("leads"), self.wake_scheduler()))
            return automations
        if key == "map":
            from app.ui.maps.view import MapView

            map_view = MapView(self.ctx, self.runner, leads=lambda: self.leads)
            map_view.lead_open_requested.connect(self.open_lead)
            return map_view
        if key == "messages":
            from app.ui.messaging.view import MessagesView

            messages = MessagesView(self.ctx, self.runner)
            messages.lead_activated.connect(self.open_lead)
            return messages
        if key == "settings":
            from app.ui.settings.view import SettingsView

            settings = SettingsView(self.ctx, self.runner)
            settings.language_changed.connect(lambda _lang: QTimer.singleShot(0, self.language_changed))
            return settings
        if key == "insights":
            from app.ui.insights.view import InsightsView

            insights = InsightsView(self.ctx, self.runner)
            insights.show_segment.connect(self.show_segment)
            insights.models_changed.connect(lambda: self._mark_stale("leads", "pipeline"))
            return insights
        from app.ui.widgets.placeholder import PlaceholderPage

        return PlaceholderPage(key, next(s.glyph for s in SCREENS if s.key == key))

    def show_screen(self, key: str) -> None:
        index = next(i for i, s in enumerate(SCREENS) if s.key == key)
        widget = self.page(key)
        self.stack.setCurrentWidget(widget)
        if self.nav.currentRow() != index:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(index)
            self.nav.blockSignals(False)
        if key in self._stale:
            self._stale.discard(key)
            refresh = getattr(widget, "refresh", None)
            if refresh is not None:
                refresh()

    def current_key(self) -> str:
        widget = self.stack.currentWidget()
        return next((k for k, w in self.pages.items() if w is widget), "leads")

    def _mark_stale(self, *keys: str) -> None:
        """Screens refresh when next shown (the visible one at once) after a write elsewhere."""
        for key in keys:
            if key not in self.pages:
                continue
            if self.current_key() == key:
                getattr(self.pages[key], "refresh", lambda: None)()
            else:
                self._stale.add(key)

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
        """After an import (or anything that touches many leads): every screen refreshes."""
        for key in self.pages:
            self._mark_stale(key)

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
        for key in [k for k in self.pages if k in ("leads", "insights", "messages", "map") or k in PLANNED]:
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
        """The background SMS worker and its status-bar line (the real app only; UI tests never start it)."""
        from app.ui.messaging.scheduler import install

        if getattr(self, "scheduler", None) is None:
            self.scheduler = install(self, self.ctx, self.runner,
                                     lambda: self._mark_stale("leads", "messages", "automations"),
                                     lambda: self.show_screen("settings"), **options)

    def wake_scheduler(self) -> None:
        """Something was queued or an automation changed: the background worker passes now, not in 30 s."""
        if getattr(self, "scheduler", None) is not None:
            self.scheduler.wake()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        if getattr(self, "scheduler", None) is not None:
            self.scheduler.stop()
        self.runner.cancel_all()
        super().closeEvent(event)


def main_window(widget: QWidget | None) -> MainWindow | None:
    """The MainWindow a widget lives in (dialogs included), if any."""
    app = QApplication.instance()
    window = widget.window() if widget is not None else None
    if isinstance(window, MainWindow):
        return window
    if isinstance(app, QApplication):
        return next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow)), None)
    return None
