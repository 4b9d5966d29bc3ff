"""Field parsing shared by services, import and search: phones, e-mails, folded text."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from app.texts import QT_TRANSLATE_NOOP, Text

if TYPE_CHECKING:
    import phonenumbers

# phonenumbers (~30-50 ms to import) is imported where a phone is read, not at start: the Leads
# list shows phones from their stored E.164 form (app/ui/vocabulary.display_phone).

DEFAULT_REGION = "BR"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str | None) -> str:
    """Lower-case without accents: 'João' -> 'joao'."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def words(text: str | None) -> list[str]:
    return _WORD.findall(fold(text))


def parse_phone(raw: str | None, region: str = DEFAULT_REGION) -> str | None:
    """E.164 or None for empty; ValueError with the reason when it is not a valid number."""
    if raw is None or not str(raw).strip():
        return None
    import phonenumbers

    text = str(raw).strip()
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a phone number ({why})"), value=repr(text),
                              why=_parse_reason(exc))) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a valid phone number for {region}"), value=repr(text),
                              region=region))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _parse_reason(exc: phonenumbers.NumberParseException) -> Text:
    import phonenumbers

    too_short = QT_TRANSLATE_NOOP("Services", "too short")
    return Text({
        phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: QT_TRANSLATE_NOOP("Services", "unknown country code"),
        phonenumbers.NumberParseException.NOT_A_NUMBER: QT_TRANSLATE_NOOP("Services", "not a number"),
        phonenumbers.NumberParseException.TOO_SHORT_NSN: too_short,
        phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: too_short,
        phonenumbers.NumberParseException.TOO_LONG: QT_TRANSLATE_NOOP("Services", "too long"),
    }.get(exc.error_type, QT_TRANSLATE_NOOP("Services", "unreadable")))


def format_phone(e164: str | None) -> str:
    """Human form for display: +55 11 98765-4321."""
    if not e164:
        return ""
    import phonenumbers

    try:
        return phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return e164


def phone_search_tokens(e164: str | None) -> list[str]:
    """Digits a user may type: the whole number, without country code, the subscriber number."""
    if not e164:
        return []
    import phonenumbers

    digits = e164.lstrip("+")
    try:
        national = str(phonenumbers.parse(e164).national_number)
    except phonenumbers.NumberParseException:
        return [digits]
    tokens = [digits, national]
    if len(national) > 9:
        tokens.append(national[-9:])
    if len(national) > 8:
        tokens.append(national[-8:])
    return list(dict.fromkeys(tokens))


def parse_email(raw: str | None) -> str | None:
    if raw is None or not str(raw).strip():
        return None
    text = str(raw).strip()
    if not _EMAIL.match(text):
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not an e-mail address"), value=repr(text)))
    return text


# Parts of e-mail addresses that nearly every address has: indexing them would make "co" or
# "br" match every lead.
EMAIL_NOISE = frozenset({"com", "br", "net", "org", "gov", "edu", "www", "co", "io", "info", "biz", "mail"})


def email_search_words(email: str | None) -> list[str]:
    """'Joao.Silva@acougue.com.br' -> ['joao', 'silva', 'acougue']."""
    if not email:
        return []
    local, _, domain = fold(email).partition("@")
    return _WORD.findall(local.replace(".", " ")) + [w for w in _WORD.findall(domain) if w not in EMAIL_NOISE]


def lead_search_text(
    name: str | None, company: str | None, email: str | None, phone: str | None, city: str | None = None
) -> str:
    """What full-text search indexes for a lead (folded, phone in the forms people type)."""
    parts = [fold(name), fold(company), *email_search_words(email), fold(city), *phone_search_tokens(phone)]
    return " ".join(part for part in parts if part)


MAX_ID = 2**63 - 1  # SQLite's INTEGER and PostgreSQL's bigint: a larger id overflowed the driver (exit 1)


def fits_id(value: Any) -> bool:
    """Whether `value` can be a record's id at all (a bigger one is simply not found)."""
    return isinstance(value, int) and 0 < value <= MAX_ID


