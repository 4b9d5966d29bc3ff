"""The durable SMS outbox: every message is a Message row that moves through a state machine.

    queued -> sending -> sent -> delivered | undelivered | failed        (+ held, canceled)

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
   dead process on this machine, after its TTL from another machine), so there is never an
   in-flight request that a reconciliation could mistake for a lost one.
Residual risk: Twilio accepts a message but it is not yet visible in its list when the
reconciliation runs (kept small by reconciling only `reconcile_grace` after sending_at), or a
different message with the same To and body from outside this workspace lands in the window.
"""

from __future__ import annotations

import json
import logging
import os
import random
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, insert, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, lazyload
from sqlalchemy.sql.elements import ColumnElement

from app.db.engine import Database
from app.db.models import (
    Automation,
    ConsentEvent,
    Enrollment,
    Interaction,
    Lead,
    Message,
    Stage,
    Stamp,
    SyncState,
    new_uuid,
)
from app.errors import ValidationError
from app.integrations.twilio_gateway import (
    GatewayAccountError,
    GatewayAuthError,
    GatewayError,
    GatewayNotConfigured,
    RemoteMessage,
    SmsGateway,
    is_messaging_service,
)
from app.services.leads import audit
from app.services.messaging.compliance import CAPPED_KINDS, REASONS, SendPolicy, recipient_problem
from app.services.messaging.segments import DEFAULT_PRICE_PER_SEGMENT, count_segments, estimate_cost
from app.services.messaging.templates import CompiledTemplate, TemplateProblem, TemplateService, compile_body
from app.texts import QT_TRANSLATE_NOOP, Text, from_data, to_data

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
KINDS = ("manual", "bulk", "automation", "auto_reply")
STATUS_POLLS = (30, 120, 600, 3600, 6 * 3600)  # seconds after sending at which delivery status is fetched
STATUS_HORIZON = timedelta(hours=72)  # after that, a message still 'sent' is left as "delivery unknown"


def utcnow() -> datetime:
    return datetime.now(UTC)


# --- Twilio errors as actions ----------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorAction:
    reason: Text
    phone_status: str | None = None  # written to the lead
    opt_out: bool = False


def _said(template: str, code: int) -> Text:
    return Text(template, code=code)


ERROR_ACTIONS: dict[int, ErrorAction] = {
    21211: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "invalid phone number: Twilio says this is not a valid phone "
                                                           "number ({code}); correct the lead's phone"), 21211), "invalid"),
    21610: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the recipient replied STOP to this sender and is opted out "
                                                           "({code}); only a START from them allows SMS again"), 21610),
                       opt_out=True),
    21408: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "SMS to this country is not enabled in the Twilio account's Geo "
                                                           "Permissions ({code}); an admin must enable it in the Twilio "
                                                           "Console"), 21408), "country_not_enabled"),
    21614: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the number is not a mobile number and cannot receive SMS "
                                                           "({code})"), 21614), "not_mobile"),
    21635: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the number is a landline and cannot receive SMS ({code})"),
                             21635), "not_mobile"),
    21612: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the sender cannot reach this number ({code})"), 21612),
                       "unreachable_from_sender"),
    21606: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the sender is not an SMS-capable number of this Twilio account "
                                                           "({code}); check `aiconnect config get twilio.sender`"), 21606)),
    21608: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "a Twilio trial account can only text verified numbers ({code})"),
                             21608)),
    21617: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the message is longer than Twilio's 1600-character limit "
                                                           "({code})"), 21617)),
    30003: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the handset was unreachable - off or without signal ({code})"),
                             30003), "unreachable"),
    30005: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the number does not exist or is no longer in service ({code})"),
                             30005), "invalid"),
    30006: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the number is a landline or its carrier is unreachable ({code})"),
                             30006), "not_mobile"),
    30007: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the carrier filtered the message as spam ({code}); review the "
                                                           "template's wording"), 30007), "filtered"),
    30008: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the carrier reported an unknown delivery error ({code})"), 30008)),
    30032: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the toll-free sender is not verified ({code}); finish Toll-Free "
                                                           "Verification in Twilio"), 30032)),
}


