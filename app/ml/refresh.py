"""Fresh scores between trainings: the open leads changed since they were last scored get a new
score (and segment) from the active models before each automations pass (`automations run`, the
app's scheduler), so score conditions see new and edited leads. Light to import: the models,
numpy and pandas load only when some lead is stale."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, or_, select, union

from app.db.engine import Database
from app.db.models import Lead, Stage
from app.ml.score_writes import write_scores
from app.ml.store import ModelStore

logger = logging.getLogger(__name__)

REFRESH_MARK = "scores_refreshed_at"  # in the models folder: when stale leads were last looked for
REFRESH_MARGIN = timedelta(minutes=5)  # an edit whose transaction was still open then is found next time


def refresh_scores(db: Database, models_dir: Path) -> dict[str, Any]:
    """Score (and segment) only the open leads changed since they were last scored — new ones, edited
    ones, ones with a newer interaction — with the active models, in one transaction. Run before each
    automations pass so score conditions see fresh scores. With nothing stale it is a couple of indexed
    queries and imports neither pandas nor scikit-learn. The recommendations are left to `ml score`."""
    store = ModelStore(db, models_dir)
    if store.active_info("scoring") is None:
        return {"refreshed": 0, "skipped": "no scoring model yet"}
    started = datetime.now(UTC)
    ids = stale_leads(db, _refresh_mark(models_dir))
    if ids:
        report = _rescore(db, store, ids)
    else:
        report = {"refreshed": 0}
    set_refresh_mark(models_dir, started)
    return report


def stale_leads(db: Database, since: datetime | None) -> list[int]:
    """Live open leads never scored or changed after their score. With `since` (the last look), only
    leads unscored or touched after it are considered, which the leads' indexes find directly."""
    now = datetime.now(UTC)
    # an interaction dated ahead (a meeting logged for next week, or a year 9999 an older version let in)
    # changes no feature before its time: counting it made the lead stale on every pass
    contacted = and_(Lead.last_interaction_at > Lead.scored_at, Lead.last_interaction_at <= now)
    changed = or_(Lead.scored_at.is_(None), Lead.updated_at > Lead.scored_at, contacted)
    query = (select(Lead.id).join(Stage, Stage.key == Lead.stage)
             .where(Lead.deleted_at.is_(None), Stage.is_won.is_(False), Stage.is_lost.is_(False), changed))
    if since is not None:  # a union, so each part walks its own index (an OR would scan every live lead)
        touched = union(select(Lead.id).where(Lead.deleted_at.is_(None), Lead.score.is_(None)),
                        select(Lead.id).where(Lead.updated_at > since),
                        select(Lead.id).where(Lead.deleted_at.is_(None), Lead.last_interaction_at > since,
                                              Lead.last_interaction_at <= now))
        query = query.where(Lead.id.in_(touched))
    with db.session() as session:
        return sorted(session.scalars(query).all())


def _rescore(db: Database, store: ModelStore, ids: list[int]) -> dict[str, Any]:
    import numpy as np

    from app.ml import features as lead_data
    from app.ml.runtime import limited_threads

    started = time.perf_counter()
    loaded = store.load("scoring")
    if loaded is None:  # deactivated meanwhile
        return {"refreshed": 0, "skipped": "no scoring model yet"}
    info, bundle = loaded
    segmenter = store.load("segmentation")
    moment = np.datetime64(datetime.now(UTC).replace(tzinfo=None), "ns")
    leads = lead_data.LeadSet(np.array(ids, dtype=np.int64), np.full(len(ids), moment))
    with limited_threads():
        frame = lead_data.lead_features(db, leads)
        scores = bundle.model.predict(bundle.encoder.transform(frame))
        segments = segmenter[1].assign(frame) if segmenter else [None] * len(ids)
    label = f"{bundle.name} v{info.version}"[:60]
    with db.engine.begin() as conn:
        write_scores(conn, db, leads.ids, scores, np.ones(len(ids), bool), segments, label)
    return {"refreshed": len(ids), "model": label, "seconds": round(time.perf_counter() - started, 3)}


def refresh_scores_quietly(db: Database, models_dir: Path) -> None:
    """refresh_scores for a background pass: a failure is logged, never stops the pass that follows."""
    try:
        report = refresh_scores(db, models_dir)
    except Exception:
        logger.exception("refreshing stale scores failed")
        return
    if report.get("refreshed"):
        logger.info("scores refreshed: %s", report)


def scores_refreshed_at(models_dir: Path) -> datetime | None:
    """When the scores were last brought up to date (`ml score`, a retrain, a refresh); None: never."""
    try:
        return datetime.fromisoformat((Path(models_dir) / REFRESH_MARK).read_text().strip())
    except (OSError, ValueError):
        return None


def _refresh_mark(models_dir: Path) -> datetime | None:
    last = scores_refreshed_at(models_dir)
    return last - REFRESH_MARGIN if last is not None else None  # never looked: every open lead once


def set_refresh_mark(models_dir: Path, at: datetime) -> None:
    try:
        Path(models_dir).mkdir(parents=True, exist_ok=True)
        (Path(models_dir) / REFRESH_MARK).write_text(at.isoformat())
    except OSError:
        logger.warning("could not note when scores were refreshed in %s", models_dir)
