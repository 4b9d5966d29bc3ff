"""Starting the desktop app: QApplication, language, database, first-start demo, the main window.

`run_gui(args)` is what `aiconnect` and `aiconnect gui` call. A database that cannot be opened
(too new, unreachable) ends in a clear dialog and exit 2, never a traceback. `--exit-when-ready`
prints one JSON line once the lead list is on screen (the cold-start benchmark reads it);
`--self-test` visits every screen and dialog offscreen and exits 1 if anything complained
(app/ui/self_test.py); app/ui/preview.py runs one screen alone on demo data (STYLE.md §12).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
import time
from typing import Any, NoReturn

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.config import Settings, load_settings
from app.context import AppContext, open_context
from app.errors import KnownError
from app.logging_setup import setup_logging
from app.ui.application import install_language, make_application
from app.ui.errors import install_hooks, mask_secrets
from app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

HEAVY_MODULES = ("tensorflow", "sklearn", "pandas", "matplotlib")
EXIT_BAD_INPUT = 2


def process_start() -> float:
    """time.monotonic() when the process started: app.__main__'s mark (named `__main__` under
    `python -m app`), else the OS's record."""
    for name in ("app.__main__", "__main__"):
        start = getattr(sys.modules.get(name), "START", None)
        if isinstance(start, float):
            return start
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


# --- opening the database ----------------------------------------------------------------------

class StartupError(Exception):
    """The workspace cannot be opened; the message is for the user."""


def open_workspace(settings: Settings) -> AppContext:
    from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

    try:
        return open_context(settings)
    except KnownError as exc:  # a newer version's database, a damaged file (with the backup to restore)
        from app.texts import reason
        from app.ui.i18n import service_text

        raise StartupError(service_text(reason(exc))) from None
    except (ArgumentError, ValueError) as exc:  # AICONNECT_DATABASE_URL is not a URL SQLAlchemy can use
        shown = mask_secrets(settings.database_url)
        text = QCoreApplication.translate(
            "Startup", "AICONNECT_DATABASE_URL is not a database URL AIConnect can use.\n\n{where}\n{detail}\n\n"
                       "For a team database it looks like postgresql://user@host:5432/crm.")
        raise StartupError(text.format(where=shown, detail=str(exc).splitlines()[0][:160])) from None
    except (OperationalError, DBAPIError) as exc:
        where = mask_secrets(settings.database_url) if not settings.is_sqlite else str(settings.sqlite_path)
        reason = str(getattr(exc, "orig", None) or exc).strip()
        detail = mask_secrets(reason.splitlines()[0] if reason else type(exc).__name__)
        text = QCoreApplication.translate(
            "Startup", "The database could not be opened.\n\n{where}\n{detail}\n\n"
                       "Check that the server is running and reachable, or set AICONNECT_DATABASE_URL.")
        raise StartupError(text.format(where=where, detail=detail)) from None


def prepare(args: argparse.Namespace) -> Settings:
    """The environment's settings and the log: a bad setting or a data folder that cannot be written is told
    as a start-up failure (a dialog), not a traceback on a terminal the user never sees."""
    from app.config import ConfigError

    try:
        settings = load_settings()
    except ConfigError as exc:
        raise StartupError(str(exc)) from None
    try:
        setup_logging(settings.logs_dir, verbose=getattr(args, "verbose", False))
    except OSError as exc:
        text = QCoreApplication.translate("Startup", "Cannot write to the data folder {folder}: {detail}")
        raise StartupError(text.format(folder=exc.filename or settings.logs_dir, detail=exc.strerror or exc)) from None
    return settings


def tell_startup_failure(message: str, interactive: bool) -> int:
    print(f"aiconnect: {message.splitlines()[0] if message else 'cannot start'}", file=sys.stderr)
    if interactive:
        box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("Startup", "AIConnect cannot start"),
                          message, QMessageBox.StandardButton.Close)
        box.exec()
    return EXIT_BAD_INPUT


def ready_report(window: Any) -> dict[str, Any]:
    return {
        "ready_s": round(time.monotonic() - process_start(), 3),
        "rss_mb": round(rss_mb(), 1),
        "heavy_modules": [name for name in HEAVY_MODULES if name in sys.modules],
        "leads": window.leads.model.rowCount(),
    }


# --- running -----------------------------------------------------------------------------------------

