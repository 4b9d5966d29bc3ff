"""The read helpers behind the Insights screen, the score popover and the recommendations panel."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

from sqlalchemy import func, select

from app.db.models import Lead, ModelVersion, Purchase, Recommendation
from app.ml import insights
from app.progress import Progress
from app.services.demo.generator import generate
from app.services.feedback.votes import FeedbackService


def trained(ctx, leads=300):
    generate(ctx.db, leads=leads, actor_id=ctx.user.id)
    steps = []
    report = insights.retrain(ctx.db, ctx.settings.models_dir, Progress(lambda d, t, label: steps.append((d, t))))
    return report, steps


def _model(ctx, kind, version=1, active=True):
    with ctx.db.transaction() as s:
        s.add(ModelVersion(kind=kind, version=version, path=f"{kind}-v{version}.pkl", metrics={}, n_train=5,
                           trained_at=datetime.now(UTC), active=active))


def test_retrain_reports_progress_and_scores(ctx):
    report, steps = trained(ctx)
    assert report["scoring"]["activated"] and report["scoring_run"]["scored"] > 0
    assert steps and all(done <= total for done, total in steps)
    with ctx.db.session() as s:
        assert s.scalar(select(func.count()).where(Lead.score.is_not(None))) == report["scoring_run"]["scored"]


def test_segment_overview_sizes_and_medians(ctx):
    trained(ctx)
    segments = insights.segment_overview(ctx.db)
    with ctx.db.session() as s:
        live = s.scalar(select(func.count()).select_from(Lead).where(Lead.deleted_at.is_(None)))
        customers = s.scalar(select(func.count()).select_from(Lead).where(Lead.kind == "customer"))
    assert sum(seg.size for seg in segments) == live
    assert sum(seg.customers for seg in segments) == customers
    assert [seg.size for seg in segments] == sorted((seg.size for seg in segments), reverse=True)
    assert all(set(insights.MEDIAN_DIMENSIONS) <= set(seg.medians) for seg in segments)
    assert all(0 <= seg.medians["score"] <= 1 for seg in segments if seg.scored)
    assert insights.segment_names(ctx.db) == sorted(seg.name for seg in segments)


def test_empty_workspace_has_no_segments_and_untrained_models(ctx):
    assert insights.segment_overview(ctx.db) == []
    models = insights.model_overview(ctx.db, ctx.settings.models_dir)
    assert [m.kind for m in models] == list(insights.MODEL_KINDS)
    assert all(m.active is None and m.versions == [] for m in models)
    assert not insights.scores_from_few_data(ctx.db)


def test_model_overview_marks_little_data_and_counts_votes(ctx):
    trained(ctx)
    lead = ctx.leads.create({"name": "Votante", "stage": "new"})
    other = ctx.leads.create({"name": "Outro", "stage": "new"})
    with ctx.db.transaction() as s:
        rec = Recommendation(lead_id=lead.id, kind="product", rank=1, item="Café", score=0.3, model_version=2,
                             created_at=datetime.now(UTC))
        s.add(rec)
        s.flush()
        rec_id = rec.id
    feedback = FeedbackService(ctx.db, ctx.user.id)
    feedback.rate("score", lead.id, 1)
    feedback.rate("score", other.id, -1)
    feedback.rate("recommendation", lead.id, -1, recommendation_id=rec_id)
    models = {m.kind: m for m in insights.model_overview(ctx.db, ctx.settings.models_dir)}
    scoring = models["scoring"]
    assert scoring.active is not None and scoring.active.version == 1
    assert scoring.few_data and insights.scores_from_few_data(ctx.db), "300 demo leads are a cold start"
    assert (scoring.votes.up, scoring.votes.down) == (1, 1)
    assert scoring.votes_by_version[1] == insights.Votes(1, 1)
    assert (models["products"].votes.up, models["products"].votes.down) == (0, 1)
    assert models["products"].votes_by_version == {2: insights.Votes(0, 1)}
    assert models["segmentation"].active is not None and models["segmentation"].active.metrics["k"] >= 2


def test_explain_score_with_and_without_a_model(ctx):
    lead = ctx.leads.create({"name": "Sem modelo", "stage": "new"})
    bare = insights.explain_score(ctx.db, ctx.settings.models_dir, lead.id, ctx.user.id)
    assert bare.reasons is None and bare.model is None and bare.score is None and not bare.few_data
    trained(ctx)
    with ctx.db.session() as s:
        scored = s.scalars(select(Lead.id).where(Lead.score.is_not(None)).order_by(Lead.score.desc())).first()
    FeedbackService(ctx.db, ctx.user.id).rate("score", scored, -1, reason="Já é cliente")
    explanation = insights.explain_score(ctx.db, ctx.settings.models_dir, scored, ctx.user.id)
    assert explanation.reasons is not None and explanation.model is not None
    assert len(explanation.reasons.positive) <= 3 and len(explanation.reasons.negative) <= 3
    assert explanation.few_data and not explanation.stale
    assert explanation.votes.score is not None and explanation.votes.score.reason == "Já é cliente"


def test_lead_recommendations_say_what_is_trained(ctx):
    lead = ctx.leads.create({"name": "Cliente", "stage": "won"})
    empty = insights.lead_recommendations(ctx.db, ctx.settings.models_dir, lead.id, ctx.user.id)
    assert empty.rows == [] and empty.trained == frozenset() and empty.purchases == 0
    _model(ctx, "next_action", 3)
    with ctx.db.transaction() as s:
        for rank, item in ((2, "Enviar SMS"), (1, "Ligar")):
            s.add(Recommendation(lead_id=lead.id, kind="next_action", rank=rank, item=item, score=0.5,
                                 reason="responde rápido", model_version=3, created_at=datetime.now(UTC)))
        s.add(Purchase(lead_id=lead.id, item="Café", quantity=1, time=datetime.now(UTC)))
    data = insights.lead_recommendations(ctx.db, ctx.settings.models_dir, lead.id, ctx.user.id)
    assert data.trained == frozenset({"next_action"})
    assert [r.item for r in data.of("next_action")] == ["Ligar", "Enviar SMS"]
    assert data.of("product") == [] and data.purchases == 1


def test_read_helpers_and_ml_screens_import_light():
    heavy = ("tensorflow", "sklearn", "pandas", "keras", "scipy")
    code = ("import sys, app.ml.insights, app.services.feedback.votes, app.ui.insights.view, app.ui.leads.score_popover, "
            f"app.ui.leads.recommendations, app.ui.leads.view; print([m for m in {heavy!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
