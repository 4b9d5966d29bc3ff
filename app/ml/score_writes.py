"""Writing model output onto the leads: one bulk UPDATE per chunk of scores and segments.

Shared by a full training run (app.ml.workspace) and the quiet refresh of new and edited leads
(app.ml.refresh).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.db.engine import Database
from app.db.models import Stamp

WRITE_CHUNK = 5000  # rows per executemany


def sql_now(db: Database) -> Any:
    """Now as the driver must receive it for a UTCDateTime column (naive UTC text on SQLite)."""
    at = Stamp.process_bind_param(datetime.now(UTC), db.engine.dialect)
    if db.dialect == "sqlite" and at is not None:  # the text SQLAlchemy stores for a naive UTC datetime
        return at.isoformat(sep=" ", timespec="microseconds")
    return at


def write_scores(conn: Any, db: Database, ids: Any, scores: Any, is_open: Any,
                  segments: list[str | None], label: str) -> int:
    """One bulk UPDATE per chunk; machine fields only, so the lead's version is not bumped
    (a rep editing the lead meanwhile must not get a conflict from a background job)."""
    mark = "?" if db.engine.dialect.paramstyle == "qmark" else "%s"
    at = sql_now(db)
    scored = f"UPDATE leads SET score = {mark}, score_model = {mark}, scored_at = {mark}, segment = {mark} WHERE id = {mark}"
    segment_only = f"UPDATE leads SET segment = {mark} WHERE id = {mark}"
    rows_open = [(float(s), label, at, g, int(i)) for i, s, o, g in zip(ids, scores, is_open, segments) if o]
    rows_closed = [(g, int(i)) for i, o, g in zip(ids, is_open, segments) if not o]
    for statement, rows in ((scored, rows_open), (segment_only, rows_closed)):
        for start in range(0, len(rows), WRITE_CHUNK):
            conn.exec_driver_sql(statement, rows[start:start + WRITE_CHUNK])
    return len(rows_open) + len(rows_closed)
