"""Thumbs up/down: one current vote per user and target, what it judged, and validation by field."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.db.models import Feedback, Lead, ModelVersion, Recommendation
from app.errors import NotFoundError, ValidationError
from app.services.feedback.votes import FeedbackService
from app.services.workspace.users import ensure_user


def _lead(ctx, name="Maria", segment=None):
    record = ctx.leads.create({"name": name, "stage": "qualified"})
    if segment:  # a machine field, written by scoring
        with ctx.db.transaction() as s:
            s.get(Lead, record.id).segment = segment
    return record.id


def _model(ctx, kind, version, active=True):
    with ctx.db.transaction() as s:
        s.add(ModelVersion(kind=kind, version=version, path=f"{kind}-v{version}.pkl", metrics={}, n_train=10,
                           trained_at=datetime.now(UTC), active=active))


def _recommendation(ctx, lead_id, kind="next_action", item="Ligar", version=3, rank=1):
    with ctx.db.transaction() as s:
        rec = Recommendation(lead_id=lead_id, kind=kind, rank=rank, item=item, score=0.4, reason="porque sim",
                             model_version=version, created_at=datetime.now(UTC))
        s.add(rec)
        s.flush()
        return rec.id


def _rows(ctx):
    with ctx.db.session() as s:
        return s.scalars(select(Feedback).order_by(Feedback.id)).all()


def test_score_vote_keeps_the_active_model_version(ctx):
    lead = _lead(ctx)
    _model(ctx, "scoring", 1, active=False)
    _model(ctx, "scoring", 2)
    service = FeedbackService(ctx.db, ctx.user.id)
    vote = service.rate("score", lead, -1, reason="  Already a customer  ")
    assert vote is not None and vote.rating == -1 and vote.model_version == 2
    [row] = _rows(ctx)
    assert (row.target, row.lead_id, row.user_id, row.rating, row.reason, row.model_version) == \
        ("score", lead, ctx.user.id, -1, "Already a customer", 2)
    assert row.synced_at is None


def test_vote_again_changes_it_and_the_same_vote_withdraws_it(ctx):
    lead = _lead(ctx)
    service = FeedbackService(ctx.db, ctx.user.id)
    service.rate("score", lead, 1)
    changed = service.rate("score", lead, -1)
    assert changed is not None and changed.rating == -1
    assert [r.rating for r in _rows(ctx)] == [-1], "one current vote per user and target"
    assert service.rate("score", lead, -1) is None
    [row] = _rows(ctx)
    assert row.withdrawn_at is not None and row.rating == -1, "the row stays so the withdrawal can sync"
    assert service.votes_for_lead(lead).score is None


def test_same_vote_with_a_new_reason_keeps_the_vote(ctx):
    lead = _lead(ctx)
    service = FeedbackService(ctx.db, ctx.user.id)
    service.rate("score", lead, -1)
    vote = service.rate("score", lead, -1, reason="Wrong contact")
    assert vote is not None and vote.reason == "Wrong contact"
    assert [(r.rating, r.reason) for r in _rows(ctx)] == [(-1, "Wrong contact")]


def test_a_synced_vote_that_changes_is_synced_again(ctx):
    lead = _lead(ctx)
    service = FeedbackService(ctx.db, ctx.user.id)
    first = service.rate("score", lead, 1)
    with ctx.db.transaction() as s:
        s.get(Feedback, first.id).synced_at = datetime.now(UTC)
    service.rate("score", lead, -1)
    [row] = _rows(ctx)
    assert row.synced_at is None and row.rating == -1


def test_recommendation_vote_copies_kind_item_and_version(ctx):
    lead = _lead(ctx)
    rec = _recommendation(ctx, lead, kind="product", item="Café especial 1kg", version=7)
    service = FeedbackService(ctx.db, ctx.user.id)
    vote = service.rate("recommendation", lead, 1, recommendation_id=rec)
    assert (vote.kind, vote.item, vote.model_version, vote.recommendation_id) == ("product", "Café especial 1kg", 7, rec)
    # scoring rewrites the recommendations: the vote still belongs to the same item
    with ctx.db.transaction() as s:
        s.delete(s.get(Recommendation, rec))
    [row] = _rows(ctx)
    assert (row.kind, row.item, row.recommendation_id) == ("product", "Café especial 1kg", None)
    again = _recommendation(ctx, lead, kind="product", item="Café especial 1kg", version=8)
    service.rate("recommendation", lead, -1, recommendation_id=again)
    votes = service.votes_for_lead(lead)
    assert [(r.rating, r.model_version) for r in _rows(ctx)] == [(-1, 8)]
    assert votes.for_item("product", "Café especial 1kg").rating == -1
    assert votes.for_item("next_action", "Café especial 1kg") is None


def test_votes_are_per_user_and_per_item(ctx):
    lead = _lead(ctx)
    call = _recommendation(ctx, lead, item="Ligar", rank=1)
    sms = _recommendation(ctx, lead, item="Enviar SMS", rank=2)
    ana = FeedbackService(ctx.db, ctx.user.id)
    bruno = FeedbackService(ctx.db, ensure_user(ctx.db, "bruno").id)
    ana.rate("recommendation", lead, 1, recommendation_id=call)
    ana.rate("recommendation", lead, -1, recommendation_id=sms)
    bruno.rate("recommendation", lead, -1, recommendation_id=call)
    assert {k: v.rating for k, v in ana.votes_for_lead(lead).items.items()} == \
        {("next_action", "Ligar"): 1, ("next_action", "Enviar SMS"): -1}
    assert {k: v.rating for k, v in bruno.votes_for_lead(lead).items.items()} == {("next_action", "Ligar"): -1}


def test_segment_vote_keeps_the_segment_name(ctx):
    lead = _lead(ctx, segment="Leads frequentes e recentes")
    _model(ctx, "segmentation", 4)
    vote = FeedbackService(ctx.db, ctx.user.id).rate("segment", lead, -1)
    assert (vote.item, vote.model_version) == ("Leads frequentes e recentes", 4)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"target": "mood", "rating": 1}, "target"),
    ({"target": "score", "rating": 2}, "rating"),
    ({"target": "score", "rating": True}, "rating"),
    ({"target": "recommendation", "rating": 1}, "recommendation_id"),
    ({"target": "score", "rating": 1, "recommendation_id": 5}, "recommendation_id"),
    ({"target": "score", "rating": 1, "reason": "x" * 201}, "reason"),
])
def test_validation_names_the_field(ctx, kwargs, field):
    lead = _lead(ctx)
    with pytest.raises(ValidationError) as caught:
        FeedbackService(ctx.db, ctx.user.id).rate(lead_id=lead, **kwargs)
    assert field in caught.value.problems
    assert _rows(ctx) == []


def test_missing_lead_or_recommendation_or_someone_elses(ctx):
    lead, other = _lead(ctx), _lead(ctx, "Bruno")
    service = FeedbackService(ctx.db, ctx.user.id)
    with pytest.raises(NotFoundError, match="lead_id"):
        service.rate("score", 999_999, 1)
    with pytest.raises(NotFoundError, match="recommendation_id"):
        service.rate("recommendation", lead, 1, recommendation_id=999_999)
    rec = _recommendation(ctx, other)
    with pytest.raises(ValidationError) as caught:
        service.rate("recommendation", lead, 1, recommendation_id=rec)
    assert "recommendation_id" in caught.value.problems


def test_suggestion(ctx):
    service = FeedbackService(ctx.db, ctx.user.id)
    with pytest.raises(ValidationError) as caught:
        service.suggest("   ")
    assert "text" in caught.value.problems
    service.suggest("  Show the score on the pipeline cards  ")
    [row] = _rows(ctx)
    assert (row.target, row.text, row.rating, row.user_id) == ("suggestion", "Show the score on the pipeline cards",
                                                               None, ctx.user.id)


def test_a_vote_on_a_replaced_recommendation_is_refused(ctx):
    lead = _lead(ctx)
    rec = _recommendation(ctx, lead, item="Ligar")
    with ctx.db.transaction() as s:  # scoring rewrites the rows; the database may hand out the same id again
        row = s.get(Recommendation, rec)
        row.item = "Visitar"
    service = FeedbackService(ctx.db, ctx.user.id)
    with pytest.raises(NotFoundError, match="recommendation_id"):
        service.rate("recommendation", lead, 1, recommendation_id=rec, expected_item="Ligar")
    assert _rows(ctx) == []
    assert service.rate("recommendation", lead, 1, recommendation_id=rec, expected_item="Visitar").item == "Visitar"
