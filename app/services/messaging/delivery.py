"""What Twilio said about a message, written down: accepted (SID and the sms_out entry on the lead's
timeline), its delivery status, errors acted on the lead (phone status, opt-out), and the backoff
schedule on which delivery status is polled (a desktop has no webhook).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, insert, literal, or_, select, update
from sqlalchemy.orm import Session

from app.db.models import ConsentEvent, Interaction, Lead, Message, Stamp, new_uuid
from app.integrations.twilio_gateway import RemoteMessage
from app.services.leads import audit
from app.services.messaging.compliance import REASONS
from app.services.messaging.outbox import load_lead
from app.services.messaging.reasons import ERROR_ACTIONS, error_reason, error_values, set_error, set_hold
from app.texts import QT_TRANSLATE_NOOP, Text

STATUS_POLLS = (30, 120, 600, 3600, 6 * 3600)  # seconds after sending at which delivery status is fetched
STATUS_HORIZON = timedelta(hours=72)  # after that, a message still 'sent' is left as "delivery unknown"


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
    state = local_state(remote.status)
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
        if remote.status == "partially_delivered":  # final: the phone has some segments, polling will not change it
            set_error(message, PARTIAL)
    if state in ("undelivered", "failed"):
        message.error_code = remote.error_code
        set_error(message, error_reason(remote.error_code, remote.error_message))
        apply_error_to_lead(session, message, remote.error_code, now)
    session.execute(
        update(Interaction).where(Interaction.message_id == message.id)
        .values(outcome=state, version=Interaction.version + 1).execution_options(synchronize_session=False)
    )
    return True


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


PARTIAL = Text(QT_TRANSLATE_NOOP("Services", "Twilio reports the message partially delivered: some of its segments did "
                                            "not reach the phone"))


def local_state(status: str) -> str:
    """Twilio's status of an outbound message as an outbox state ('partially_delivered' is final at Twilio: the
    phone got some segments; it is delivered, with a note, so it is neither polled for 72 h nor resent whole)."""
    if status in ("delivered", "read", "partially_delivered"):
        return "delivered"
    if status in ("undelivered", "failed", "canceled"):
        return status
    return "sent"  # queued/accepted/scheduled/sending/sent at Twilio: handed over, not yet final


# --- the delivery-status polls -----------------------------------------------------------------------------


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
