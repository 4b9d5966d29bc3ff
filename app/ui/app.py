"""Starting the desktop app: QApplication, language, database, first-start demo, the main window.

`run_gui(args)` is what `aiconnect` and `aiconnect gui` call. A database that cannot be opened
(too new, unreachable) ends in a clear dialog and exit 2, never a traceback. `--exit-when-ready`
prints one JSON line once the lead list is on screen (the cold-start benchmark reads it);
`--self-test` visits every screen and dialog offscreen and exits 1 if anything complained.
`preview(factory)` runs one screen alone on a throwaway demo workspace (STYLE.md §12).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QMessageLogContext, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox, QStyleFactory, QWidget

from app.config import APP_NAME, Settings, load_settings
from app.context import AppContext, open_context
from app.logging_setup import setup_logging
from app.ui.errors import install_hooks, mask_secrets, set_crash_handler
from app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

HEAVY_MODULES = ("tensorflow", "sklearn", "pandas", "matplotlib")
EXIT_BAD_INPUT = 2


def process_start() -> float:
    """time.monotonic() when the process started: app.__main__'s mark, else the OS's record."""
    main = sys.modules.get("app.__main__")
    start = getattr(main, "START", None)
    if start is not None:
        return float(start)
    try:
        import psutil

        return time.monotonic() - (time.time() - psutil.Process().create_time())
    except ImportError:  # psutil is a dev dependency; without it, count from this module's import
        return _IMPORTED_AT


_IMPORTED_AT = time.monotonic()


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def style_sheet() -> str:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    path = base / "resources" / "style" / "app.qss"
    try:
        return path.read_text(encoding="utf-8").replace("@STYLE_DIR@", path.parent.as_posix())
    except OSError:
        logger.info("no style sheet at %s; using the plain Fusion look", path)
        return ""


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with our names, the Fusion style, a light palette and the style sheet."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)  # QtWebEngine (the map) needs it
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(light_palette())
    app.setStyleSheet(style_sheet())
    return app


def light_palette() -> QPalette:
    """A calm light palette, the same on every desktop (a dark system theme must not half-apply)."""
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#f5f6f8", QPalette.ColorRole.WindowText: "#1f2937",
        QPalette.ColorRole.Base: "#ffffff", QPalette.ColorRole.AlternateBase: "#f8fafc",
        QPalette.ColorRole.Text: "#1f2937", QPalette.ColorRole.Button: "#ffffff",
        QPalette.ColorRole.ButtonText: "#1f2937", QPalette.ColorRole.Highlight: "#dbe7fd",
        QPalette.ColorRole.HighlightedText: "#0f172a", QPalette.ColorRole.ToolTipBase: "#111827",
        QPalette.ColorRole.ToolTipText: "#f9fafb", QPalette.ColorRole.PlaceholderText: "#9ca3af",
        QPalette.ColorRole.Link: "#1d4ed8", QPalette.ColorRole.Mid: "#d1d5db", QPalette.ColorRole.Dark: "#9ca3af",
    }
    from PySide6.QtGui import QColor

    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#9ca3af"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#9ca3af"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#9ca3af"))
    return palette


def install_language(app: QApplication, language: str) -> str:
    from app.ui.i18n import install_translator

    return install_translator(app, language)


# --- opening the database ----------------------------------------------------------------------

class StartupError(Exception):
    """The workspace cannot be opened; the message is for the user."""


def open_workspace(settings: Settings) -> AppContext:
    from sqlalchemy.exc import DBAPIError, OperationalError

    from app.db.migrate import DatabaseTooNewError

    try:
        return open_context(settings)
    except DatabaseTooNewError as exc:
        raise StartupError(str(exc)) from None
    except (OperationalError, DBAPIError) as exc:
        where = mask_secrets(settings.database_url) if not settings.is_sqlite else str(settings.sqlite_path)
        reason = str(getattr(exc, "orig", None) or exc).strip()
        detail = mask_secrets(reason.splitlines()[0] if reason else type(exc).__name__)
        text = QCoreApplication.translate(
            "Startup", "The database could not be opened.\n\n{where}\n{detail}\n\n"
                       "Check that the server is running and reachable, or set AICONNECT_DATABASE_URL.")
        raise StartupError(text.format(where=where, detail=detail)) from None


def tell_startup_failure(message: str, interactive: bool) -> int:
    print(f"aiconnect: {message.splitlines()[0] if message else 'cannot start'}", file=sys.stderr)
    if interactive:
        box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("Startup", "AIConnect cannot start"),
                          message, QMessageBox.StandardButton.Close)
        box.exec()
    return EXIT_BAD_INPUT


# --- readiness and the self-test ----------------------------------------------------------------------

def ready_report(window: Any) -> dict[str, Any]:
    return {
        "ready_s": round(time.monotonic() - process_start(), 3),
        "rss_mb": round(rss_mb(), 1),
        "heavy_modules": [name for name in HEAVY_MODULES if name in sys.modules],
        "leads": window.leads.model.rowCount(),
    }


class SelfTest:
    """Visit every screen and dialog; anything logged at WARNING or above, or raised, is a failure."""

    def __init__(self, app: QApplication, window: Any) -> None:
        self.app = app
        self.window = window
        self.failures: list[str] = []
        self.handler = _Collector(self.failures)
        logging.getLogger().addHandler(self.handler)
        self._previous_crash = set_crash_handler(self.failures.append)
        qInstallMessageHandler(self._qt_message)
        self.steps = self._steps()

    def _qt_message(self, kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg) and not _ignorable(message):
            self.failures.append(f"Qt: {message}")

    def _steps(self) -> list[tuple[str, Callable[[], object]]]:
        from app.ui.main_window import SCREENS

        steps: list[tuple[str, Callable[[], object]]] = [
            (f"screen {s.key}", lambda k=s.key: self.window.show_screen(k)) for s in SCREENS]
        steps += [
            ("back to leads", lambda: self.window.show_screen("leads")),
            ("open a lead", self._open_lead), ("close the lead", self.window.leads.close_detail),
            ("new lead dialog", lambda: self._dialog("app.ui.leads.dialog", "LeadDialog", None)),
            ("edit lead dialog", lambda: self._dialog("app.ui.leads.dialog", "LeadDialog", self._first_lead())),
            ("interaction dialog", self._interaction_dialog),
            ("import wizard", lambda: self._dialog("app.ui.transfer.dialogs", "ImportWizard")),
            ("automation editor", lambda: self._dialog("app.ui.automations.editor", "AutomationEditor", None)),
            ("export dialog", self._export_dialog),
            ("history dialog", self._history_dialog),
            ("search", lambda: self.window.leads.search.setText("a")),
            ("clear search", self.window.leads.clear_filters),
        ]
        return steps

    def _first_lead(self) -> int | None:
        model = self.window.leads.model
        return model.lead_id(0) if model.rowCount() else None

    def _open_lead(self) -> None:
        lead_id = self._first_lead()
        if lead_id is not None:
            self.window.open_lead(lead_id)

    def _dialog(self, module: str, name: str, *args: Any) -> None:
        import importlib

        cls = getattr(importlib.import_module(module), name)
        dialog = cls(self.window.ctx, self.window.runner, *args, self.window)
        dialog.open()
        QTimer.singleShot(150, dialog.reject)

    def _interaction_dialog(self) -> None:
        lead_id = self._first_lead()
        if lead_id is not None:
            self._dialog("app.ui.leads.interaction_dialog", "InteractionDialog", lead_id, None)

    def _export_dialog(self) -> None:
        from app.ui.transfer.dialogs import ExportDialog

        dialog = ExportDialog(self.window.ctx, self.window.runner, self.window.leads.current_query(), 0, self.window)
        dialog.open()
        QTimer.singleShot(150, dialog.reject)

    def _history_dialog(self) -> None:
        from app.ui.leads.detail import AuditDialog

        lead_id = self._first_lead()
        if lead_id is not None:
            dialog = AuditDialog(self.window.ctx, self.window.runner, "lead", lead_id, self.window)
            dialog.open()
            QTimer.singleShot(150, dialog.reject)

    def start(self) -> None:
        QTimer.singleShot(0, self._next)

    def _next(self) -> None:
        if self.window.runner.busy:
            QTimer.singleShot(20, self._next)  # each step settles (its queries answered) before the next
            return
        if not self.steps:
            QTimer.singleShot(300, self._finish)
            return
        name, step = self.steps.pop(0)
        try:
            step()
        except Exception as exc:  # a step that raises is a failure to report, not a crash
            logger.exception("self-test step %r failed", name)
            self.failures.append(f"{name}: {exc!r}")
        QTimer.singleShot(60, self._next)

    def _finish(self) -> None:
        if self.window.runner.busy:
            QTimer.singleShot(20, self._finish)
            return
        logging.getLogger().removeHandler(self.handler)
        set_crash_handler(self._previous_crash)
        qInstallMessageHandler(None)
        if self.failures:
            print("self-test failed:", file=sys.stderr)
            for failure in self.failures:
                print(f"- {failure}", file=sys.stderr)
            self.app.exit(1)
        else:
            print("self-test passed: every screen and dialog opened without a warning")
            self.app.exit(0)


class _Collector(logging.Handler):
    def __init__(self, failures: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.failures = failures

    def emit(self, record: logging.LogRecord) -> None:
        self.failures.append(f"log {record.levelname} {record.name}: {record.getMessage()}")


def _ignorable(message: str) -> bool:
    """Qt chatter of the offscreen platform that says nothing about our code."""
    return any(part in message for part in ("This plugin does not support", "propagateSizeHints", "QFont::"))


# --- running -----------------------------------------------------------------------------------------

def run_gui(args: argparse.Namespace) -> int:
    app = make_application()
    install_language(app, getattr(args, "lang", None) or "system")
    settings = load_settings()
    setup_logging(settings.logs_dir, verbose=getattr(args, "verbose", False))
    headless = bool(getattr(args, "self_test", False) or getattr(args, "exit_when_ready", False))
    try:
        ctx = open_workspace(settings)
    except StartupError as exc:
        return tell_startup_failure(str(exc), interactive=not headless)
    try:
        return _run_window(app, ctx, args)
    finally:
        ctx.close()


def _run_window(app: QApplication, ctx: AppContext, args: argparse.Namespace) -> int:
    from app.ui.main_window import MainWindow

    if not getattr(args, "lang", None):
        language = ctx.workspace.get("ui.language")
        if language != "system":
            install_language(app, language)
    runner = TaskRunner()
    uninstall = install_hooks()
    try:
        first_start(ctx, runner)
        window = MainWindow(ctx, runner)
        if getattr(args, "exit_when_ready", False):
            _exit_when_ready(app, window)
        if getattr(args, "self_test", False):
            SelfTest(app, window).start()
        if not (getattr(args, "exit_when_ready", False) or getattr(args, "self_test", False)):
            window.start_scheduler()  # SMS in the background; self-test and readiness runs send nothing
        window.show()
        code = app.exec()
        window.save_state()
        window.hide()
        window.deleteLater()  # callbacks of tasks still running now find no widget and start nothing new
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return code
    finally:
        runner.cancel_all()
        runner.wait_for_done(60000)
        QCoreApplication.processEvents()
        uninstall()


def first_start(ctx: AppContext, runner: TaskRunner) -> None:
    """A brand-new workspace gets demo data, in the db lane ahead of the list's first query."""
    from app.services.demo.generator import fill_on_first_start

    def filled(done: bool) -> None:
        if done:
            from app.ui.errors import notify

            notify(None, QCoreApplication.translate(
                "Startup", "Welcome! This new workspace was filled with demo leads so you can look around. "
                           "Delete them, or import your own from File › Import."))

    (runner.task(fill_on_first_start, ctx)
     .with_progress(QCoreApplication.translate("Startup", "Preparing the demo workspace…"))
     .on_success(filled)
     .start())


