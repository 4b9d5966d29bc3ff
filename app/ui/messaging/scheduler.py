"""The in-app messaging worker: replies, automations, the outbox and delivery status, in the background.

MessagingScheduler repeats one MessagingWorker pass on the task runner's "net" lane (never two at
once, never on the UI thread) and waits as long as the worker says nothing is due (bounded). With
no network it keeps retrying with backoff while the outbox holds every message; without Twilio
credentials it says so and points to Settings. The dispatch lease in the outbox makes the app and a
headless `aiconnect automations run` on the same database take turns: only the lease holder sends.
SchedulerStatus is its small widget in the main window's status bar.

The main window starts it (`MainWindow.start_scheduler`, called by the real app only) and stops it
on close: the stop event ends a pass between two messages, and the worker's lease and HTTP session
are released on the net lane by whichever side finishes last.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QToolButton, QWidget

from app.context import AppContext
from app.services.messaging.outbox import waiting_count
from app.services.messaging.worker import MessagingWorker, PassReport
from app.ui import icons
from app.ui.errors import alive
from app.ui.formatting import format_datetime
from app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PassOutcome:
    """What one pass did and what the scheduler concluded (plain data, built on the net lane)."""

    state: str  # idle | offline | not_configured | refused | elsewhere | failed
    report: PassReport
    waiting: int  # outgoing messages not yet handed to Twilio
    delay: float  # seconds until the next pass
    problem: str | None
    changed: bool  # something the user sees changed: sent, delivered, replies, enrolments
    at: datetime


def changed_anything(report: PassReport) -> bool:
    auto, dispatch = report.automations, report.dispatch
    return bool(
        (report.inbound and report.inbound.new) or (report.status and report.status.changed)
        or (dispatch and (dispatch.sent or dispatch.failed or dispatch.canceled or dispatch.reconciled_found))
        or (auto and (auto.enrolled or auto.ended or auto.steps_run or auto.steps_skipped or auto.finished))
    )


class _Loop:
    """The worker and the stop flag, shared with the net lane; closing happens exactly once."""

    def __init__(self, factory: Callable[[], MessagingWorker]) -> None:
        self.factory = factory
        self.worker: MessagingWorker | None = None
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.in_pass = False
        self.closed = False

    def begin(self) -> MessagingWorker:
        if self.worker is None:
            self.worker = self.factory()
        return self.worker

    def end_pass(self) -> None:
        """Called on the net lane when a pass ends: close here if a stop came in meanwhile."""
        with self.lock:
            self.in_pass = False
            closing = self.stop.is_set()
        if closing:
            self.close()

    def request_stop(self) -> bool:
        """True when no pass is running, so the caller must close."""
        with self.lock:
            self.stop.set()
            return not self.in_pass

    def close(self) -> None:
        with self.lock:
            worker, self.worker = self.worker, None
            if self.closed:
                return
            self.closed = True
        if worker is not None:
            worker.close()


class MessagingScheduler(QObject):
    """Runs messaging passes while the app is open and reports its state."""

    state_changed = Signal(str)  # idle | working | offline | not_configured | refused | elsewhere | failed | stopped
    pass_finished = Signal(object)  # PassOutcome
    changed = Signal()  # a pass sent, delivered, received or enrolled something: message screens refresh

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QObject | None = None, *,
                 worker_factory: Callable[[], MessagingWorker] | None = None, interval: float = 30.0,
                 min_delay: float = 2.0, backoff: tuple[float, float] = (15.0, 300.0), first_delay: float = 0.0) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.worker_factory = worker_factory or ctx.messaging_worker  # the app's worker, wired by the context
        self.interval, self.min_delay, self.backoff, self.first_delay = interval, min_delay, backoff, first_delay
        self.state = "stopped"
        self.last: PassOutcome | None = None
        self.next_at: datetime | None = None
        self.passes = 0
        self._loop: _Loop | None = None
        self._busy = False
        self._again = False
        self._offline_passes = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run_pass)

    @property
    def running(self) -> bool:
        return self._loop is not None

    @property
    def busy(self) -> bool:
        return self._busy

    def start(self) -> None:
        if self._loop is not None:
            return
        self._loop = _Loop(self.worker_factory)
        self._schedule(self.first_delay)

    def wake(self) -> None:
        """Pass now (something was queued, the settings changed); after the current pass if one runs."""
        if self._loop is None:
            return
        if self._busy:
            self._again = True
        else:
            self._timer.start(0)

    def stop(self) -> None:
        """Stop between two messages; the lease and the HTTP session are released off the UI thread."""
        loop, self._loop = self._loop, None
        self._timer.stop()
        if loop is None:
            return
        if loop.request_stop():
            self.runner.task(loop.close, lane="net").start()
        self.next_at = None
        self._set_state("stopped")

    # --- one pass ------------------------------------------------------------------------------

    def _run_pass(self) -> None:
        loop = self._loop
        if loop is None or self._busy:
            return
        with loop.lock:
            if loop.stop.is_set():
                return
            loop.in_pass = True
        self._busy = True
        self._set_state("working")
        (self.runner.task(self._pass, loop, self._offline_passes, lane="net")
         .on_success(alive(self, lambda outcome: self._done(loop, outcome)))
         .on_failure(alive(self, lambda exc: self._failed(loop, exc)))
         .start())

    def _pass(self, loop: _Loop, offline_passes: int) -> PassOutcome:
        """On the net lane: one worker pass, then what it means for the user and when to pass again."""
        try:
            worker = loop.begin()
            worker.lease.holder = None  # set again only when this pass finds the lease taken
            try:
                report = worker.run_once(loop.stop, dispatch_seconds=self.interval)
            except Exception as exc:  # database gone, a bug: keep the app running; the outbox stays safe
                logger.exception("messaging pass failed")
                worker.close_gateway()
                return PassOutcome("failed", PassReport(problems=[str(exc)]), 0, self.interval, str(exc), False,
                                   datetime.now(UTC))
            state, problem = self._classify(report, worker)
            if state == "offline":
                worker.close_gateway()  # a fresh connection next time
                delay = min(self.backoff[1], self.backoff[0] * 2 ** min(offline_passes, 16))
            elif state in ("not_configured", "refused"):
                delay = 2 * self.interval
            elif state == "elsewhere":
                delay = self.interval
            else:
                delay = max(self.min_delay, worker.seconds_until_due(self.interval))
            return PassOutcome(state, report, waiting_count(self.ctx.db), delay, problem, changed_anything(report),
                               datetime.now(UTC))
        finally:
            loop.end_pass()

    @staticmethod
    def _classify(report: PassReport, worker: MessagingWorker) -> tuple[str, str | None]:
        if report.blocked:
            # No gateway at all (no inbound poll) means missing settings; otherwise Twilio refused them.
            return ("not_configured" if report.inbound is None else "refused"), report.blocked
        network = [r.stopped for r in (report.inbound, report.status) if r is not None and r.stopped]
        if worker.lease.holder is not None:
            if network:
                return "offline", network[0]
            return "elsewhere", worker.lease.describe_holder()
        dispatch = report.dispatch
        if dispatch is not None and dispatch.stopped and dispatch.stopped != "stop requested":
            network.append(dispatch.stopped)
        if network:
            return "offline", network[0]
        return "idle", "; ".join(report.problems) or None

    def _done(self, loop: _Loop, outcome: PassOutcome) -> None:
        self._busy = False
        self.passes += 1
        self.last = outcome
        self._offline_passes = self._offline_passes + 1 if outcome.state == "offline" else 0
        if loop is self._loop:
            self._set_state(outcome.state)
            self._schedule(0 if self._again else outcome.delay)
        self._again = False
        self.pass_finished.emit(outcome)
        if outcome.changed:
            self.changed.emit()

    def _failed(self, loop: _Loop, exc: BaseException) -> None:
        logger.error("messaging pass failed: %s", exc)
        outcome = PassOutcome("failed", PassReport(problems=[str(exc)]), 0, self.interval, str(exc), False,
                              datetime.now(UTC))
        self._done(loop, outcome)

    def _schedule(self, delay: float) -> None:
        self.next_at = datetime.now(UTC) + timedelta(seconds=delay)
        self._timer.start(int(delay * 1000))

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
        self.state_changed.emit(state)


# --- the status bar widget ------------------------------------------------------------------------

COLORS = {"idle": "#15803d", "working": "#1d4ed8", "offline": "#b45309", "not_configured": "#b45309",
          "refused": "#b91c1c", "elsewhere": "#6b7280", "failed": "#b91c1c", "stopped": "#9ca3af"}


def state_texts(scheduler: MessagingScheduler) -> tuple[str, str]:
    """(short label, tooltip) for the scheduler's state."""
    last = scheduler.last
    waiting = last.waiting if last else 0
    problem = (last.problem if last else None) or ""
    when = format_datetime(scheduler.next_at) if scheduler.next_at else "—"
    state = scheduler.state
    if state == "working":
        return (QCoreApplication.translate("Scheduler", "SMS: checking…"),
                QCoreApplication.translate("Scheduler", "Reading replies, running automations and sending what is due."))
    if state == "offline":
        tip = QCoreApplication.translate(
            "Scheduler", "Twilio cannot be reached ({problem}). Every message stays in the outbox and goes out when "
                         "the connection is back. Next try: {when}.")
        return (_plurals().offline(waiting),
                tip.format(problem=problem, when=when))
    if state == "not_configured":
        tip = QCoreApplication.translate(
            "Scheduler", "SMS cannot be sent until the Twilio Account SID, auth token and sender are set: open "
                         "Settings (click here). Automations keep queueing their messages meanwhile.\n{problem}")
        return QCoreApplication.translate("Scheduler", "Twilio is not configured"), tip.format(problem=problem)
    if state == "refused":
        tip = QCoreApplication.translate(
            "Scheduler", "{problem}\nCorrect them in Settings (click here); nothing is sent until then.")
        # Credentials, the sender (21606 …) or the API address: all account-level, all fixed in Settings.
        return QCoreApplication.translate("Scheduler", "Twilio refused the account settings"), tip.format(problem=problem)
    if state == "elsewhere":
        tip = QCoreApplication.translate(
            "Scheduler", "{holder} is sending this workspace's messages; this window leaves the outbox to it and "
                         "takes over if it stops.")
        return QCoreApplication.translate("Scheduler", "SMS sent by another AIConnect"), tip.format(holder=problem)
    if state == "failed":
        tip = QCoreApplication.translate(
            "Scheduler", "The last messaging pass failed: {problem}\nDetails are in the log. Next try: {when}.")
        return QCoreApplication.translate("Scheduler", "SMS paused by an error"), tip.format(problem=problem, when=when)
    if state == "stopped":
        return QCoreApplication.translate("Scheduler", "SMS scheduler stopped"), ""
    return _idle_texts(last, waiting, when)