# Sane ranges for numbers, by field: one bad row (a price of 1e400, a deal worth -5) must not poison lists,
# reports and models. (lowest, highest); quantity may be negative for a return, which its invoice marks
# with a leading C (see refund_problem).
NUMBER_RANGES: dict[str, tuple[float, float]] = {
    "lat": (-90, 90), "lng": (-180, 180),
    "value": (0, 999_999_999_999),  # Lead.value is Numeric(14, 2)
    "score": (0, 100),  # a chance (0..1) or a percentage (0..100)
    "quantity": (-1_000_000, 1_000_000),
    "unit_price": (0, 1_000_000_000),
}
REFUND_INVOICE = "C"  # a return's invoice number starts with C (the convention of retail exports)


def parse_number(name: str, value: Any) -> float | None:
    """A finite number within the field's range (NUMBER_RANGES), None for empty; ValueError saying why not."""
    if value is None:
        return None
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except (ValueError, TypeError, OverflowError):
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a number"), value=repr(value))) from None
    if not math.isfinite(number):  # nan, inf, and 1e400 (which float() reads as inf)
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a finite number"), value=_shown(value)))
    if name == "lat" and not -90 <= number <= 90:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{number} is outside -90..90"), number=number))
    if name == "lng" and not -180 <= number <= 180:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{number} is outside -180..180"), number=number))
    if name == "quantity" and number == 0:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "0 is not a quantity bought")))
    if name in ("value", "unit_price") and number < 0:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is negative; use 0 or more"), value=_shown(value)))
    low, high = NUMBER_RANGES.get(name, (-math.inf, math.inf))
    if not low <= number <= high:
        raise ValueError(out_of_range(_shown(value), low, high))
    return number


def out_of_range(value: str, low: float, high: float) -> Text:
    return Text(QT_TRANSLATE_NOOP("Services", "{value} is outside the allowed range {low} to {high}"), value=value,
                low=_plain(low), high=_plain(high))


def refund_problem(quantity: float | None, invoice: str | None) -> Text | None:
    """Why a purchase row's quantity and invoice disagree, or None: a negative quantity is a return, and a
    return is marked by an invoice starting with C; any other negative quantity is a typo."""
    if quantity is None or quantity >= 0 or (invoice or "").strip().upper().startswith(REFUND_INVOICE):
        return None
    return Text(QT_TRANSLATE_NOOP("Services", "{value} is negative but the invoice does not mark a return (a return's "
                                              "invoice starts with C)"), value=_plain(quantity))


def _shown(value: Any) -> str:
    """A raw input as a message quotes it: text as typed ('1e400'), numbers plainly."""
    return repr(value.strip()) if isinstance(value, str) else _plain(value)


def _plain(number: Any) -> str:
    """12 for 12.0, 0.5 for 0.5, 1000000 for 1e6: no exponent, no thousands separator."""
    if isinstance(number, float) and math.isfinite(number):
        return f"{number:.15g}" if abs(number) < 1e15 and number != int(number) else str(int(number))
    return str(number)


# Sane ranges for dates: a year 9999 or 0001 is a typo, and it broke the ML features (pandas' ns range).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
AHEAD = timedelta(days=366)  # an event logged more than a year ahead is a typo
LATEST_DATE = date(2100, 12, 31)  # for dates that may lie far ahead (contract ends, custom date fields)


def check_event_time(when: datetime, now: datetime | None = None) -> datetime:
    """`when` (aware) if it lies between 1900 and a year from now; ValueError naming the range otherwise."""
    latest = (now or datetime.now(UTC)) + AHEAD
    if not EARLIEST <= when <= latest:
        raise ValueError(date_out_of_range(when.date(), EARLIEST.date(), latest.date()))
    return when


def check_date(day: date) -> date:
    """`day` if it lies between 1900 and 2100."""
    if not EARLIEST.date() <= day <= LATEST_DATE:
        raise ValueError(date_out_of_range(day, EARLIEST.date(), LATEST_DATE))
    return day


def date_out_of_range(day: date, earliest: date, latest: date) -> Text:
    return Text(QT_TRANSLATE_NOOP("Services", "{value} is outside the allowed dates {earliest} to {latest}"),
                value=day.isoformat(), earliest=earliest, latest=latest)


TRUE = {"1", "true", "yes", "y", "sim", "s", "x", "on", "verdadeiro"}
FALSE = {"0", "false", "no", "n", "nao", "não", "off", "falso", ""}


def parse_boolean(value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not yes/no"), value=repr(value)))