def _exit_when_ready(app: QApplication, window: Any) -> None:
    """Report once the list shows real rows under its exact count: the full list, or (for a plain
    list) its first page with the total counted, while the rest of the ids are still being read."""
    model = window.leads.model
    reported = []

    def ready(_count: int) -> None:
        if reported or (not model.complete and model.total is None):
            return
        reported.append(True)
        QTimer.singleShot(0, report)  # the event loop is running and the rows are painted

    def report() -> None:
        print(json.dumps(ready_report(window)), flush=True)
        app.exit(0)

    model.page_loaded.connect(ready)
    model.loaded.connect(ready)


# --- one screen alone on demo data ---------------------------------------------------------------------

def preview(factory: Callable[[AppContext, TaskRunner], QWidget], *, leads: int = 300,
            size: tuple[int, int] | None = None) -> None:
    """Run `factory(ctx, runner)` alone on a throwaway demo workspace (or AICONNECT_HOME if set)."""
    app = make_application()
    install_language(app, os.environ.get("AICONNECT_LANG", "system"))
    with tempfile.TemporaryDirectory(prefix="aiconnect-preview-") as folder:
        settings = load_settings() if os.environ.get("AICONNECT_HOME") else Settings(
            home=Path(folder), database_url=f"sqlite:///{Path(folder) / 'preview.sqlite3'}")
        setup_logging(None)
        ctx = open_context(settings)
        from app.services.demo.generator import fill_on_first_start

        fill_on_first_start(ctx, leads=leads)
        runner = TaskRunner()
        widget = factory(ctx, runner)
        if size:
            widget.resize(*size)
        widget.show()
        code = app.exec()
        runner.wait_for_done()
        ctx.close()
    sys.exit(code)
