"""`ml train` / `ml score` on a workspace: features as of closing, versioned models, bulk scores."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db.models import Interaction, Lead, ModelVersion, StageChange
from app.errors import KnownError
from app.ml import workspace
from app.ml.features import closed_leads, lead_features

NOW = datetime.now(UTC)


def fill(ctx, closed=420, open_=80, seed=0, flip=0.0):
    """Leads whose chance of being won grows with meetings and SMS replies; closed ones carry a
    closing stage change, and won ones get a burst of calls *after* closing that must not leak."""
    rng = np.random.default_rng(seed)
    with ctx.db.transaction() as s:
        for i in range(closed + open_):
            meetings, replies = int(rng.poisson(1.5)), int(rng.poisson(1.0))
            won = rng.random() < 1 / (1 + np.exp(-(-2.0 + 0.9 * meetings + 0.8 * replies)))
            won = (not won) if rng.random() < flip else won
            created = NOW - timedelta(days=int(rng.integers(60, 400)))
            closed_at = created + timedelta(days=int(rng.integers(10, 50)))
            stage = ("won" if won else "lost") if i < closed else "proposal"
            lead = Lead(name=f"Lead {i}", stage=stage, source=str(rng.choice(["site", "feira", "indicação"])),
                        state=str(rng.choice(["SP", "RJ", "MG"])), created_at=created, updated_at=closed_at,
                        kind="customer" if won and i < closed else "lead", custom={}, search_text="")
            s.add(lead)
            s.flush()
            events = [("meeting", created + timedelta(days=1 + k)) for k in range(meetings)]
            events += [("sms_out", created + timedelta(days=2 + k)) for k in range(2)]
            events += [("sms_in", created + timedelta(days=3 + k)) for k in range(replies)]
            if i < closed:
                s.add(StageChange(lead_id=lead.id, from_stage="proposal", to_stage=stage, changed_at=closed_at))
                if won:
                    events += [("call", closed_at + timedelta(days=1 + k)) for k in range(6)]
            for kind, at in events:
                s.add(Interaction(lead_id=lead.id, kind=kind, occurred_at=at, duration_s=60))


def test_features_are_taken_as_of_closing(ctx):
    fill(ctx, closed=60, open_=0)
    closed = closed_leads(ctx.db)
    frame = lead_features(ctx.db, closed)
    assert len(frame) == 60
    assert frame["n_call"].max() == 0, "calls logged after a lead closed must not become features"
    assert frame["n_meeting"].sum() > 0 and set(frame["source"]) <= {"site", "feira", "indicação"}


def test_train_then_score_writes_scores_and_segments(ctx, capsys):
    fill(ctx)
    code = main(["ml", "train", "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    report = json.loads(out.out)
    scoring = report["scoring"]
    assert scoring["activated"] and scoring["model"] == "gradient_boosting" and scoring["version"] == 1
    assert scoring["auc_latest"] > 0.7
    segments = report["segmentation"]
    assert 2 <= segments["k"] <= 6 and all(n.startswith(("Customers", "Leads", "Typical")) for n in segments["segments"])
    code = main(["ml", "score", "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    scored = json.loads(out.out)
    assert scored["scored"] == 80 and scored["model"] == "gradient_boosting v1"
    assert scored["leads_per_second"] > 0 and scored["end_to_end_leads_per_second"] > 0
    with ctx.db.session() as s:
        rows = s.execute(select(Lead.score, Lead.score_model, Lead.scored_at, Lead.segment, Lead.version)
                         .where(Lead.stage == "proposal")).all()
        assert all(0 <= r.score <= 1 and r.score_model == "gradient_boosting v1" and r.scored_at and r.segment
                   for r in rows)
        assert {r.version for r in rows} == {1}, "scoring must not bump the lead's edit version"
        assert all(abs(r.scored_at - datetime.now(UTC)) < timedelta(minutes=10) for r in rows)
        assert s.scalar(select(func.count()).select_from(Lead).where(Lead.segment.is_(None))) == 0
    with ctx.db.session() as s:
        open_id = s.scalar(select(func.min(Lead.id)).where(Lead.stage == "proposal"))
    reasons = workspace.explain_lead(ctx.db, ctx.settings.models_dir, open_id)
    texts = [f.text for f in reasons.positive + reasons.negative]
    assert texts and all(t.endswith(" pts)") for t in texts)


def test_few_closed_leads_give_the_poucos_dados_model(ctx):
    fill(ctx, closed=40, open_=5)
    report = workspace.train_models(ctx.db, ctx.settings.models_dir)
    assert report["scoring"]["model"] == "naive_bayes (poucos dados)" and report["scoring"]["activated"]
    scored = workspace.score_leads(ctx.db, ctx.settings.models_dir)
    assert scored["model"] == "naive_bayes (poucos dados) v1"


def test_a_handful_of_closed_leads_still_gets_the_poucos_dados_model(ctx, capsys):
    fill(ctx, closed=8, open_=5)
    with ctx.db.session() as s:
        won = s.scalar(select(func.count()).select_from(Lead).where(Lead.stage == "won"))
    assert 0 < min(won, 8 - won) < 5, "fewer of one class than the old limit of five"
    code = main(["ml", "train", "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    scoring = json.loads(out.out)["scoring"]
    assert scoring["model"] == "naive_bayes (poucos dados)" and scoring["activated"]
    assert workspace.score_leads(ctx.db, ctx.settings.models_dir)["scored"] == 5


def test_no_lost_lead_skips_scoring_and_trains_the_rest(ctx, capsys):
    fill(ctx, closed=30, open_=20)
    with ctx.db.transaction() as s:
        for lead in s.scalars(select(Lead).where(Lead.stage == "lost")):
            lead.stage = "won"
    code = main(["ml", "train"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "scoring: skipped — Little data (poucos dados): 30 won and 0 lost leads" in out.out, out.out
    assert "segmentation v1:" in out.out
    with ctx.db.session() as s:
        kinds = set(s.scalars(select(ModelVersion.kind)).all())
    assert "scoring" not in kinds and "segmentation" in kinds
    code = main(["ml", "train", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["scoring"]["activated"] is False and "0 lost" in report["scoring"]["skipped"]


def test_score_without_a_model_is_a_clear_error(ctx, capsys):
    code = main(["ml", "score"])
    err = capsys.readouterr().err
    assert code == 2 and "ml train" in err


def test_worse_model_is_kept_inactive_and_a_failed_training_changes_nothing(ctx, monkeypatch):
    fill(ctx)
    first = workspace.train_models(ctx.db, ctx.settings.models_dir)["scoring"]
    assert first["activated"]
    with ctx.db.transaction() as s:  # the outcomes become noise: the next model must measure worse
        rng = np.random.default_rng(9)
        for lead in s.scalars(select(Lead).where(Lead.stage.in_(("won", "lost")))):
            lead.stage = "won" if rng.random() < 0.4 else "lost"
    second = workspace.train_models(ctx.db, ctx.settings.models_dir)["scoring"]
    assert not second["activated"] and "not activated" in second["note"] and second["version"] == 2
    with ctx.db.session() as s:
        active = s.scalars(select(ModelVersion.version).where(ModelVersion.kind == "scoring",
                                                              ModelVersion.active.is_(True))).all()
    assert active == [1]

    def broken(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(workspace, "_fit", broken)
    with pytest.raises(RuntimeError):
        workspace.train_models(ctx.db, ctx.settings.models_dir)
    with ctx.db.session() as s:
        assert s.scalar(select(func.count()).select_from(ModelVersion).where(ModelVersion.kind == "scoring")) == 2
    assert workspace.score_leads(ctx.db, ctx.settings.models_dir)["model"] == "gradient_boosting v1"
    monkeypatch.undo()
    forced = workspace.train_models(ctx.db, ctx.settings.models_dir, force=True)["scoring"]
    assert forced["activated"] and forced["version"] == 3


def test_known_error_type_for_missing_model(ctx):
    with pytest.raises(KnownError):
        workspace.explain_lead(ctx.db, ctx.settings.models_dir, 1)


def test_retraining_on_the_same_history_replaces_the_model(ctx):
    fill(ctx, closed=360, open_=10)
    first = workspace.train_models(ctx.db, ctx.settings.models_dir)["scoring"]
    second = workspace.train_models(ctx.db, ctx.settings.models_dir)["scoring"]
    assert first["activated"] and second["activated"] and second["version"] == 2
    assert second["active_auc_latest"] == first["auc_latest"]


def test_a_new_model_is_compared_with_the_active_one_on_the_same_new_leads(ctx, monkeypatch):
    here = sys.modules[__name__]

    fill(ctx, closed=420, open_=0)
    first = workspace.train_models(ctx.db, ctx.settings.models_dir)["scoring"]
    assert "compared_on" not in first
    monkeypatch.setattr(here, "NOW", datetime.now(UTC) + timedelta(days=420))  # leads closed after v1 was trained
    fill(ctx, closed=180, open_=0, seed=1)
    second = workspace.train_models(ctx.db, ctx.settings.models_dir)["scoring"]
    assert second["compared_on"] == 120, "the newest 20% of 600 closed leads, all closed after v1"
    assert 0.6 < second["active_auc_same_leads"] < 1 and 0.6 < second["auc_same_leads"] < 1
    assert second["active_auc_latest"] == first["auc_latest"]
    assert second["activated"] == (second["auc_same_leads"] >= second["active_auc_same_leads"] - workspace.WORSE_BY)
