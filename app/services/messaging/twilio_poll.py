"""Delivery status and inbound replies without a webhook: a desktop polls Twilio's Messages API.

Status: each message still 'sent' is fetched by SID on a backoff schedule (30 s, 2 min,
10 min, 1 h, 6 h, …, up to 72 h) until Twilio reports delivered, undelivered or failed.
Replies: messages to our number are listed from the day before the stored bookmark (the
DateSent filter is day-granular), deduplicated by SID, stored as Message rows (direction
'in') and as sms_in interactions on the lead whose phone sent them; a reply Twilio is still
'receiving' (a long one, part of its text) waits for the next poll. Consent words change
consent (consent_keywords.py: the words, and how a longer reply is read): STOP/PARE/NÃO QUERO…
or "pare de me mandar mensagem" opt out, START/VOLTAR… opt back in, HELP/AJUDA gets an
automatic reply through the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import ConsentEvent, Lead, Message, MessageTemplate, SyncState
from app.integrations.twilio_gateway import GatewayError, RemoteMessage, SmsGateway, is_messaging_service
from app.services.leads import audit
from app.services.messaging.compliance import SendPolicy, recipient_problem
from app.services.messaging.consent_keywords import OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS, keyword
from app.services.messaging.delivery import apply_status, due_status_polls, log_interaction, next_status_poll, opt_out
from app.services.messaging.outbox import EnqueueReport, Outbox
from app.services.messaging.reasons import set_error
from app.services.messaging.templates import TemplateProblem, compile_body
from app.texts import QT_TRANSLATE_NOOP, Text

logger = logging.getLogger(__name__)

HELP_TEMPLATE_NAMES = ("ajuda", "help")
DEFAULT_HELP = ("{{ owner.name | primeiro_nome | default('Nossa equipe') }} aqui. Responda esta mensagem para falar "
                "conosco. Para não receber mais SMS, envie SAIR.")
CURSOR_KEY = "sms.inbound.since"
FIRST_LOOKBACK = timedelta(days=2)


@dataclass
class StatusReport:
    checked: int = 0
    changed: int = 0
    stopped: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class InboundReport:
    new: int = 0
    matched: int = 0
    unknown_sender: int = 0
    failed: int = 0  # could not be stored (logged): read again on the next poll
    receiving: int = 0  # still being assembled at Twilio ('receiving', part of the text): read again next time
    opt_outs: int = 0
    opt_ins: int = 0
    help_replies: int = 0
    message_ids: list[int] = field(default_factory=list)
    stopped: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class SmsSync:
    def __init__(self, db: Database, gateway: SmsGateway, policy: SendPolicy, *,
                 clock: Callable[[], datetime] = _utcnow) -> None:
        self.db, self.gateway, self.policy, self.clock = db, gateway, policy, clock

    # --- delivery status ------------------------------------------------------------------------

    def poll_status(self, limit: int = 200) -> StatusReport:
        report = StatusReport()
        with self.db.session() as session:
            ids = due_status_polls(session, self.clock(), limit)
        for message_id in ids:
            with self.db.session() as session:
                sid = session.scalar(select(Message.twilio_sid).where(Message.id == message_id))
            if not sid:
                continue
            try:
                remote = self.gateway.fetch(sid)
            except GatewayError as exc:
                if exc.code == 20404:
                    self._unknown_at_twilio(message_id)
                    continue
                report.stopped = f"could not fetch delivery status: {exc}"
                break
            report.checked += 1
            report.changed += self._apply(message_id, remote)
        return report

    def _apply(self, message_id: int, remote: RemoteMessage) -> bool:
        now = self.clock()
        with self.db.transaction() as session:
            message = session.get(Message, message_id)
            if message is None or message.state != "sent":
                return False
            changed = apply_status(session, message, remote, now)
            if message.state == "sent":
                message.next_attempt_at = next_status_poll(message, now)
            return changed

    def _unknown_at_twilio(self, message_id: int) -> None:
        with self.db.transaction() as session:
            message = session.get(Message, message_id)
            if message is not None:
                message.next_attempt_at = None
                set_error(message, Text(QT_TRANSLATE_NOOP("Services", "Twilio no longer knows this message (404); "
                                                                      "delivery status unknown")))

    # --- replies --------------------------------------------------------------------------------

    def poll_inbound(self, limit: int | None = None) -> InboundReport:
        """Every message Twilio has since the day before the bookmark, all pages (newest first, Twilio's paging):
        with a Messaging Service sender the list cannot be narrowed to replies (To is one of the service's
        numbers), so a busy day's outbound messages must not push older replies - a STOP - off a fixed limit."""
        report = InboundReport()
        since = self._cursor()
        sender = self.gateway.sender
        to = None if is_messaging_service(sender) else sender
        try:
            remote = [m for m in self.gateway.list(to=to, sent_on_or_after=since - timedelta(days=1), limit=limit)
                      if m.direction == "inbound"]
        except GatewayError as exc:
            report.stopped = f"could not fetch replies: {exc}"
            return report
        remote.sort(key=lambda m: (m.date_sent or m.date_created or datetime.min.replace(tzinfo=UTC), m.sid))
        # 'receiving': Twilio has only some of a long reply's segments; stored now, the text would be cut (and a
        # STOP could be missed). It is not stored, and the bookmark stays at its day, so the next poll reads it again.
        pending = [m for m in remote if m.status == "receiving"]
        remote = [m for m in remote if m.status != "receiving"]
        report.receiving = len(pending)
        with self.db.session() as session:
            known = set(session.scalars(select(Message.twilio_sid).where(Message.twilio_sid.in_([m.sid for m in remote]))))
        for message in remote:
            if message.sid not in known and not self._received(message, report):
                pending.append(message)  # kept for the next poll, like one still receiving
        newest = max((d.date() for m in remote if (d := _stamp(m)) is not None), default=None)
        waiting = min((d.date() for m in pending if (d := _stamp(m)) is not None), default=None)
        if newest is not None and waiting is not None:
            newest = min(newest, waiting)
        if newest is not None and newest > since:
            self._set_cursor(newest)
        return report

    def _cursor(self) -> date:
        with self.db.session() as session:
            row = session.get(SyncState, CURSOR_KEY)
            if row is not None:
                return date.fromisoformat(row.value)
        return (self.clock() - FIRST_LOOKBACK).date()

    def _set_cursor(self, day: date) -> None:
        with self.db.transaction() as session:
            row = session.get(SyncState, CURSOR_KEY)
            if row is None:
                session.add(SyncState(key=CURSOR_KEY, value=day.isoformat(), updated_at=self.clock()))
            else:
                row.value, row.updated_at = day.isoformat(), self.clock()

    def _received(self, remote: RemoteMessage, report: InboundReport) -> bool:
        """Store one reply; False when that failed (a bug, a value the database refuses): the others are stored all
        the same, and the bookmark waits at its day so it is read again, not lost and not blocking every pass."""
        try:
            self._receive(remote, report)
        except Exception:
            logger.exception("could not store the reply %s; it is read again on the next poll", remote.sid)
            report.failed += 1
            return False
        return True

    def _receive(self, remote: RemoteMessage, report: InboundReport) -> None:
        now = self.clock()
        at = remote.date_sent or remote.date_created or now
        try:
            with self.db.transaction() as session:
                leads = _leads_with_phone(session, remote.from_)
                lead = _primary(session, leads)
                row = Message(lead_id=lead.id if lead else None, direction="in", kind="inbound", state="received",
                              to_number=remote.to or "", from_number=remote.from_, body=remote.body or "",
                              twilio_sid=remote.sid, segments=remote.num_segments, created_at=at, sent_at=at,
                              updated_at=now)
                session.add(row)
                session.flush()
                log_interaction(session, row.lead_id, row.id, row.body, "sms_in", at, outcome="received")
                self._consent(session, remote, leads, lead, report, now)
                report.message_ids.append(row.id)
        except IntegrityError:  # another poller stored this SID first
            return
        report.new += 1
        report.matched += lead is not None
        report.unknown_sender += lead is None

    def _consent(self, session: Session, remote: RemoteMessage, leads: list[Lead], lead: Lead | None,
                 report: InboundReport, now: datetime) -> None:
        word = keyword(remote.body)
        if word is None or not leads:
            return
        detail = f"SMS {remote.sid} from {remote.from_}: {remote.body!r}"
        if word in OPT_OUT_KEYWORDS:
            report.opt_outs += sum(opt_out(session, each, now, source=f"keyword {word}", detail=detail) for each in leads)
        elif word in OPT_IN_KEYWORDS:
            report.opt_ins += sum(_opt_in(session, each, now, word, detail) for each in leads)
        elif lead is not None:
            report.help_replies += self._help(session, lead)

    def _help(self, session: Session, lead: Lead) -> bool:
        if recipient_problem(lead) is not None:
            return False  # no consent or opted out: Twilio's own HELP answer covers it; we do not text
        stored = session.scalar(select(MessageTemplate).where(MessageTemplate.name.in_(HELP_TEMPLATE_NAMES),
                                                              MessageTemplate.deleted_at.is_(None)))
        try:
            compiled = compile_body(stored.body if stored else DEFAULT_HELP)
        except TemplateProblem as problem:  # the stored answer no longer passes its check: the default still helps
            logger.warning("the HELP template %r is refused (%s); answering with the default", stored and stored.name,
                           problem)
            compiled = compile_body(DEFAULT_HELP)
        report = EnqueueReport(dry_run=False)
        Outbox(self.db, self.policy, clock=self.clock).enqueue_in(session, compiled, [lead.id], report, kind="auto_reply")
        return report.recipients == 1


def _stamp(message: RemoteMessage) -> datetime | None:
    return message.date_sent or message.date_created


def _leads_with_phone(session: Session, phone: str | None) -> list[Lead]:
    if not phone:
        return []
    return list(session.scalars(select(Lead).where(Lead.phone == phone, Lead.deleted_at.is_(None)).order_by(Lead.id)))


def _primary(session: Session, leads: list[Lead]) -> Lead | None:
    """The lead a reply belongs to: the one we texted last, else the most recently updated."""
    if len(leads) <= 1:
        return leads[0] if leads else None
    last = session.scalar(
        select(Message.lead_id).where(Message.lead_id.in_([lead.id for lead in leads]), Message.direction == "out",
                                      Message.sending_at.is_not(None))
        .order_by(Message.sending_at.desc()).limit(1)
    )
    by_id = {lead.id: lead for lead in leads}
    if last in by_id:
        return by_id[last]
    return max(leads, key=lambda lead: (lead.updated_at or datetime.min.replace(tzinfo=UTC), lead.id))


def _opt_in(session: Session, lead: Lead, now: datetime, word: str, detail: str) -> bool:
    """An opt-in keyword lifts an opt-out; it does not create consent the lead never gave."""
    if not lead.sms_opt_out:
        return False
    audit.record(session, None, "lead", lead.id, "update", {"sms_opt_out": [True, False]})
    lead.sms_opt_out = False
    lead.updated_at = now
    session.add(ConsentEvent(lead_id=lead.id, channel="sms", action="opt_in", source=f"keyword {word}", detail=detail,
                             at=now))
    return True
