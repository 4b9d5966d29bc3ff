"""Non-secret workspace settings, stored in the database so a team shares them.

Secrets never come here: `set` refuses the secret names and anything that looks like one.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import AppSetting
from app.errors import ValidationError
from app.services.leads.normalize import out_of_range, parse_phone
from app.texts import QT_TRANSLATE_NOOP, Text, reason

logger = logging.getLogger(__name__)

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
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "must be an E.164 phone number (+5511…) or a Messaging "
                                                            "Service SID (MG…)")))
    return phone


def _quiet_hours(value: str) -> str:
    match = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)", value)
    if not match:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "must look like 08:00-20:00 (the window in which sending "
                                                            "is allowed)")))
    return value


def _number_between(low: float, high: float) -> Callable[[str], str]:
    """A finite number from `low` to `high` ("0,5" as a Brazilian writes it too), kept in its plain form: a rate
    of 1e-300 waited forever between two messages, inf or 1e308 sent without any limit."""
    def check(value: str) -> str:
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a number; use one from {low} to {high}"),
                                  value=repr(value), low=_plain(low), high=_plain(high))) from None
        if not (math.isfinite(number) and low <= number <= high):
            raise ValueError(out_of_range(repr(value), low, high))
        return _plain(number)
    return check


def _whole_between(low: int, high: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not re.fullmatch(r"[0-9]{1,9}", value) or not low <= int(value) <= high:
            raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a whole number from {low} to {high}"),
                                  value=repr(value), low=low, high=high))
        return str(int(value))
    return check


def _plain(number: float) -> str:
    return f"{number:.10g}" if number != int(number) else str(int(number))


def _language(value: str) -> str:
    if value not in ("system", "en", "pt_BR"):
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "must be system, en or pt_BR")))
    return value


def _sms_language(value: str) -> str:
    if value not in SMS_LANGUAGES:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "must be pt_BR or en (the language of the words AIConnect "
                                                            "puts into messages)")))
    return value


def _region(value: str) -> str:
    """A region phonenumbers knows (ZZ, its 'unknown region', parsed no national number at all)."""
    import phonenumbers

    value = value.upper()
    if value not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a country with phone numbers; use a "
                                                            "two-letter ISO 3166 code such as BR, PT or US"),
                              value=repr(value)))
    return value


def _currency(value: str) -> str:
    value = value.upper()
    if value not in ISO_4217:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not an ISO 4217 currency code; use one such "
                                                            "as BRL, USD or EUR"), value=repr(value)))
    return value


PRICE_LIMIT = Decimal(100)


def _price(value: str) -> str:
    try:
        price = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a number; use a price from 0 to 100, e.g. "
                                                            "0.05"), value=repr(value))) from None
    if not price.is_finite() or not 0 <= price <= PRICE_LIMIT:
        raise ValueError(out_of_range(repr(value), 0, 100))
    if price != price.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP):
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} has more than 4 decimal places"), value=repr(value)))
    return format(price if price else Decimal(0), "f")  # 10, not 1E+1; 0, not -0


def _price_currency(value: str) -> str:
    code = value.upper()
    if code not in PRICE_CURRENCIES:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "must be one of {codes} (the currency the price per segment "
                                                            "is in)"), codes=", ".join(PRICE_CURRENCIES)))
    return code


# ISO 4217 currency codes in use (2024), for the `currency` setting.
ISO_4217 = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF
CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG
HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA
MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD
RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH
UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL
""".split())

# Ranges: messages per second per sender (a Twilio long code sends 1, a short code 100; more is bought
# throughput), geocoding requests per second (Google allows 50), SMS per lead per week.
SMS_RATE = (0.01, 1000)
GEOCODE_QPS = (0.1, 50)
CAP_PER_WEEK = (1, 100)


KNOWN: dict[str, tuple[str, Callable[[str], str]]] = {
    "twilio.sender": ("", _sender),
    "sms.quiet_hours": ("08:00-20:00", _quiet_hours),
    "sms.rate": ("1", _number_between(*SMS_RATE)),
    "sms.frequency_cap_per_week": ("3", _whole_between(*CAP_PER_WEEK)),
    # The price per SMS segment, in sms.price_currency, for the cost estimates before a send.
    "sms.price_per_segment": (str(DEFAULT_PRICE_PER_SEGMENT), _price),
    "sms.price_currency": (DEFAULT_PRICE_UNIT, _price_currency),
    # The language of the words AIConnect itself writes into messages (segment names, reasons), not the UI's.
    "sms.language": ("pt_BR", _sms_language),
    "geocode.qps": ("10", _number_between(*GEOCODE_QPS)),
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
    return effective(key, row.value if row else None)


def effective(key: str, stored: str | None) -> str:
    """The value in force: the stored one when it is still valid, else the default. A value an older version
    let in (sms.rate 1e-300, phone.default_region ZZ) is reported in the log, once, and never crashes a reader."""
    default, check = KNOWN[key]
    if stored is None or stored == default:
        return default
    try:
        return check(stored.strip())
    except ValueError as exc:
        if (key, stored) not in _reported:
            _reported.add((key, stored))
            logger.warning("setting %s: the stored value %r is not used (%s); %r applies until it is set again",
                           key, stored, reason(exc), default)
        return default


_reported: set[tuple[str, str]] = set()  # (key, stored value) already logged by this process


def stored_problem(key: str, stored: str) -> Text | None:
    """What is wrong with a stored value, as Settings and `config get` show it, or None when it is valid."""
    default, check = KNOWN[key]
    try:
        check(stored.strip())
    except ValueError as exc:
        return Text(QT_TRANSLATE_NOOP("Services", "the stored value {value} is not used ({why}); {default} applies "
                                                  "until it is set again"), value=repr(stored), why=reason(exc),
                    default=repr(default))
    return None


class WorkspaceSettings:
    def __init__(self, db: Database, username: str | None = None) -> None:
        self.db = db
        self.username = username

    def _stored_key(self, key: str) -> str:
        return f"user.{self.username}.{key}" if key in PER_USER and self.username else key

    def get(self, key: str) -> str:
        """The value in force (see `effective`: a stored value that is no longer valid gives the default)."""
        self._check_known(key)
        with self.db.session() as session:
            row = session.get(AppSetting, self._stored_key(key))
            return effective(key, row.value if row else None)

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
        """Every setting's value in force."""
        stored = self._stored()
        return {key: effective(key, stored.get(self._stored_key(key))) for key in KNOWN}

    def problems(self) -> dict[str, Text]:
        """The stored values that are not used because they are not valid (left by an older version, or
        written into the database by hand), by key, each saying what is wrong and which value applies."""
        stored = self._stored()
        found = {key: stored_problem(key, stored[self._stored_key(key)]) for key in KNOWN if self._stored_key(key) in stored}
        return {key: problem for key, problem in found.items() if problem is not None}

    def _stored(self) -> dict[str, str]:
        with self.db.session() as session:
            return {row.key: row.value for row in session.scalars(select(AppSetting))}

    @staticmethod
    def _check_known(key: str) -> None:
        if key in SECRET_NAMES:
            raise ValidationError({key: Text(QT_TRANSLATE_NOOP(
                "Services", "is a secret; use `aiconnect secrets set` to keep it in the OS keyring"))})
        if key not in KNOWN:
            raise ValidationError({key: Text(QT_TRANSLATE_NOOP("Services", "unknown setting (known: {known})"),
                                             known=", ".join(sorted(KNOWN)))})
