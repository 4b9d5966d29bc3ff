"""`ml train` and `ml score` on the workspace: plain functions that take a Progress, no Qt.

Training: the scoring model learns from closed leads (won = 1, lost = 0) described as of the
moment they closed; it is measured on the most recently closed 20% after training on the
older 80% (AUC, Brier, lift and a reliability table: predicted vs converted per bin). It is compared
with the active model on the same leads — those of the 20% closed after the active model was
trained — or, with fewer than MIN_SAME_LEADS of them, with the AUC the active model had when it was
trained; only then is it refit on all closed leads. Without a single won or lost lead the scoring
stage is skipped (the report says why) and the other models still train.
A model that measures worse is stored but not activated, and the report says so; any stored
version can be put in use later (activate_model: `ml activate`, the Insights screen).
Segmentation: KMeans on recency/frequency/money/engagement of every live lead.
Next best action (app.ml.actions) and products (app.ml.products) follow the same rule: measured
on the newest data first, activated unless worse than the active version.
Training runs its stages (with Progress: five stages, each checked for cancellation, Keras per
batch and the per-action models between actions), then stores every model, activates them and
rewrites the recommendations in ONE transaction, so a cancelled or failed training changes nothing.
Scoring writes Lead.score, score_model, scored_at, segment and the `recommendations` rows (next
actions for open leads, products for customers; each kind's rows replaced) in one transaction.
The reps' thumbs (app.ml.feedback) are read at every training and every scoring run.
"""

from __future__ import annotations

import json
import logging
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.db.engine import Database
from app.errors import KnownError
from app.ml import features as lead_data
from app.ml import out_of_range
from app.ml.explain import Reasons, category_value, reasons
from app.ml.feedback import Feedback, read_feedback
from app.ml.out_of_range import OutOfRange, with_note
from app.ml.refresh import set_refresh_mark
from app.ml.runtime import limited_threads
from app.ml.score_writes import WRITE_CHUNK, sql_now, write_scores
from app.ml.scoring import choose_scorer, is_cold_start, metrics, reliability
from app.ml.store import ModelStore
from app.ml.tabular import Column, DataError, FeatureEncoder
from app.progress import Progress
from app.texts import QT_TRANSLATE_NOOP, Text, to_data

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from app.ml.recommend import Settings

logger = logging.getLogger(__name__)

MIN_EACH_CLASS = 1  # the little-data ('poucos dados') naive Bayes counts from one won and one lost lead
HOLDOUT_SHARE = 0.2
WORSE_BY = 0.005  # AUC points a new model may lose to noise before it counts as worse


@dataclass
class ScoringBundle:
    """What the store keeps for a scoring model: how to encode features, and the model."""

    encoder: FeatureEncoder
    model: Any

    @property
    def name(self) -> str:
        return str(self.model.name)


STAGES = 5  # scoring, segments, next action, products, writing — what a progress bar counts


@dataclass
class Candidate:
    """A trained model not yet stored: it is saved (and maybe activated) with the others at the end."""

    kind: str
    payload: Any
    metrics: dict[str, Any]
    n_train: int
    note: str | None = None
    activate: bool = True


