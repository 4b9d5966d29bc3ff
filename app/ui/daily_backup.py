"""The local workspace's daily backup while the desktop app runs (app/db/backup.py does the copying).

A minute after the window opens (start-up pays nothing) and then every hour, a task on the runner's "net"
lane takes a backup when the newest one is 24 hours old (AppContext.backup_if_due); the "db" lane, which
the screens' queries use, is never held by it. The copy goes through SQLite's online backup API, so edits
go on meanwhile; a quit abandons a copy in progress (its partial file is removed by the next one). A team
(PostgreSQL) workspace is backed up on its server, not here. `MainWindow.start_scheduler` installs it in
the real app only.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from app.context import AppContext
from app.ui.errors import alive, describe, notify
from app.ui.tasks import ABANDON, TaskRunner

logger = logging.getLogger(__name__)


class DailyBackup(QObject):
    FIRST_CHECK_MS = 60_000
    EVERY_MS = 3_600_000

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QObject | None = None,
                 first_check_ms: int = FIRST_CHECK_MS, every_ms: int = EVERY_MS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db_path: Path | None = ctx.settings.sqlite_path
        self.runner = runner
        self.running = False
        self.last: Path | None = None
        self._warned = False
        self.timer = QTimer(self, interval=every_ms, timeout=self.check)
        self._first = QTimer(self, singleShot=True, interval=first_check_ms, timeout=self.check)

    def start(self) -> None:
        if self.db_path is not None:
            self._first.start()
            self.timer.start()

    def check(self) -> None:
        if self.running or self.db_path is None:
            return
        self.running = True
        (self.runner.task(self.ctx.backup_if_due, lane="net")
         .at_quit(ABANDON).on_success(alive(self, self._done)).on_failure(alive(self, self._failed)).start())

    def _done(self, taken: Path | None) -> None:
        self.running = False
        if taken is not None:
            self.last = taken

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        logger.warning("the daily backup failed: %s", exc)
        if not self._warned:  # said once a session; the next hourly check tries again
            self._warned = True
            notify(None, self.tr("The daily backup of the workspace could not be written: {reason}").format(
                reason=describe(exc)), "warning")


def install(ctx: AppContext, runner: TaskRunner, parent: QObject, **options: int) -> DailyBackup:
    daily = DailyBackup(ctx, runner, parent, **options)
    daily.start()
    return daily
