"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.context import AppContext, open_context
from app.logging_setup import setup_logging


class BadInput(Exception):
    """A bad command-line argument: exit 2 with this one line."""


def context(args: argparse.Namespace) -> AppContext:
    from app.config import load_settings

    settings = load_settings()
    setup_logging(settings.logs_dir, verbose=getattr(args, "verbose", False))
    return open_context(settings)


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