def train_models(db: Database, models_dir: Path, *, force: bool = False, progress: Progress | None = None,
                 product_settings: Settings | None = None) -> dict[str, Any]:
    """Train every model, then store them, activate the ones that measure no worse, and write the
    recommendations — all in one transaction after the last stage, so a cancelled (Progress.cancel)
    or failed training stores nothing and leaves the active models and the database as they were."""
    from app.ml.actions import train_next_action
    from app.ml.products import purchase_history, train_products

    progress = progress or Progress()
    store = ModelStore(db, models_dir)
    progress.set_total(STAGES, Text(QT_TRANSLATE_NOOP("ML", "training: scoring (1 of 5)")))
    feedback = read_feedback(db)
    with limited_threads():
        scoring, scoring_skipped = _scoring_or_why_not(db, store, force, progress)
        if scoring is not None:
            scoring.metrics["score_feedback"] = feedback.score_report(_active_version(store, "scoring"))
        progress.advance()
        progress.set_label(Text(QT_TRANSLATE_NOOP("ML", "training: segments (2 of 5)")))
        segmentation = _train_segments(db)
        if segmentation is not None:
            segmentation.metrics["segment_feedback"] = feedback.segment_report(list(segmentation.metrics["segments"]))
        progress.advance()
        progress.set_label(Text(QT_TRANSLATE_NOOP("ML", "training: next action (3 of 5)")))
        action_bundle, action_report = train_next_action(db, feedback, progress)
        progress.advance()
        progress.set_label(Text(QT_TRANSLATE_NOOP("ML", "training: products (4 of 5)")))
        history = purchase_history(db)
        product_bundle, product_report = train_products(history, progress, product_settings)
        progress.advance()
    progress.set_label(Text(QT_TRANSLATE_NOOP("ML", "working out recommendations (5 of 5)")))
    candidates = ([scoring] if scoring is not None else []) + ([segmentation] if segmentation is not None else [])
    if action_bundle is not None:
        candidates.append(_candidate(store, "next_action", action_bundle, action_report, "auc_latest",
                                     action_report["n_logged"], force))
    if found := out_of_range.of(history):
        product_report["out_of_range"] = found.as_dict()
    candidates.append(_candidate(store, "products", product_bundle, product_report, "recall_at_k_latest",
                                 product_report["n_purchases"], force))
    for c in candidates:  # what the features left out is named in each model's note
        c.note = with_note(c.note, OutOfRange.from_dict(c.metrics.get("out_of_range")))
    new = {c.kind: c for c in candidates}
    recs = Recommender(db, store, history, feedback,
                       {kind: c.payload for kind, c in new.items() if c.activate and kind in ("next_action", "products")})
    pending = recs.compute(progress)
    versions: dict[str, int] = {}
    with db.transaction() as session:
        for c in candidates:
            versions[c.kind] = store.save(c.kind, c.payload, c.metrics, c.n_train, note=c.note, session=session)
            if c.activate:
                store.activate(c.kind, versions[c.kind], session)
        progress.set_label(Text(QT_TRANSLATE_NOOP("ML", "saving models and recommendations (5 of 5)")))
        written = recs.write(session.connection(), pending, versions, progress)
        progress.advance()  # the last chance to cancel: it raises inside the transaction, which rolls back
    report: dict[str, Any] = {}
    for c in candidates:
        report[_REPORT_NAMES[c.kind]] = {"version": versions[c.kind], "activated": c.activate, **_shown(c.metrics),
                                         **({"note": c.note} if c.note else {})}
    if scoring_skipped is not None:
        report["scoring"] = {"skipped": scoring_skipped, "activated": False}
    if segmentation is None:
        report["segmentation"] = {"skipped": "fewer than 10 leads: no segments yet"}
    if action_bundle is None:
        report["next_action"] = {**action_report, "activated": False}
        if action_report.get("out_of_range"):
            report["next_action"]["note"] = with_note(None, OutOfRange.from_dict(action_report["out_of_range"]))
    report["recommendations"] = written
    return report


def _shown(metrics: dict[str, Any]) -> dict[str, Any]:
    """The metrics a report prints: the segments' stored texts are for the UI."""
    return {k: v for k, v in metrics.items() if k != "segment_texts"}


_REPORT_NAMES = {"scoring": "scoring", "segmentation": "segmentation", "next_action": "next_action",
                 "products": "products"}


def _active_version(store: ModelStore, kind: str) -> int | None:
    info = store.active_info(kind)
    return info.version if info is not None else None


