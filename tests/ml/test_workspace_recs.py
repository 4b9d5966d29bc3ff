"""Recommendations written to the workspace: next actions from the logged actions, products from
purchases (Keras, or the labelled fallback), the reps' thumbs at the next training, cancel."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import numpy as np
import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db.models import Feedback, Lead, ModelVersion, Recommendation
from app.ml import features as lead_data
from app.ml import workspace
from app.ml.recommend import Settings
from app.ml.store import ModelStore
from app.progress import Cancelled, Progress
from app.services.messaging.templates import TemplateService
from app.texts import from_data
from tests.ml.test_workspace_ml import fill
from tests.ml.workspace_data import actions_workspace, purchases_workspace

FAST = Settings(epochs=4)


def recs(ctx, kind, lead_id=None):
    with ctx.db.session() as s:
        query = select(Recommendation).where(Recommendation.kind == kind).order_by(Recommendation.lead_id,
                                                                                  Recommendation.rank)
        if lead_id is not None:
            query = query.where(Recommendation.lead_id == lead_id)
        return s.scalars(query).all()


def thumbs(ctx, lead_id, rating, *, target="recommendation", kind=None, item=None, version=None):
    with ctx.db.transaction() as s:
        s.add(Feedback(user_id=ctx.user.id, target=target, lead_id=lead_id, kind=kind, item=item, rating=rating,
                       model_version=version, created_at=datetime.now(UTC)))


def state(ctx):
    """Everything a training may change: model rows (with activity) and recommendation rows."""
    with ctx.db.session() as s:
        models = s.execute(select(ModelVersion.kind, ModelVersion.version, ModelVersion.active)
                           .order_by(ModelVersion.kind, ModelVersion.version)).all()
        rows = s.execute(select(Recommendation.id, Recommendation.lead_id, Recommendation.item, Recommendation.score)
                         .order_by(Recommendation.id)).all()
    return models, rows


def chances(ctx, lead_ids, item):
    """The active next-action model's chance for `item` on these leads, as of now."""
    _, bundle = ModelStore(ctx.db, ctx.settings.models_dir).load("next_action")
    ids = np.array(lead_ids)
    frame = lead_data.lead_features(ctx.db, lead_data.LeadSet(ids, np.full(len(ids), np.datetime64(
        datetime.now(UTC).replace(tzinfo=None), "ns"))))
    return bundle.rank(frame)[:, bundle.actions.index(item)]


def test_train_and_score_write_next_actions_and_keras_products(ctx, capsys):
    fill(ctx, closed=60, open_=0)
    by_source = actions_workspace(ctx)
    customers = purchases_workspace(ctx)
    report = workspace.train_models(ctx.db, ctx.settings.models_dir, product_settings=FAST)
    action = report["next_action"]
    assert action["activated"] and {"visit", "call", "sms:Promoção"} <= set(action["actions"])
    assert action["auc_latest"] > 0.6, action
    products = report["products"]
    assert products["model"] == "NextBasketNet (Keras)" and products["activated"]
    assert products["recall_at_k_latest"] > 0 and "reoffer_bought" in products["baselines_latest"]
    # resident memory can shrink while the network trains (frames freed, TensorFlow already loaded by an
    # earlier test), so only the reading itself is checked: a number of MB, or None where it cannot be read
    assert products["tensorflow_added_mb"] is None or isinstance(products["tensorflow_added_mb"], float)
    written = report["recommendations"]
    with ctx.db.session() as s:  # buyers, and the won leads of `fill` (customers without purchases on record)
        everyone = set(s.scalars(select(Lead.id).where(Lead.kind == "customer")))
    assert set(customers) < everyone
    assert written["next_action"]["version"] == action["version"] and written["product"]["leads"] == len(everyone)

    # every open lead gets its three best actions, ranked, with a sentence; the planted signal shows
    open_ids = set(lead_data.open_leads(ctx.db).ids.tolist())
    rows = recs(ctx, "next_action")
    assert {r.lead_id for r in rows} == open_ids
    assert all(r.reason and "%" in r.reason and r.model_version == action["version"] for r in rows)
    ranked: dict[int, list[str]] = {}
    for r in rows:
        ranked.setdefault(r.lead_id, []).append(r.item)

    def prefers(lead, better, worse):
        return better in ranked[lead] and (worse not in ranked[lead] or ranked[lead].index(better) < ranked[lead].index(worse))

    assert np.mean([prefers(i, "visit", "call") for i in by_source["feira"]]) > 0.8
    assert np.mean([prefers(i, "call", "visit") for i in by_source["site"]]) > 0.8
    visit = next(r for r in recs(ctx, "next_action", by_source["feira"][0]) if r.item == "visit")
    assert " of similar leads replied, moved forward or closed within 14 days of a visit (team average " in visit.reason
    assert from_data(visit.reason_data) == visit.reason, "reason_data keeps the Text the English reason was made from"

    # each customer gets five products with a reason; they come from their own group of items
    product_rows = recs(ctx, "product")
    assert {r.lead_id for r in product_rows} == everyone
    first = recs(ctx, "product", customers[0])
    assert [r.rank for r in first] == [1, 2, 3, 4, 5] and all(r.reason for r in first)
    assert all(r.item.startswith("G0-") for r in first[:3]), [r.item for r in first]
    assert any(" also buy this" in r.reason or r.reason.startswith("Bought it ") for r in first)
    assert all(from_data(r.reason_data) == r.reason for r in first)

    # a rep marks the top product down: `ml score` rewrites the rows without it, for that customer only
    item = first[0].item
    thumbs(ctx, customers[0], -1, kind="product", item=item, version=products["version"])
    old_ids = {r.id for r in product_rows}
    assert main(["ml", "score", "--json"]) == 0
    scored = json.loads(capsys.readouterr().out)
    assert scored["recommendations"]["product"]["rows"] == len(product_rows)
    after = recs(ctx, "product", customers[0])
    assert item not in [r.item for r in after] and len(after) == 5
    assert item in [r.item for r in recs(ctx, "product", customers[3])]
    assert not old_ids & {r.id for r in recs(ctx, "product")}, "the previous rows are replaced"


