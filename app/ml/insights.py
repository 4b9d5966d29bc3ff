"""What the Insights screen, the score popover and the recommendations panel read: plain
dataclasses built in the db lane, no Qt, and nothing heavy unless a function needs it
(segment medians use the feature builder, which imports pandas when called).
"""

from __future__ import annotations

import logging
import math
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.db.engine import Database
from app.db.models import Feedback, Lead, ModelVersion, Purchase, Recommendation, Stage
from app.ml.explain import Reasons
from app.ml.refresh import scores_refreshed_at
from app.ml.scoring import FEW_DATA_LABEL
from app.ml.store import ModelStore, VersionInfo
from app.services.feedback.votes import MODEL_OF_RECOMMENDATION, FeedbackService, LeadVotes
from app.texts import Text, from_data

logger = logging.getLogger(__name__)

MODEL_KINDS = ("scoring", "segmentation", "next_action", "products")
RECOMMENDATION_KINDS = ("next_action", "product")
MEDIAN_DIMENSIONS = ("days_since_last", "interactions_30d", "spent", "n_sms_in")


def is_few_data(model_label: str | None) -> bool:
    """The cold-start naive Bayes names itself 'naive_bayes (poucos dados)'; its scores say so."""
    return bool(model_label) and FEW_DATA_LABEL in str(model_label)


def scores_from_few_data(db: Database) -> bool:
    """Whether the scoring model in use is the cold-start one (so every current score is)."""
    with db.session() as session:
        metrics = session.scalar(select(ModelVersion.metrics).where(ModelVersion.kind == "scoring",
                                                                  ModelVersion.active.is_(True)))
    return is_few_data(str((metrics or {}).get("model", "")))


# --- models ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Votes:
    up: int = 0
    down: int = 0


@dataclass(frozen=True)
class ModelOverview:
    kind: str
    active: VersionInfo | None
    versions: list[VersionInfo]  # newest first
    votes: Votes  # on everything this kind of model produced
    votes_by_version: dict[int, Votes] = field(default_factory=dict)

    @property
    def few_data(self) -> bool:
        return self.active is not None and is_few_data(str(self.active.metrics.get("model", "")))


def feedback_counts(db: Database) -> dict[str, dict[int | None, Votes]]:
    """Thumbs up/down per model kind and model version."""
    target_model = {"score": "scoring", "segment": "segmentation"}
    with db.session() as session:
        rows = session.execute(
            select(Feedback.target, Feedback.kind, Feedback.model_version, Feedback.rating, func.count())
            .where(Feedback.rating.is_not(None), Feedback.withdrawn_at.is_(None))
            .group_by(Feedback.target, Feedback.kind, Feedback.model_version, Feedback.rating)).all()
    counts: dict[str, dict[int | None, Counter[int]]] = {}
    for target, kind, version, rating, n in rows:
        model = target_model.get(target) or MODEL_OF_RECOMMENDATION.get(kind or "")
        if model is not None:
            counts.setdefault(model, {}).setdefault(version, Counter())[int(rating)] += int(n)
    return {model: {v: Votes(c[1], c[-1]) for v, c in by_version.items()} for model, by_version in counts.items()}


def model_overview(db: Database, models_dir: Path) -> list[ModelOverview]:
    store = ModelStore(db, models_dir)
    counts = feedback_counts(db)
    out = []
    for kind in MODEL_KINDS:
        versions = list(reversed(store.versions(kind)))
        by_version = counts.get(kind, {})
        total = Votes(sum(v.up for v in by_version.values()), sum(v.down for v in by_version.values()))
        active = next((v for v in versions if v.active), None)
        out.append(ModelOverview(kind, active, versions, total,
                                 {v: c for v, c in by_version.items() if v is not None}))
    return out


# --- segments -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SegmentSummary:
    name: str  # as leads.segment stores it (the list filters on it)
    size: int
    customers: int
    medians: dict[str, float]  # MEDIAN_DIMENSIONS plus 'score' (0–1) when open leads are scored
    scored: int
    label: str = ""  # the name to show: a Text (service_text translates it), or the stored name
    description: str | None = None  # a Text: what sets the segment apart (None for older segments)
    votes: Votes = Votes()  # the reps' thumbs on this segment (not withdrawn), whatever the model version


@dataclass(frozen=True)
class SegmentText:
    name: str  # Text
    description: str | None  # Text