def _candidate(store: ModelStore, kind: str, payload: Any, report: dict[str, Any], key: str, n_train: int,
               force: bool) -> Candidate:
    """Activated unless it measures worse than the active model on `key` (each on data it had not seen)."""
    metrics = dict(report)
    active = store.active_info(kind)
    new, old = metrics.get(key), active.metrics.get(key) if active is not None else None
    if active is not None:
        metrics |= {"active_version": active.version, f"active_{key}": old}
    if force or new is None or old is None or new >= old - WORSE_BY:
        return Candidate(kind, payload, metrics, n_train)
    note = Text(QT_TRANSLATE_NOOP("ML", "not activated: it measures {key} {new:.3f}, the active v{version} measured {old:.3f}; kept v{version}"),  # noqa: E501
                key=key, new=new, old=old, version=active.version) if active is not None else None
    return Candidate(kind, payload, metrics, n_train, note, activate=False)


def train_scoring(db: Database, store: ModelStore, *, force: bool = False) -> dict[str, Any]:
    """Train, store and (unless it measures worse) activate the scoring model alone."""
    c = _train_scoring(db, store, force, Progress())
    version = store.save("scoring", c.payload, c.metrics, c.n_train, note=c.note)
    if c.activate:
        store.activate("scoring", version)
    return {"version": version, "activated": c.activate, **c.metrics, **({"note": c.note} if c.note else {})}


class TooFewClosedLeads(KnownError):
    """No won or no lost lead at all: there is nothing to learn a chance from, not even by counting."""


def _scoring_or_why_not(db: Database, store: ModelStore, force: bool,
                        progress: Progress) -> tuple[Candidate | None, Text | None]:
    """The scoring candidate, or why the stage was skipped (the other models still train)."""
    try:
        return _train_scoring(db, store, force, progress), None
    except TooFewClosedLeads as exc:
        logger.info("scoring skipped: %s", exc)
        return None, exc.args[0] if exc.args and isinstance(exc.args[0], Text) else Text(str(exc))


def _train_scoring(db: Database, store: ModelStore, force: bool, progress: Progress) -> Candidate:
    import numpy as np

    closed = lead_data.closed_leads(db)
    y = closed.won.astype(np.int8) if closed.won is not None else np.zeros(0, np.int8)
    won, lost = int(y.sum()), int(len(y) - y.sum())
    if min(won, lost) < MIN_EACH_CLASS:
        raise TooFewClosedLeads(Text(QT_TRANSLATE_NOOP("ML", "Little data (poucos dados): {won} won and {lost} lost leads; lead scoring needs at least one of each, so it was not trained. Close more deals and train again."),  # noqa: E501
                                     won=won, lost=lost))
    frame = lead_data.lead_features(db, closed)
    progress.check()
    started = time.perf_counter()
    holdout = _holdout_check(frame, y, closed.as_of, store)
    progress.check()
    bundle = _fit(frame, y)
    seconds = time.perf_counter() - started
    measured = {"auc_latest": holdout.get("auc_new"), "won": won, "lost": lost, "train_seconds": round(seconds, 2),
                "model": bundle.name, **{k: v for k, v in holdout.items() if k not in ("auc_new", "worse", "note")}}
    if found := out_of_range.of(frame):
        measured["out_of_range"] = found.as_dict()
    activated = force or not holdout.get("worse", False)
    return Candidate("scoring", bundle, measured, len(y), note=holdout.get("note"), activate=activated)


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
        return {"note": Text(QT_TRANSLATE_NOOP("ML", "little data (poucos dados): too few closed leads to measure the model on the latest ones"))}  # noqa: E501
    candidate = _fit(frame.iloc[old], y[old])
    predicted = candidate.model.predict(candidate.encoder.transform(frame.iloc[new]))
    measured = metrics(y[new], predicted).as_dict()
    auc_new = measured.pop("auc")
    report: dict[str, Any] = {"auc_new": auc_new, **measured, "reliability": reliability(y[new], predicted)}
    active = store.active_info("scoring")
    auc_active = active.metrics.get("auc_latest") if active is not None else None
    if active is None:
        return report
    report |= {"active_version": active.version, "active_auc_latest": auc_active}
    same = _same_leads_check(frame, y, as_of, new, predicted, store, active)
    if same is not None:
        report |= same
        if same["auc_same_leads"] < same["active_auc_same_leads"] - WORSE_BY:
            report["worse"] = True
            report["note"] = Text(QT_TRANSLATE_NOOP("ML", "not activated: on the {n} leads closed since v{version} was trained, it scores AUC {new:.3f} and v{version} {old:.3f}; kept v{version}"),  # noqa: E501
                                  n=same["compared_on"], new=same["auc_same_leads"], old=same["active_auc_same_leads"],
                                  version=active.version)
        return report
    if auc_active is None:
        return report
    if auc_new < auc_active - WORSE_BY:
        report["worse"] = True
        report["note"] = Text(QT_TRANSLATE_NOOP("ML", "not activated: it scores AUC {new:.3f} on the latest closed leads, the active v{version} scored {old:.3f} on its own; kept v{version}"),  # noqa: E501
                              new=auc_new, old=auc_active, version=active.version)
    return report


