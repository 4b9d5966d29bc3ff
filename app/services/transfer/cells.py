"""CSV injection: text cells a spreadsheet would run as a formula are written with a guard.

OWASP's advice for CSV files: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
return gets a leading apostrophe, so Excel, LibreOffice and Google Sheets show it as text. A
number ("-12,50", "+3", "1e-05") or an E.164 phone ("+5511987654321") is left as it is: it
cannot run, and a guard would spoil it. Importing a CSV file strips the guard, so an export
imports back exactly; a value that itself starts with apostrophes before such a character gets
one more, so that too survives the round trip.
"""

from __future__ import annotations

import re

from app.texts import QT_TRANSLATE_NOOP, Text

GUARD = "'"
_TRIGGERS = "=+-@\t\r"
_FIRST = _TRIGGERS + GUARD  # the first characters worth a closer look (cheap test per cell)
# Sign, digits with . or , separators, an exponent: a number, never a formula. E.164 phones are such numbers.
_NUMBER = re.compile(r"[+-]?(?:\d[\d.,]*)?\d(?:[eE][+-]?\d+)?")
_GUARDED = re.compile(r"'+[=+\-@\t\r]")


def guard_cell(text: str) -> str:
    """The text as a CSV cell that no spreadsheet runs as a formula."""
    if not text or text[0] not in _FIRST:
        return text
    if text[0] == GUARD:
        return GUARD + text if _GUARDED.match(text) else text
    if text[0] in "+-" and _NUMBER.fullmatch(text):
        return text
    return GUARD + text


def unguard_cell(text: str) -> str:
    """A cell read from a CSV file without the guard `guard_cell` added."""
    if text[:1] == GUARD and _GUARDED.match(text):
        return text[1:]
    return text


# --- what a cell may hold on import --------------------------------------------------------------

LINE_LIMIT = 1000  # a one-line field without a limit of its own (phone, stage, owner ...)
TEXT_LIMIT = 20_000  # a free-text field without a limit of its own (custom values)
MULTILINE = frozenset({"notes", "address", "description"})  # and custom.* values
CONTROL_CHARACTER = _LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # in one-line text
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # tabs and line breaks are text here


def multiline(target: str) -> bool:
    return target in MULTILINE or target.startswith("custom.")


def cell_problem(target: str, text: str, limit: int | None) -> Text | None:
    """Why a cell cannot be taken as it is: absurdly long (checked before any parsing, and never quoted back in
    full), or holding a control character; None when it is fine."""
    limit = limit or (TEXT_LIMIT if multiline(target) else LINE_LIMIT)
    if len(text) > limit and len(text.strip()) > limit:
        return Text(QT_TRANSLATE_NOOP("Services", "is longer than {n} characters ({length} characters)"),
                    n=limit, length=len(text))
    if text.isprintable():
        return None
    inner = text.strip()
    found = (_TEXT_CONTROL if multiline(target) else _LINE_CONTROL).search(inner)
    if found is None:
        return None
    return Text(QT_TRANSLATE_NOOP("Services", "contains the control character {code} at character {position}; remove it"),
                code=f"U+{ord(found.group()):04X}", position=found.start() + 1 + len(text) - len(text.lstrip()))
