"""`ml train` and `ml score` on the workspace: plain functions that take a Progress, no Qt.

Training: the scoring model learns from closed leads (won = 1, lost = 0) described as of the
moment they closed; it is measured on the most recently closed 20% after training on the
older 80%, and that out-of-sample AUC is compared with the one the active model had when it was
trained (each measured on leads it had not seen); only then is it refit on all closed leads.
A model that measures worse is stored but not activated, and the report says so.
Segmentation: KMeans on recency/frequency/money/engagement of every live lead.
Scoring writes Lead.score, score_model, scored_at and segment in bulk.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.db.engine import Database
from app.db.models import Stamp
from app.ml import features as lead_data
from app.ml.explain import Reasons, reasons
from app.ml.runtime import limited_threads
from app.ml.scoring import FEW_DATA_LABEL, choose_scorer, is_cold_start, metrics
from app.ml.store import ModelStore
from app.ml.tabular import Column, FeatureEncoder
from app.services.errors import KnownError
from app.services.progress import Progress

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

logger = logging.getLogger(__name__)

MIN_EACH_CLASS = 5  # below this even the 'poucos dados' model has nothing to count
HOLDOUT_SHARE = 0.2
WORSE_BY = 0.005  # AUC points a new model may lose to noise before it counts as worse
WRITE_CHUNK = 5000


@dataclass
class ScoringBundle:
    """What the store keeps for a scoring model: how to encode features, and the model."""

    encoder: FeatureEncoder
    model: Any

    @property
    def name(self) -> str:
        return str(self.model.name)


def train_models(db: Database, models_dir: Path, *, force: bool = False, progress: Progress | None = None) -> dict[str, Any]:
    progress = progress or Progress()
    store = ModelStore(db, models_dir)
    progress.set_total(2, "treinando modelos")
    with limited_threads():
        scoring = train_scoring(db, store, force=force)
        progress.advance()
        segmentation = train_segments(db, store)
        progress.advance()
    return {"scoring": scoring, "segmentation": segmentation}


def train_scoring(db: Database, store: ModelStore, *, force: bool = False) -> dict[str, Any]:
    import numpy as np

    closed = lead_data.closed_leads(db)
    y = closed.won.astype(np.int8) if closed.won is not None else np.zeros(0, np.int8)
    won, lost = int(y.sum()), int(len(y) - y.sum())
    if min(won, lost) < MIN_EACH_CLASS:
        raise KnownError(f"{FEW_DATA_LABEL}: {won} won and {lost} lost leads; the scoring model needs at least "
                         f"{MIN_EACH_CLASS} of each — close more deals and train again")
    frame = lead_data.lead_features(db, closed)
    started = time.perf_counter()
    holdout = _holdout_check(frame, y, closed.as_of, store)
    bundle = _fit(frame, y)
    seconds = time.perf_counter() - started
    measured = {"auc_latest": holdout.get("auc_new"), "won": won, "lost": lost, "train_seconds": round(seconds, 2),
                "model": bundle.name}
    version = store.save("scoring", bundle, measured, len(y), note=holdout.get("note"))
    activated = force or not holdout.get("worse", False)
    if activated:
        store.activate("scoring", version)
    return {"version": version, "activated": activated, "model": bundle.name, **measured,
            **{k: v for k, v in holdout.items() if k not in ("auc_new", "worse")}}


def _fit(frame: pd.DataFrame, y: np.ndarray) -> ScoringBundle:
    encoder = FeatureEncoder().fit(frame)
    model = choose_scorer(y).fit(encoder.transform(frame), y, encoder.categorical)
    return ScoringBundle(encoder, model)


def _holdout_check(frame: pd.DataFrame, y: np.ndarray, as_of: np.ndarray, store: ModelStore) -> dict[str, Any]:
    """Train on the older 80% of closed leads, measure on the newest 20%; compare with the active model."""
    import numpy as np

    order = np.argsort(as_of, kind="stable")
    cut = int(len(order) * (1 - HOLDOUT_SHARE))
    old, new = order[:cut], order[cut:]
    if len(set(y[new].tolist())) < 2 or len(set(y[old].tolist())) < 2 or is_cold_start(y):
        return {"note": f"{FEW_DATA_LABEL}: too few closed leads to measure the model on the latest ones"}
    candidate = _fit(frame.iloc[old], y[old])
    auc_new = metrics(y[new], candidate.model.predict(candidate.encoder.transform(frame.iloc[new]))).auc
    report: dict[str, Any] = {"auc_new": round(auc_new, 4)}
    active = store.active_info("scoring")
    auc_active = active.metrics.get("auc_latest") if active is not None else None
    if active is None or auc_active is None:
        return report
    report |= {"active_version": active.version, "active_auc_latest": auc_active}
    if auc_new < auc_active - WORSE_BY:
        report["worse"] = True
        report["note"] = (f"not activated: the new model scores AUC {auc_new:.3f} on the latest closed leads, "
                          f"the active v{active.version} scored {auc_active:.3f} on its own; kept v{active.version} "
                          "(use --force to activate)")
    return report


def train_segments(db: Database, store: ModelStore) -> dict[str, Any]:
    from app.ml.segments import Segmenter

    live = lead_data.all_live_leads(db)
    if len(live.ids) < 10:
        return {"skipped": "fewer than 10 leads: no segments yet"}
    frame = lead_data.lead_features(db, live)
    segmenter = Segmenter().fit(frame, _is_customer(db, live.ids, frame))
    measured = {"k": segmenter.k, "silhouette": round(segmenter.silhouette, 3),
                "segments": dict(zip(segmenter.names, segmenter.sizes))}
    version = store.save("segmentation", segmenter, measured, len(live.ids))
    store.activate("segmentation", version)
    return {"version": version, **measured}


def _is_customer(db: Database, ids: np.ndarray, frame: pd.DataFrame) -> np.ndarray:
    import numpy as np

    kinds = lead_data.query(db, "SELECT id, kind FROM leads WHERE deleted_at IS NULL").set_index("id")["kind"]
    return (kinds.reindex(ids).fillna("lead").to_numpy() == "customer") | (frame["purchases"].to_numpy() > 0) if len(ids) \
        else np.zeros(0, bool)


def score_leads(db: Database, models_dir: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Score every open lead and give every live lead its segment, with the active models."""
    import numpy as np

    progress = progress or Progress()
    store = ModelStore(db, models_dir)
    loaded = store.load("scoring")
    if loaded is None:
        raise KnownError("no scoring model yet: run `aiconnect ml train` first")
    info, bundle = loaded
    segmenter = store.load("segmentation")
    started = time.perf_counter()
    live = lead_data.all_live_leads(db)
    open_ids = set(lead_data.open_leads(db).ids.tolist())
    progress.set_total(3, "calculando pontuações")
    with limited_threads():
        frame = lead_data.lead_features(db, live)
        progress.advance()
        X = bundle.encoder.transform(frame)
        predict_started, predict_cpu = time.perf_counter(), time.process_time()
        scores = bundle.model.predict(X)
        predict_seconds, cpu_seconds = time.perf_counter() - predict_started, time.process_time() - predict_cpu
        segments = segmenter[1].assign(frame) if segmenter else [None] * len(live.ids)
    progress.advance()
    is_open = np.fromiter((i in open_ids for i in live.ids.tolist()), bool, len(live.ids))
    label = f"{bundle.name} v{info.version}"[:60]
    written = _write_scores(db, live.ids, scores, is_open, segments, label)
    progress.advance()
    total = time.perf_counter() - started
    return {"scored": int(is_open.sum()), "segmented": written, "model": label,
            "segments": {s: segments.count(s) for s in sorted(set(segments), key=str)} if segmenter else {},
            "leads_per_second": int(len(X) / max(predict_seconds, 1e-9)),
            "leads_per_cpu_second": int(len(X) / max(cpu_seconds, 1e-9)),
            "end_to_end_leads_per_second": int(len(X) / max(total, 1e-9)), "seconds": round(total, 2)}