MIN_SAME_LEADS = 20  # fewer newly closed leads and the comparison falls back to the active model's own figure


def _same_leads_check(frame: pd.DataFrame, y: np.ndarray, as_of: np.ndarray, new: np.ndarray, predicted: np.ndarray,
                      store: ModelStore, active: Any) -> dict[str, Any] | None:
    """Both models' AUC on the same held-out leads: those that closed after the active model was
    trained (it saw the older ones). None when there are too few of them, or of one outcome."""
    import numpy as np

    trained = np.datetime64(active.trained_at.astimezone(UTC).replace(tzinfo=None), "ns")
    unseen = as_of[new] > trained
    if unseen.sum() < MIN_SAME_LEADS or len(set(y[new][unseen].tolist())) < 2:
        return None
    loaded = store.load("scoring", active.version)
    if loaded is None:
        return None
    bundle = loaded[1]
    try:
        old = bundle.model.predict(bundle.encoder.transform(frame.iloc[new[unseen]]))
    except (KeyError, ValueError, DataError) as exc:  # features the active model knew are gone: compare on its own figure
        logger.warning("the active scoring model cannot score today's features: %s", exc)
        return None
    truth = y[new][unseen]
    return {"compared_on": int(unseen.sum()), "auc_same_leads": round(metrics(truth, predicted[unseen]).auc, 4),
            "active_auc_same_leads": round(metrics(truth, old).auc, 4)}


def train_segments(db: Database, store: ModelStore) -> dict[str, Any]:
    """Train, store and activate the segmentation alone."""
    c = _train_segments(db)
    if c is None:
        return {"skipped": "fewer than 10 leads: no segments yet"}
    version = store.save("segmentation", c.payload, c.metrics, c.n_train)
    store.activate("segmentation", version)
    return {"version": version, **_shown(c.metrics)}


def _train_segments(db: Database) -> Candidate | None:
    from app.ml.segments import Segmenter

    live = lead_data.all_live_leads(db)
    if len(live.ids) < 10:
        return None
    frame = lead_data.lead_features(db, live)
    segmenter = Segmenter().fit(frame, _is_customer(db, live.ids, frame))
    measured = {"k": segmenter.k, "silhouette": round(segmenter.silhouette, 3),
                "segments": {str(name): size for name, size in zip(segmenter.names, segmenter.sizes)},
                "segment_texts": segmenter.texts()}
    if found := out_of_range.of(frame):
        measured["out_of_range"] = found.as_dict()
    return Candidate("segmentation", segmenter, measured, len(live.ids))


