"""Who may be texted, and when: consent, opt-out, phone status, quiet hours, frequency cap.

Checked twice: when a message is queued (the rep sees who is skipped and why) and again just
before it is sent (consent, the clock and the week's count may have changed meanwhile).
Not legal advice: the defaults (08:00-20:00 recipient time, 3 a week) are engineering choices.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import Lead, Message
from app.services.messaging.templates import zone
from app.texts import QT_TRANSLATE_NOOP, Text

WEEK = timedelta(days=7)
# Phone states (Lead.phone_status) that make a number unusable until someone edits it.
BLOCKING_PHONE_STATUSES = {"invalid", "not_mobile"}
# Marketing-like kinds count against the weekly cap; a rep's one-to-one message and a HELP reply do not.
CAPPED_KINDS = {"bulk", "automation"}
UNCOUNTED_KINDS = {"auto_reply", "inbound"}
PENDING_STATES = ("queued", "held", "sending")
SENT_STATES = ("sending", "sent", "delivered", "undelivered")

REASONS: dict[str, Text] = {
    "not_found": Text(QT_TRANSLATE_NOOP("Services", "the lead does not exist")),
    "deleted": Text(QT_TRANSLATE_NOOP("Services", "the lead was deleted")),
    "no_phone": Text(QT_TRANSLATE_NOOP("Services", "the lead has no phone number")),
    "invalid_phone": Text(QT_TRANSLATE_NOOP("Services", "the lead's phone number is invalid")),
    "not_mobile": Text(QT_TRANSLATE_NOOP("Services", "the lead's phone cannot receive SMS (landline or not a mobile number)")),
    "no_consent": Text(QT_TRANSLATE_NOOP("Services", "the lead has not consented to SMS")),
    "opted_out": Text(QT_TRANSLATE_NOOP("Services", "the lead opted out of SMS")),
    "frequency_cap": Text(QT_TRANSLATE_NOOP("Services", "the lead already got the weekly maximum of messages")),
    "render_error": Text(QT_TRANSLATE_NOOP("Services", "the template could not be filled in for this lead")),
    "empty_body": Text(QT_TRANSLATE_NOOP("Services", "the message is empty")),
}


@dataclass(frozen=True)
class QuietHours:
    """The window in which sending is allowed, in the recipient's local time; may cross midnight."""

    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        match = re.fullmatch(r"\s*([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-3]):([0-5]\d)\s*", text or "")
        if not match:
            raise ValueError(f"{text!r} is not a window like 08:00-20:00")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        return cls(time(h1, m1), time(h2, m2))

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def allows(self, local: datetime) -> bool:
        now = local.time().replace(tzinfo=None)
        if self.start == self.end:
            return True
        if self.start < self.end:
            return self.start <= now < self.end
        return now >= self.start or now < self.end  # e.g. 22:00-06:00

    def next_open(self, at: datetime, tz: ZoneInfo) -> datetime:
        """`at` if the window is open then, else the UTC instant it next opens for that time zone."""
        local = at.astimezone(tz)
        if self.allows(local):
            return at
        candidate = datetime.combine(local.date(), self.start, tzinfo=tz)
        if candidate <= local:
            candidate = datetime.combine(local.date() + timedelta(days=1), self.start, tzinfo=tz)
        return candidate.astimezone(UTC)


@dataclass(frozen=True)
class Verdict:
    action: str  # send | hold | cancel
    reason: str | None = None  # a key of REASONS, or "quiet_hours"
    detail: str | None = None  # a Text (app/texts.py): the UI shows it in its language
    until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.action == "send"


SEND = Verdict("send")


def recipient_problem(lead: Lead | None) -> str | None:
    """Why this lead may not be texted at all (a key of REASONS), or None."""
    if lead is None:
        return "not_found"
    if lead.deleted_at is not None:
        return "deleted"
    if not lead.phone:
        return "no_phone"
    if lead.phone_status in BLOCKING_PHONE_STATUSES:
        return "invalid_phone" if lead.phone_status == "invalid" else "not_mobile"
    if lead.sms_opt_out:
        return "opted_out"
    if not lead.sms_consent:
        return "no_consent"
    return None


class SendPolicy:
    def __init__(self, quiet_hours: QuietHours, cap_per_week: int) -> None:
        self.quiet_hours = quiet_hours
        self.cap_per_week = cap_per_week

    @classmethod
    def from_values(cls, quiet_hours: str, cap_per_week: str | int) -> SendPolicy:
        return cls(QuietHours.parse(quiet_hours), int(cap_per_week))

    def quiet_verdict(self, lead: Lead, now: datetime) -> Verdict:
        tz = zone(lead.timezone)
        opens = self.quiet_hours.next_open(now, tz)
        if opens == now:
            return SEND
        local = opens.astimezone(tz)
        detail = Text(QT_TRANSLATE_NOOP("Services", "quiet hours for the recipient ({zone}); sending at {time} on {day} "
                                                    "their time (window {window})"),
                      zone=tz.key, time=f"{local:%H:%M}", day=local.date(), window=str(self.quiet_hours))
        return Verdict("hold", "quiet_hours", detail, opens)

    def at_send(self, session: Session, message: Message, lead: Lead | None, now: datetime) -> Verdict:
        """The last check before a message goes to Twilio."""
        problem = recipient_problem(lead)
        if problem is not None:
            return Verdict("cancel", problem, REASONS[problem])
        assert lead is not None
        if message.kind != "auto_reply":
            quiet = self.quiet_verdict(lead, now)
            if not quiet.ok:
                return quiet
        if message.kind in CAPPED_KINDS:
            recent = self._sent_in_week(session, lead.id, now, exclude=message.id)
            if len(recent) >= self.cap_per_week:
                until = recent[len(recent) - self.cap_per_week] + WEEK
                local = until.astimezone(zone(lead.timezone))
                detail = Text(QT_TRANSLATE_NOOP("Services", "{reason} ({cap} a week); next slot at {time} on {day}"),
                              reason=REASONS["frequency_cap"], cap=self.cap_per_week, time=f"{local:%H:%M}",
                              day=local.date())
                return Verdict("hold", "frequency_cap", detail, until)
        return SEND

    def _sent_in_week(self, session: Session, lead_id: int, now: datetime, exclude: int) -> list[datetime]:
        since = now - WEEK
        rows = session.scalars(
            select(Message.sending_at).where(
                Message.lead_id == lead_id, Message.direction == "out", Message.id != exclude,
                Message.kind.not_in(UNCOUNTED_KINDS), Message.state.in_(SENT_STATES), Message.sending_at > since,
            ).order_by(Message.sending_at)
        )
        return [r for r in rows if r is not None]

    def week_counts(self, session: Session, lead_ids: Iterable[int], now: datetime) -> dict[int, int]:
        """Messages sent in the last 7 days plus those still waiting, per lead (for bulk queueing)."""
        counts: dict[int, int] = {}
        ids = list(lead_ids)
        since = now - WEEK
        for start in range(0, len(ids), 5000):
            chunk = ids[start:start + 5000]
            stmt = (
                select(Message.lead_id, func.count())
                .where(Message.lead_id.in_(chunk), Message.direction == "out", Message.kind.not_in(UNCOUNTED_KINDS),
                       or_(Message.state.in_(PENDING_STATES),
                           and_(Message.state.in_(SENT_STATES), Message.sending_at > since)))
                .group_by(Message.lead_id)
            )
            counts.update({int(lead_id): int(n) for lead_id, n in session.execute(stmt) if lead_id is not None})
        return counts