def _write_scores(db: Database, ids: np.ndarray, scores: np.ndarray, is_open: np.ndarray, segments: list[str | None],
                  label: str) -> int:
    """One bulk UPDATE per chunk; machine fields only, so the lead's version is not bumped
    (a rep editing the lead meanwhile must not get a conflict from a background job)."""
    mark = "?" if db.engine.dialect.paramstyle == "qmark" else "%s"
    at = Stamp.process_bind_param(datetime.now(UTC), db.engine.dialect)
    if db.dialect == "sqlite":  # the text SQLAlchemy stores for a naive UTC datetime
        at = at.isoformat(sep=" ", timespec="microseconds") if at is not None else None
    scored = f"UPDATE leads SET score = {mark}, score_model = {mark}, scored_at = {mark}, segment = {mark} WHERE id = {mark}"
    segment_only = f"UPDATE leads SET segment = {mark} WHERE id = {mark}"
    rows_open = [(float(s), label, at, g, int(i)) for i, s, o, g in zip(ids, scores, is_open, segments) if o]
    rows_closed = [(g, int(i)) for i, o, g in zip(ids, is_open, segments) if not o]
    with db.engine.begin() as conn:
        for statement, rows in ((scored, rows_open), (segment_only, rows_closed)):
            for start in range(0, len(rows), WRITE_CHUNK):
                conn.exec_driver_sql(statement, rows[start:start + WRITE_CHUNK])
    return len(rows_open) + len(rows_closed)


def explain_lead(db: Database, models_dir: Path, lead_id: int, at: datetime | None = None) -> Reasons:
    """The top three factors for and against one lead's score, phrased for a rep."""
    import numpy as np

    loaded = ModelStore(db, models_dir).load("scoring")
    if loaded is None:
        raise KnownError("no scoring model yet: run `aiconnect ml train` first")
    _, bundle = loaded
    moment = np.datetime64((at or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None), "ns")
    frame = lead_data.lead_features(db, lead_data.LeadSet(np.array([lead_id]), np.array([moment])))
    X = bundle.encoder.transform(frame)
    return reasons(bundle.model, X, bundle.encoder.columns, bundle.encoder.typical_row(), phrase=phrase)[0]


def phrase(column: Column, value: float) -> str:
    label = lead_data.LABELS.get(column.name, column.name)
    if math.isnan(value):
        return f"{label}: sem registro"
    if column.kind == "category":
        return f"{label}: {column.label(value)}"
    return f"{label}: {value:.0f} (típico {column.typical:.0f})"
