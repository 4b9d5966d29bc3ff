"""One logging setup: a rotating file in the data folder, warnings to stderr."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(logs_dir: Path | None, *, verbose: bool = False) -> None:
    root = logging.getLogger()
    if getattr(root, "_aiconnect", False):
        return
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(console)
    if logs_dir is not None:
        logs_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            logs_dir / "aiconnect.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    for noisy in ("urllib3", "twilio.http_client", "matplotlib", "PIL", "tensorflow", "h5py"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    root._aiconnect = True  # type: ignore[attr-defined]