def segment_texts(db: Database) -> dict[str, SegmentText]:
    """{stored segment name: its name and description as Texts} from the segmentation models'
    metrics (the active one last, so it wins). Names stored before segments had Texts are absent:
    show them as they are."""
    with db.session() as session:
        rows = session.execute(select(ModelVersion.metrics).where(ModelVersion.kind == "segmentation")
                               .order_by(ModelVersion.active, ModelVersion.version)).scalars().all()
    out: dict[str, SegmentText] = {}
    for metrics in rows:
        for stored, data in ((metrics or {}).get("segment_texts") or {}).items():
            if isinstance(data, dict) and data.get("name") is not None:
                description = from_data(data.get("description"))
                out[stored] = SegmentText(from_data(data["name"]), description if description else None)
    return out


def segment_labels(db: Database) -> dict[str, str]:
    """{stored segment name: its name as a Text} (see segment_texts)."""
    return {stored: text.name for stored, text in segment_texts(db).items()}


def segment_overview(db: Database) -> list[SegmentSummary]:
    """Each segment of the live leads, largest first, with the medians its name was made from."""
    with db.session() as session:
        rows = session.execute(select(Lead.id, Lead.segment, Lead.kind, Lead.score)
                               .where(Lead.deleted_at.is_(None), Lead.segment.is_not(None))).all()
    if not rows:
        return []
    by_segment: dict[str, list[Any]] = {}
    for row in rows:
        by_segment.setdefault(row.segment, []).append(row)
    dimensions = _dimensions(db, [r.id for r in rows])
    texts = segment_texts(db)
    votes = segment_votes(db)
    out = []
    for name, members in by_segment.items():
        medians = {d: _median([dimensions[d].get(r.id) for r in members]) for d in MEDIAN_DIMENSIONS}
        scores = [r.score for r in members if r.score is not None]
        if scores:
            medians["score"] = statistics.median(scores)
        text = texts.get(name)
        out.append(SegmentSummary(name, len(members), sum(r.kind == "customer" for r in members),
                                  {k: v for k, v in medians.items() if v is not None}, len(scores),
                                  text.name if text is not None else name, text.description if text is not None else None,
                                  votes.get(name, Votes())))
    return sorted(out, key=lambda s: (-s.size, s.name))


def segment_votes(db: Database) -> dict[str, Votes]:
    """{segment name: thumbs up/down the reps gave leads in it}, withdrawn votes left out."""
    with db.session() as session:
        rows = session.execute(
            select(Feedback.item, Feedback.rating, func.count())
            .where(Feedback.target == "segment", Feedback.rating.is_not(None), Feedback.withdrawn_at.is_(None),
                   Feedback.item.is_not(None))
            .group_by(Feedback.item, Feedback.rating)).all()
    counts: dict[str, Counter[int]] = {}
    for item, rating, n in rows:
        counts.setdefault(str(item), Counter())[int(rating)] += int(n)
    return {name: Votes(c[1], c[-1]) for name, c in counts.items()}


def _dimensions(db: Database, ids: list[int]) -> dict[str, dict[int, float]]:
    import numpy as np

    from app.ml import features

    leads = features.all_live_leads(db)
    frame = features.lead_features(db, leads)
    wanted = set(ids)
    keep = np.fromiter((i in wanted for i in leads.ids.tolist()), bool, len(leads.ids))
    chosen = leads.ids[keep].tolist()
    return {d: dict(zip(chosen, frame[d].to_numpy(np.float64)[keep].tolist())) for d in MEDIAN_DIMENSIONS}


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None and not math.isnan(v)]
    return statistics.median(present) if present else None


def segment_names(db: Database) -> list[str]:
    """The segments live leads are in now (for the list's filter)."""
    with db.session() as session:
        return list(session.scalars(select(Lead.segment).where(Lead.deleted_at.is_(None), Lead.segment.is_not(None))
                                    .distinct().order_by(Lead.segment)))


# --- one lead: score explanation and recommendations -------------------------------------------------

@dataclass(frozen=True)
class ScoreExplanation:
    lead_id: int
    name: str
    score: float | None
    score_model: str | None
    scored_at: datetime | None
    model: VersionInfo | None  # the active scoring model
    reasons: Reasons | None  # None when no model is trained
    votes: LeadVotes

    @property
    def few_data(self) -> bool:
        return is_few_data(self.score_model) or (self.model is not None and is_few_data(self.model.metrics.get("model")))

    @property
    def stale(self) -> bool:
        """The score on the lead was computed by another version than the active one."""
        return (self.model is not None and self.score_model is not None
                and not self.score_model.endswith(f" v{self.model.version}"))