def run_gui(args: argparse.Namespace) -> int:
    app = make_application()
    install_language(app, getattr(args, "lang", None) or "system")
    headless = bool(getattr(args, "self_test", False) or getattr(args, "exit_when_ready", False))
    try:
        settings = prepare(args)
        ctx = open_workspace(settings)
    except StartupError as exc:
        return tell_startup_failure(str(exc), interactive=not headless)
    try:
        return _run_window(app, ctx, args)
    finally:
        ctx.close()
        # The process ends next. Freezing what the garbage collector tracks spares the interpreter's
        # teardown its last full collections (0.15-0.3 s with the window's objects); atexit handlers,
        # the log's flush and Qt's own teardown still run.
        gc.freeze()


def _run_window(app: QApplication, ctx: AppContext, args: argparse.Namespace) -> int:
    from app.ui.main_window import MainWindow

    if not getattr(args, "lang", None):
        language = ctx.workspace.get("ui.language")
        if language != "system":
            install_language(app, language)
    runner = TaskRunner()
    uninstall = install_hooks()
    code, failure = 1, None
    try:
        first_start(ctx, runner)
        window = MainWindow(ctx, runner)
        if getattr(args, "exit_when_ready", False):
            _exit_when_ready(app, window)
        if getattr(args, "self_test", False):
            from app.ui.self_test import SelfTest

            SelfTest(app, window).start()
        if not (getattr(args, "exit_when_ready", False) or getattr(args, "self_test", False)):
            window.start_scheduler()  # SMS in the background; self-test and readiness runs send nothing
        window.show()
        code = app.exec()
        window.prepare_to_quit()  # as when the window closes, also when the app quit another way (--exit-when-ready)
        window.hide()
        window.deleteLater()  # callbacks of tasks still running now find no widget and start nothing new
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return code
    except BaseException as exc:
        failure = exc
        raise
    finally:
        left = runner.shutdown()  # saves run to their end, queued ones too; reads and background jobs stop
        QCoreApplication.processEvents()
        uninstall()
        if left:
            if failure is not None:
                logger.error("the window ended with an error", exc_info=failure)
            end_process(ctx, code)


def end_process(ctx: AppContext, code: int) -> NoReturn:
    """Quit without waiting for abandoned work that is still running (a training between two of its
    cancel checks, a messaging pass in an HTTP call): TaskRunner.shutdown has run every save to its end
    and the window's layout is synced. The database's idle connections are closed; the abandoned task's
    open transaction, if any, never commits (SQLite's WAL and PostgreSQL drop it), the model store writes
    a version file under a temporary name and renames it whole, and the SMS outbox reconciles a send it
    did not record. Ending here, not by returning, because the interpreter's teardown would wait for the
    task's thread (a QThreadPool waits for its threads when it is destroyed) or cut it off inside Python."""
    ctx.close()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):  # closed or absent (a windowed build): nothing to flush
            pass
    os._exit(code)


def first_start(ctx: AppContext, runner: TaskRunner) -> None:
    """A brand-new workspace gets demo data, in the db lane ahead of the list's first query."""
    def filled(done: bool) -> None:
        if done:
            from app.ui.errors import notify

            notify(None, QCoreApplication.translate(
                "Startup", "Welcome! This new workspace was filled with demo leads so you can look around. "
                           "Delete them, or import your own from File › Import."))

    (runner.task(_fill_on_first_start, ctx.db, ctx.user.id)
     .with_progress(QCoreApplication.translate("Startup", "Preparing the demo workspace…"))
     .on_success(filled)
     .start())


def _fill_on_first_start(db: Any, actor_id: int, progress: Any = None) -> bool:
    from app.services.demo.generator import fill_on_first_start  # in the db lane, not on the way to the window

    return fill_on_first_start(db, actor_id, progress=progress)


def _exit_when_ready(app: QApplication, window: Any) -> None:
    """Report once the list shows real rows under its exact count: the full list, or (for a plain
    list) its first page with the total counted, while the rest of the ids are still being read."""
    model = window.leads.model
    reported = []

    viewport = window.leads.table.viewport()

    class PaintWatch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                viewport.removeEventFilter(self)
                QTimer.singleShot(0, report)  # after this paint: the rows are on screen
            return False

    watch = PaintWatch(viewport)

    def ready(_count: int) -> None:
        if reported or (not model.complete and model.total is None):
            return
        reported.append(True)
        viewport.installEventFilter(watch)
        viewport.update()  # the rows' first paint, whatever was painted before them

    def report() -> None:
        print(json.dumps(ready_report(window)), flush=True)
        app.exit(0)

    model.page_loaded.connect(ready)
    model.loaded.connect(ready)
