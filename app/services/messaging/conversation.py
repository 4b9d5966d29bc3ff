"""A lead's SMS conversation: what went out (with its outbox state) and what came back, oldest first.

Sent and received texts are sms_out / sms_in interactions linked to their message row; messages that
have not gone out yet (queued, held) or never will (failed before sending, canceled) exist only in
the outbox, so both are read and merged. SMS logged by hand have no message row and no status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.db.engine import Database
from app.db.models import Automation, Enrollment, Interaction, Message, User
from app.services.messaging.reasons import shown_reason


@dataclass(frozen=True)
class ThreadLine:
    at: datetime
    direction: str  # out | in
    body: str
    state: str | None  # the outbox state of an outgoing message; None when it has no outbox row
    problem: str | None  # why it failed, or why it is held (a Text when the row has its data: show with service_text)
    next_attempt_at: datetime | None  # when a held or retried message goes out
    kind: str | None  # manual | bulk | automation | auto_reply | inbound
    automation: str | None  # the sequence that sent it
    author: str | None
    message_id: int | None
    interaction_id: int | None
    delivered_at: datetime | None = None


def lead_thread(db: Database, lead_id: int, *, limit: int = 500) -> list[ThreadLine]:
    """The newest `limit` lines of the conversation, oldest first."""
    author = aliased(User)
    with db.session() as session:
        logged = session.execute(
            select(Interaction.id, Interaction.kind, Interaction.occurred_at, Interaction.notes, author.username,
                   Message, Automation.name)
            .outerjoin(author, author.id == Interaction.author_id)
            .outerjoin(Message, Message.id == Interaction.message_id)
            .outerjoin(Enrollment, Enrollment.id == Message.enrollment_id)
            .outerjoin(Automation, Automation.id == Enrollment.automation_id)
            .where(Interaction.lead_id == lead_id, Interaction.kind.in_(("sms_out", "sms_in")),
                   Interaction.deleted_at.is_(None))
            .order_by(Interaction.occurred_at.desc(), Interaction.id.desc()).limit(limit)
        ).all()
        linked = select(Interaction.message_id).where(Interaction.message_id.is_not(None))
        pending = session.execute(
            select(Message, Automation.name, author.username)
            .outerjoin(Enrollment, Enrollment.id == Message.enrollment_id)
            .outerjoin(Automation, Automation.id == Enrollment.automation_id)
            .outerjoin(author, author.id == Message.created_by)
            .where(Message.lead_id == lead_id, Message.id.not_in(linked))
            .order_by(Message.created_at.desc(), Message.id.desc()).limit(limit)
        ).all()
        lines = [_logged(*row) for row in logged] + [_pending(*row) for row in pending]
    lines.sort(key=lambda line: (line.at, line.message_id or 0, line.interaction_id or 0))
    return lines[-limit:]


def _logged(interaction_id: int, kind: str, at: datetime, notes: str | None, author: str | None,
            message: Message | None, automation: str | None) -> ThreadLine:
    direction = "in" if kind == "sms_in" else "out"
    if message is None:
        return ThreadLine(at, direction, notes or "", None, None, None, None, None, author, None, interaction_id)
    return ThreadLine(at, direction, message.body or notes or "", message.state if direction == "out" else None,
                      _problem(message), message.next_attempt_at, message.kind, automation,
                      author, message.id, interaction_id, message.delivered_at)


def _pending(message: Message, automation: str | None, author: str | None) -> ThreadLine:
    direction = "in" if message.direction == "in" else "out"
    return ThreadLine(message.created_at, direction, message.body, message.state if direction == "out" else None,
                      _problem(message), message.next_attempt_at, message.kind, automation,
                      author, message.id, None, message.delivered_at)


def _problem(message: Message) -> str | None:
    return shown_reason(message.error_message, message.error_data) or shown_reason(message.hold_reason,
                                                                                    message.hold_reason_data)
