"""The command line: a thin layer over the same services the UI uses.

Exit codes: 0 ok, 2 bad input (one line on stderr), 1 unexpected failure.
Each command group lives in its own module with `register(subparsers)`; a command's
handler takes the parsed args and returns an exit code. Opening the desktop app (no command, or
`gui`) builds a parser with the gui group only: the other groups and what they import are loaded
only for their own commands, so the window opens sooner.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from types import ModuleType

from app.cli import gui_cmd
from app.cli.common import BadInput, stdout_closed
from app.config import ConfigError
from app.errors import KnownError

logger = logging.getLogger(__name__)
GROUPS = ("gui_cmd", "db_cmd", "demo_cmd", "transfer_cmd", "leads_cmd", "secrets_cmd", "config_cmd", "templates_cmd",
          "messages_cmd", "automations_cmd", "ml_cmd", "geo_cmd")  # in the order `--help` lists them


class Parser(argparse.ArgumentParser):
    """argparse that reports bad arguments as exit 2 with one line, our contract."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise BadInput(f"{self.prog}: {message}")


class _Shown(Exception):
    """--version printed what it had to: exit 0 (argparse's own version action would end the process)."""


class _Version(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        print(version_line())
        raise _Shown


def version_line() -> str:
    """'aiconnect 0.1.0 (commit abc1234, built 2026-12-07)': the distribution's version; the commit and date of the
    checkout (or, in a packaged app, of its files)."""
    import subprocess
    from datetime import UTC, datetime
    from importlib.metadata import PackageNotFoundError, version
    from pathlib import Path

    try:
        number = version("aiconnect")
    except PackageNotFoundError:
        number = "unknown"
    root = Path(__file__).resolve().parents[2]
    try:
        done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%h %cs"], capture_output=True, text=True,
                              timeout=5)
        commit, built = done.stdout.split() if done.returncode == 0 and done.stdout.strip() else ("unknown", "")
    except (OSError, ValueError, subprocess.SubprocessError):
        commit, built = "unknown", ""
    if not built:
        built = f"{datetime.fromtimestamp(Path(__file__).stat().st_mtime, UTC):%Y-%m-%d}"
    return f"aiconnect {number} (commit {commit}, built {built})"


def groups(names: Sequence[str] = GROUPS) -> list[ModuleType]:
    return [importlib.import_module(f"app.cli.{name}") for name in names]


def build_parser(modules: Sequence[ModuleType] | None = None) -> argparse.ArgumentParser:
    parser = Parser(prog="aiconnect", description="AIConnect: the desktop CRM for sales teams.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details to stderr")
    parser.add_argument("--version", action=_Version, nargs=0, help="print the version, commit and build date, then exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for group in groups() if modules is None else modules:
        group.register(sub)
    return parser


def opens_the_app(argv: Sequence[str]) -> bool:
    """No command (only -v) or `gui ...`: the desktop app, parsed without the other groups."""
    command = next((a for a in argv if not a.startswith("-")), None)
    if command is None:  # `aiconnect --help` lists every command
        return not any(a in ("-h", "--help", "--version") for a in argv)
    return command == "gui"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    raise_exceptions, logging.raiseExceptions = logging.raiseExceptions, False  # a full disk: no logging traceback
    try:
        return _run(argv)
    finally:
        logging.raiseExceptions = raise_exceptions


def _run(argv: list[str]) -> int:
    try:
        args = build_parser([gui_cmd] if opens_the_app(argv) else None).parse_args(argv)
        handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
        if handler is None:
            return gui_cmd.run_gui(args)
        code = handler(args)
        sys.stdout.flush()  # a reader that went away shows here, not in the interpreter's last flush
        return code
    except _Shown:
        sys.stdout.flush()
        return 0
    except BrokenPipeError:
        return stdout_closed()
    except BadInput as exc:
        return _refuse(str(exc), prefix="")
    except (KnownError, ConfigError) as exc:  # a database from a newer AIConnect is a KnownError
        return _refuse(str(exc) or type(exc).__name__)
    except KeyboardInterrupt:
        print("aiconnect: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        line = _outside_failure(exc)
        if line is not None:
            logger.info("%s", line, exc_info=True)  # the log file only: stderr gets the one line
            return _refuse(line)
        _log_bug(argv)
        print("aiconnect: unexpected failure; details are in the log (run with -v to see them)", file=sys.stderr)
        return 1


def _log_bug(argv: list[str]) -> None:
    """The traceback to the log file; when the failure came before logging was set up (a command's module failed
    to import), set it up first, so that Python's last-resort handler does not print the traceback on stderr."""
    if not logging.getLogger().handlers:
        from app.config import load_settings
        from app.logging_setup import setup_logging

        try:
            setup_logging(load_settings().logs_dir, verbose="-v" in argv or "--verbose" in argv)
        except (OSError, ConfigError):
            logging.getLogger().addHandler(logging.NullHandler())
    logger.exception("unexpected failure running %s", " ".join(argv))


def _refuse(message: str, prefix: str = "aiconnect: ") -> int:
    """Exit 2 with one line on stderr (our contract), whatever the message holds."""
    lines = message.strip().splitlines()
    print(f"{prefix}{lines[0] if lines else 'bad input'}", file=sys.stderr)
    return 2


def _outside_failure(exc: BaseException) -> str | None:
    """The disk, a file or the database failing, in one line; None for a bug."""
    from app.cli.failures import explain
    from app.config import load_settings

    try:
        settings = load_settings()
    except ConfigError:
        settings = None
    return explain(exc, settings)
