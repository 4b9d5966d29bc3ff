"""How problems and notices reach the user (qutebrowser's split between known errors and bugs).

- Expected failures (app.errors.KnownError, a locked or unreachable database, a file
  that cannot be read) become a non-modal line in the main window's message bar: `notify()`
  with the text from `describe()`, or `report_error()` which decides for you.
- Anything else is a bug: it is logged with its traceback and shown in a crash dialog with a
  copyable report (versions, traceback, the log file path; secrets are masked).

`install_hooks()` routes sys.excepthook and threading.excepthook here.
"""

from __future__ import annotations

import logging
import platform
import re
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import (
    CONNECTION_LOST,
    DAMAGED,
    DISK_FULL,
    LOCKED,
    LOGIN_REFUSED,
    NO_DATABASE,
    NO_PRIVILEGE,
    READ_ONLY,
    TOO_COMPLEX,
    ConflictError,
    KnownError,
    NotFoundError,
    ValidationError,
    fault_kind,
    fault_path,
)
from app.progress import Cancelled
from app.texts import reason
from app.ui import icons
from app.ui.changes import changes
from app.ui.i18n import service_text

logger = logging.getLogger(__name__)

Action = tuple[str, Callable[[], object]]
LEVELS = ("info", "warning", "error")


# --- what is expected -------------------------------------------------------------------------

def is_expected(exc: BaseException) -> bool:
    """KnownError and the outside world failing (disk, file, database server, a login's missing grant, a query
    too complex for the server) are not bugs."""
    if isinstance(exc, (KnownError, Cancelled, OSError)):
        return True
    from sqlalchemy.exc import DBAPIError, OperationalError

    return isinstance(exc, OperationalError) or (isinstance(exc, DBAPIError) and fault_kind(exc) is not None)


def describe(exc: BaseException) -> str:
    """The user-facing text: what happened and, where we know it, what to do."""
    if isinstance(exc, ValidationError):
        problems = "; ".join(f"{field}: {service_text(why)}" for field, why in exc.problems.items())
        return QCoreApplication.translate("Errors", "Some fields need attention: {problems}").format(problems=problems)
    if isinstance(exc, ConflictError):
        text = QCoreApplication.translate("Errors", "Someone else changed this record meanwhile: {detail}")
        return text.format(detail=_first_line(exc))
    if isinstance(exc, NotFoundError):
        text = QCoreApplication.translate("Errors", "Not found: {detail}. It may have been deleted meanwhile.")
        return text.format(detail=_first_line(exc))
    if isinstance(exc, KnownError):
        return _first_line(exc) or type(exc).__name__
    if isinstance(exc, Cancelled):
        return QCoreApplication.translate("Errors", "Canceled.")
    if isinstance(exc, OSError) and fault_kind(exc) == DISK_FULL:
        text = QCoreApplication.translate("Errors", "The disk is full at {path}. Free some space and try again.")
        return text.format(path=fault_path(exc) or "")
    if isinstance(exc, OSError) and exc.errno == 30:  # EROFS
        text = QCoreApplication.translate("Errors", "Cannot write {path}: the disk or folder is read-only.")
        return text.format(path=fault_path(exc) or "")
    if isinstance(exc, PermissionError):
        text = QCoreApplication.translate("Errors", "Permission denied: {path}. Choose another file or folder.")
        return text.format(path=exc.filename or "")
    if isinstance(exc, FileNotFoundError):
        return QCoreApplication.translate("Errors", "File not found: {path}").format(path=exc.filename or "")
    if isinstance(exc, OSError):
        text = QCoreApplication.translate("Errors", "The file could not be read or written: {detail}")
        return text.format(detail=exc.strerror or _first_line(exc))
    if is_expected(exc):
        return _database_text(exc)
    return QCoreApplication.translate(
        "Errors", "Something went wrong inside AIConnect. The details are in the log; "
                  "your data is safe. Please report this if it happens again.")


