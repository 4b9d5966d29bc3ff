"""Background work where only the newest request's answer counts, and the short timer that debounces typing.

`Latest` runs at most one task at a time and drops the answers of superseded requests: typing in an editor must
not queue a render per keystroke on the db lane.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from app.ui.errors import alive
from app.ui.tasks import TaskRunner

DEBOUNCE_MS = 250


class Latest(QObject):
    """`request(fn, *args)`: runs now if idle, else replaces whatever waits; answers of superseded requests
    are dropped. The callbacks run on the UI thread."""

    def __init__(
        self,
        runner: TaskRunner,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        parent: QObject,
        lane: str = "db",
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.lane = lane
        self._on_success = on_success
        self._on_failure = on_failure
        self._waiting: tuple[Callable[..., Any], tuple[Any, ...]] | None = None
        self._running = False
        self._generation = 0

    @property
    def busy(self) -> bool:
        return self._running or self._waiting is not None

    def request(self, fn: Callable[..., Any], *args: Any) -> None:
        self._generation += 1
        self._waiting = (fn, args)
        if not self._running:
            self._next()

    def drop(self) -> None:
        """Forget what waits and ignore what runs."""
        self._generation += 1
        self._waiting = None

    def _next(self) -> None:
        if self._waiting is None:
            return
        fn, args = self._waiting
        self._waiting = None
        self._running = True
        generation = self._generation
        (
            self.runner.task(fn, *args, lane=self.lane)
            .on_success(alive(self, lambda result: self._done(generation, result, None)))
            .on_failure(alive(self, lambda exc: self._done(generation, None, exc)))
            .start()
        )

    def _done(self, generation: int, result: Any, exc: BaseException | None) -> None:
        self._running = False
        if generation == self._generation:
            if exc is None:
                self._on_success(result)
            else:
                self._on_failure(exc)
        self._next()


def debounce(parent: QObject, slot: Callable[[], None], ms: int = DEBOUNCE_MS) -> QTimer:
    """A single-shot timer calling `slot`; each start() restarts it, so only a pause in typing gets through."""
    return QTimer(parent, singleShot=True, interval=ms, timeout=slot)
