"""Dates, money, durations and numbers the way the user's language writes them.

Everything goes through QLocale's default, which `install_translator` sets (pt_BR:
"31/05/2024 14:30", "R$ 1.234,56"; en: "5/31/2024 2:30 PM", "R$1,234.56"). Datetimes arrive as
aware UTC from the services and are shown in the computer's local time zone. QLocale separates
the currency symbol with a no-break space (U+00A0), so "R$" never wraps away from its amount.
Missing values (None) format as an empty string.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from PySide6.QtCore import QDate, QDateTime, QLocale, QObject, QTime

# Symbols QLocale only knows for the locale's own currency.
CURRENCY_SYMBOLS = {"BRL": "R$", "USD": "US$", "EUR": "€", "GBP": "£", "ARS": "AR$", "CLP": "CLP$", "MXN": "MX$"}


def _locale(locale: QLocale | None) -> QLocale:
    return locale if locale is not None else QLocale()


def _full_year(pattern: str) -> str:
    """en_US's short format has a two-digit year ("5/31/24"); a CRM wants "5/31/2024"."""
    return pattern if "yyyy" in pattern else pattern.replace("yy", "yyyy")


def to_local(dt: datetime) -> datetime:
    """An aware datetime in the local time zone (naive ones are taken as UTC, as stored)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone()


def format_datetime(dt: datetime | None, locale: QLocale | None = None) -> str:
    if dt is None:
        return ""
    loc = _locale(locale)
    local = to_local(dt)
    qdt = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second))
    return loc.toString(qdt, _full_year(loc.dateTimeFormat(QLocale.FormatType.ShortFormat)))


def format_date(d: date | datetime | None, locale: QLocale | None = None) -> str:
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = to_local(d).date()
    loc = _locale(locale)
    return loc.toString(QDate(d.year, d.month, d.day), _full_year(loc.dateFormat(QLocale.FormatType.ShortFormat)))


def format_money(value: float | Decimal | int | None, currency: str = "BRL", locale: QLocale | None = None,
                 decimals: int = 2) -> str:
    """"R$ 1.234,56" (decimals=0 for glanceable totals: "R$ 1.235")."""
    if value is None:
        return ""
    loc = _locale(locale)
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    if currency == loc.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode):
        symbol = loc.currencySymbol(QLocale.CurrencySymbolFormat.CurrencySymbol)
    return loc.toCurrencyString(float(value), symbol, decimals)


def format_number(n: float | Decimal | int | None, decimals: int | None = None, locale: QLocale | None = None) -> str:
    """Integers with group separators ("1.234.567"); other numbers with `decimals` (default 2)."""
    if n is None:
        return ""
    loc = _locale(locale)
    if decimals is None and (isinstance(n, int) or float(n).is_integer()):
        return loc.toString(int(n))
    return loc.toString(float(n), "f", 2 if decimals is None else decimals)


class DurationWords(QObject):
    """Plural-aware duration words (lupdate only sees plurals in `self.tr`)."""

    def days(self, n: int) -> str:
        return self.tr("%n day(s)", "", n)


def format_duration(seconds: float | int | None) -> str:
    """45 s, 3 min 05 s, 1 h 05 min, 2 days 3 h: the units are the same in Portuguese and English."""
    if seconds is None:
        return ""
    total = max(0, round(float(seconds)))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        text = DurationWords().days(days)
        return f"{text} {hours} h" if hours else text
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"