def _database_text(exc: BaseException) -> str:
    detail = mask_secrets(_first_line(getattr(exc, "orig", None) or exc))
    kind = fault_kind(exc)
    if kind == LOCKED or "locked" in detail.lower():
        return QCoreApplication.translate(
            "Errors", "The database is busy (another task or program is writing). Try again in a moment.")
    texts = {
        DISK_FULL: QCoreApplication.translate(
            "Errors", "The disk holding the database is full; nothing was saved. Free some space and try again."),
        READ_ONLY: QCoreApplication.translate(
            "Errors", "The database cannot be written (its file or folder is read-only): {detail}"),
        DAMAGED: QCoreApplication.translate(
            "Errors", "The database file is damaged ({detail}). Quit AIConnect and restore the newest backup with "
                      "`aiconnect db restore`."),
        NO_PRIVILEGE: QCoreApplication.translate(
            "Errors", "Your database login is not allowed to do this ({detail}). Ask your administrator to grant it."),
        TOO_COMPLEX: QCoreApplication.translate(
            "Errors", "This is too complex for the database (a search with very many words?). Use fewer words "
                      "or filters."),
        LOGIN_REFUSED: QCoreApplication.translate(
            "Errors", "The database server refused your login ({detail}). Check your user name and password, or ask "
                      "your administrator."),
        NO_DATABASE: QCoreApplication.translate(
            "Errors", "The database does not exist on the server ({detail}). Check the server settings."),
        CONNECTION_LOST: QCoreApplication.translate(
            "Errors", "The connection to the database server was lost ({detail}). Check the network; AIConnect "
                      "reconnects on the next action."),
    }
    if kind in texts:
        return texts[kind].format(detail=detail)
    text = QCoreApplication.translate(
        "Errors", "The database could not be reached: {detail}. Check the connection and try again.")
    return text.format(detail=detail)


def _first_line(exc: object) -> str:
    """The message's first line, in the UI's language when the service said which message it is."""
    text = (service_text(reason(exc)) if isinstance(exc, BaseException) else str(exc)).strip()
    return text.splitlines()[0] if text else ""


def alive(widget: QObject, callback: Callable[..., object]) -> Callable[..., None]:
    """A task callback that does nothing once `widget` is gone (a dialog closed before its task ended)."""
    import shiboken6

    def call(*args: object) -> None:
        if shiboken6.isValid(widget):
            callback(*args)

    return call


# --- non-modal messages --------------------------------------------------------------------------