def test_templates_get_the_recommendations_and_the_top_product(ctx):
    fill(ctx, closed=60, open_=0)
    customers = purchases_workspace(ctx, customers=12)  # too few for the network: the labelled fallback
    report = workspace.train_models(ctx.db, ctx.settings.models_dir)
    assert report["products"]["model"].startswith("fallback") and "12 customers" in report["products"]["fallback_because"]
    body = ("Olá {{ lead.first_name }}! Que tal {{ top_product.description }} ({{ top_product.item }})? "
            "{% for r in recommendations if r.kind == 'product' %}{{ r.rank }}:{{ r.item }} {% endfor %}")
    preview = TemplateService(ctx.db).preview(body, customers[0])
    [top, *_] = recs(ctx, "product", customers[0])
    assert preview.text.startswith(f"Olá Cliente! Que tal Produto {top.item} ({top.item})? 1:{top.item} 2:")
    assert top.reason.startswith("Little purchase data") and "Bought it " in top.reason


def test_a_downvoted_product_disappears_after_retraining(ctx):
    fill(ctx, closed=60, open_=0)
    customers = purchases_workspace(ctx, customers=12)
    workspace.train_models(ctx.db, ctx.settings.models_dir)
    [first, second, *_] = recs(ctx, "product", customers[1])
    with ctx.db.transaction() as s:  # as the UI stores it: pointing at the row, which the retrain deletes
        s.add(Feedback(user_id=ctx.user.id, target="recommendation", lead_id=customers[1], recommendation_id=first.id,
                       kind="product", item=first.item, model_version=first.model_version, rating=-1,
                       created_at=datetime.now(UTC)))
    workspace.train_models(ctx.db, ctx.settings.models_dir)
    items = [r.item for r in recs(ctx, "product", customers[1])]
    assert first.item not in items and items[0] == second.item
    thumbs(ctx, customers[1], 1, kind="product", item=first.item)  # changing one's mind lifts the block
    workspace.score_leads(ctx.db, ctx.settings.models_dir)
    assert first.item in [r.item for r in recs(ctx, "product", customers[1])]


def test_thumbs_on_next_actions_are_examples_for_the_next_training(ctx):
    fill(ctx, closed=60, open_=0)
    by_source = actions_workspace(ctx)
    first = workspace.train_models(ctx.db, ctx.settings.models_dir)["next_action"]
    assert first["feedback_examples"] == 0
    down, up = by_source["feira"][:40], by_source["site"][:40]
    visit_before, sms_before = chances(ctx, down, "visit"), chances(ctx, up, "sms:Promoção")
    for lead in down:
        thumbs(ctx, lead, -1, kind="next_action", item="visit")
    for lead in up:
        thumbs(ctx, lead, 1, kind="next_action", item="sms:Promoção")
    thumbs(ctx, down[0], -1, kind="next_action", item="carrier pigeon")  # not an action the model knows: ignored
    second = workspace.train_models(ctx.db, ctx.settings.models_dir)["next_action"]
    assert second["feedback_examples"] == 80 and second["activated"]
    assert second["auc_latest"] == first["auc_latest"], "feedback trains the model, it is not in the holdout"
    assert chances(ctx, down, "visit").mean() < visit_before.mean() - 0.1
    assert chances(ctx, up, "sms:Promoção").mean() > sms_before.mean() + 0.1


