"""Non-secret workspace settings, stored in the database so a team shares them.

Secrets never come here: `set` refuses the secret names and anything that looks like one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import AppSetting
from app.errors import ValidationError
from app.services.leads.normalize import parse_phone
from app.texts import QT_TRANSLATE_NOOP, Text, reason

# SMS cost: an estimate, not a quote: Twilio bills per segment at the destination country's rate.
DEFAULT_PRICE_PER_SEGMENT = Decimal("0.0500")
DEFAULT_PRICE_UNIT = "USD"  # Twilio's billing currency; a team budgeting in reais sets sms.price_currency
# The currencies the price per segment may be entered in (ISO 4217); no conversion between them is made.
PRICE_CURRENCIES = ("USD", "BRL", "EUR")

SECRET_NAMES = {"twilio.account_sid", "twilio.auth_token", "google.maps_key", "central.token"}
SMS_LANGUAGES = ("pt_BR", "en")


def _sender(value: str) -> str:
    if re.fullmatch(r"MG[0-9a-fA-F]{32}", value):
        return value
    try:
        phone = parse_phone(value)
    except ValueError:
        phone = None
    if not phone:
        raise ValueError("must be an E.164 phone number (+5511…) or a Messaging Service SID (MG…)")
    return phone


def _quiet_hours(value: str) -> str:
    match = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)", value)
    if not match:
        raise ValueError("must look like 08:00-20:00 (the window in which sending is allowed)")
    return value


def _positive_number(value: str) -> str:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a number") from None
    if number <= 0:
        raise ValueError("must be above 0")
    return value


def _positive_int(value: str) -> str:
    if not value.isdigit() or int(value) <= 0:
        raise ValueError(f"{value!r} is not a whole number above 0")
    return value


def _language(value: str) -> str:
    if value not in ("system", "en", "pt_BR"):
        raise ValueError("must be system, en or pt_BR")
    return value


def _sms_language(value: str) -> str:
    if value not in SMS_LANGUAGES:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "must be pt_BR or en (the language of the words AIConnect "
                                                            "puts into messages)")))
    return value


def _region(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{2}", value):
        raise ValueError("must be a two-letter country code such as BR")
    return value


def _currency(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError("must be a three-letter currency code such as BRL")
    return value


def _price(value: str) -> str:
    try:
        price = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None
    if not price.is_finite() or price < 0 or price > 100:
        raise ValueError("must be a price between 0 and 100, e.g. 0.05")
    return str(price)


def _price_currency(value: str) -> str:
    code = value.upper()
    if code not in PRICE_CURRENCIES:
        raise ValueError(f"must be one of {', '.join(PRICE_CURRENCIES)} (the currency the price per segment is in)")
    return code


KNOWN: dict[str, tuple[str, Callable[[str], str]]] = {
    "twilio.sender": ("", _sender),
    "sms.quiet_hours": ("08:00-20:00", _quiet_hours),
    "sms.rate": ("1", _positive_number),
    "sms.frequency_cap_per_week": ("3", _positive_int),
    # The price per SMS segment, in sms.price_currency, for the cost estimates before a send.
    "sms.price_per_segment": (str(DEFAULT_PRICE_PER_SEGMENT), _price),
    "sms.price_currency": (DEFAULT_PRICE_UNIT, _price_currency),
    # The language of the words AIConnect itself writes into messages (segment names, reasons), not the UI's.
    "sms.language": ("pt_BR", _sms_language),
    "geocode.qps": ("10", _positive_number),
    "ui.language": ("system", _language),
    "phone.default_region": ("BR", _region),
    "currency": ("BRL", _currency),
}


# Preferences of one person, not of the team: stored per user even on a shared database.
PER_USER = {"ui.language"}


def value_in(session: Session, key: str) -> str:
    """A team setting read in the caller's session (no second connection while it writes)."""
    if key in PER_USER or key not in KNOWN:
        raise ValueError(f"{key!r} is not a team setting")
    row = session.get(AppSetting, key)
    return row.value if row else KNOWN[key][0]


class WorkspaceSettings:
    def __init__(self, db: Database, username: str | None = None) -> None:
        self.db = db
        self.username = username

    def _stored_key(self, key: str) -> str:
        return f"user.{self.username}.{key}" if key in PER_USER and self.username else key

    def get(self, key: str) -> str:
        self._check_known(key)
        with self.db.session() as session:
            row = session.get(AppSetting, self._stored_key(key))
            return row.value if row else KNOWN[key][0]

    def set(self, key: str, value: str) -> str:
        self._check_known(key)
        try:
            clean = KNOWN[key][1](value.strip())
        except ValueError as exc:
            raise ValidationError({key: reason(exc)}) from None
        stored = self._stored_key(key)
        with self.db.transaction() as session:
            row = session.get(AppSetting, stored)
            if row is None:
                session.add(AppSetting(key=stored, value=clean, updated_at=datetime.now(UTC)))
            else:
                row.value = clean
                row.updated_at = datetime.now(UTC)
        return clean

    def all(self) -> dict[str, str]:
        with self.db.session() as session:
            stored = {row.key: row.value for row in session.scalars(select(AppSetting))}
        return {key: stored.get(self._stored_key(key), default) for key, (default, _) in KNOWN.items()}

    @staticmethod
    def _check_known(key: str) -> None:
        if key in SECRET_NAMES:
            raise ValidationError({key: "is a secret; use `aiconnect secrets set` to keep it in the OS keyring"})
        if key not in KNOWN:
            raise ValidationError({key: f"unknown setting (known: {', '.join(sorted(KNOWN))})"})