class Scheduler(QObject):
    """The plural labels: pyside6-lupdate marks a string as plural only in a `self.tr(text, "", n)`
    call, and tr() takes the "Scheduler" context from the class name."""

    def offline(self, n: int) -> str:
        return self.tr("SMS offline — %n message(s) waiting", "", n)

    def waiting(self, n: int) -> str:
        return self.tr("SMS: %n message(s) waiting", "", n)


@functools.cache
def _plurals() -> Scheduler:
    return Scheduler()


def _idle_texts(last: PassOutcome | None, waiting: int, when: str) -> tuple[str, str]:
    report = last.report if last else None
    sent = report.dispatch.sent if report and report.dispatch else 0
    replies = report.inbound.new if report and report.inbound else 0
    label = (_plurals().waiting(waiting) if waiting
             else QCoreApplication.translate("Scheduler", "SMS up to date"))
    tip = QCoreApplication.translate("Scheduler", "Last check {at}: {sent} sent, {replies} replies. Next check: {when} "
                                                  "(click to check now).")
    tip = tip.format(at=format_datetime(last.at) if last else "—", sent=sent, replies=replies, when=when)
    if waiting:
        tip += "\n" + QCoreApplication.translate(
            "Scheduler", "Waiting messages are queued, held for quiet hours or the weekly cap, or being retried; "
                         "the Messages screen shows why.")
    return label, tip


