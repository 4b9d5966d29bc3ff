"""Sending the outbox: one dispatcher per workspace sends what is due, at the configured rate.

Crash safety (Twilio's API has no idempotency key):
1. The row is claimed - state 'sending', sending_at, from_number - and COMMITTED before the API
   call. A crash before that commit leaves it 'queued': nothing went out.
2. The answer (SID, or the failure) is committed together with the sms_out interaction.
3. A row found in 'sending' with no live dispatcher behind it is uncertain: Twilio may or may
   not have it. It is reconciled against Twilio's message list (To + From, exact body, created
   no earlier than sending_at minus a clock-skew margin, a SID no other row owns) and only
   requeued when nothing matches. Ambiguous failures (read timeout, dropped connection, 5xx)
   go through the same reconciliation instead of a blind resend.
4. One dispatcher per workspace at a time (a lease in sync_state, taken over at once from a
   dead process on this machine, after its TTL from another machine: app.services.messaging.lease),
   so there is never an in-flight request that a reconciliation could mistake for a lost one.
Residual risk: Twilio accepts a message but it is not yet visible in its list when the
reconciliation runs (kept small by reconciling only `reconcile_grace` after sending_at), or a
different message with the same To and body from outside this workspace lands in the window.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import lazyload

from app.db.engine import Database
from app.db.models import Lead, Message, SyncState
from app.integrations.twilio_gateway import (
    GatewayAccountError,
    GatewayAuthError,
    GatewayError,
    GatewayNotConfigured,
    RemoteMessage,
    SmsGateway,
    is_messaging_service,
)
from app.services.messaging.compliance import SendPolicy
from app.services.messaging.delivery import (
    STATUS_POLLS,
    apply_error_to_lead,
    local_state,
    log_interaction,
    record_sent,
)
from app.services.messaging.lease import DispatchLease, WorkerIdentity
from app.services.messaging.outbox import Clock, utcnow
from app.services.messaging.reasons import (
    ERROR_ACTIONS,
    error_reason,
    error_values,
    gateway_reason,
    hold_values,
    set_error,
    set_hold,
)
from app.services.messaging.sequences import cancel_sequence_messages, sequence_over
from app.texts import QT_TRANSLATE_NOOP, Text, to_data

logger = logging.getLogger(__name__)


@dataclass
class DispatchReport:
    sent: int = 0
    failed: int = 0
    held: int = 0
    canceled: int = 0
    retrying: int = 0
    uncertain: int = 0
    reconciled_found: int = 0
    reconciled_requeued: int = 0
    stopped: str | None = None  # why the pass ended before everything due was handled
    blocked: str | None = None  # credentials missing or refused: nothing can be sent until someone fixes them
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class TokenBucket:
    """`rate` sends per second with bursts up to `capacity`; the caller sleeps for wait()."""

    def __init__(self, rate: float, capacity: float | None = None, monotonic: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0:
            raise ValueError("rate must be above 0")
        self.rate = rate
        self.capacity = capacity if capacity is not None else max(1.0, rate)
        self.monotonic = monotonic
        self.tokens = 1.0
        self.stamp = monotonic()

    def wait(self) -> float:
        """Seconds until a token is available (0 when one is)."""
        now = self.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        return 0.0 if self.tokens >= 1 - 1e-9 else (1 - self.tokens) / self.rate  # tolerance: float rounding

    def take(self) -> None:
        self.tokens -= 1

    def refund(self) -> None:
        self.tokens = min(self.capacity, self.tokens + 1)


@dataclass(frozen=True)
class Claim:
    id: int
    to: str
    body: str
    attempts: int
    kind: str
    lead_id: int | None
    created_by: int | None
    sending_at: datetime


class Dispatcher:
    """Sends what is due, one message at a time, at the configured rate; safe to kill at any moment."""

    def __init__(self, db: Database, gateway: SmsGateway, policy: SendPolicy, *, rate: float, clock: Clock = utcnow,
                 monotonic: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] | None = None,
                 rng: random.Random | None = None, reconcile_grace: timedelta = timedelta(seconds=60),
                 clock_skew: timedelta = timedelta(minutes=5), lease: DispatchLease | None = None,
                 retry_base: float = 2.0, retry_cap: float = 300.0, max_attempts: int = 8) -> None:
        self.db, self.gateway, self.policy, self.clock = db, gateway, policy, clock
        self.monotonic = monotonic
        self.bucket = TokenBucket(rate, monotonic=monotonic)
        self._sleep = sleep
        self.rng = rng or random.Random()
        self.reconcile_grace, self.clock_skew = reconcile_grace, clock_skew
        self.lease = lease or DispatchLease(db, WorkerIdentity.current(), clock=clock)
        self.retry_base, self.retry_cap, self.max_attempts = retry_base, retry_cap, max_attempts

    # --- a pass --------------------------------------------------------------------------------------

    def run_pass(self, stop: threading.Event | None = None, *, limit: int | None = None,
                 deadline: float | None = None) -> DispatchReport:
        """Reconcile uncertain rows, then send everything due (or `limit` messages, or until the monotonic
        `deadline`); stops only between messages."""
        stop = stop or threading.Event()
        report = DispatchReport()
        if not self.lease.acquire():
            report.stopped = f"{self.lease.describe_holder()} is sending this workspace's messages"
            return report
        if not self.reconcile(report):
            return report
        self._recheck_held(self.clock())
        handled: set[int] = set()
        network_failures = 0
        while limit is None or len(handled) < limit:
            batch = [i for i in self._due_ids(self.clock(), 200) if i not in handled]
            if not batch:
                break
            for message_id in batch:
                if stop.is_set():
                    report.stopped = "stop requested"
                    return report
                if deadline is not None and self.monotonic() >= deadline:
                    return report
                if not self.lease.keep():
                    report.stopped = "the dispatch lease was taken over by another AIConnect"
                    return report
                handled.add(message_id)
                outcome = self.send_one(message_id, report, stop)
                if outcome == "interrupted":
                    report.stopped = "stop requested"
                    return report
                network_failures = network_failures + 1 if outcome in ("retry", "uncertain") else 0
                if outcome == "stop" or network_failures >= 3:
                    report.stopped = report.stopped or "Twilio is not answering; the messages stay in the outbox"
                    return report
                if limit is not None and len(handled) >= limit:
                    break
        return report

    HELD_POLICY_KEY = "outbox.held_policy"

    def _recheck_held(self, now: datetime) -> None:
        """Held messages were given a release time under the quiet hours and weekly cap of that moment; when those
        settings changed since, every held row is due again so the next claim re-checks it with the current
        ones (one UPDATE on the (state, next_attempt_at) index, and only when the settings changed; a lead's
        time-zone change does the same for that lead's rows in LeadService)."""
        current = f"{self.policy.quiet_hours}|{self.policy.cap_per_week}"
        with self.db.transaction() as session:
            row = session.get(SyncState, self.HELD_POLICY_KEY)
            if row is not None and row.value == current:
                return
            if row is None:
                session.add(SyncState(key=self.HELD_POLICY_KEY, value=current, updated_at=now))
            else:
                row.value, row.updated_at = current, now
            session.execute(update(Message).where(Message.state == "held", Message.next_attempt_at > now)
                            .values(next_attempt_at=now).execution_options(synchronize_session=False))

    def _due_ids(self, now: datetime, size: int) -> list[int]:
        with self.db.session() as session:
            return list(session.scalars(
                select(Message.id).where(
                    Message.direction == "out", Message.state.in_(("queued", "held")), Message.body != "",
                    or_(Message.next_attempt_at.is_(None), Message.next_attempt_at <= now),
                ).order_by(Message.id).limit(size)
            ))

    # --- one message ------------------------------------------------------------------------------

    def send_one(self, message_id: int, report: DispatchReport, stop: threading.Event | None = None) -> str:
        """'sent' | 'skipped' | 'retry' | 'uncertain' | 'failed' | 'stop' | 'interrupted'."""
        if not self._wait_for_token(stop):
            return "interrupted"
        claim = self._claim(message_id, report)
        if claim is None:
            self.bucket.refund()
            return "skipped"
        try:
            remote = self.gateway.send(claim.to, claim.body)
        except (GatewayAuthError, GatewayNotConfigured, GatewayAccountError) as exc:
            self._release(claim, exc)
            report.errors.append(str(exc))
            report.stopped = report.blocked = str(exc)
            return "stop"
        except GatewayError as exc:
            return self._failed(claim, exc, report)
        self._record(claim, remote)
        report.sent += 1
        return "sent"

    def _wait_for_token(self, stop: threading.Event | None) -> bool:
        while (delay := self.bucket.wait()) > 0:
            if self._sleep is not None:
                self._sleep(delay)
            elif stop is not None and stop.wait(delay):
                return False
            elif stop is None:
                time.sleep(delay)
        self.bucket.take()
        return True

    def _claim(self, message_id: int, report: DispatchReport) -> Claim | None:
        """Compliance check, then mark 'sending' and commit - before any byte goes to Twilio."""
        now = self.clock()
        with self.db.transaction() as session:
            row = session.execute(
                select(Message, Lead).outerjoin(Lead, Lead.id == Message.lead_id).where(Message.id == message_id)
                .options(lazyload(Lead.owner), lazyload(Lead.tags))
            ).first()
            if row is None or row[0].state not in ("queued", "held") or not row[0].body.strip():
                return None  # an empty body is a template refused for this lead (Outbox._refused): never sent
            message, lead = row
            over = sequence_over(session, message, lead, now)
            if over is not None:
                canceled = cancel_sequence_messages(session, [message.enrollment_id], over, now)
                report.canceled += canceled
                return None
            verdict = self.policy.at_send(session, message, lead, now)
            if verdict.action == "cancel":
                message.state, message.next_attempt_at = "canceled", None
                set_error(message, verdict.detail)
                message.updated_at = now
                report.canceled += 1
                return None
            if verdict.action == "hold":
                message.state, message.next_attempt_at = "held", verdict.until
                set_hold(message, verdict.detail or Text(QT_TRANSLATE_NOOP("Services", "held")))
                message.updated_at = now
                report.held += 1
                return None
            result = session.execute(
                update(Message).where(Message.id == message_id, Message.state == message.state)
                .values(state="sending", sending_at=now, from_number=self.gateway.sender, attempts=Message.attempts + 1,
                        **hold_values(None), updated_at=now)
                .execution_options(synchronize_session=False)
            )
            if getattr(result, "rowcount", 0) != 1:
                return None
            return Claim(message.id, message.to_number, message.body, message.attempts + 1, message.kind,
                         message.lead_id, message.created_by, now)

    def _record(self, claim: Claim, remote: RemoteMessage) -> None:
        """SID, state 'sent' and the timeline entry in one commit (the hot path: no ORM load)."""
        now = self.clock()
        with self.db.transaction() as session:
            if local_state(remote.status) != "sent":  # already final at Twilio: the general path
                message = session.get(Message, claim.id)
                if message is not None and message.state == "sending" and message.sending_at == claim.sending_at:
                    record_sent(session, message, remote, now)
                return
            values: dict[str, Any] = {
                "state": "sent", "twilio_sid": remote.sid, "sent_at": now, "error_code": None, **error_values(None),
                **hold_values(None), "updated_at": now,
                "next_attempt_at": claim.sending_at + timedelta(seconds=STATUS_POLLS[0]),
            }
            if remote.num_segments:
                values["segments"] = remote.num_segments
            # Only our own claim: a row re-claimed by a dispatcher that took over our lease is not ours to write.
            mine = session.execute(update(Message).where(Message.id == claim.id, Message.state == "sending",
                                                         Message.sending_at == claim.sending_at).values(**values)
                                   .execution_options(synchronize_session=False))
            if getattr(mine, "rowcount", 0) != 1:
                logger.warning("message %s was taken over while Twilio accepted it as %s", claim.id, remote.sid)
                return
            log_interaction(session, claim.lead_id, claim.id, claim.body, "sms_out", now, author_id=claim.created_by,
                            outcome="sent")

    def _release(self, claim: Claim, exc: GatewayError) -> None:
        """The request certainly did not reach Twilio: back to the queue without counting an attempt."""
        now = self.clock()
        with self.db.transaction() as session:
            session.execute(update(Message).where(Message.id == claim.id, Message.state == "sending")
                            .values(state="queued", attempts=Message.attempts - 1, error_message=str(exc),
                                    error_data=to_data(gateway_reason(exc)), next_attempt_at=now, updated_at=now))

    def _failed(self, claim: Claim, exc: GatewayError, report: DispatchReport) -> str:
        now = self.clock()
        with self.db.transaction() as session:
            message = session.get(Message, claim.id)
            if message is None or message.state != "sending" or message.sending_at != claim.sending_at:
                return "skipped"  # taken over by another dispatcher meanwhile
            message.updated_at = now
            message.error_code = exc.code
            if exc.maybe_sent:  # stays 'sending': reconciled before it may be sent again
                _gateway_error(message, exc)
                message.next_attempt_at = now + self.reconcile_grace
                report.uncertain += 1
                return "uncertain"
            if exc.retryable and (claim.attempts < self.max_attempts or _network(exc)):
                message.state = "queued"
                _gateway_error(message, exc)
                message.next_attempt_at = now + timedelta(seconds=self.backoff(claim.attempts))
                report.retrying += 1
                return "retry"
            message.state = "failed"
            message.next_attempt_at = None
            if exc.code in ERROR_ACTIONS:
                set_error(message, error_reason(exc.code, str(exc)))
            elif not exc.retryable:
                _gateway_error(message, exc)
            else:
                gave_up = QT_TRANSLATE_NOOP("Services", "gave up after {attempts} attempts: {reason}")
                message.error_message = gave_up.format(attempts=claim.attempts, reason=exc)
                message.error_data = to_data(Text(gave_up, attempts=claim.attempts, reason=gateway_reason(exc)))
            apply_error_to_lead(session, message, exc.code, now)
            report.failed += 1
            return "failed"

    def backoff(self, attempts: int) -> float:
        """Exponential backoff with equal jitter: half fixed, half random."""
        delay = min(self.retry_cap, self.retry_base * 2 ** max(0, attempts - 1))
        return delay / 2 + self.rng.random() * delay / 2

    # --- reconciliation ---------------------------------------------------------------------------

    def reconcile(self, report: DispatchReport) -> bool:
        """Settle rows left in 'sending'; False when Twilio could not be asked (try again later)."""
        now = self.clock()
        with self.db.session() as session:
            rows = list(session.scalars(
                select(Message.id).where(
                    Message.direction == "out", Message.state == "sending",
                    Message.sending_at <= now - self.reconcile_grace,
                    or_(Message.next_attempt_at.is_(None), Message.next_attempt_at <= now),
                ).order_by(Message.id)
            ))
        for message_id in rows:
            try:
                self._reconcile_one(message_id, report)
            except (GatewayAuthError, GatewayNotConfigured, GatewayAccountError) as exc:
                report.stopped = report.blocked = str(exc)
                report.errors.append(str(exc))
                return False
            except GatewayError as exc:
                report.stopped = f"could not check uncertain messages with Twilio: {exc}"
                return False
        return True

    def _reconcile_one(self, message_id: int, report: DispatchReport) -> None:
        with self.db.session() as session:
            message = session.get(Message, message_id)
            if message is None or message.state != "sending":
                return
            to, body, sender, since = message.to_number, message.body, message.from_number, message.sending_at
        from_ = sender if sender and not is_messaging_service(sender) else None
        candidates = list(self.gateway.list(to=to, from_=from_, limit=200))
        window = (since or self.clock()) - self.clock_skew
        matches = sorted(
            (m for m in candidates if m.body is not None and m.body.strip() == body.strip()
             and m.direction.startswith("outbound") and (m.date_created is None or m.date_created >= window)),
            key=lambda m: (m.date_created or window, m.sid),
        )
        now = self.clock()
        with self.db.transaction() as session:
            message = session.get(Message, message_id)
            if message is None or message.state != "sending":
                return
            owned = set(session.scalars(select(Message.twilio_sid).where(Message.twilio_sid.in_([m.sid for m in matches]))))
            match = next((m for m in matches if m.sid not in owned), None)
            if match is not None:
                logger.info("message %s was accepted by Twilio before the interruption (%s)", message_id, match.sid)
                record_sent(session, message, match, now)
                report.reconciled_found += 1
                return
            message.state = "queued"
            message.next_attempt_at = now
            set_error(message, Text(QT_TRANSLATE_NOOP("Services", "Twilio does not have this message (the send was "
                                                                  "interrupted); sending it again")))
            message.updated_at = now
            report.reconciled_requeued += 1


def _gateway_error(message: Message, exc: GatewayError) -> None:
    message.error_message, message.error_data = str(exc), to_data(gateway_reason(exc))


def _network(exc: GatewayError) -> bool:
    """No answer at all from Twilio: keep the message however long the network is down."""
    return exc.retryable and exc.status is None and not exc.maybe_sent
