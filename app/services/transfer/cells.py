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