class SchedulerStatus(QWidget):
    """A dot and a line in the status bar; a click on a configuration problem opens Settings."""

    def __init__(self, scheduler: MessagingScheduler, open_settings: Callable[[], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scheduler = scheduler
        self.open_settings = open_settings
        self.button = QToolButton()
        self.button.setObjectName("SchedulerStatus")
        self.button.setAutoRaise(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.clicked.connect(self._clicked)
        self.separator = QLabel("·")
        self.separator.setObjectName("Muted")
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 0, 4, 0)
        row.addWidget(self.separator)
        row.addWidget(self.button)
        scheduler.state_changed.connect(alive(self, lambda _state: self.refresh()))
        scheduler.pass_finished.connect(alive(self, lambda _outcome: self.refresh()))
        self.refresh()

    def refresh(self) -> None:
        label, tip = state_texts(self.scheduler)
        self.button.setText(label)
        self.button.setToolTip(tip)
        self.button.setIcon(icons.dot(COLORS.get(self.scheduler.state, "#9ca3af")))

    def text(self) -> str:
        return self.button.text()

    def _clicked(self) -> None:
        if self.scheduler.state in ("not_configured", "refused") and self.open_settings is not None:
            self.open_settings()
        else:
            self.scheduler.wake()


def install(window: QMainWindow, ctx: AppContext, runner: TaskRunner, on_change: Callable[[], None],
            open_settings: Callable[[], None], **options: Any) -> MessagingScheduler:
    """Create the scheduler for `window`, put its status in the window's status bar and start it."""
    options.setdefault("first_delay", 3.0)  # start-up (the first page of leads, demo data) goes first
    scheduler = MessagingScheduler(ctx, runner, window, **options)
    scheduler.changed.connect(on_change)
    window.statusBar().addPermanentWidget(SchedulerStatus(scheduler, open_settings))
    scheduler.start()
    return scheduler
