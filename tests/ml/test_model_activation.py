"""Putting a stored model version in use: `ml models`, `ml activate KIND VERSION`, and
workspace.activate_model (the kind's recommendations rewritten in the same transaction)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.cli import main
from app.db.models import Lead, ModelVersion, Recommendation
from app.errors import KnownError
from app.ml import workspace
from app.progress import Cancelled, Progress
from tests.ml.test_policy_value import random_actions_workspace
from tests.ml.test_workspace_ml import fill
from tests.ml.workspace_data import purchases_workspace


def active(ctx):
    with ctx.db.session() as s:
        return dict(s.execute(select(ModelVersion.kind, ModelVersion.version).where(ModelVersion.active.is_(True))).all())


def rec_versions(ctx):
    with ctx.db.session() as s:
        rows = s.execute(select(Recommendation.kind, Recommendation.model_version, Recommendation.id)).all()
    return {kind: ({v for k, v, _ in rows if k == kind}, len([1 for k, *_ in rows if k == kind]))
            for kind in {k for k, *_ in rows}}


@pytest.fixture
def trained_twice(ctx):
    fill(ctx, closed=60, open_=20)  # with the two below: 232 open leads
    random_actions_workspace(ctx, leads=200)
    purchases_workspace(ctx, customers=12)  # few: the products model is the quick fallback
    workspace.train_models(ctx.db, ctx.settings.models_dir)
    workspace.train_models(ctx.db, ctx.settings.models_dir)
    assert active(ctx) == {"scoring": 2, "segmentation": 2, "next_action": 2, "products": 2}
    return ctx


def test_activating_next_action_rewrites_only_its_recommendations(trained_twice):
    ctx = trained_twice
    before = rec_versions(ctx)
    assert before["next_action"][0] == {2} and before["product"][0] == {2}
    with ctx.db.session() as s:
        product_ids = set(s.scalars(select(Recommendation.id).where(Recommendation.kind == "product")))
    steps = []
    report = workspace.activate_model(ctx.db, ctx.settings.models_dir, "next_action", 1,
                                      Progress(lambda done, total, _label: steps.append((done, total))))
    assert report["previous_version"] == 2 and report["recommendations"]["next_action"]["version"] == 1
    assert steps[-1] == (3, 3)
    assert active(ctx)["next_action"] == 1 and active(ctx)["scoring"] == 2
    after = rec_versions(ctx)
    assert after["next_action"] == ({1}, before["next_action"][1])
    with ctx.db.session() as s:
        assert set(s.scalars(select(Recommendation.id).where(Recommendation.kind == "product"))) == product_ids


def test_activating_scoring_scores_the_leads_again(trained_twice):
    ctx = trained_twice
    report = workspace.activate_model(ctx.db, ctx.settings.models_dir, "scoring", 1)
    assert active(ctx)["scoring"] == 1 and report["scoring_run"]["scored"] == 232
    with ctx.db.session() as s:
        labels = set(s.scalars(select(Lead.score_model).where(Lead.stage.in_(("proposal", "qualified")))))
    assert len(labels) == 1 and labels.pop().endswith(" v1")


def test_a_cancelled_activation_changes_nothing(trained_twice):
    ctx = trained_twice
    before, recs = active(ctx), rec_versions(ctx)

    class CancelWhileWriting(Progress):
        def advance(self, n=1):
            if self.done == 2:  # the last step runs inside the transaction
                self.cancel()
            super().advance(n)

    with pytest.raises(Cancelled):
        workspace.activate_model(ctx.db, ctx.settings.models_dir, "next_action", 1, CancelWhileWriting())
    assert active(ctx) == before and rec_versions(ctx) == recs


def test_unknown_version_or_kind_is_a_clear_error(trained_twice, capsys):
    ctx = trained_twice
    with pytest.raises(KnownError, match="no next_action model v9"):
        workspace.activate_model(ctx.db, ctx.settings.models_dir, "next_action", 9)
    with pytest.raises(KnownError, match="unknown model kind"):
        workspace.activate_model(ctx.db, ctx.settings.models_dir, "mood", 1)
    assert main(["ml", "activate", "products", "7"]) == 2
    err = capsys.readouterr().err
    assert "no products model v7" in err and len(err.strip().splitlines()) == 1
    assert main(["ml", "activate", "products", "seven"]) == 2
    assert "not a version number" in capsys.readouterr().err
    assert active(ctx)["products"] == 2


def test_cli_lists_and_activates(trained_twice, capsys):
    ctx = trained_twice
    assert main(["ml", "models", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(v["version"], v["active"]) for v in listed["scoring"]] == [(1, False), (2, True)]
    assert "segment_texts" not in listed["segmentation"][0]["metrics"]
    assert main(["ml", "activate", "products", "v1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("products v1 is active (was v2)\n") and "recommendations, products:" in out
    assert active(ctx)["products"] == 1 and rec_versions(ctx)["product"][0] == {1}
    assert main(["ml", "models", "products"]) == 0
    out = capsys.readouterr().out
    assert "v1 (active)" in out and "v2 (active)" not in out and "scoring" not in out
    assert main(["ml", "activate", "segmentation", "1", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["previous_version"] == 2 and report["scoring_run"]["scored"] == 232 and active(ctx)["segmentation"] == 1