def explain_score(db: Database, models_dir: Path, lead_id: int, user_id: int | None) -> ScoreExplanation:
    """The lead's score with its reasons (runs the scoring model: call it in the db lane)."""
    from app.ml.workspace import explain_lead

    with db.session() as session:
        lead = session.get(Lead, lead_id)
        if lead is None:
            from app.errors import NotFoundError

            raise NotFoundError(f"lead {lead_id} does not exist")
        name, score, label, at = lead.name, lead.score, lead.score_model, lead.scored_at
    model = ModelStore(db, models_dir).active_info("scoring")
    reasons = explain_lead(db, models_dir, lead_id) if model is not None else None
    return ScoreExplanation(lead_id, name, score, label, at, model, reasons,
                            FeedbackService(db, user_id).votes_for_lead(lead_id))


@dataclass(frozen=True)
class RecommendationRow:
    id: int
    kind: str
    rank: int
    item: str
    score: float
    reason: str | None  # a Text when the row has reason_data (the UI shows it in its language)
    model_version: int | None
    created_at: datetime


@dataclass(frozen=True)
class LeadRecommendations:
    lead_id: int
    rows: list[RecommendationRow]
    trained: frozenset[str]  # recommendation kinds ('next_action', 'product') with an active model
    is_customer: bool
    closed: bool  # won or lost: next actions are for open leads
    purchases: int
    votes: LeadVotes

    def of(self, kind: str) -> list[RecommendationRow]:
        return [r for r in self.rows if r.kind == kind]


def lead_recommendations(db: Database, models_dir: Path, lead_id: int, user_id: int | None) -> LeadRecommendations:
    store = ModelStore(db, models_dir)
    trained = frozenset(kind for kind in RECOMMENDATION_KINDS
                        if store.active_info(MODEL_OF_RECOMMENDATION[kind]) is not None)
    with db.session() as session:
        recs = session.scalars(select(Recommendation).where(Recommendation.lead_id == lead_id)
                               .order_by(Recommendation.kind, Recommendation.rank)).all()
        rows = [RecommendationRow(r.id, r.kind, r.rank, r.item, r.score, _reason(r.reason, r.reason_data), r.model_version,
                                  r.created_at) for r in recs]
        kind, won, lost = session.execute(select(Lead.kind, Stage.is_won, Stage.is_lost).join(Stage, Stage.key == Lead.stage)
                                          .where(Lead.id == lead_id)).one()
        purchases = session.scalar(select(func.count()).select_from(Purchase).where(Purchase.lead_id == lead_id)) or 0
    return LeadRecommendations(lead_id, rows, trained, kind == "customer", bool(won or lost), int(purchases),
                               FeedbackService(db, user_id).votes_for_lead(lead_id))


def _reason(reason: str | None, data: Any) -> str | None:
    """The stored reason as the Text it was written from; rows written before reason_data keep their text."""
    text = from_data(data) if data is not None else None
    return text if isinstance(text, Text) else reason


# --- retraining from the UI ----------------------------------------------------------------------------

def retrain(db: Database, models_dir: Path, progress: Any = None) -> dict[str, Any]:
    """Train every model, then score with the active ones (the Insights screen's Retrain)."""
    from app.ml.workspace import score_leads, train_models
    from app.progress import Progress

    progress = progress or Progress()
    report = train_models(db, models_dir, progress=progress)
    progress.check()
    if ModelStore(db, models_dir).active_info("scoring") is not None:  # none yet when scoring was skipped
        report["scoring_run"] = score_leads(db, models_dir, progress=progress)
    return report


def retrain_isolated(db: Database, models_dir: Path, progress: Any = None) -> dict[str, Any]:
    """`retrain` in a process of its own (app.ml.isolated): screens stay responsive while it runs,
    and quitting the app stops it at once."""
    from app.ml.isolated import run_isolated

    return run_isolated("app.ml.insights:retrain", db.url, models_dir, progress)  # type: ignore[no-any-return]


# --- the Insights screen's data ---------------------------------------------------------------------------

@dataclass(frozen=True)
class InsightsData:
    segments: list[SegmentSummary]
    models: list[ModelOverview]
    scores_refreshed_at: datetime | None = None  # app.ml.refresh: new and edited leads scored then


def load_insights(db: Database, models_dir: Path) -> InsightsData:
    return InsightsData(segment_overview(db), model_overview(db, models_dir), scores_refreshed_at(models_dir))
