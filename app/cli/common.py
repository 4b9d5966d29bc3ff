"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.context import AppContext, open_context
from app.logging_setup import setup_logging


class BadInput(Exception):
    """A bad command-line argument: exit 2 with this one line."""


MAX_ID = 2**31 - 1  # the largest id a record can have (PostgreSQL's integer; SQLite's is larger)


def record_id(text: str) -> int:
    """An argparse type: a record id, 1 to MAX_ID (a larger number can name no record and overflows the database)."""
    value = _whole(text, "an id")
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{text.strip()[:40]!s} is not an id (1 to {MAX_ID})")
    return value


def name_or_id(text: str) -> str:
    """An argparse type: a record's name, or its id when all digits (then within MAX_ID: no record has a larger one)."""
    digits = text.strip()
    if digits.isdigit() and not (digits.isascii() and len(digits) <= 10 and int(digits) <= MAX_ID):
        raise argparse.ArgumentTypeError(f"{digits[:40]} is neither a name nor an id (1 to {MAX_ID})")
    return text


def whole(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`."""
    def parse(text: str) -> int:
        value = _whole(text, "a whole number")
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high:,}, not {text.strip()[:40]}")
        return value

    parse.__name__ = "whole number"
    return parse


def number(low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a finite number from `low` to `high` (never nan or inf)."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a number, not {text.strip()[:40]!r}") from None
        if not (math.isfinite(value) and low <= value <= high):
            raise argparse.ArgumentTypeError(f"must be a number from {low:g} to {high:g}, not {text.strip()[:40]}")
        return value

    parse.__name__ = "number"
    return parse


def _whole(text: str, what: str) -> int:
    digits = text.strip()
    if len(digits) > 30 or not digits.lstrip("-").isascii() or not digits.lstrip("-").isdigit():
        raise argparse.ArgumentTypeError(f"must be {what}, not {text.strip()[:40]!r}")
    return int(digits)


def context(args: argparse.Namespace) -> AppContext:
    from app.config import load_settings

    settings = load_settings()
    setup_logging(settings.logs_dir, verbose=getattr(args, "verbose", False))
    check_database_url(settings.database_url)
    return open_context(settings)


def check_database_url(url: str) -> None:
    """A URL SQLAlchemy cannot use (a typo in the scheme, a port that is not a number) is bad input, said before
    anything is opened; the password never appears in the line."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
        parsed.get_dialect()
        parsed.port  # noqa: B018 - a port that is not a number fails here
    except (ArgumentError, ValueError) as exc:
        shown = url.split("@", 1)[1] if "@" in url else url
        raise BadInput(f"aiconnect: AICONNECT_DATABASE_URL (…{shown[-60:]}) is not a database URL AIConnect can use: "
                       f"{str(exc).splitlines()[0][:120]}; e.g. postgresql://user@host:5432/crm") from None


def _default(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (set, tuple)):
        return list(value)
    raise TypeError(f"cannot serialize {type(value).__name__}")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, default=_default, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def stdout_closed() -> int:
    """The reader of our output went away (`aiconnect messages status | head -1`): exit quietly as other command-line
    tools do - 141, the shell's code for SIGPIPE - and keep the interpreter's final flush from failing again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (captured): nothing left to protect
        pass
    return 141
