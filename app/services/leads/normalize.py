"""Field parsing shared by services, import and search: phones, e-mails, folded text."""

from __future__ import annotations

import re
import unicodedata
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


def parse_number(name: str, value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except ValueError:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a number"), value=repr(value))) from None
    if name == "lat" and not -90 <= number <= 90:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{number} is outside -90..90"), number=number))
    if name == "lng" and not -180 <= number <= 180:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{number} is outside -180..180"), number=number))
    return number


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