def error_reason(code: int | None, fallback: str | None) -> Text:
    """Why Twilio failed a message: our own words for the codes we know, else Twilio's text (not ours to translate)
    as a value of ours."""
    action = ERROR_ACTIONS.get(code or 0)
    if action is not None:
        return action.reason
    if code and fallback:
        return Text(QT_TRANSLATE_NOOP("Services", "Twilio error {code}: {message}"), code=code, message=fallback)
    if code:
        return Text(QT_TRANSLATE_NOOP("Services", "Twilio error {code}"), code=code)
    if fallback:
        return Text(QT_TRANSLATE_NOOP("Services", "Twilio reported a failure: {message}"), message=fallback)
    return Text(QT_TRANSLATE_NOOP("Services", "Twilio reported a failure without a code"))


def gateway_reason(exc: GatewayError) -> Text:
    """A gateway failure in the user's language; the English column keeps str(exc) (the gateway's own words)."""
    if exc.code in ERROR_ACTIONS:
        return error_reason(exc.code, None)
    if isinstance(exc, GatewayAuthError):
        return Text(QT_TRANSLATE_NOOP("Services", "Twilio refused the account SID / auth token ({code}): check them in "
                                                  "Settings"), code=exc.code or 20003)
    if isinstance(exc, GatewayAccountError) and exc.code is None:
        return Text(QT_TRANSLATE_NOOP("Services", "the Twilio API address answered HTTP {status} without a Twilio error: "
                                                  "check AICONNECT_TWILIO_API_URL and the account SID"),
                    status=exc.status or 0)
    if isinstance(exc, GatewayNotConfigured):
        return Text(QT_TRANSLATE_NOOP("Services", "Twilio is not set up: the account SID, auth token or sender is missing"))
    if exc.status == 429 or exc.code == 20429:
        return Text(QT_TRANSLATE_NOOP("Services", "Twilio is rate limiting requests (429); will retry with backoff"))
    if exc.status is not None and exc.status >= 500:
        return Text(QT_TRANSLATE_NOOP("Services", "Twilio had a server error (HTTP {status}); checking whether the message "
                                                  "went out before retrying"), status=exc.status)
    if exc.status is not None:
        words = str(exc).removeprefix(f"Twilio error {exc.code}: ")
        return error_reason(exc.code, words) if exc.code else Text(
            QT_TRANSLATE_NOOP("Services", "Twilio refused the request (HTTP {status})"), status=exc.status)
    if exc.maybe_sent:
        return Text(QT_TRANSLATE_NOOP("Services", "Twilio did not answer or the connection broke; checking whether the "
                                                  "message went out before retrying"))
    return Text(QT_TRANSLATE_NOOP("Services", "could not reach Twilio (network down or Twilio unreachable); will retry"))


# --- reasons, in English and in the UI's language ------------------------------------------------------


def error_values(reason: str | None) -> dict[str, Any]:
    """error_message (English: CLI, JSON, logs) and error_data (the Text, for the UI) for an UPDATE."""
    return {"error_message": None if reason is None else str(reason), "error_data": _data(reason)}


def hold_values(reason: str | None) -> dict[str, Any]:
    return {"hold_reason": None if reason is None else str(reason)[:200], "hold_reason_data": _data(reason)}


def set_error(message: Message, reason: str | None) -> None:
    message.error_message, message.error_data = error_values(reason).values()


def set_hold(message: Message, reason: str | None) -> None:
    message.hold_reason, message.hold_reason_data = hold_values(reason).values()


def shown_reason(english: str | None, data: Any) -> str | None:
    """The reason as the UI shows it: the stored Text when there is one (rows from before have only English)."""
    if data is None:
        return english
    said = from_data(data)
    return said if isinstance(said, str) else english


def _data(reason: str | None) -> Any:
    return to_data(reason) if isinstance(reason, Text) else None


def _local_state(status: str) -> str:
    """Twilio's status of an outbound message as an outbox state."""
    if status in ("delivered", "read"):
        return "delivered"
    if status in ("undelivered", "failed", "canceled"):
        return status
    return "sent"  # queued/accepted/scheduled/sending/sent at Twilio: handed over, not yet final


# --- automated sequences that ended ------------------------------------------------------------------

