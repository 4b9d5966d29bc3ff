"""Versioned model store: files in AICONNECT_HOME/models, one ModelVersion row per version.

A version is written completely (temporary file, then an atomic rename) before its row exists,
and it becomes active in one transaction that deactivates the previous one — so a training that
fails half-way never replaces the model in use.
"""

from __future__ import annotations

import logging
import os
import pickle
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import ModelVersion
from app.errors import KnownError
from app.texts import Text, to_data

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class VersionInfo:
    kind: str
    version: int
    metrics: dict[str, Any]
    n_train: int
    trained_at: datetime
    active: bool
    note: str | None


class ModelStore:
    def __init__(self, db: Database, folder: Path) -> None:
        self.db = db
        self.folder = Path(folder)

    def save(self, kind: str, payload: Any, metrics: dict[str, Any], n_train: int, note: str | None = None,
             session: Session | None = None) -> int:
        """Write a new, inactive version and return its number. With `session`, the row joins the
        caller's transaction (the file is written at once; a rolled-back version's file is an
        orphan that the next save of the same number overwrites)."""
        if session is None:
            with self.db.transaction() as own:
                return self.save(kind, payload, metrics, n_train, note, own)
        self.folder.mkdir(parents=True, exist_ok=True)
        version = (session.scalar(select(func.max(ModelVersion.version)).where(ModelVersion.kind == kind)) or 0) + 1
        path = self.folder / f"{kind}-v{version:04d}.pkl"
        partial = path.with_suffix(".partial")
        with partial.open("wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
        if isinstance(note, Text):  # the note column keeps the English; the UI shows the Text's data translated
            metrics = {**metrics, "note_data": to_data(note)}
        session.add(ModelVersion(kind=kind, version=version, path=path.name, metrics=metrics, n_train=n_train,
                                 trained_at=datetime.now(UTC), active=False, note=note))
        session.flush()
        logger.info("saved %s model v%d (%s)", kind, version, metrics)
        return version

    def activate(self, kind: str, version: int, session: Session | None = None) -> None:
        if session is None:
            with self.db.transaction() as own:
                self.activate(kind, version, own)
            return
        session.execute(update(ModelVersion).where(ModelVersion.kind == kind).values(active=False))
        session.execute(update(ModelVersion).where(ModelVersion.kind == kind, ModelVersion.version == version)
                        .values(active=True))

    def active_info(self, kind: str) -> VersionInfo | None:
        with self.db.session() as session:
            row = session.scalars(select(ModelVersion).where(ModelVersion.kind == kind, ModelVersion.active.is_(True))).first()
            return _info(row) if row is not None else None

    def versions(self, kind: str) -> list[VersionInfo]:
        with self.db.session() as session:
            rows = session.scalars(select(ModelVersion).where(ModelVersion.kind == kind).order_by(ModelVersion.version))
            return [_info(r) for r in rows]

    def load(self, kind: str, version: int | None = None) -> tuple[VersionInfo, Any] | None:
        """The active version (or the one asked for) and its payload; None when there is none."""
        with self.db.session() as session:
            query = select(ModelVersion).where(ModelVersion.kind == kind)
            query = query.where(ModelVersion.active.is_(True) if version is None else ModelVersion.version == version)
            row = session.scalars(query).first()
            if row is None:
                return None
            info, path = _info(row), self.folder / row.path
        try:
            with path.open("rb") as fh:
                return info, pickle.load(fh)  # our own file, in the user's data folder
        except (OSError, pickle.UnpicklingError, AttributeError, ImportError, EOFError) as exc:
            raise KnownError(f"the {kind} model v{info.version} cannot be read ({type(exc).__name__}); "
                             "run `aiconnect ml train` again") from None


def _info(row: ModelVersion) -> VersionInfo:
    return VersionInfo(row.kind, row.version, dict(row.metrics or {}), row.n_train, row.trained_at, row.active, row.note)
