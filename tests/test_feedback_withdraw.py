"""A withdrawn vote keeps its row (so the withdrawal syncs) and counts nowhere: not in training,
not in the Insights counts, not in the lead's vote state; voting again brings it back."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.db.models import Feedback, Lead, ModelVersion, Recommendation
from app.ml.feedback import read_feedback
from app.ml.insights import feedback_counts, segment_overview, segment_votes
from app.services.feedback.votes import FeedbackService
from app.services.workspace.users import ensure_user


def _lead(ctx, name="Maria", segment=None):
    record = ctx.leads.create({"name": name, "stage": "qualified"})
    if segment:
        with ctx.db.transaction() as s:
            s.get(Lead, record.id).segment = segment
    return record.id


def _recommendation(ctx, lead_id, item="call", version=2):
    with ctx.db.transaction() as s:
        s.add(ModelVersion(kind="next_action", version=version, path="x.pkl", metrics={}, n_train=1,
                           trained_at=datetime.now(UTC), active=True))
        rec = Recommendation(lead_id=lead_id, kind="next_action", rank=1, item=item, score=0.4, reason="r",
                             model_version=version, created_at=datetime.now(UTC))
        s.add(rec)
        s.flush()
        return rec.id


def _rows(ctx):
    with ctx.db.session() as s:
        return s.scalars(select(Feedback).order_by(Feedback.id)).all()


def _mark_synced(ctx, feedback_id):
    with ctx.db.transaction() as s:
        row = s.get(Feedback, feedback_id)
        row.synced_at, row.sync_attempts, row.last_error = datetime.now(UTC), 2, "timeout"


def test_withdrawal_keeps_the_row_and_syncs_again(ctx):
    lead = _lead(ctx)
    service = FeedbackService(ctx.db, ctx.user.id)
    vote = service.rate("score", lead, 1, reason="Good fit")
    _mark_synced(ctx, vote.id)
    assert service.rate("score", lead, 1) is None
    [row] = _rows(ctx)
    assert row.id == vote.id and row.withdrawn_at is not None
    assert (row.synced_at, row.sync_attempts, row.last_error) == (None, 0, None), "the withdrawal must reach central"
    assert (row.rating, row.reason) == (1, "Good fit"), "what was withdrawn stays readable"
    assert service.votes_for_lead(lead).score is None


def test_a_new_vote_after_a_withdrawal_reuses_the_row(ctx):
    lead = _lead(ctx)
    service = FeedbackService(ctx.db, ctx.user.id)
    first = service.rate("score", lead, 1)
    service.rate("score", lead, 1)  # withdrawn
    _mark_synced(ctx, first.id)
    again = service.rate("score", lead, 1)  # the same thumb again: a new vote, not a second withdrawal
    assert again is not None and again.id == first.id and again.rating == 1
    [row] = _rows(ctx)
    assert row.withdrawn_at is None and row.synced_at is None
    assert service.votes_for_lead(lead).score.rating == 1
    service.rate("score", lead, 1)
    other = service.rate("score", lead, -1, reason="Too small")
    [row] = _rows(ctx)
    assert other.rating == -1 and row.withdrawn_at is None and row.reason == "Too small"


def test_training_ignores_withdrawn_votes(ctx):
    lead, other = _lead(ctx), _lead(ctx, "Bruno")
    rec, rec_other = _recommendation(ctx, lead), _recommendation(ctx, other, version=3)
    service = FeedbackService(ctx.db, ctx.user.id)
    service.rate("recommendation", lead, 1, recommendation_id=rec)
    service.rate("recommendation", other, -1, recommendation_id=rec_other)
    service.rate("score", lead, -1)
    service.rate("score", other, 1)
    assert len(read_feedback(ctx.db).action_examples()) == 2
    service.rate("recommendation", lead, 1, recommendation_id=rec)  # withdrawn
    service.rate("score", lead, -1)  # withdrawn
    feedback = read_feedback(ctx.db)
    examples = feedback.action_examples()
    assert examples["lead_id"].tolist() == [other] and examples["outcome"].tolist() == [0.0]
    assert feedback.score_report(None)["all_versions"] == {"thumbs": 1, "up": 1, "down": 0, "share_up": 1.0,
                                                          "share_up_ci95": [0.207, 1.0]}


def test_a_withdrawn_product_block_is_lifted(ctx):
    lead = _lead(ctx)
    with ctx.db.transaction() as s:
        rec = Recommendation(lead_id=lead, kind="product", rank=1, item="Café", score=0.3, reason="r", model_version=1,
                             created_at=datetime.now(UTC))
        s.add(rec)
        s.flush()
        rec_id = rec.id
    service = FeedbackService(ctx.db, ctx.user.id)
    service.rate("recommendation", lead, -1, recommendation_id=rec_id)
    assert read_feedback(ctx.db).blocked_products() == {lead: {"Café"}}
    service.rate("recommendation", lead, -1, recommendation_id=rec_id)
    assert read_feedback(ctx.db).blocked_products() == {}


def test_insights_counts_ignore_withdrawn_votes(ctx):
    a, b = _lead(ctx, "Ana", segment="Leads recentes"), _lead(ctx, "Bia", segment="Leads recentes")
    c = _lead(ctx, "Caio", segment="Clientes fiéis")
    ana = FeedbackService(ctx.db, ctx.user.id)
    bruno = FeedbackService(ctx.db, ensure_user(ctx.db, "bruno").id)
    ana.rate("segment", a, 1)
    ana.rate("segment", b, -1)
    bruno.rate("segment", a, 1)
    bruno.rate("segment", c, -1)
    ana.rate("score", a, 1)
    assert {k: (v.up, v.down) for k, v in segment_votes(ctx.db).items()} == \
        {"Leads recentes": (2, 1), "Clientes fiéis": (0, 1)}
    ana.rate("segment", b, -1)  # withdrawn
    ana.rate("score", a, 1)  # withdrawn
    assert {k: (v.up, v.down) for k, v in segment_votes(ctx.db).items()} == \
        {"Leads recentes": (2, 0), "Clientes fiéis": (0, 1)}
    counts = feedback_counts(ctx.db)
    assert "scoring" not in counts and sum(v.up + v.down for v in counts["segmentation"].values()) == 3
    by_name = {s.name: s.votes for s in segment_overview(ctx.db)}
    assert (by_name["Leads recentes"].up, by_name["Leads recentes"].down) == (2, 0)


def test_segment_report_per_segment(ctx):
    a, b = _lead(ctx, "Ana", segment="Leads recentes"), _lead(ctx, "Bia", segment="Antigo")
    service = FeedbackService(ctx.db, ctx.user.id)
    service.rate("segment", a, 1)
    service.rate("segment", b, -1)
    report = read_feedback(ctx.db).segment_report(["Leads recentes", "Clientes fiéis"])
    assert list(report["by_segment"]) == ["Leads recentes", "Clientes fiéis", "Antigo"]
    assert report["by_segment"]["Leads recentes"]["up"] == 1 and report["by_segment"]["Clientes fiéis"]["thumbs"] == 0
    assert report["by_segment"]["Antigo"]["down"] == 1
    assert report["all_segments"]["thumbs"] == 2 and report["used_in_clustering"] is False
