"""One way to run background work (anki's taskman in spirit).

    runner.task(import_file, db, path, options)
          .with_progress(tr("Importing…"))
          .on_success(self.show_result)
          .on_failure(self.show_error)
          .start()

Two lanes: "db" is serial (one writer at a time on SQLite), "net" is parallel. Callbacks run
on the UI thread. Pass ids and plain dataclasses across threads, never ORM objects or widgets.
A task given `with_progress` receives `progress=` (app.progress.Progress). Its labels
travel as objects, so a `Text` from app/services or app/ml arrives whole and is shown with
app.ui.i18n.service_text in the UI's language; plain strings work as before.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.progress import Cancelled, Progress

logger = logging.getLogger(__name__)


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, object)  # done, total, label: a str or a Text (not a QString: it keeps its template)
    finished = Signal()


class _Job(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.task = task

    def run(self) -> None:
        task = self.task
        try:
            if task.progress is not None:
                task.kwargs["progress"] = task.progress
            result = task.fn(*task.args, **task.kwargs)
        except BaseException as exc:  # delivered to on_failure on the UI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            task.signals.failed.emit(exc)
        else:
            task.signals.succeeded.emit(result)
        finally:
            task.signals.finished.emit()


class Task:
    def __init__(self, runner: TaskRunner, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
                 lane: str) -> None:
        self.runner = runner
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.lane = lane
        self.label = ""
        self.progress: Progress | None = None
        self.signals = _Signals()
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self.signals.succeeded.connect(self._succeeded)
        self.signals.failed.connect(self._failed)
        self.signals.finished.connect(self._finished)

    def on_success(self, callback: Callable[[Any], None]) -> Task:
        self._on_success = callback
        return self

    def on_failure(self, callback: Callable[[BaseException], None]) -> Task:
        self._on_failure = callback
        return self

    def with_progress(self, label: str) -> Task:
        self.label = label
        self.progress = Progress(lambda done, total, text: self.signals.progressed.emit(done, total, text or self.label))
        return self

    def cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel()

    def start(self) -> Task:
        self.runner._start(self)
        return self

    def _succeeded(self, result: Any) -> None:
        if self._on_success is not None:
            self._on_success(result)

    def _failed(self, exc: BaseException) -> None:
        if self._on_failure is not None:
            self._on_failure(exc)
        elif not isinstance(exc, Cancelled):
            self.runner.unhandled.emit(exc)

    def _finished(self) -> None:
        self.runner._finish(self)


class TaskRunner(QObject):
    """Owns the two thread pools; the main window shows `started`/`progressed` in its status bar."""

    started = Signal(object)  # Task
    finished = Signal(object)  # Task
    unhandled = Signal(object)  # an exception no on_failure took
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = QThreadPool(self)
        self._db.setMaxThreadCount(1)
        self._net = QThreadPool(self)
        self._net.setMaxThreadCount(4)
        self._running: set[Task] = set()

    def task(self, fn: Callable[..., Any], *args: Any, lane: str = "db", **kwargs: Any) -> Task:
        if lane not in ("db", "net"):
            raise ValueError(f"unknown lane {lane!r}")
        return Task(self, fn, args, kwargs, lane)

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Task:
        """Shorthand for task(...).start() when no callbacks are needed before starting."""
        return self.task(fn, *args, **kwargs).start()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def _start(self, task: Task) -> None:
        self._running.add(task)
        self.started.emit(task)
        (self._db if task.lane == "db" else self._net).start(_Job(task))

    def _finish(self, task: Task) -> None:
        self._running.discard(task)
        self.finished.emit(task)
        if not self._running:
            self.idle.emit()

    def wait_for_done(self, msecs: int = 30000) -> bool:
        """Block until both pools are empty (shutdown and tests only, never from a UI handler)."""
        return self._db.waitForDone(msecs) and self._net.waitForDone(msecs)

    def cancel_all(self) -> None:
        for task in list(self._running):
            task.cancel()
