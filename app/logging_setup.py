"""One logging setup: a rotating file in the data folder, short warnings to stderr.

Tracebacks go to the log file; stderr shows them only with --verbose, so a command's
error output stays one line.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_OURS = "_aiconnect_handler"


class _ShortFormatter(logging.Formatter):
    """Drops the traceback: the console gets one line per record."""

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text
        record.exc_info, record.exc_text = None, None
        try:
            return super().format(record)
        finally:
            record.exc_info, record.exc_text = saved


def setup_logging(logs_dir: Path | None, *, verbose: bool = False) -> Path | None:
    """(Re)configure the root logger; returns the log file path."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter(FORMAT) if verbose else _ShortFormatter("%(levelname)s %(name)s: %(message)s"))
    _add(root, console)
    log_file = None
    if logs_dir is not None:
        logs_dir.mkdir(parents=True, exist_ok=True)
        log_file = logs_dir / "aiconnect.log"
        handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter(FORMAT))
        _add(root, handler)
    for noisy in ("urllib3", "twilio.http_client", "matplotlib", "PIL", "tensorflow", "h5py", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return log_file


def _add(root: logging.Logger, handler: logging.Handler) -> None:
    setattr(handler, _OURS, True)
    root.addHandler(handler)