def notify(widget: QWidget | None, text: str, level: str = "info", action: Action | None = None) -> None:
    """Show `text` in the main window's message bar (through the change hub); log it when no window
    listens (a screen run alone). `widget` is the one speaking; the hub carries the words."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    hub = changes()
    if not hub.heard_by("notice(QString,QString,PyObject)"):
        logger.log({"info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}[level], "%s", text)
        return
    hub.notice.emit(text, level, action)


def offer_undo(widget: QWidget | None, text: str, undo: Callable[[], object]) -> None:
    """A notice with an Undo button; Ctrl+Z in the main window does the same until the next one."""
    changes().undo_offered.emit(undo)
    notify(widget, text, "info", (QCoreApplication.translate("Errors", "Undo"), undo))


def report_error(widget: QWidget | None, exc: BaseException) -> None:
    """The on_failure for most tasks: expected problems to the message bar, bugs to the crash dialog."""
    if isinstance(exc, Cancelled):
        notify(widget, describe(exc), "info")
    elif is_expected(exc):
        logger.info("expected failure: %s", mask_secrets(_first_line(exc)))
        notify(widget, describe(exc), "error")
    else:
        show_crash(type(exc), exc, exc.__traceback__, getattr(exc, "__traceback_text__", None))


def show_failure(widget: QWidget, label: QLabel, exc: BaseException) -> None:
    """A dialog's save that failed for a reason no single field owns: said in the dialog's own
    label; a bug also opens the crash dialog."""
    label.setText(describe(exc))
    label.show()
    if not is_expected(exc):
        report_error(widget, exc)


def show_field_problems(problems: dict[str, str], labels: dict[str, QLabel], general: QLabel) -> list[str]:
    """Each problem under its field (in the UI's language); those of fields the form does not show
    go to `general`. Returns the names of the fields that got one."""
    placed, leftover = [], []
    for name, why in problems.items():
        label = labels.get(name)
        if label is None:
            leftover.append(f"{name}: {service_text(why)}")
            continue
        label.setText(service_text(why))
        label.show()
        placed.append(name)
    if leftover:
        general.setText("; ".join(leftover))
        general.show()
    return placed


class MessageBar(QFrame):
    """One non-modal notice at a time, with an optional action (e.g. Undo) and a close button."""

    action_triggered = Signal()
    TIMEOUTS = {"info": 8000, "warning": 0, "error": 0}  # ms; 0 = until dismissed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MessageBar")
        self._icon = QLabel()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton()
        self.action_button.setObjectName("MessageAction")
        self.action_button.clicked.connect(self._run_action)
        close = QToolButton()
        close.setIcon(icons.icon("close"))
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Dismiss"))
        close.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 6, 6)
        row.addWidget(self._icon)
        row.addWidget(self.text, 1)
        row.addWidget(self.action_button)
        row.addWidget(close)
        self._action: Action | None = None
        self._timer = QTimer(self, singleShot=True, timeout=self.dismiss)
        self.hide()

    def show_message(self, text: str, level: str = "info", action: Action | None = None) -> None:
        self.setProperty("level", level)
        self.style().unpolish(self)
        self.style().polish(self)
        self._icon.setPixmap(icons.pixmap(level, 18, {"info": "#1d4ed8", "warning": "#b45309", "error": "#b91c1c"}[level]))
        self.text.setText(text)
        self._action = action
        self.action_button.setVisible(action is not None)
        if action is not None:
            self.action_button.setText(action[0])
        self.show()
        timeout = self.TIMEOUTS[level] * (2 if action else 1)
        if timeout:
            self._timer.start(timeout)
        else:
            self._timer.stop()

    def dismiss(self) -> None:
        self._timer.stop()
        self._action = None
        self.hide()

    def _run_action(self) -> None:
        action = self._action
        self.dismiss()
        if action is not None:
            action[1]()
            self.action_triggered.emit()


# --- bugs: the crash dialog ------------------------------------------------------------------------

_SECRET_PATTERNS = [
    (re.compile(r"(://[^:/@\s]+:)[^@\s]+@"), r"\1***@"),  # passwords in database URLs
    (re.compile(r"\bAC[0-9a-fA-F]{32}\b"), "AC***"),  # Twilio account SID
    (re.compile(r"\bSK[0-9a-fA-F]{32}\b"), "SK***"),  # Twilio API key
    (re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b"), "AIza***"),  # Google API key
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._\-]+"), r"\1***"),
    (re.compile(r"(?i)((?:password|passwd|token|secret|auth_token|api_key)['\"]?\s*[:=]\s*['\"]?)[^\s'\",)]+"), r"\1***"),
    (re.compile(r"\b[0-9a-f]{32}\b"), "***"),  # bare 32-hex tokens (Twilio auth tokens)
]


def mask_secrets(text: str) -> str:
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def log_file_path() -> Path | None:
    for handler in logging.getLogger().handlers:
        filename = getattr(handler, "baseFilename", None)
        if filename:
            return Path(filename)
    return None


def crash_report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
                 tb_text: str | None = None) -> str:
    """Plain text a user can paste into a bug report: versions and traceback, secrets masked."""
    import PySide6
    from PySide6.QtCore import qVersion

    try:
        from importlib.metadata import version

        app_version = version("aiconnect")
    except Exception:  # not installed as a distribution (a frozen build or a source checkout)
        app_version = "unknown"
    text = tb_text or "".join(traceback.format_exception(exc_type, exc, tb))
    lines = [
        f"AIConnect {app_version}",
        f"Python {platform.python_version()} ({platform.python_implementation()})",
        f"PySide6 {PySide6.__version__}, Qt {qVersion()}",
        f"Platform {platform.platform()}",
        f"Qt platform {QGuiApplication.platformName()}",
        f"Log file {log_file_path() or 'none'}",
        "",
        text.rstrip(),
    ]
    return mask_secrets("\n".join(lines))


class CrashDialog(QDialog):
    """'Something went wrong' with the report to copy, the log folder and a way to go on."""

    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("AIConnect: unexpected error"))
        self.setMinimumSize(640, 420)
        title = QLabel(self.tr("Something went wrong inside AIConnect"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(self.tr(
            "This is a bug, not something you did. Your saved data is safe; the action that failed may "
            "not have completed. Copy the report below and send it to your administrator or to support."
        ))
        intro.setWordWrap(True)
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        self.report.setFont(QFont("monospace"))
        buttons = QDialogButtonBox()
        copy = buttons.addButton(self.tr("Copy report"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_report)
        logs = buttons.addButton(self.tr("Open log folder"), QDialogButtonBox.ButtonRole.ActionRole)
        logs.clicked.connect(self.open_logs)
        logs.setEnabled(log_file_path() is not None)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.report, 1)
        layout.addWidget(buttons)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())

    def open_logs(self) -> None:
        path = log_file_path()
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


CrashHandler = Callable[[str], None]
_crash_handler: CrashHandler | None = None
_open_dialogs: list[CrashDialog] = []


def set_crash_handler(handler: CrashHandler | None) -> CrashHandler | None:
    """Replace the crash dialog (the self-test collects reports instead); returns the previous one."""
    global _crash_handler
    previous, _crash_handler = _crash_handler, handler
    return previous


def show_crash(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
               tb_text: str | None = None) -> None:
    """Log the bug and show the crash dialog (non-modal, at most three at once)."""
    text = tb_text or "".join(traceback.format_exception(exc_type, exc, tb))
    logger.error("unexpected error%s:\n%s", " in a background task" if tb_text else "", mask_secrets(text.rstrip()))
    report = crash_report(exc_type, exc, tb, tb_text)
    if _crash_handler is not None:
        _crash_handler(report)
        return
    if len(_open_dialogs) >= 3:
        return  # a loop of failures must not bury the desktop in dialogs
    app = QApplication.instance()
    parent = app.activeWindow() if isinstance(app, QApplication) else None
    dialog = CrashDialog(report, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_dialogs.append(dialog)
    dialog.finished.connect(lambda _r, d=dialog: _open_dialogs.remove(d))
    dialog.show()


def handle_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook: known errors to the message bar, bugs to the crash dialog."""
    if issubclass(exc_type, KeyboardInterrupt):
        QApplication.quit()
        return
    if is_expected(exc):
        notify(None, describe(exc), "error")
        return
    show_crash(exc_type, exc, tb)


class _ThreadBridge(QObject):
    """Carries an exception from any thread to the UI thread (a queued signal)."""

    raised = Signal(object)


def install_hooks() -> Callable[[], None]:
    """Route uncaught exceptions (UI thread and worker threads) here; returns the uninstaller."""
    bridge = _ThreadBridge()
    bridge.raised.connect(lambda exc: handle_exception(type(exc), exc, exc.__traceback__),
                          Qt.ConnectionType.QueuedConnection)
    old_sys, old_thread = sys.excepthook, threading.excepthook

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            bridge.raised.emit(args.exc_value)

    sys.excepthook = handle_exception
    threading.excepthook = thread_hook

    def uninstall() -> None:
        sys.excepthook, threading.excepthook = old_sys, old_thread
        bridge.deleteLater()

    return uninstall
