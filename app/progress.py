"""Progress and cancellation for long work, without Qt (orange3's TaskState in spirit).

Long operations take a `Progress` and call `advance()`; the UI's task runner passes one
that forwards to a progress bar and whose `cancel()` makes the next `check()` raise.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """The user cancelled; the operation has rolled back whatever it had started."""


class Progress:
    """Thread-safe counters; `listener(done, total, label)` is called on every change."""

    def __init__(self, listener: Callable[[int, int, str], None] | None = None) -> None:
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self.listener = listener
        self.done = 0
        self.total = 0
        self.label = ""

    def set_total(self, total: int, label: str | None = None) -> None:
        with self._lock:
            self.total = max(0, int(total))
            self.done = 0
            if label is not None:
                self.label = label
        self._notify()

    def set_label(self, label: str) -> None:
        with self._lock:
            self.label = label
        self._notify()

    def advance(self, n: int = 1) -> None:
        """Count n more units done; raises Cancelled if the user asked to stop."""
        with self._lock:
            self.done += n
        self._notify()
        self.check()

    def update(self, done: int, total: int, label: str) -> None:
        """Take over another Progress's state (work running elsewhere reports through this one)."""
        with self._lock:
            self.done, self.total, self.label = int(done), max(0, int(total)), label
        self._notify()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled("canceled by the user")

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _notify(self) -> None:
        if self.listener is not None:
            self.listener(self.done, self.total, self.label)
