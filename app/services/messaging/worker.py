"""The background worker behind `aiconnect automations run` and the desktop app's MessagingScheduler.

A pass: read replies first (an opt-out must land before the next send), evaluate the
automations, dispatch the outbox, then poll delivery status. `run_once` does one full pass
over what is due; `run` repeats until its stop event is set, waking early when something
falls due, and stops only between messages.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from app.db.engine import Database
from app.db.models import Enrollment, Message
from app.integrations.twilio_gateway import GatewayError, SmsGateway
from app.services.messaging.compliance import SendPolicy
from app.services.messaging.dispatch import Dispatcher, DispatchReport
from app.services.messaging.lease import DispatchLease, WorkerIdentity
from app.services.messaging.sequences import EvaluationReport, Sequences
from app.services.messaging.twilio_poll import InboundReport, SmsSync, StatusReport
from app.services.workspace.settings import WorkspaceSettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MessagingConfig:
    sender: str
    quiet_hours: str
    rate: float
    cap_per_week: int

    @classmethod
    def load(cls, workspace: WorkspaceSettings, env_rate: float | None = None) -> MessagingConfig:
        """Settings of the workspace; AICONNECT_SMS_RATE (env_rate) wins over sms.rate."""
        return cls(
            sender=workspace.get("twilio.sender"), quiet_hours=workspace.get("sms.quiet_hours"),
            rate=env_rate if env_rate else float(workspace.get("sms.rate")),
            cap_per_week=int(workspace.get("sms.frequency_cap_per_week")),
        )

    def policy(self) -> SendPolicy:
        return SendPolicy.from_values(self.quiet_hours, self.cap_per_week)


@dataclass
class PassReport:
    inbound: InboundReport | None = None
    automations: EvaluationReport | None = None
    dispatch: DispatchReport | None = None
    status: StatusReport | None = None
    problems: list[str] = field(default_factory=list)
    blocked: str | None = None  # Twilio not set up or credentials refused: nothing can be sent until fixed

    def as_dict(self) -> dict[str, Any]:
        return {
            "inbound": self.inbound.as_dict() if self.inbound else None,
            "automations": self.automations.as_dict() if self.automations else None,
            "dispatch": self.dispatch.as_dict() if self.dispatch else None,
            "status": self.status.as_dict() if self.status else None,
            "problems": list(self.problems), "blocked": self.blocked,
        }


def _utcnow() -> datetime:
    return datetime.now(UTC)


class MessagingWorker:
    def __init__(self, db: Database, *, config: Callable[[], MessagingConfig],
                 gateway_factory: Callable[[str], SmsGateway], actor_id: int | None = None,
                 clock: Callable[[], datetime] = _utcnow, monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] | None = None, rng: random.Random | None = None,
                 reconcile_grace: timedelta = timedelta(seconds=60), lease_ttl: timedelta = timedelta(seconds=120),
                 before_pass: Callable[[], None] | None = None) -> None:
        self.db = db
        self.before_pass = before_pass  # e.g. scoring the leads changed since the last pass (app.ml.refresh)
        self.config = config
        self.gateway_factory = gateway_factory
        self.actor_id = actor_id
        self.clock, self.monotonic, self.sleep, self.rng = clock, monotonic, sleep, rng or random.Random()
        self.reconcile_grace = reconcile_grace
        self.lease = DispatchLease(db, WorkerIdentity.current(), ttl=lease_ttl, clock=clock)
        self._gateway: SmsGateway | None = None
        self._dispatcher: Dispatcher | None = None
        self._key: tuple[str, float] | None = None

    def _parts(self, config: MessagingConfig) -> tuple[SmsGateway, Dispatcher]:
        key = (config.sender, config.rate)
        if self._gateway is None or self._key != key:
            self.close_gateway()
            self._gateway = self.gateway_factory(config.sender)
            self._dispatcher = Dispatcher(
                self.db, self._gateway, config.policy(), rate=config.rate, clock=self.clock, monotonic=self.monotonic,
                sleep=self.sleep, rng=self.rng, reconcile_grace=self.reconcile_grace, lease=self.lease)
            self._key = key
        assert self._dispatcher is not None
        self._dispatcher.policy = config.policy()  # quiet hours and the cap may change between passes
        return self._gateway, self._dispatcher

    def run_once(self, stop: threading.Event | None = None, *, dispatch_seconds: float | None = None) -> PassReport:
        stop = stop or threading.Event()
        report = PassReport()
        if self.before_pass is not None:
            self.before_pass()
        config = self.config()
        policy = config.policy()
        try:
            gateway, dispatcher = self._parts(config)
        except GatewayError as exc:  # not configured: automations still queue, nothing is sent
            gateway = dispatcher = None  # type: ignore[assignment]
            report.problems.append(str(exc))
            report.blocked = str(exc)
        if gateway is not None:
            sync = SmsSync(self.db, gateway, policy, clock=self.clock)
            report.inbound = sync.poll_inbound()
            _note(report, report.inbound.stopped)
        try:
            report.automations = Sequences(self.db, policy, actor_id=self.actor_id, clock=self.clock).evaluate()
        except Exception:  # one broken automation must not keep the outbox from being sent (nor status polled)
            logger.exception("evaluating the automations failed; the outbox is dispatched all the same")
            _note(report, "the automations could not be evaluated; details are in the log")
        if dispatcher is not None and not stop.is_set():
            deadline = self.monotonic() + dispatch_seconds if dispatch_seconds else None
            report.dispatch = dispatcher.run_pass(stop, deadline=deadline)
            if report.dispatch.stopped and report.dispatch.stopped != "stop requested":
                _note(report, report.dispatch.stopped)
            report.blocked = report.blocked or report.dispatch.blocked
        if gateway is not None and not stop.is_set():
            report.status = SmsSync(self.db, gateway, policy, clock=self.clock).poll_status()
            _note(report, report.status.stopped)
        return report

    def run(self, stop: threading.Event, *, interval: float = 30.0,
            on_pass: Callable[[PassReport], None] | None = None) -> None:
        """Pass after pass until `stop` is set; each dispatch is bounded so replies and status keep flowing."""
        try:
            while not stop.is_set():
                try:
                    report = self.run_once(stop, dispatch_seconds=interval)
                    wait = self.seconds_until_due(interval)
                except Exception:  # database down, a bug: keep the worker alive; crash safety covers the rest
                    logger.exception("messaging pass failed; retrying in %.0f s", interval)
                    report = PassReport(problems=["the last pass failed; details are in the log"])
                    self.close_gateway()
                    wait = interval
                if on_pass is not None:
                    on_pass(report)
                stop.wait(wait)
        finally:
            self.close()

    def seconds_until_due(self, ceiling: float) -> float:
        """Until the next queued/held message or automation step falls due, at most `ceiling`."""
        now = self.clock()
        with self.db.session() as session:
            message = session.scalar(select(func.min(Message.next_attempt_at)).where(
                Message.direction == "out", Message.state.in_(("queued", "held", "sending", "sent"))))
            step = session.scalar(select(func.min(Enrollment.next_run_at)).where(Enrollment.state == "active"))
        due = [d for d in (message, step) if d is not None]
        if not due:
            return ceiling
        return max(0.0, min(ceiling, (min(due) - now).total_seconds()))

    def close_gateway(self) -> None:
        if self._gateway is not None:
            self._gateway.close()
        self._gateway = self._dispatcher = None

    def close(self) -> None:
        """Release the dispatch lease (another worker may take over at once) and the HTTP session."""
        self.close_gateway()
        try:
            self.lease.release()
        except Exception:  # the database may be gone at shutdown; the lease then expires by itself
            logger.info("could not release the dispatch lease; it expires by itself", exc_info=True)


def _note(report: PassReport, problem: str | None) -> None:
    if problem and problem not in report.problems:
        report.problems.append(problem)
