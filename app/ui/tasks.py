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

Quitting (`TaskRunner.shutdown`, called once the window has closed) loses nothing and waits for
no read. Each task says what may happen to it at quit (`Task.at_quit`):

- FINISH (the default): work the user asked for, such as a save. It runs to its end, also when it
  was still queued: quitting waits for it, in its lane's order.
- ABANDON: a read, or a long background job whose unfinished work is rolled back or already
  durable (training commits in one transaction at its end; the SMS outbox commits each claim
  before a send and reconciles after a crash). Queued, it never starts; running, it is cancelled
  (its Progress, and the `search.Interrupt` of a query, which stops the running SQL statement) and
  quitting waits for it only a moment. One that does not stop in that moment is left behind: the
  caller ends the process without waiting for it (app/ui/app.py), its open transaction never commits.

A task handed a `search.Interrupt` is a query and is abandoned unless it says otherwise; the reads and
background jobs that today's screens start without saying so are named in ABANDONED_AT_QUIT.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.progress import Cancelled, Progress
from app.services.leads.search import Interrupt

logger = logging.getLogger(__name__)

FINISH = "finish"
ABANDON = "abandon"

# What today's call sites run that may be abandoned at quit although they do not say so, by module and
# qualified name (Task.at_quit(ABANDON) at the call site is the way for new code; tests/ui/test_quit.py
# checks that each name still exists). Anything not named here and not marked is finished at quit.
ABANDONED_AT_QUIT = frozenset({
    # background jobs
    "app.ml.insights.retrain_isolated",  # Insights' Retrain, in a process of its own (app.ml.isolated) that
    # ends when the app does; it stores its models and rows in one transaction at its end (a version file is
    # written whole, then renamed)
    "app.ui.messaging.scheduler.MessagingScheduler._pass",  # the outbox commits each claim before a send and
    # reconciles a send it did not record, so an SMS is neither sent twice nor lost
    "app.ui.messaging.scheduler._Loop.close",  # the lease of a process that has ended is taken over at once
    "app.ui.maps.markers.MapMarkers.geocode_missing.<locals>.work",  # each answer commits as it arrives
    # reads (some take seconds at 1M leads: the filter options, Insights' segments)
    "app.ml.insights.explain_score",
    "app.ml.insights.lead_recommendations",
    "app.ml.insights.load_insights",
    "app.services.leads.audit.history",
    "app.services.leads.leads.LeadService.owners",
    "app.services.leads.pipeline.load_board",
    "app.services.leads.pipeline.reload_cards",
    "app.services.leads.pipeline.stage_cards",
    "app.services.leads.pipeline.stage_columns",
    "app.services.maps.map_reads.lead_info",
    "app.services.maps.map_reads.lead_infos",
    "app.services.maps.map_reads.leads_in_area",
    "app.services.maps.map_reads.load_markers",
    "app.services.maps.map_reads.near_lead",
    "app.services.maps.map_reads.nearby_leads",
    "app.services.maps.map_reads.offline_sheet",
    "app.services.maps.map_reads.plan_day",
    "app.services.maps.map_reads.read_maps_key",
    "app.services.workspace.settings.WorkspaceSettings.all",
    "app.ui.automations.editor.editor_choices",
    "app.ui.automations.editor.preview_step",
    "app.ui.automations.view.load_activity",
    "app.ui.automations.view.load_automations",
    "app.ui.leads.detail.load_lead",
    "app.ui.leads.dialog.load_form",
    "app.ui.leads.filters.load_filter_options",
    "app.ui.messaging.compose.load_setup",
    "app.ui.messaging.compose.resolve",
    "app.ui.messaging.model.fetch_ids",
    "app.ui.messaging.model.fetch_rows",
    "app.ui.messaging.sms_thread.load_sms",
    "app.ui.messaging.template_editor.load_editor",
    "app.ui.messaging.view.load_summary",
    "app.ui.settings.credentials.CredentialsBox._keyring_status",
    "app.ui.transfer.dialogs.read_preview",
})

