"""Who may be texted, and when: consent, opt-out, phone status, quiet hours, frequency cap.

Checked twice: when a message is queued (the rep sees who is skipped and why) and again just
before it is sent (consent, the clock and the week's count may have changed meanwhile).
Not legal advice: the defaults (08:00-20:00 recipient time, 3 a week) are engineering choices.

The recipient's time: the lead's own time zone when it has a valid one; otherwise the time zones
phonenumbers gives for the phone number's region (+55 92 is Manaus, +55 68 Rio Branco), never the
workspace's by default. A number whose region spans several zones (+55 81 covers Recife and
Fernando de Noronha; +7 and +1 toll-free numbers span many) must be inside the window in every
one of them, which is the most restrictive window. Only a number that tells nothing (no zone from
phonenumbers) falls back to the workspace's zone (São Paulo). The opt-out, opt-in and HELP words
of inbound replies are in consent_keywords.py.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import Lead, Message
from app.services.messaging.templates import DEFAULT_TIMEZONE
from app.texts import QT_TRANSLATE_NOOP, Text

logger = logging.getLogger(__name__)

WEEK = timedelta(days=7)
# How far ahead a window common to all of a number's zones is looked for; past it there is none.
SEARCH_HORIZON = timedelta(days=8)
# Without a window common to all its zones a message is looked at again this much later (a rep may set the
# lead's time zone meanwhile; LeadService makes that lead's held rows due again when it changes).
NO_WINDOW_RECHECK = timedelta(days=1)
# phonenumbers gives America/Noronha (UTC-2) for most of area code 81, which is mostly Recife (UTC-3): the
# window must hold in both, or Recife gets messages from 07:00.
_ALSO_IN = {"+5581": ("America/Recife",)}
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

    def next_open_in_all(self, at: datetime, zones: Sequence[ZoneInfo]) -> datetime | None:
        """`at` if the window is open then in every zone, else the first instant it is open in all of them at
        once (the most restrictive window), or None when no such instant comes within SEARCH_HORIZON."""
        if self.start == self.end:
            return at
        candidate = at
        for _ in range(10 * len(zones) + 10):  # each step lands on a later opening of one zone: a bounded number
            if candidate - at > SEARCH_HORIZON:
                return None
            for tz in zones:
                opens = self.next_open(candidate, tz)
                if opens != candidate:
                    candidate = opens  # later, and open in tz: re-check the zones from the first
                    break
            else:
                return candidate
        return None


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
    if not phone_is_valid(lead.phone):
        return "invalid_phone"  # a row from an older version or a direct write: Twilio would refuse it (21211)
    if lead.sms_opt_out:
        return "opted_out"
    if not lead.sms_consent:
        return "no_consent"
    return None


def recipient_zones(lead: Lead) -> tuple[ZoneInfo, ...]:
    """The time zones the send window must hold in: the lead's own when it has a valid one, else those of its
    phone number's region (sorted), else the workspace's (São Paulo)."""
    if lead.timezone:
        try:
            return (ZoneInfo(lead.timezone),)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            logger.info("lead %s has an unknown time zone %r; using its phone number's", lead.id, lead.timezone)
    return phone_zones(lead.phone) or (ZoneInfo(DEFAULT_TIMEZONE),)


@dataclass(frozen=True)
class PhoneFacts:
    valid: bool  # the test a phone passes when a lead is saved (normalize.parse_phone: phonenumbers' is_valid_number)
    zones: tuple[ZoneInfo, ...]  # its region's zones, () when phonenumbers cannot tell


_E164 = re.compile(r"\+[1-9]\d{3,14}")


def _number(phone: str) -> Any:
    """A stored E.164 phone as a phonenumbers PhoneNumber. Built from its digits (the country codes are
    prefix-free) instead of phonenumbers.parse, which costs four times as much: a bulk send reads one per
    lead. A national part with a leading zero, or anything that is not plain E.164, goes through parse."""
    import phonenumbers

    if _E164.fullmatch(phone):
        for size in (1, 2, 3):
            code = int(phone[1:1 + size])
            if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                national = phone[1 + size:]
                if national and not national.startswith("0"):
                    return phonenumbers.PhoneNumber(country_code=code, national_number=int(national))
                break
    return phonenumbers.parse(phone, None)


@lru_cache(maxsize=65536)
def phone_facts(phone: str | None) -> PhoneFacts:
    """Whether a stored phone is a valid number, and the IANA zones of its region ('+5592…' -> America/Manaus).
    Cached: a bulk send and the send-time check ask once per number."""
    if not phone:
        return PhoneFacts(False, ())
    import phonenumbers  # lazily: the GUI start does not import phonenumbers
    from phonenumbers import timezone as number_zones

    try:
        number = _number(phone)
    except phonenumbers.NumberParseException:
        return PhoneFacts(False, ())
    kind = phonenumbers.number_type(number)
    valid = phone.startswith("+") and kind != phonenumbers.PhoneNumberType.UNKNOWN  # is_valid_number, without a 2nd look-up
    if valid and phonenumbers.is_number_type_geographical(kind, number.country_code):
        names = tuple(number_zones.time_zones_for_geographical_number(number))
    else:  # not tied to a place (or not valid): the zones of its whole country code
        names = tuple(number_zones._country_level_time_zones_for_number(number))
    if names and all(name == number_zones.UNKNOWN_TIMEZONE for name in names):
        names = tuple(number_zones._country_level_time_zones_for_number(number))
    for prefix, extra in _ALSO_IN.items():
        if phone.startswith(prefix) and names:
            names += extra
    zones: list[ZoneInfo] = []
    for name in sorted(set(names) - {number_zones.UNKNOWN_TIMEZONE}):
        try:
            zones.append(ZoneInfo(name))
        except (ZoneInfoNotFoundError, ValueError, OSError):  # a name the system's tz database lacks
            logger.info("time zone %r of %s is not in the tz database", name, phone[:6])
    return PhoneFacts(bool(valid), tuple(zones))


def phone_is_valid(phone: str | None) -> bool:
    return phone_facts(phone).valid


def phone_zones(phone: str | None) -> tuple[ZoneInfo, ...]:
    """The IANA zones of an E.164 number's region, () when phonenumbers cannot tell (no number, unreadable, or a
    region it has no zone for)."""
    return phone_facts(phone).zones


def _zone_names(zones: Sequence[ZoneInfo]) -> str:
    """'America/Noronha, America/Recife'; a long list shortened to fit the stored reason: 'A, B, C … (+13)'."""
    keys = [tz.key for tz in zones]
    return ", ".join(keys) if len(keys) <= 4 else f"{', '.join(keys[:3])} … (+{len(keys) - 3})"


class SendPolicy:
    def __init__(self, quiet_hours: QuietHours, cap_per_week: int) -> None:
        self.quiet_hours = quiet_hours
        self.cap_per_week = cap_per_week

    @classmethod
    def from_values(cls, quiet_hours: str, cap_per_week: str | int) -> SendPolicy:
        return cls(QuietHours.parse(quiet_hours), int(cap_per_week))

    def quiet_verdict(self, lead: Lead, now: datetime) -> Verdict:
        zones = recipient_zones(lead)
        opens = self.quiet_hours.next_open_in_all(now, zones)
        if opens == now:
            return SEND
        names = _zone_names(zones)
        if opens is None:
            detail = Text(QT_TRANSLATE_NOOP("Services", "set the lead's time zone to send: no hour of the sending window "
                                                        "{window} is inside it in every time zone of the lead's phone "
                                                        "number ({zones})"),
                          window=str(self.quiet_hours), zones=names)
            return Verdict("hold", "no_send_window", detail, now + NO_WINDOW_RECHECK)
        local = opens.astimezone(zones[0])
        if len(zones) == 1:
            detail = Text(QT_TRANSLATE_NOOP("Services", "quiet hours for the recipient ({zone}); sending at {time} on "
                                                        "{day} their time (window {window})"),
                          zone=zones[0].key, time=f"{local:%H:%M}", day=local.date(), window=str(self.quiet_hours))
        else:
            detail = Text(QT_TRANSLATE_NOOP("Services", "quiet hours in one of the time zones of the recipient's phone "
                                                        "number; sending at {time} on {day}, {zone} time (window "
                                                        "{window} in each of {zones})"),
                          time=f"{local:%H:%M}", day=local.date(), zone=zones[0].key, window=str(self.quiet_hours),
                          zones=names)
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
                local = until.astimezone(recipient_zones(lead)[0])
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
