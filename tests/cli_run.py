"""Running `aiconnect` in process, as the command-line tests do."""

from __future__ import annotations

from typing import Any

from app.cli import main


def run(capsys: Any, *argv: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `aiconnect ARGV`."""
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def one_line(err: str) -> str:
    """The one line a refused command says (no "--- Logging error ---", no traceback)."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]
