"""Telling the user when a save waits for another writer (an import's final write, `aiconnect automations run`).

SQLite lets one program write at a time. A statement that finds the workspace locked waits (app/db/engine.py:
one-second tries for up to five minutes) instead of failing; after the first second the engine's wait
listeners hear of it once. This one says so in the message bar, at most every half minute, so an edit that
seems slow is explained rather than lost. The listener is called on the thread that waits (a pool thread);
the signal carries the news to the UI thread.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal

from app.context import AppContext
from app.ui.errors import notify


class WaitNotice(QObject):
    heard = Signal()
    QUIET_S = 30.0  # one message for a long wait: a busy import would otherwise say it every few seconds

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._last: float | None = None
        self.heard.connect(self._tell)  # queued when emitted on a pool thread
        self._remove = ctx.on_database_wait(lambda _message: self.heard.emit())

    def _tell(self) -> None:
        now = time.monotonic()
        if self._last is not None and now - self._last < self.QUIET_S:
            return
        self._last = now
        notify(None, self.tr("Another program is writing to the workspace (an import?). Your change waits for it "
                             "and is saved as soon as it has finished."), "info")

    def close(self) -> None:
        self._remove()