def test_thumbs_on_scores_are_reported_not_learned(ctx):
    fill(ctx, closed=60, open_=10)
    workspace.train_models(ctx.db, ctx.settings.models_dir)
    with ctx.db.session() as s:
        leads = s.scalars(select(Lead.id).where(Lead.stage == "proposal")).all()
    for lead, rating in zip(leads, (1, 1, 1, -1)):
        thumbs(ctx, lead, rating, target="score", version=1)
    thumbs(ctx, leads[5], -1, target="score", version=1)
    thumbs(ctx, leads[5], 1, target="score", version=1)  # the latest vote counts
    scoring = workspace.train_models(ctx.db, ctx.settings.models_dir)["scoring"]
    votes = scoring["score_feedback"]
    assert votes["this_version"] == votes["all_versions"]
    assert votes["this_version"]["thumbs"] == 5 and votes["this_version"]["up"] == 4
    low, high = votes["this_version"]["share_up_ci95"]
    assert low < 0.8 < high and 0.3 < low and votes["used_as_labels"] is False
    with ctx.db.session() as s:
        stored = s.scalar(select(ModelVersion.metrics).where(ModelVersion.kind == "scoring", ModelVersion.version == 2))
    assert stored["score_feedback"]["this_version"]["thumbs"] == 5


def test_cancel_inside_keras_fit_changes_nothing(ctx):
    fill(ctx, closed=60, open_=0)
    actions_workspace(ctx, leads=60)
    purchases_workspace(ctx)
    workspace.train_models(ctx.db, ctx.settings.models_dir, product_settings=FAST)
    before = state(ctx)
    seen: list[tuple[int, int, str]] = []
    progress = Progress()

    def listener(done, total, label):
        seen.append((done, total, label))
        if "epoch 2 of" in label:
            progress.cancel()

    progress.listener = listener
    with pytest.raises(Cancelled):
        workspace.train_models(ctx.db, ctx.settings.models_dir, progress=progress, product_settings=FAST)
    assert state(ctx) == before, "a cancelled training stores no model and keeps the recommendations"
    assert seen[0][:2] == (0, workspace.STAGES) and (3, workspace.STAGES) in [(d, t) for d, t, _ in seen]
    assert "epoch 2 of 4" in seen[-1][2]
    assert workspace.score_leads(ctx.db, ctx.settings.models_dir)["recommendations"]["product"]["version"] == 1


@pytest.mark.parametrize("moment", ["training: next action", "working out recommendations", "saving"])
def test_cancel_between_stages_or_while_writing_changes_nothing(ctx, moment):
    fill(ctx, closed=60, open_=0)
    actions_workspace(ctx, leads=60)
    workspace.train_models(ctx.db, ctx.settings.models_dir)
    before = state(ctx)
    progress = Progress()
    progress.listener = lambda done, total, label: progress.cancel() if label.startswith(moment) else None
    with pytest.raises(Cancelled):
        workspace.train_models(ctx.db, ctx.settings.models_dir, progress=progress)
    assert state(ctx) == before


def test_a_failure_while_writing_rolls_everything_back(ctx, monkeypatch):
    fill(ctx, closed=60, open_=0)
    actions_workspace(ctx, leads=60)
    workspace.train_models(ctx.db, ctx.settings.models_dir)
    before = state(ctx)
    original = workspace.Recommender.write

    def write_then_fail(self, conn, pending, versions, progress):
        original(self, conn, pending, versions, progress)  # the rows are replaced …
        raise OSError("disk full")  # … and then the transaction fails

    monkeypatch.setattr(workspace.Recommender, "write", write_then_fail)
    with pytest.raises(OSError):
        workspace.train_models(ctx.db, ctx.settings.models_dir)
    assert state(ctx) == before


def test_cli_summary_names_the_recommendation_models(ctx, capsys):
    fill(ctx, closed=60, open_=0)
    actions_workspace(ctx, leads=60)
    purchases_workspace(ctx, customers=12)  # 12 buyers + 37 won leads of `fill`, 5 products each
    assert main(["ml", "train"]) == 0
    out = capsys.readouterr().out
    assert "next action v1: 5 actions from 394 logged" in out and "products v1: fallback" in out
    assert "recommendations, next actions: 216 rows for 72 leads (v1)" in out
    assert "recommendations, products: 245 rows for 49 leads (v1)" in out
    assert main(["ml", "score"]) == 0
    out = capsys.readouterr().out
    assert "recommendations, products: 245 rows for 49 leads (v1)" in out
    with ctx.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Recommendation).where(Recommendation.kind == "product")) == 245
