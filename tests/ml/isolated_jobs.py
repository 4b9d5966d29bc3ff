"""Jobs for tests/ml/test_isolated.py, imported by name in the process app.ml.isolated starts."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.errors import ValidationError
from app.progress import Progress


def counts_leads(db: Any, models_dir: Path, progress: Progress) -> dict[str, Any]:
    progress.set_total(3, "counting")
    for _ in range(3):
        progress.advance()
    with db.engine.connect() as conn:
        leads = int(conn.execute(text("SELECT count(*) FROM leads")).scalar_one())
    return {"leads": leads, "models_dir": str(models_dir), "pid": os.getpid()}


def refuses(db: Any, models_dir: Path, progress: Progress) -> None:
    raise ValidationError({"data": "too small to train on"})


def works_until_cancelled(db: Any, models_dir: Path, progress: Progress) -> None:
    """Checks for a cancel between short steps, as training does between stages; says its pid first."""
    progress.set_total(0, f"pid {os.getpid()}")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        progress.check()
        sum(range(10_000))
    raise AssertionError("never cancelled")


def never_checks(db: Any, models_dir: Path, progress: Progress) -> None:
    """Like a long model fit: no cancel check at all for minutes."""
    progress.set_total(0, f"pid {os.getpid()}")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        sum(range(10_000))
