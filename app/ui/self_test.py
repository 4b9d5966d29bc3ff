"""The self-test behind `aiconnect gui --self-test`: visit every screen and dialog offscreen;
anything logged at WARNING or above, raised, or complained about by Qt is a failure (exit 1)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from app.ui.errors import set_crash_handler

logger = logging.getLogger(__name__)


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
        from app.ui.screens import SCREENS

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