def _is_customer(db: Database, ids: np.ndarray, frame: pd.DataFrame) -> np.ndarray:
    import numpy as np

    kinds = lead_data.query(db, "SELECT id, kind FROM leads WHERE deleted_at IS NULL").set_index("id")["kind"]
    return (kinds.reindex(ids).fillna("lead").to_numpy() == "customer") | (frame["purchases"].to_numpy() > 0) if len(ids) \
        else np.zeros(0, bool)


def score_leads(db: Database, models_dir: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Score every open lead, give every live lead its segment, and rewrite the recommendations,
    with the active models; everything is written in one transaction."""
    import numpy as np

    from app.ml.products import purchase_history

    progress = progress or Progress()
    store = ModelStore(db, models_dir)
    loaded = store.load("scoring")
    if loaded is None:
        raise KnownError("no scoring model yet: run `aiconnect ml train` first")
    info, bundle = loaded
    segmenter = store.load("segmentation")
    started, scored_since = time.perf_counter(), datetime.now(UTC)
    live = lead_data.all_live_leads(db)
    open_ids = set(lead_data.open_leads(db).ids.tolist())
    progress.set_total(4, Text(QT_TRANSLATE_NOOP("ML", "scoring the leads")))
    with limited_threads():
        frame = lead_data.lead_features(db, live)
        progress.advance()
        X = bundle.encoder.transform(frame)
        predict_started, predict_cpu = time.perf_counter(), time.process_time()
        scores = bundle.model.predict(X)
        predict_seconds, cpu_seconds = time.perf_counter() - predict_started, time.process_time() - predict_cpu
        segments = segmenter[1].assign(frame) if segmenter else [None] * len(live.ids)
        progress.advance()
        progress.set_label(Text(QT_TRANSLATE_NOOP("ML", "working out recommendations")))
        is_open = np.fromiter((i in open_ids for i in live.ids.tolist()), bool, len(live.ids))
        recs_started = time.perf_counter()
        recs = Recommender(db, store, purchase_history(db), read_feedback(db))
        pending = recs.compute(progress, live.ids[is_open], frame[is_open].reset_index(drop=True))
        recs_seconds = time.perf_counter() - recs_started
    progress.advance()
    progress.set_label(Text(QT_TRANSLATE_NOOP("ML", "saving scores and recommendations")))
    label = f"{bundle.name} v{info.version}"[:60]
    with db.engine.begin() as conn:
        written = write_scores(conn, db, live.ids, scores, is_open, segments, label)
        recommended = recs.write(conn, pending, {}, progress)
        progress.advance()  # a cancel here rolls the whole write back
    recommended["compute_seconds"] = round(recs_seconds, 2)
    set_refresh_mark(models_dir, scored_since)
    total = time.perf_counter() - started
    found = out_of_range.of(frame)
    if found:
        logger.warning("scoring left out values outside the sane ranges: %s", found.note())
    return {"scored": int(is_open.sum()), "segmented": written, "model": label,
            **({"out_of_range": found.as_dict(), "note": found.note()} if found else {}),
            "segments": {s: segments.count(s) for s in sorted(set(segments), key=str)} if segmenter else {},
            "leads_per_second": int(len(X) / max(predict_seconds, 1e-9)),
            "leads_per_cpu_second": int(len(X) / max(cpu_seconds, 1e-9)),
            "end_to_end_leads_per_second": int(len(X) / max(total, 1e-9)), "seconds": round(total, 2),
            "recommendations": recommended}


@dataclass
class Pending:
    """Recommendation rows of one kind, ready to replace that kind's rows."""

    rows: list[tuple[int, int, str, float, str]]
    model: str
    version: int | None  # None: the model being stored in this transaction (its number comes from the save)
    leads: int
    seconds: float  # to compute the rows (features, model, reasons; TensorFlow's import for the network)


class Recommender:
    """Next actions for open leads and products for customers, from the given (new) models or the
    active ones, written so that each kind's rows are replaced in the caller's transaction."""

    def __init__(self, db: Database, store: ModelStore, history: pd.DataFrame, feedback: Feedback,
                 fresh: dict[str, Any] | None = None) -> None:
        self.db, self.store, self.history, self.feedback = db, store, history, feedback
        self.fresh = fresh or {}

    def _model(self, kind: str) -> tuple[Any, int | None] | None:
        if kind in self.fresh:
            return self.fresh[kind], None
        loaded = self.store.load(kind)
        return (loaded[1], loaded[0].version) if loaded is not None else None

    def compute(self, progress: Progress, open_ids: np.ndarray | None = None,
                open_frame: pd.DataFrame | None = None) -> dict[str, Pending]:
        from app.ml.actions import recommend_actions
        from app.ml.products import recommend_products

        pending: dict[str, Pending] = {}
        started = time.perf_counter()
        actions = self._model("next_action")
        if actions is not None:
            if open_ids is None or open_frame is None:
                leads = lead_data.open_leads(self.db)
                open_ids, open_frame = leads.ids, lead_data.lead_features(self.db, leads)
            rows = recommend_actions(actions[0], open_ids, open_frame)
            pending["next_action"] = Pending(rows, actions[0].name, actions[1], len(open_ids),
                                             time.perf_counter() - started)
        progress.check()
        started = time.perf_counter()
        products = self._model("products")
        if products is not None:
            customers = self._customers()
            rows = recommend_products(products[0], self.history, customers, self.feedback.blocked_products())
            pending["product"] = Pending(rows, products[0].name, products[1], len({r[0] for r in rows}),
                                         time.perf_counter() - started)
        progress.check()
        return pending

    def _customers(self) -> list[int]:
        """Live leads that bought something or are customers."""
        frame = lead_data.query(self.db, """
            SELECT id FROM leads l WHERE l.deleted_at IS NULL
              AND (l.kind = 'customer' OR EXISTS (SELECT 1 FROM purchases p WHERE p.lead_id = l.id))
            ORDER BY id""")
        return [int(i) for i in frame["id"]] if len(frame) else []

    def write(self, conn: Any, pending: dict[str, Pending], versions: dict[str, int],
              progress: Progress) -> dict[str, Any]:
        """Replace each kind's rows (DELETE, then bulk INSERT) inside the caller's transaction."""
        mark = "?" if self.db.engine.dialect.paramstyle == "qmark" else "%s"
        at = sql_now(self.db)
        data = f"CAST({mark} AS JSON)" if self.db.dialect == "postgresql" else mark  # SQLite keeps JSON as text
        insert = (f"INSERT INTO recommendations (lead_id, kind, rank, item, score, reason, reason_data, model_version, "
                  f"created_at) VALUES ({', '.join([mark] * 6)}, {data}, {mark}, {mark})")
        report: dict[str, Any] = {}
        started = time.perf_counter()
        for kind, p in pending.items():
            version = p.version if p.version is not None else versions[_MODEL_KIND[kind]]
            conn.exec_driver_sql(f"DELETE FROM recommendations WHERE kind = {mark}", (kind,))
            for start in range(0, len(p.rows), WRITE_CHUNK):
                progress.check()
                conn.exec_driver_sql(insert, [(lead, kind, rank, item[:200], score, reason, _json(reason), version, at)
                                              for lead, rank, item, score, reason in p.rows[start:start + WRITE_CHUNK]])
            report[kind] = {"model": p.model, "version": version, "leads": p.leads, "rows": len(p.rows),
                            "compute_seconds": round(p.seconds, 2)}
        report["write_seconds"] = round(time.perf_counter() - started, 2)
        return report


_MODEL_KIND = {"next_action": "next_action", "product": "products"}


def _json(reason: str | None) -> str | None:
    """reason_data: the reason's template and values (texts.to_data), so the UI can show it in its language."""
    return json.dumps(to_data(reason), ensure_ascii=False) if isinstance(reason, Text) else None


class _OneKind(Recommender):
    """Only the activated kind's recommendations are rewritten; the other kind's rows stay as they are."""

    def __init__(self, db: Database, store: ModelStore, history: pd.DataFrame, feedback: Feedback, kind: str,
                 payload: Any) -> None:
        super().__init__(db, store, history, feedback, {kind: payload})
        self.kind = kind

    def _model(self, kind: str) -> tuple[Any, int | None] | None:
        return super()._model(kind) if kind == self.kind else None


def activate_model(db: Database, models_dir: Path, kind: str, version: int,
                   progress: Progress | None = None) -> dict[str, Any]:
    """Put a stored version in use, whether or not it measured better than the active one. For next
    action and products, that kind's recommendations are rewritten with it in the same transaction
    (a cancel or a failure leaves both as they were); for scoring and segments, the leads are then
    scored again with the active models (as `ml score` does)."""
    import pandas as pd

    from app.ml.products import purchase_history

    if kind not in _REPORT_NAMES:
        raise KnownError(Text(QT_TRANSLATE_NOOP("ML", "unknown model kind “{kind}”: use one of {kinds}"), kind=kind,
                              kinds=", ".join(_REPORT_NAMES)))
    progress = progress or Progress()
    store = ModelStore(db, models_dir)
    previous = _active_version(store, kind)
    progress.set_total(3, Text(QT_TRANSLATE_NOOP("ML", "putting v{version} in use"), version=version))
    loaded = store.load(kind, version)
    if loaded is None:
        raise KnownError(Text(QT_TRANSLATE_NOOP("ML", "there is no {kind} model v{version}: `aiconnect ml models` "
                                                      "lists the stored versions"), kind=kind, version=version))
    recs: Recommender | None = None
    pending: dict[str, Pending] = {}
    progress.advance()
    if kind in ("next_action", "products"):
        progress.set_label(Text(QT_TRANSLATE_NOOP("ML", "working out recommendations")))
        history = purchase_history(db) if kind == "products" else pd.DataFrame()
        recs = _OneKind(db, store, history, read_feedback(db), kind, loaded[1])
        with limited_threads():
            pending = recs.compute(progress)
    progress.advance()
    with db.transaction() as session:
        store.activate(kind, version, session)
        written = recs.write(session.connection(), pending, {kind: version}, progress) if recs is not None else {}
        progress.advance()  # a cancel here rolls the activation and the rows back
    report: dict[str, Any] = {"kind": kind, "version": version, "previous_version": previous,
                              "recommendations": written}
    if kind in ("scoring", "segmentation") and store.active_info("scoring") is not None:
        report["scoring_run"] = score_leads(db, models_dir, progress)
    return report


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


YES_NO = frozenset({"has_email", "has_phone", "sms_consent"})
RATES = frozenset({"sms_reply_rate"})


def phrase(column: Column, value: float) -> Text:
    """One factor as a rep reads it: "days without contact: 12 (typical 5)"."""
    label = lead_data.LABELS.get(column.name, column.name)
    if math.isnan(value):
        return Text(QT_TRANSLATE_NOOP("ML", "{feature}: no record"), feature=label)
    if column.kind == "category":
        return Text(QT_TRANSLATE_NOOP("ML", "{feature}: {value}"), feature=label, value=category_value(column, value))
    if column.name in YES_NO:
        return Text(QT_TRANSLATE_NOOP("ML", "{feature}: yes") if value >= 0.5 else QT_TRANSLATE_NOOP("ML", "{feature}: no"),
                    feature=label)
    if column.name in RATES:
        return Text(QT_TRANSLATE_NOOP("ML", "{feature}: {value:.0%} (typical {typical:.0%})"), feature=label,
                    value=float(value), typical=float(column.typical))
    return Text(QT_TRANSLATE_NOOP("ML", "{feature}: {value:.0f} (typical {typical:.0f})"), feature=label,
                value=float(value), typical=float(column.typical))
