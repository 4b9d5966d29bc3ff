"""The durable SMS outbox: every message is a Message row that moves through a state machine.

    queued -> sending -> sent -> delivered | undelivered | failed        (+ held, canceled)

This module is the queue: messages are queued (with the compliance checks and the cost estimate),
retried as new rows, canceled and browsed here. The dispatch module sends them (its docstring says
why a crash never sends a message twice), delivery records what Twilio said about them and reasons
words why one failed or is held.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, lazyload
from sqlalchemy.sql.elements import ColumnElement

from app.db.engine import Database
from app.db.models import Lead, Message
from app.errors import ValidationError
from app.services.leads import audit
from app.services.messaging.compliance import CAPPED_KINDS, PENDING_STATES, REASONS, SendPolicy, recipient_problem
from app.services.messaging.reasons import error_values, hold_values, shown_reason
from app.services.messaging.segments import count_segments, estimate_cost
from app.services.messaging.templates import CompiledTemplate, TemplateProblem, TemplateService, compile_body
from app.services.workspace.settings import DEFAULT_PRICE_PER_SEGMENT
from app.texts import QT_TRANSLATE_NOOP, Text

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
KINDS = ("manual", "bulk", "automation", "auto_reply")


def utcnow() -> datetime:
    return datetime.now(UTC)


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
                    rows.append(self._refused(lead, text, compiled, kind, enrollment_id, now))
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

    def _refused(self, lead: Lead, problem: TemplateProblem, compiled: CompiledTemplate, kind: str,
                 enrollment_id: int | None, now: datetime) -> Message:
        """The lead's message when the template was refused for its data: held with the reason and an empty body,
        which the dispatcher never sends (the rep sees it in the outbox and cancels it or fixes the lead)."""
        reason = Text(QT_TRANSLATE_NOOP("Services", "the template was refused for this lead: {reason}"),
                      reason=problem.problems.get("body", str(problem)))
        return Message(
            lead_id=lead.id, direction="out", to_number=lead.phone or "", body="", kind=kind, state="held",
            **hold_values(reason), next_attempt_at=None, segments=0, template_id=compiled.template_id,
            enrollment_id=enrollment_id, created_by=self.actor_id, created_at=now, updated_at=now,
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


def load_lead(session: Session, lead_id: int) -> Lead | None:
    """The lead row alone: the send path needs neither its owner nor its tags."""
    return session.get(Lead, lead_id, options=[lazyload(Lead.owner), lazyload(Lead.tags)])


def waiting_count(db: Database) -> int:
    """Outgoing messages not yet handed to Twilio: queued, held for quiet hours or the weekly cap, or being sent."""
    with db.session() as session:
        return int(session.scalar(select(func.count()).where(Message.direction == "out",
                                                             Message.state.in_(PENDING_STATES))) or 0)