SEQUENCE_ENDED: dict[str, Text] = {
    "reply": Text(QT_TRANSLATE_NOOP("Services", "not sent: the lead replied, so the sequence stopped")),
    "opt_out": Text(QT_TRANSLATE_NOOP("Services", "not sent: the lead opted out, so the sequence stopped")),
    "won": Text(QT_TRANSLATE_NOOP("Services", "not sent: the lead was won, so the sequence stopped")),
    "lost": Text(QT_TRANSLATE_NOOP("Services", "not sent: the lead was lost, so the sequence stopped")),
    "deleted": Text(QT_TRANSLATE_NOOP("Services", "not sent: the lead was deleted, so the sequence stopped")),
    "condition": Text(QT_TRANSLATE_NOOP("Services", "not sent: a step's condition ended the sequence")),
    "removed by the user": Text(QT_TRANSLATE_NOOP("Services", "not sent: a user took the lead out of the sequence")),
}
SEQUENCE_LEFT = QT_TRANSLATE_NOOP("Services", "not sent: the lead was taken out of the sequence ({reason})")


def sequence_end_reason(reason: str) -> Text:
    return SEQUENCE_ENDED.get(reason) or Text(SEQUENCE_LEFT, reason=reason)


def cancel_sequence_messages(session: Session, enrollment_ids: Any, reason: str, now: datetime) -> int:
    """Cancel what ended enrolments queued and was not sent yet (same transaction as the end); the count."""
    result = session.execute(
        update(Message).where(Message.enrollment_id.in_(enrollment_ids), Message.direction == "out",
                              Message.state.in_(("queued", "held")))
        .values(state="canceled", next_attempt_at=None, updated_at=now, **error_values(sequence_end_reason(reason)),
                **hold_values(None))
        .execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def sequence_over(session: Session, message: Message, lead: Lead | None, now: datetime) -> str | None:
    """Why the sequence that queued this automated message is over (its enrolment is ended, or it must end now:
    lead won/lost or replied since enrolling), or None. An enrolment that must end is ended here."""
    if message.kind != "automation" or message.enrollment_id is None:
        return None
    enrollment = session.get(Enrollment, message.enrollment_id)
    if enrollment is None:
        return "removed"
    if enrollment.state == "ended":
        return enrollment.end_reason or "ended"
    if enrollment.state not in ("active", "done") or lead is None:  # done: every step queued, this one may be last
        return None
    reason: str | None = None
    stage = session.scalar(select(Stage).where(Stage.key == lead.stage)) if lead.stage else None
    if stage is not None and (stage.is_won or stage.is_lost):
        reason = "won" if stage.is_won else "lost"
    else:
        automation = session.get(Automation, enrollment.automation_id)
        stops = automation is None or (automation.trigger_config or {}).get("stop_on_reply") is not False
        replied = session.scalar(select(Message.id).where(
            Message.lead_id == lead.id, Message.direction == "in", Message.created_at > enrollment.enrolled_at).limit(1))
        if stops and replied is not None:
            reason = "reply"
    if reason is not None:
        enrollment.state, enrollment.end_reason, enrollment.ended_at, enrollment.next_run_at = "ended", reason, now, None
    return reason


# --- reports -----------------------------------------------------------------------------------------


@dataclass
class EnqueueReport:
    dry_run: bool
    queued: int = 0
    held: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    skipped_leads: list[tuple[int, str, str]] = field(default_factory=list)  # lead id, reason, detail
    segments: int = 0
    segments_per_message: dict[int, int] = field(default_factory=dict)
    encodings: dict[str, int] = field(default_factory=dict)
    price_per_segment: Decimal = DEFAULT_PRICE_PER_SEGMENT
    cost: Decimal = Decimal("0")
    message_ids: list[int] = field(default_factory=list)
    previews: list[tuple[int, str]] = field(default_factory=list)
    hold_reasons: dict[str, int] = field(default_factory=dict)
    held_until_first: datetime | None = None  # when the earliest / latest held message may go out
    held_until_last: datetime | None = None

    @property
    def recipients(self) -> int:
        return self.queued + self.held

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["price_per_segment"] = str(self.price_per_segment)
        data["cost"] = str(self.cost)
        data["recipients"] = self.recipients
        data["skipped_total"] = sum(self.skipped.values())
        data["skipped_leads"] = [{"lead_id": i, "reason": r, "detail": d} for i, r, d in self.skipped_leads]
        data["previews"] = [{"lead_id": i, "text": t} for i, t in self.previews]
        return data


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


# --- queueing ------------------------------------------------------------------------------------------


class Outbox:
    """Queue messages (with the compliance checks and the estimate) and report on the queue."""

    def __init__(self, db: Database, policy: SendPolicy, *, actor_id: int | None = None, clock: Clock = utcnow) -> None:
        self.db = db
        self.policy = policy
        self.actor_id = actor_id
        self.clock = clock
        self.templates = TemplateService(db, actor_id, clock)

    def compile(self, *, body: str | None = None, template: str | int | None = None) -> CompiledTemplate:
        if (body is None) == (template is None):
            raise ValidationError({"message": "give either a template or a body"})
        if template is not None:
            return self.templates.compile(template)
        assert body is not None
        return compile_body(body, self.templates.custom_field_names())

    def enqueue(self, lead_ids: Sequence[int], *, body: str | None = None, template: str | int | None = None,
                kind: str = "manual", dry_run: bool = False, enrollment_id: int | None = None,
                price_per_segment: Decimal = DEFAULT_PRICE_PER_SEGMENT) -> EnqueueReport:
        """Personalise and queue one message per lead; skipped leads are counted per reason."""
        if kind not in KINDS:
            raise ValidationError({"kind": f"must be one of {', '.join(KINDS)}"})
        compiled = self.compile(body=body, template=template)
        report = EnqueueReport(dry_run=dry_run, price_per_segment=price_per_segment)
        ids = list(dict.fromkeys(lead_ids))
        with self.db.session() as session:
            self.enqueue_in(session, compiled, ids, report, kind=kind, enrollment_id=enrollment_id)
            if dry_run:
                session.rollback()
            else:
                session.commit()
        report.cost = estimate_cost(report.segments, price_per_segment)
        if dry_run:
            report.message_ids = []
        return report

    def enqueue_in(self, session: Session, compiled: CompiledTemplate, lead_ids: list[int], report: EnqueueReport, *,
                   kind: str, enrollment_id: int | None = None) -> list[Message]:
        """Queue within the caller's transaction (automations use this to advance a step atomically)."""
        now = self.clock()
        counts = self.policy.week_counts(session, lead_ids, now) if kind in CAPPED_KINDS else {}
        found: set[int] = set()
        rows: list[Message] = []
        for start in range(0, len(lead_ids), 1000):
            chunk = lead_ids[start:start + 1000]
            leads = session.scalars(select(Lead).where(Lead.id.in_(chunk))).unique().all()
            by_id = {lead.id: lead for lead in leads}
            found |= set(by_id)
            sendable = [by_id[i] for i in chunk if i in by_id and self._admit(by_id[i], kind, counts, report)]
            for lead, text in self.templates.render_for(session, compiled, sendable):
                if isinstance(text, TemplateProblem):
                    _skip(report, lead.id, "render_error", str(text))
                    continue
                rows.append(self._message(lead, text, compiled, kind, enrollment_id, now, report))
                counts[lead.id] = counts.get(lead.id, 0) + 1
        for missing in (i for i in lead_ids if i not in found):
            _skip(report, missing, "not_found", REASONS["not_found"])
        session.add_all(rows)
        session.flush()
        report.message_ids.extend(r.id for r in rows)
        return rows

    def _admit(self, lead: Lead, kind: str, counts: dict[int, int], report: EnqueueReport) -> bool:
        problem = recipient_problem(lead)
        if problem is None and kind in CAPPED_KINDS and counts.get(lead.id, 0) >= self.policy.cap_per_week:
            problem = "frequency_cap"
        if problem is not None:
            _skip(report, lead.id, problem, REASONS[problem])
            return False
        return True

    def _message(self, lead: Lead, text: str, compiled: CompiledTemplate, kind: str, enrollment_id: int | None,
                 now: datetime, report: EnqueueReport) -> Message:
        segments = count_segments(text)
        quiet = self.policy.quiet_verdict(lead, now) if kind != "auto_reply" else None
        held = quiet is not None and not quiet.ok
        report.held += held
        report.queued += not held
        if held and quiet is not None:
            report.hold_reasons[quiet.reason or "held"] = report.hold_reasons.get(quiet.reason or "held", 0) + 1
            if quiet.until is not None:
                first, last = report.held_until_first, report.held_until_last
                report.held_until_first = quiet.until if first is None or quiet.until < first else first
                report.held_until_last = quiet.until if last is None or quiet.until > last else last
        report.segments += segments.segments
        report.segments_per_message[segments.segments] = report.segments_per_message.get(segments.segments, 0) + 1
        report.encodings[segments.encoding] = report.encodings.get(segments.encoding, 0) + 1
        if len(report.previews) < 3:
            report.previews.append((lead.id, text))
        return Message(
            lead_id=lead.id, direction="out", to_number=lead.phone, body=text, kind=kind,
            state="held" if held else "queued", **hold_values(quiet.detail if held and quiet else None),
            next_attempt_at=quiet.until if held and quiet else now, segments=segments.segments,
            encoding=segments.encoding, template_id=compiled.template_id, enrollment_id=enrollment_id,
            created_by=self.actor_id, created_at=now, updated_at=now,
        )

    # --- reading -------------------------------------------------------------------------------------

    def summary(self, *, failures: int = 10) -> dict[str, Any]:
        now = self.clock()
        with self.db.session() as session:
            counts = dict.fromkeys(("queued", "held", "sending", "sent", "delivered", "undelivered", "failed", "canceled"), 0)
            for state, n in session.execute(select(Message.state, func.count()).where(Message.direction == "out")
                                            .group_by(Message.state)):
                counts[state] = int(n)
            inbound = session.scalar(select(func.count()).where(Message.direction == "in")) or 0
            recent = session.execute(
                select(Message, Lead.name).outerjoin(Lead, Lead.id == Message.lead_id)
                .where(Message.direction == "out", Message.state.in_(("failed", "undelivered", "canceled")))
                .order_by(Message.updated_at.desc(), Message.id.desc()).limit(failures)
            ).all()
            held = session.execute(
                select(Message.hold_reason, func.count()).where(Message.state == "held").group_by(Message.hold_reason)
            ).all()
            next_due = session.scalar(select(func.min(Message.next_attempt_at))
                                      .where(Message.state.in_(("queued", "held")), Message.direction == "out"))
        return {
            "at": now, "counts": counts, "inbound": int(inbound),
            "recent_failures": [{"id": m.id, "lead_id": m.lead_id, "lead": name, "to": m.to_number, "state": m.state,
                                 "error_code": m.error_code, "reason": m.error_message, "at": m.updated_at}
                                for m, name in recent],
            "held": [{"reason": reason, "count": int(n)} for reason, n in held],
            "next_due": next_due,
        }

    def cancel(self, message_ids: Iterable[int], reason: str | None = None) -> int:
        now = self.clock()
        reason = reason or Text(QT_TRANSLATE_NOOP("Services", "canceled by the user"))
        with self.db.transaction() as session:
            result = session.execute(
                update(Message).where(Message.id.in_(list(message_ids)), Message.state.in_(("queued", "held")))
                .values(state="canceled", **error_values(reason), next_attempt_at=None, updated_at=now)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def retry(self, message_ids: Iterable[int], *,
              price_per_segment: Decimal = DEFAULT_PRICE_PER_SEGMENT) -> EnqueueReport:
        """Send failed or undelivered messages again, each as a NEW queued row (the failed row keeps its SID,
        error and timeline entry), with the compliance checks of a new message and the lead's current phone.

        Never twice: only the newest message to a lead with a given text can be retried, and the failed row
        is locked first, so a double click, two people retrying at once or retrying an older failure of the
        same text queues it at most once."""
        report = EnqueueReport(dry_run=False, price_per_segment=price_per_segment)
        now = self.clock()
        with self.db.transaction() as session:
            for message_id in dict.fromkeys(message_ids):
                # a no-op write takes the row lock: a concurrent retry of this message waits for our commit
                session.execute(update(Message).where(Message.id == message_id, Message.state.in_(RETRYABLE_STATES))
                                .values(updated_at=Message.updated_at).execution_options(synchronize_session=False))
                message = session.get(Message, message_id)
                if message is None or message.direction != "out" or message.state not in RETRYABLE_STATES:
                    lead_id = (message.lead_id or 0) if message is not None else 0
                    _skip(report, lead_id, "not_retryable", RETRY_REASONS["not_retryable"])
                    continue
                newer = session.scalar(select(Message.id).where(
                    Message.direction == "out", Message.lead_id == message.lead_id, Message.body == message.body,
                    Message.id > message.id).limit(1))
                if newer is not None:
                    _skip(report, message.lead_id or 0, "already_retried", RETRY_REASONS["already_retried"])
                    continue
                lead = load_lead(session, message.lead_id) if message.lead_id is not None else None
                if lead is None:
                    _skip(report, message.lead_id or 0, "not_found", REASONS["not_found"])
                    continue
                kind = message.kind if message.kind in KINDS else "manual"
                counts = self.policy.week_counts(session, [lead.id], now) if kind in CAPPED_KINDS else {}
                if not self._admit(lead, kind, counts, report):
                    continue
                compiled = CompiledTemplate(message.body, frozenset(), message.template_id)
                row = self._message(lead, message.body, compiled, kind, None, now, report)
                session.add(row)
                session.flush()
                report.message_ids.append(row.id)
                audit.record(session, self.actor_id, "message", row.id, "create", {"retry_of": [None, message.id]})
        report.cost = estimate_cost(report.segments, price_per_segment)
        return report

    # --- browsing (the Messages screen) --------------------------------------------------------------

    def message_ids(self, states: Sequence[str] = (), text: str = "", limit: int | None = None) -> list[int]:
        """Outgoing messages, newest first, in these states and matching `text` (lead name, phone or body)."""
        stmt = select(Message.id).where(Message.direction == "out")
        if states:
            stmt = stmt.where(Message.state.in_(list(states)))
        words = text.strip()
        if words:
            digits = "".join(ch for ch in words if ch.isdigit())
            pattern = f"%{words}%"
            matches: list[ColumnElement[bool]] = [
                Message.body.ilike(pattern), Message.lead_id.in_(select(Lead.id).where(Lead.name.ilike(pattern)))]
            if len(digits) >= 3:
                matches.append(Message.to_number.contains(digits))
            stmt = stmt.where(or_(*matches))
        stmt = stmt.order_by(Message.id.desc())
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.db.session() as session:
            return list(session.scalars(stmt))

    def message_rows(self, ids: Sequence[int]) -> dict[int, MessageRow]:
        """The rows to show for these message ids (missing ids are left out)."""
        if not ids:
            return {}
        with self.db.session() as session:
            rows = session.execute(
                select(Message, Lead.name).outerjoin(Lead, Lead.id == Message.lead_id).where(Message.id.in_(list(ids)))
            ).all()
            return {m.id: MessageRow(
                id=m.id, lead_id=m.lead_id, lead_name=name, to_number=m.to_number, body=m.body, state=m.state,
                kind=m.kind, hold_reason=shown_reason(m.hold_reason, m.hold_reason_data), error_code=m.error_code,
                error_message=shown_reason(m.error_message, m.error_data),
                segments=m.segments, encoding=m.encoding, attempts=m.attempts, created_at=m.created_at,
                sent_at=m.sent_at, delivered_at=m.delivered_at, next_attempt_at=m.next_attempt_at,
                updated_at=m.updated_at) for m, name in rows}


RETRYABLE_STATES = ("failed", "undelivered")
CANCELABLE_STATES = ("queued", "held")
RETRY_REASONS = {
    "not_retryable": Text(QT_TRANSLATE_NOOP("Services", "only a failed or undelivered message can be sent again")),
    "already_retried": Text(QT_TRANSLATE_NOOP("Services", "this text was already sent to the lead again (a newer message "
                                                          "exists)")),
}


@dataclass(frozen=True)
class MessageRow:
    id: int
    lead_id: int | None
    lead_name: str | None
    to_number: str
    body: str
    state: str
    kind: str
    hold_reason: str | None  # a Text (shown with app.ui.i18n.service_text) when the row has its data
    error_code: int | None
    error_message: str | None  # likewise
    segments: int | None
    encoding: str | None
    attempts: int
    created_at: datetime | None
    sent_at: datetime | None
    delivered_at: datetime | None
    next_attempt_at: datetime | None
    updated_at: datetime | None


def _skip(report: EnqueueReport, lead_id: int, reason: str, detail: str) -> None:
    report.skipped[reason] = report.skipped.get(reason, 0) + 1
    if len(report.skipped_leads) < 1000:
        report.skipped_leads.append((lead_id, reason, detail))


# --- recording what Twilio said --------------------------------------------------------------------------


def record_sent(session: Session, message: Message, remote: RemoteMessage, now: datetime) -> None:
    """The message is at Twilio: SID, interaction on the timeline, then its current status."""
    message.twilio_sid = remote.sid
    message.sent_at = message.sent_at or remote.date_created or now
    message.error_code = None
    set_error(message, None)
    set_hold(message, None)
    if remote.num_segments:
        message.segments = remote.num_segments
    message.state = "sent"
    message.next_attempt_at = (message.sending_at or now) + timedelta(seconds=STATUS_POLLS[0])
    message.updated_at = now
    session.flush()
    log_interaction(session, message.lead_id, message.id, message.body, "sms_out", message.sent_at,
                    author_id=message.created_by, outcome="sent")
    apply_status(session, message, remote, now)


def log_interaction(session: Session, lead_id: int | None, message_id: int, body: str, kind: str, at: datetime, *,
                    author_id: int | None = None, outcome: str | None = None) -> None:
    """The message on its (live) lead's timeline as sms_out / sms_in, linked by message_id."""
    if lead_id is None:
        return
    newest = case((or_(Lead.last_interaction_at.is_(None), Lead.last_interaction_at < at), literal(at, Stamp)),
                  else_=Lead.last_interaction_at)
    touched = session.execute(
        update(Lead).where(Lead.id == lead_id, Lead.deleted_at.is_(None)).values(last_interaction_at=newest)
        .execution_options(synchronize_session=False)
    )
    if getattr(touched, "rowcount", 0) != 1:
        return  # the lead is gone: nothing to show a timeline on
    interaction_id = session.execute(insert(Interaction).values(
        uuid=new_uuid(), version=1, lead_id=lead_id, kind=kind, occurred_at=at, notes=body, outcome=outcome,
        message_id=message_id, author_id=author_id, created_at=at, updated_at=at,
    ).returning(Interaction.id)).scalar_one()
    audit.record(session, None, "interaction", interaction_id, "create", {"kind": [None, kind]})


def apply_status(session: Session, message: Message, remote: RemoteMessage, now: datetime) -> bool:
    """Move an outbound message to Twilio's latest status; True when it changed."""
    state = _local_state(remote.status)
    if remote.num_segments:
        message.segments = remote.num_segments
    if state == "sent":
        if remote.date_sent and message.sent_at is None:
            message.sent_at = remote.date_sent
        return False
    if message.state == state:
        message.next_attempt_at = None
        return False
    message.state = state
    message.next_attempt_at = None
    message.updated_at = now
    if state == "delivered":
        message.delivered_at = remote.date_updated or now
    if state in ("undelivered", "failed"):
        message.error_code = remote.error_code
        set_error(message, error_reason(remote.error_code, remote.error_message))
        apply_error_to_lead(session, message, remote.error_code, now)
    session.execute(
        update(Interaction).where(Interaction.message_id == message.id)
        .values(outcome=state, version=Interaction.version + 1).execution_options(synchronize_session=False)
    )
    return True


def load_lead(session: Session, lead_id: int) -> Lead | None:
    """The lead row alone: the send path needs neither its owner nor its tags."""
    return session.get(Lead, lead_id, options=[lazyload(Lead.owner), lazyload(Lead.tags)])


def apply_error_to_lead(session: Session, message: Message, code: int | None, now: datetime) -> None:
    action = ERROR_ACTIONS.get(code or 0)
    if action is None or message.lead_id is None:
        return
    lead = load_lead(session, message.lead_id)
    if lead is None:
        return
    if action.phone_status and lead.phone == message.to_number and lead.phone_status != action.phone_status:
        audit.record(session, None, "lead", lead.id, "update", {"phone_status": [lead.phone_status, action.phone_status]})
        lead.phone_status = action.phone_status
        lead.updated_at = now
    if action.opt_out:
        opt_out(session, lead, now, source=f"twilio {code}", detail=action.reason)


def opt_out(session: Session, lead: Lead, now: datetime, *, source: str, detail: str | None = None) -> bool:
    """Record an opt-out (and its ConsentEvent); pending messages to the lead are canceled."""
    changed = not lead.sms_opt_out
    if changed:
        audit.record(session, None, "lead", lead.id, "update", {"sms_opt_out": [False, True]})
        lead.sms_opt_out = True
        lead.sms_opt_out_at = now
        lead.updated_at = now
        session.add(ConsentEvent(lead_id=lead.id, channel="sms", action="opt_out", source=source, detail=detail, at=now))
    session.execute(
        update(Message).where(Message.lead_id == lead.id, Message.direction == "out",
                              Message.state.in_(("queued", "held")))
        .values(state="canceled", **error_values(REASONS["opted_out"]), next_attempt_at=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return changed


# --- the dispatcher ------------------------------------------------------------------------------------------


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
class WorkerIdentity:
    """Who holds the dispatch lease: enough to tell a dead local process from a live one."""

    host: str
    pid: int
    started: str
    token: str

    @classmethod
    def current(cls) -> WorkerIdentity:
        pid = os.getpid()
        return cls(socket.gethostname(), pid, _process_start(pid), uuid.uuid4().hex)

    def looks_dead(self) -> bool:
        """True only when this process is known to be gone (same host, pid gone or reused)."""
        if self.host != socket.gethostname():
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return bool(self.started) and _process_start(self.pid) != self.started


def _process_start(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


class DispatchLease:
    """One dispatcher per workspace, through a compare-and-swap on a sync_state row."""

    KEY = "outbox.dispatcher"

    def __init__(self, db: Database, me: WorkerIdentity, *, ttl: timedelta = timedelta(seconds=120),
                 clock: Clock = utcnow) -> None:
        self.db, self.me, self.ttl, self.clock = db, me, ttl, clock
        self.renewed_at: datetime | None = None
        self.holder: dict[str, Any] | None = None

    def acquire(self) -> bool:
        now = self.clock()
        mine = json.dumps({**asdict(self.me), "expires": (now + self.ttl).isoformat()}, sort_keys=True)
        try:
            with self.db.transaction() as session:
                row = session.get(SyncState, self.KEY)
                if row is None:
                    session.add(SyncState(key=self.KEY, value=mine, updated_at=now))
                    self.renewed_at = now
                    self.holder = None
                    return True
                holder = json.loads(row.value)
                if not self._free(holder, now):
                    self.holder = holder
                    return False
                result = session.execute(update(SyncState).where(SyncState.key == self.KEY, SyncState.value == row.value)
                                         .values(value=mine, updated_at=now))
                if getattr(result, "rowcount", 0) != 1:
                    return False
        except IntegrityError:  # another dispatcher inserted the row first
            return False
        self.renewed_at = now
        self.holder = None
        return True

    def keep(self) -> bool:
        """Renew when half the TTL has passed; False when the lease was lost."""
        if self.renewed_at is not None and self.clock() - self.renewed_at < self.ttl / 2:
            return True
        return self.acquire()

    def release(self) -> None:
        with self.db.transaction() as session:
            row = session.get(SyncState, self.KEY)
            if row is not None and json.loads(row.value).get("token") == self.me.token:
                session.delete(row)
        self.renewed_at = None

    def _free(self, holder: dict[str, Any], now: datetime) -> bool:
        if holder.get("token") == self.me.token:
            return True
        if datetime.fromisoformat(holder["expires"]) <= now:
            return True
        other = WorkerIdentity(holder.get("host", ""), int(holder.get("pid", 0)), holder.get("started", ""), holder["token"])
        return other.looks_dead()

    def describe_holder(self) -> str:
        if not self.holder:
            return "another dispatcher"
        return f"another AIConnect (pid {self.holder.get('pid')} on {self.holder.get('host')})"


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
                    Message.direction == "out", Message.state.in_(("queued", "held")),
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
            if row is None or row[0].state not in ("queued", "held"):
                return None
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
            if _local_state(remote.status) != "sent":  # already final at Twilio: the general path
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


# --- reading for other services ----------------------------------------------------------------------------


def due_status_polls(session: Session, now: datetime, limit: int = 200) -> list[int]:
    return list(session.scalars(
        select(Message.id).where(
            Message.direction == "out", Message.state == "sent", Message.twilio_sid.is_not(None),
            Message.next_attempt_at.is_not(None), Message.next_attempt_at <= now,
        ).order_by(Message.next_attempt_at).limit(limit)
    ))


def next_status_poll(message: Message, now: datetime) -> datetime | None:
    """The backoff schedule of delivery-status polls; None past the horizon ("delivery unknown")."""
    start = message.sending_at or message.sent_at or now
    if now - start > STATUS_HORIZON:
        return None
    for seconds in STATUS_POLLS:
        candidate = start + timedelta(seconds=seconds)
        if candidate > now:
            return candidate
    return min(now + timedelta(seconds=STATUS_POLLS[-1]), start + STATUS_HORIZON)