SHUTDOWN_GRACE_S = 0.15  # how long quitting waits for abandoned work to notice it was cancelled

# a task's life: queued in a pool, running on a pool thread (or on the quitting thread), done;
# or taken back from the pool by shutdown before it started
_QUEUED, _RUNNING, _DONE, _TAKEN = "queued", "running", "done", "taken"


def qualified_name(fn: Callable[..., Any]) -> str:
    """'module.Qualified.name' of a function, bound method or partial (what ABANDONED_AT_QUIT lists)."""
    while isinstance(fn, functools.partial):
        fn = fn.func
    fn = getattr(fn, "__func__", fn)
    return f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', '')}"


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
        if self.task._claim(_RUNNING):  # not when shutdown took it back while it waited
            self.task._execute()
        # This thread must not drop the last reference to the Task: its signals object (a QObject of the UI
        # thread, with queued events) and its callbacks' widgets would be deleted here, while the UI thread
        # delivers to them (a segfault in processEvents). The runner lets go of it on the UI thread.
        self.task.runner._released.append(self.task)
        self.task = None  # type: ignore[assignment]


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
        self.signals = _Signals()  # lives on the UI thread and dies there (see _Job.run)
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._policy: str | None = None
        self._state = _QUEUED
        self._ended = threading.Event()
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
        self.progress = Progress(self._progressed)
        return self

    def at_quit(self, policy: str) -> Task:
        """FINISH (the default) or ABANDON: see the module's docstring."""
        if policy not in (FINISH, ABANDON):
            raise ValueError(f"unknown quit policy {policy!r}")
        self._policy = policy
        return self

    @property
    def quit_policy(self) -> str:
        if self._policy is not None:
            return self._policy
        if self._interrupts() or qualified_name(self.fn) in ABANDONED_AT_QUIT:
            return ABANDON
        return FINISH

    def cancel(self) -> None:
        """Ask the work to stop: its Progress raises Cancelled at the next check, and a query it was
        handed a search.Interrupt for stops its running statement."""
        if self.progress is not None:
            self.progress.cancel()
        for interrupt in self._interrupts():
            interrupt.cancel()

    @property
    def ended(self) -> bool:
        """The function has returned or raised (or never will run: taken back at quit)."""
        return self._ended.is_set()

    def start(self) -> Task:
        self.runner._start(self)
        return self

    def _interrupts(self) -> list[Interrupt]:
        return [a for a in (*self.args, *self.kwargs.values()) if isinstance(a, Interrupt)]

    def _claim(self, state: str) -> bool:
        """Queued -> running (a pool thread) or taken (shutdown): whoever comes first."""
        with self.runner._lock:
            if self._state != _QUEUED:
                return False
            self._state = state
            return True

    def _execute(self) -> None:
        """Run the function on the calling thread and report back (to the UI thread unless quitting)."""
        quiet = self.runner.closing  # after shutdown began nothing is delivered to a window that is gone
        try:
            if self.progress is not None:
                self.kwargs["progress"] = self.progress
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # delivered to on_failure on the UI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            if self.runner.closing:
                self._log_failure_at_quit(exc)
            if not (quiet or self.runner.closing):
                self.signals.failed.emit(exc)
        else:
            if not (quiet or self.runner.closing):
                self.signals.succeeded.emit(result)
        finally:
            with self.runner._lock:
                self._state = _DONE
            self._ended.set()
            if not (quiet or self.runner.closing):
                self.signals.finished.emit()

    def _log_failure_at_quit(self, exc: BaseException) -> None:
        name = qualified_name(self.fn)
        if self.quit_policy == ABANDON or isinstance(exc, Cancelled):
            logger.debug("%s stopped at quit: %s", name, type(exc).__name__)
        else:  # the user will not see it: the log must
            logger.error("%s failed while quitting:\n%s", name, getattr(exc, "__traceback_text__", exc))

    def _progressed(self, done: int, total: int, text: str) -> None:
        if not self.runner.closing:
            self.signals.progressed.emit(done, total, text or self.label)

    def _succeeded(self, result: Any) -> None:
        if self._on_success is not None and not self.runner.closing:
            self._on_success(result)

    def _failed(self, exc: BaseException) -> None:
        if self.runner.closing:
            return
        if self._on_failure is not None:
            self._on_failure(exc)
        elif not isinstance(exc, Cancelled):
            self.runner.unhandled.emit(exc)

    def _finished(self) -> None:
        self._on_success = self._on_failure = None  # closures over widgets: let go of here, on the UI thread
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
        self._running: dict[Task, None] = {}  # started and not yet reported finished, in start order
        self._lock = threading.Lock()
        self.closing = False  # set by shutdown: callbacks are no longer delivered, reads no longer start
        self.left_running: list[Task] = []  # abandoned work still running when shutdown returned
        self._released: list[Task] = []  # tasks the pool threads are done with, let go of on the UI thread

    def _release(self) -> None:
        """Drop, on the UI thread, the tasks the pool threads handed back (list.pop is atomic)."""
        while self._released:
            self._released.pop()

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
        if self.closing:  # started by something that ran during shutdown
            if task.quit_policy == FINISH and task._claim(_RUNNING):
                task._execute()  # a write is never dropped: on this thread, now
            return
        self._running[task] = None
        self.started.emit(task)
        (self._db if task.lane == "db" else self._net).start(_Job(task))

    def _finish(self, task: Task) -> None:
        self._running.pop(task, None)
        self._release()
        self.finished.emit(task)
        if not self._running:
            self.idle.emit()

    def wait_for_done(self, msecs: int = 30000) -> bool:
        """Block until both pools are empty (tests and tools only, never from a UI handler)."""
        return self._db.waitForDone(msecs) and self._net.waitForDone(msecs)

    def cancel_all(self) -> None:
        for task in list(self._running):
            task.cancel()

    def cancel_abandonable(self) -> None:
        """Cancel the reads and background jobs (the window is closing); saves go on."""
        for task in list(self._running):
            if task.quit_policy == ABANDON:
                task.cancel()

    def shutdown(self, grace: float = SHUTDOWN_GRACE_S) -> list[Task]:
        """Quit: every FINISH task runs to its end, queued ones included (in their lane's order, on
        this thread when they had not started); ABANDON tasks that had not started never will, running
        ones are cancelled and given `grace` seconds. Returns the abandoned tasks still running (the
        caller ends the process without waiting for them). No callback is delivered from now on.
        Call it on the UI thread, once."""
        self.closing = True
        tasks = list(self._running)
        taken = [task for task in tasks if task._claim(_TAKEN)]
        running = [task for task in tasks if task not in taken]
        for task in running:
            if task.quit_policy == ABANDON:
                task.cancel()
        for task in running:  # saves already running come before the queued ones of their lane
            if task.quit_policy == FINISH:
                _wait_for(task)
        for task in taken:
            if task.quit_policy == FINISH:
                with self._lock:
                    task._state = _RUNNING
                task._execute()
            else:
                task._ended.set()
        deadline = time.monotonic() + grace
        for task in running:
            task._ended.wait(max(0.0, deadline - time.monotonic()))
        self._running.clear()
        self._release()
        self.left_running = [task for task in running if not task.ended]
        for task in self.left_running:
            logger.info("quitting without waiting for %s (cancelled; what it has not committed is dropped)",
                        qualified_name(task.fn))
        return self.left_running


def _wait_for(task: Task, report_every: float = 10.0) -> None:
    """Wait for a FINISH task however long it takes (a save is never cut short), saying so in the log."""
    started = time.monotonic()
    while not task._ended.wait(report_every):
        logger.warning("quitting waits for %s to finish (%.0f s so far)", qualified_name(task.fn),
                       time.monotonic() - started)
